import fc from "fast-check";
import { planMrp } from "./plan-mrp";
import { isTransferDemand, planWarehouses, type WarehouseInput } from "./plan-warehouses";
import { laneOrder, type TransferLane } from "./transfer-lanes";
import type { MrpInput, MrpMaterial, MrpPlan } from "./mrp.types";

/** Test-side exact arithmetic (BigInt micro-units), independent of quantity.ts. */
const µ = (s: string): bigint => {
  const neg = s.startsWith("-");
  const [w, f = ""] = (neg ? s.slice(1) : s).split(".");
  const v = BigInt(w) * 1_000_000n + BigInt(f.padEnd(6, "0"));
  return neg ? -v : v;
};
const sum = (xs: readonly string[]) => xs.reduce((a, x) => a + µ(x), 0n);

const START = "2025-01-06";
const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(START) + n * DAY).toISOString().slice(0, 10);
const params = { startDate: START, bucket: "DAY" as const, horizonBuckets: 20 };
const material = (id: number, extra: Partial<MrpMaterial> = {}): MrpMaterial => ({
  id, code: `M${id}`, type: "BUY", leadTimeDays: 3, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0", ...extra,
});
const site = (warehouseId: number, input: Partial<MrpInput>): WarehouseInput => ({
  warehouseId, input: { materials: [material(1)], bomLines: [], demands: [], scheduledReceipts: [], parameters: params, ...input },
});
const buys = (plan: MrpPlan) => plan.purchaseSuggestions.map((s) => `${s.quantity}@${s.dueDate}`);

// warehouse 1: the plant (short); warehouse 2: the distribution center (holds stock); lane 2 → 1
const plant = site(1, { demands: [{ id: 10, materialId: 1, quantity: "20", dueDate: day(7) }] });
const dc = (onHand: string, extra: Partial<MrpMaterial> = {}, input: Partial<MrpInput> = {}) => site(2, { materials: [material(1, { onHand, ...extra })], ...input });
const lane = (transitDays: number, from = 2, to = 1): TransferLane => ({ fromWarehouseId: from, toWarehouseId: to, transitDays });

