import fc from "fast-check";
import { planMrp } from "./plan-mrp";
import type { LotSizing, MrpInput, MrpMaterial } from "./mrp.types";

/**
 * The unit of measure's precision: planned quantities are multiples of the unit's smallest quantity and
 * requirements are rounded up to it. Daily buckets from 2025-01-06, lead times 0.
 */
const material = (id: number, code: string, type: "MAKE" | "BUY", precision: number | undefined, extra: Partial<MrpMaterial> = {}): MrpMaterial => ({
  id, code, type, leadTimeDays: 0, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0", precision, ...extra,
});
const input = (materials: MrpMaterial[], extra: Partial<MrpInput> = {}): MrpInput => ({
  materials,
  bomLines: [],
  demands: [],
  scheduledReceipts: [],
  parameters: { startDate: "2025-01-06", bucket: "DAY", horizonBuckets: 3 },
  ...extra,
});
const quantities = (plan: ReturnType<typeof planMrp>, id: number) =>
  [...plan.plannedOrders, ...plan.purchaseSuggestions].filter((s) => s.materialId === id).map((s) => s.quantity);

describe("planMrp with units of measure", () => {
  // FG (EA) = 6 RIVET (EA) + 3 % scrap, 0.01234 GLUE (KG, 3 decimals); 20.5 FG would be refused upstream,
  // so FG is 20: RIVET 123.6 → 124, GLUE 0.2468 → 0.247.
  const plant = input(
    [material(1, "FG", "MAKE", 0), material(2, "RIVET", "BUY", 0), material(3, "GLUE", "BUY", 3)],
    {
      bomLines: [
        { parentId: 1, componentId: 2, quantityPer: "6", scrapPct: "3" },
        { parentId: 1, componentId: 3, quantityPer: "0.01234" },
      ],
      demands: [{ id: 10, materialId: 1, quantity: "20", dueDate: "2025-01-07" }],
    },
  );

  it("rounds dependent requirements up to the component's unit, as a work order would", () => {
    const plan = planMrp(plant);
    expect(plan.periods(2).gross).toEqual(["0", "124", "0"]);
    expect(plan.periods(3).gross).toEqual(["0", "0.247", "0"]);
    expect(quantities(plan, 2)).toEqual(["124"]);
    expect(quantities(plan, 3)).toEqual(["0.247"]);
  });

  it("plans exact micro-units when no precision is given (6 decimals)", () => {
    const plan = planMrp({ ...plant, materials: plant.materials.map((m) => ({ ...m, precision: undefined })) });
    expect(quantities(plan, 2)).toEqual(["123.6"]);
    expect(quantities(plan, 3)).toEqual(["0.2468"]);
  });

  it("rounds net requirements up to the unit, and the leftover covers the next bucket", () => {
    // on hand 0.4 EA (say, from before the unit was set): need 2.6 → 3, then 1 of which 0.4 is left → 1
    const plan = planMrp(input([material(1, "A", "BUY", 0, { onHand: "0.4" })], {
      demands: [{ id: 1, materialId: 1, quantity: "3", dueDate: "2025-01-06" }, { id: 2, materialId: 1, quantity: "1", dueDate: "2025-01-07" }],
    }));
    expect(quantities(plan, 1)).toEqual(["3", "1"]);
    expect(plan.periods(1).projectedAvailable).toEqual(["0.4", "0.4", "0.4"]);
    expect(plan.exceptions).toEqual([]); // 0.4 left over is rounding, not excess
  });

  it("defaults the multiple of MIN_MULTIPLE_MAX to the unit", () => {
    const plan = planMrp(input([material(1, "A", "BUY", 1, { lotSizing: "MIN_MULTIPLE_MAX", lotSizeMin: "2" })], {
      demands: [{ id: 1, materialId: 1, quantity: "2.34", dueDate: "2025-01-06" }],
    }));
    expect(quantities(plan, 1)).toEqual(["2.4"]);
  });

  it.each([
    ["a precision above 6", { precision: 7 }, "materials[0].precision"],
    ["a fractional precision", { precision: 0.5 }, "materials[0].precision"],
    ["a fixed lot finer than the unit", { lotSizing: "FIXED" as LotSizing, lotSizeFixed: "2.5" }, "materials[0].lotSizeFixed"],
    ["a multiple finer than the unit", { lotSizing: "MIN_MULTIPLE_MAX" as LotSizing, lotSizeMultiple: "0.5" }, "materials[0].lotSizeMultiple"],
  ])("refuses %s", (_label, change, field) => {
    expect(() => planMrp(input([material(1, "A", "BUY", 0, change)]))).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", details: expect.objectContaining({ field }) }));
  });

  it("plans only multiples of each unit, and keeps projected available at or above safety stock (random plants)", () => {
    const units = [1_000_000, 100_000, 1_000, 1];
    fc.assert(
      fc.property(
        fc.array(fc.record({ precision: fc.constantFrom(0, 1, 3, 6), make: fc.boolean(), ss: fc.integer({ min: 0, max: 20 }), onHand: fc.integer({ min: 0, max: 30_000_000 }) }), { minLength: 2, maxLength: 5 }),
        fc.array(fc.record({ parent: fc.nat(4), component: fc.nat(4), per: fc.integer({ min: 1, max: 3_000_000 }), scrap: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 6 }),
        fc.array(fc.record({ material: fc.nat(4), quantity: fc.integer({ min: 1, max: 50 }), day: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 6 }),
        (ms, lines, demands) => {
          const n = ms.length;
          const text = (micro: number) => `${Math.floor(micro / 1e6)}.${String(micro % 1e6).padStart(6, "0")}`;
          const plantInput = input(
            ms.map((m, i) => material(i + 1, `M${i + 1}`, m.make ? "MAKE" : "BUY", m.precision, { safetyStock: String(m.ss), onHand: text(m.onHand) })),
            {
              bomLines: lines.filter((l) => l.parent % n < l.component % n).map((l) => ({ parentId: (l.parent % n) + 1, componentId: (l.component % n) + 1, quantityPer: text(l.per), scrapPct: text(l.scrap) })),
              demands: demands.map((d, k) => ({ id: 100 + k, materialId: (d.material % n) + 1, quantity: String(d.quantity), dueDate: new Date(Date.UTC(2025, 0, 6 + d.day)) })),
              parameters: { startDate: "2025-01-06", bucket: "DAY", horizonBuckets: 5 },
            },
          );
          const plan = planMrp(plantInput);
          ms.forEach((m, i) => {
            const unit = BigInt(units[[0, 1, 3, 6].indexOf(m.precision)]);
            const micro = (s: string) => BigInt(Math.round(Number(s) * 1e6));
            for (const q of quantities(plan, i + 1)) expect(micro(q) % unit).toBe(0n);
            for (const p of plan.periods(i + 1).projectedAvailable) expect(micro(p)).toBeGreaterThanOrEqual(BigInt(m.ss) * 1_000_000n);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