describe("planWarehouses", () => {
  it("covers a shortage by a transfer from another warehouse's surplus, before anything is bought", () => {
    const result = planWarehouses([plant, dc("85")], [lane(2)]);
    expect(result.transfers).toEqual([
      { materialId: 1, fromWarehouseId: 2, toWarehouseId: 1, quantity: "20", shipDate: day(5), dueDate: day(7), shipBucket: 5, dueBucket: 7, transitDays: 2, pegs: [{ demandId: 10, quantity: "20" }] },
    ]);
    expect(buys(result.plans.get(1)!)).toEqual([]);
    // the source plans the transfer as its demand: 85 − 20 left from the ship date on, nothing bought
    const source = result.plans.get(2)!;
    expect(buys(source)).toEqual([]);
    expect(source.periods(1).projectedAvailable.slice(4, 6)).toEqual(["85", "65"]);
    expect(source.exceptions.find((e) => e.type === "EXCESS")?.details.quantity).toBe("65");
  });

  it("transfers what the surplus has and buys the rest", () => {
    const result = planWarehouses([plant, dc("12")], [lane(2)]);
    expect(result.transfers.map((t) => t.quantity)).toEqual(["12"]);
    expect(buys(result.plans.get(1)!)).toEqual([`8@${day(7)}`]);
    expect(result.plans.get(1)!.purchaseSuggestions[0].pegs).toEqual([{ demandId: 10, quantity: "8" }]);
  });

  it("buys when the transfer would have to leave before the start date", () => {
    const result = planWarehouses([plant, dc("85")], [lane(8)]);
    expect(result.transfers).toEqual([]);
    expect(buys(result.plans.get(1)!)).toEqual([`20@${day(7)}`]);
  });

  it("sends only stock above the source's safety stock and its own later needs, available when the transfer leaves", () => {
    expect(planWarehouses([plant, dc("30", { safetyStock: "15" })], [lane(2)]).transfers.map((t) => t.quantity)).toEqual(["15"]);
    const ownDemand = dc("30", {}, { demands: [{ id: 20, materialId: 1, quantity: "25", dueDate: day(12) }] });
    expect(planWarehouses([plant, ownDemand], [lane(2)]).transfers.map((t) => t.quantity)).toEqual(["5"]);
    // a receipt at the source on day 6 comes too late for a transfer that must leave on day 5
    const late = dc("0", {}, { scheduledReceipts: [{ materialId: 1, quantity: "50", dueDate: day(6) }] });
    expect(planWarehouses([plant, late], [lane(2)]).transfers).toEqual([]);
    expect(planWarehouses([plant, late], [lane(1)]).transfers.map((t) => t.quantity)).toEqual(["20"]);
  });

  it("plans nothing without a lane, or against a lane's direction", () => {
    expect(planWarehouses([plant, dc("85")], []).transfers).toEqual([]);
    expect(planWarehouses([plant, dc("85")], [lane(2, 1, 2)]).transfers).toEqual([]);
  });

  it("takes the quickest lane first, and several sources when one is not enough", () => {
    const far = site(3, { materials: [material(1, { onHand: "15" })] });
    const result = planWarehouses([plant, dc("10"), far], [lane(4), lane(1, 3, 1)]);
    expect(result.transfers.map((t) => `${t.fromWarehouseId}:${t.quantity}`)).toEqual(["3:15", "2:5"]);
    expect(buys(result.plans.get(1)!)).toEqual([]);
  });

  it("transfers a finished product, so its components are not needed at the destination", () => {
    const bom = { materials: [material(1, { type: "MAKE" }), material(2)], bomLines: [{ parentId: 1, componentId: 2, quantityPer: "3" }] };
    const withStock = site(2, { ...bom, materials: [material(1, { type: "MAKE", onHand: "50" }), material(2)] });
    const result = planWarehouses([site(1, { ...bom, demands: plant.input.demands }), withStock], [lane(2)]);
    expect(result.transfers.map((t) => `${t.materialId}:${t.quantity}`)).toEqual(["1:20"]);
    expect(result.plans.get(1)!.plannedOrders).toEqual([]);
    expect(result.plans.get(1)!.purchaseSuggestions).toEqual([]);
  });

  it("pegs the source's supply that now serves the transfer to a TRANSFER pseudo-demand id", () => {
    expect(isTransferDemand(-(2 ** 30) - 3)).toBe(true);
    expect(isTransferDemand(-1)).toBe(false);
    expect(isTransferDemand(-(2 ** 40))).toBe(false);
  });

  it("settles sources before their destinations, and lanes both ways in the order given", () => {
    expect(laneOrder([1, 2, 3], [lane(1, 3, 1), lane(1, 2, 3)])).toEqual([2, 3, 1]);
    expect(laneOrder([1, 2], [lane(1, 1, 2), lane(1, 2, 1)])).toEqual([1, 2]);
  });

  it("refuses bad input, naming the field", () => {
    const bad = (w: WarehouseInput[], l: TransferLane[]) => {
      try {
        planWarehouses(w, l);
      } catch (e) {
        return (e as { code: string; details: { field: string } }).details.field;
      }
      throw new Error("accepted");
    };
    expect(bad([], [])).toBe("warehouses");
    expect(bad([plant, plant], [])).toBe("warehouses[1]");
    expect(bad([plant, dc("1")], [lane(1, 2, 9)])).toBe("lanes[0]");
    expect(bad([plant, dc("1")], [lane(1, 1, 1)])).toBe("lanes[0]");
    expect(bad([plant, dc("1")], [lane(366)])).toBe("lanes[0].transitDays");
    expect(bad([plant, dc("1")], [lane(1.5)])).toBe("lanes[0].transitDays");
    expect(bad([plant, dc("1")], [lane(1), lane(2)])).toBe("lanes[1]");
    expect(bad([plant, dc("1", {}, { parameters: { ...params, horizonBuckets: 10 } })], [])).toBe("warehouses[1].parameters");
  });
});

describe("planWarehouses properties", () => {
  const qty = (max: number) => fc.integer({ min: 0, max }).map(String);
  /** 2 or 3 warehouses of the same bought materials, random stock, safety stock, demand and receipts, random lanes. */
  const network = fc.integer({ min: 2, max: 3 }).chain((n) =>
    fc.record({
      bucket: fc.constantFrom("DAY" as const, "WEEK" as const),
      sites: fc.array(
        fc.record({
          materials: fc.array(fc.record({ onHand: qty(60), safetyStock: fc.oneof(fc.constant("0"), qty(15)), leadTimeDays: fc.integer({ min: 0, max: 10 }) }), { minLength: 3, maxLength: 3 }),
          demands: fc.array(fc.record({ material: fc.nat(2), quantity: qty(40), day: fc.integer({ min: -3, max: 40 }) }), { maxLength: 6 }),
          receipts: fc.array(fc.record({ material: fc.nat(2), quantity: qty(40), day: fc.integer({ min: 0, max: 40 }) }), { maxLength: 2 }),
        }),
        { minLength: n, maxLength: n },
      ),
      lanes: fc.uniqueArray(fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), transitDays: fc.integer({ min: 0, max: 12 }) }), { selector: (l) => `${l.from}>${l.to}`, maxLength: 6 }),
    }),
  ).map(({ bucket, sites, lanes }) => ({
    warehouses: sites.map((s, w): WarehouseInput => ({
      warehouseId: w + 1,
      input: {
        materials: s.materials.map((m, i) => material(i + 1, m)),
        bomLines: [],
        demands: s.demands.map((d, k) => ({ id: 100 * (w + 1) + k, materialId: d.material + 1, quantity: d.quantity, dueDate: day(d.day) })),
        scheduledReceipts: s.receipts.map((r) => ({ materialId: r.material + 1, quantity: r.quantity, dueDate: day(r.day) })),
        parameters: { startDate: START, bucket, horizonBuckets: bucket === "DAY" ? 30 : 6 },
      },
    })),
    lanes: lanes.filter((l) => l.from !== l.to).map((l) => lane(l.transitDays, l.from + 1, l.to + 1)),
  }));

  it("plans transfers only along lanes, in time, never beyond a source's surplus, and conserves totals", () => {
    fc.assert(
      fc.property(network, ({ warehouses, lanes }) => {
        const result = planWarehouses(warehouses, lanes);
        for (const t of result.transfers) {
          // a lane allows it: from → to, leaving transitDays before it is due, not before the start
          const l = lanes.find((x) => x.fromWarehouseId === t.fromWarehouseId && x.toWarehouseId === t.toWarehouseId);
          expect(l?.transitDays).toBe(t.transitDays);
          expect((Date.parse(t.dueDate) - Date.parse(t.shipDate)) / DAY).toBe(t.transitDays);
          expect(t.shipDate >= START).toBe(true);
          expect(µ(t.quantity) > 0n).toBe(true);
          expect(sum(t.pegs.map((p) => p.quantity))).toBe(µ(t.quantity));
        }
        for (const w of warehouses) {
          const id = w.warehouseId;
          const alone = planMrp(w.input);
          const final = result.plans.get(id)!;
          for (const m of w.input.materials) {
            const out = result.transfers.filter((t) => t.fromWarehouseId === id && t.materialId === m.id);
            const into = result.transfers.filter((t) => t.toWarehouseId === id && t.materialId === m.id);
            // totals: what the warehouse buys with transfers plus what they bring = what it bought alone
            const bought = (p: MrpPlan) => sum(p.purchaseSuggestions.filter((s) => s.materialId === m.id).map((s) => s.quantity));
            expect(bought(final) + sum(into.map((t) => t.quantity))).toBe(bought(alone));
            // surplus: from the first shipment on, stock and receipts (transfers in left out) cover its own
            // needs, the transfers out and its safety stock in every bucket — nothing was bought to be sent
            if (out.length === 0) continue;
            const p = final.periods(m.id);
            const firstOut = Math.min(...out.map((t) => t.shipBucket));
            const inbound = (k: number) => sum(into.filter((t) => t.dueBucket === k).map((t) => t.quantity));
            let q = µ(p.initialAvailable);
            p.gross.forEach((g, k) => {
              q += µ(p.scheduledReceipts[k]) - inbound(k) - µ(g);
              if (k >= firstOut) expect(q >= µ(p.safetyStock)).toBe(true);
            });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
