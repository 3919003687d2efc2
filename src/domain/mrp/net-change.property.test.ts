import fc from "fast-check";
import { DAY, START, lotSizing, plant, qty } from "./random-plant.testkit";
import type { DemandSource, MrpInput, MrpMaterial, PlannedSupply } from "./mrp.types";
import { NetChangePlan, type MaterialChange } from "./net-change";
import { planMrp } from "./plan-mrp";

const master = fc.record({
  make: fc.boolean(),
  leadTimeDays: fc.integer({ min: 0, max: 20 }),
  lot: lotSizing,
  safetyStock: fc.oneof(fc.constant("0"), qty(30)),
  supplierCode: fc.option(fc.constantFrom("S1", "S2"), { nil: undefined }),
});

/**
 * Rounds of changes: each gives some materials new stock, reservations, demands (MPS, sales orders, forecasts) and
 * receipts, and some new master data (type, lead time, lot sizing, safety stock, supplier); some archive a
 * material outside every BOM (it leaves the plan) or create one (it enters the plan with its data).
 */
const changes = (input: MrpInput) => {
  const ids = input.materials.map((m) => m.id);
  const change = fc.record({
    materialId: fc.constantFrom(...ids),
    onHand: qty(80),
    reserved: fc.oneof(fc.constant("0"), qty(40)),
    demands: fc.array(
      fc.record({ quantity: qty(60), day: fc.integer({ min: -10, max: 90 }), source: fc.constantFrom<DemandSource>("MPS", "SALES_ORDER", "FORECAST") }),
      { maxLength: 4 },
    ),
    receipts: fc.array(fc.record({ quantity: qty(60), day: fc.integer({ min: -5, max: 90 }) }), { maxLength: 3 }),
    master: fc.option(master, { nil: undefined, freq: 3 }),
  });
  // each round re-planned material by material or by one engine run over the whole plant (`whole`); `archive`
  // picks among the materials that stand alone, `create` brings new materials with their data
  return fc.array(
    fc.record({
      changes: fc.array(change, { minLength: 1, maxLength: 4 }),
      whole: fc.boolean(),
      archive: fc.option(fc.nat(), { nil: undefined, freq: 4 }),
      create: fc.option(fc.array(fc.tuple(change, master).map(([c, m]) => ({ ...c, master: m })), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 4 }),
    }),
    { minLength: 1, maxLength: 3 },
  );
};

type Round = ReturnType<typeof changes> extends fc.Arbitrary<infer R> ? R : never;

/** The same changes applied to the plain input: each material's data replaced by its newest. */
function applyTo(input: MrpInput, round: MaterialChange[]): MrpInput {
  const touched = new Map(round.map((c) => [c.materialId, c]));
  // a change without master data leaves the material's as the round's earlier changes left it
  const masters = new Map(round.flatMap((c) => (c.material ? [[c.materialId, c.material] as const] : [])));
  const changed = (m: MrpMaterial, c: MaterialChange) => ({ ...(masters.get(m.id) ?? m), onHand: c.onHand, reserved: c.reserved });
  return {
    ...input,
    materials: input.materials.map((m) => (touched.has(m.id) ? changed(m, touched.get(m.id)!) : m)),
    demands: [...input.demands.filter((d) => !touched.has(d.materialId)), ...[...touched.values()].flatMap((c) => c.demands)],
    scheduledReceipts: [...input.scheduledReceipts.filter((r) => !touched.has(r.materialId)), ...[...touched.values()].flatMap((c) => c.scheduledReceipts)],
  };
}

/** A plan's supplies and exceptions per material, in the order the plan lists them. */
function byMaterial(input: MrpInput, of: (id: number) => { supplies: unknown; exceptions: unknown }) {
  return new Map(input.materials.map((m) => [m.id, JSON.parse(JSON.stringify(of(m.id)))]));
}

describe("net change", () => {
  it("re-plans random changes (data and master data) to exactly what a full run plans on the changed data (supplies, pegs, exceptions), naming the materials and due buckets whose supplies changed and exactly those whose exceptions changed, material by material or in one run", () => {
    let demandId = 10_000;
    fc.assert(
      fc.property(
        plant.chain((input) => fc.tuple(fc.constant(input), changes(input))),
        ([input, rounds]: [MrpInput, Round]) => {
          const kept = NetChangePlan.build(input);
          let current = input;
          let newId = 20_000;
          for (const { changes: generated, whole, archive, create } of rounds) {
            // an archived material leaves the full run's input with its demands and receipts (load-planning-input.ts)
            const alone = current.materials.filter((m) => !current.bomLines.some((l) => l.parentId === m.id || l.componentId === m.id));
            expect(current.materials.filter((m) => kept.standsAlone(m.id))).toEqual(alone);
            if (archive !== undefined && alone.length) {
              const id = alone[archive % alone.length].id;
              kept.remove([id]);
              expect(kept.has(id)).toBe(false);
              current = { ...current, materials: current.materials.filter((m) => m.id !== id), demands: current.demands.filter((d) => d.materialId !== id), scheduledReceipts: current.scheduledReceipts.filter((r) => r.materialId !== id) };
            }
            const round = generated.filter((c) => kept.has(c.materialId));
            const created = (create ?? []).map((c) => ({ ...c, materialId: newId++ }));
            const materials = created.map(({ materialId: id, master: m }): MrpMaterial => ({
              id, code: `M${id}`, type: m.make ? "MAKE" : "BUY", leadTimeDays: m.leadTimeDays, ...m.lot, safetyStock: m.safetyStock, supplierCode: m.supplierCode, onHand: "0", reserved: "0",
            }));
            kept.add(materials);
            current = { ...current, materials: [...current.materials, ...materials] };
            round.push(...created.map((c) => ({ ...c, master: undefined })));
            const applied: MaterialChange[] = round.map((c) => ({
              materialId: c.materialId,
              onHand: c.onHand,
              reserved: c.reserved,
              demands: c.demands.map((d) => ({ id: demandId++, materialId: c.materialId, quantity: d.quantity, dueDate: new Date(START + d.day * DAY), source: d.source })),
              scheduledReceipts: c.receipts.map((r) => ({ materialId: c.materialId, quantity: r.quantity, dueDate: new Date(START + r.day * DAY) })),
              material: c.master && {
                id: c.materialId, code: `M${c.materialId}`, type: c.master.make ? "MAKE" : "BUY", leadTimeDays: c.master.leadTimeDays, ...c.master.lot,
                safetyStock: c.master.safetyStock, supplierCode: c.master.supplierCode, onHand: c.onHand, reserved: c.reserved,
              },
            }));
            const before = new Map(current.materials.map((m) => [m.id, kept.supplies(m.id)]));
            const exceptionsBefore = new Map(current.materials.map((m) => [m.id, JSON.stringify(kept.exceptions(m.id))]));
            current = applyTo(current, applied);
            kept.apply(applied);
            const { changed, changedDue, exceptionsChanged, whole: wasWhole } = kept.replan(whole ? 0 : Infinity);
            expect(wasWhole).toBe(whole && round.length > 0);
            const full = planMrp(current);
            const expected = byMaterial(current, (id) => ({
              supplies: [...full.supplies()].filter((s) => s.materialId === id),
              exceptions: full.exceptions.filter((e) => e.materialId === id),
            }));
            expect(byMaterial(current, (id) => ({ supplies: kept.supplies(id), exceptions: kept.exceptions(id) }))).toEqual(expected);
            // what the planner writes: the materials, and their due buckets, whose supplies differ from before the round —
            // exactly those, but for master data changed, where all of a material's buckets may be named
            const newMaster = new Set(applied.flatMap((c) => (c.material ? [c.materialId] : [])));
            for (const { id } of current.materials) {
              const was = before.get(id)!;
              const is = kept.supplies(id);
              const dueIn = (supplies: PlannedSupply[], bucket: number) => JSON.stringify(supplies.filter((s) => s.dueBucket === bucket));
              const buckets = [...new Set([...was, ...is].map((s) => s.dueBucket))].sort((a, b) => a - b);
              const k = changed.indexOf(id);
              const differing = buckets.filter((bucket) => dueIn(was, bucket) !== dueIn(is, bucket));
              if (newMaster.has(id)) expect(k === -1 ? [] : changedDue[k]).toEqual(expect.arrayContaining(differing));
              else expect(k === -1 ? [] : changedDue[k]).toEqual(differing);
            }
            // the planner keeps the stored exceptions of exactly these materials current
            const exceptionsDiffer = current.materials.filter((m) => exceptionsBefore.get(m.id) !== JSON.stringify(kept.exceptions(m.id))).map((m) => m.id);
            expect([...exceptionsChanged].sort((a, b) => a - b)).toEqual(exceptionsDiffer.sort((a, b) => a - b));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("re-plans nothing when nothing changed, and only the touched material when its components' demand stays the same", () => {
    const input: MrpInput = {
      materials: [
        { id: 1, code: "BIKE", type: "MAKE", leadTimeDays: 7, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0" },
        { id: 2, code: "WHEEL", type: "BUY", leadTimeDays: 14, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0" },
      ],
      bomLines: [{ parentId: 1, componentId: 2, quantityPer: "2" }],
      demands: [{ id: 1, materialId: 1, quantity: "10", dueDate: new Date(START + 21 * DAY) }],
      scheduledReceipts: [],
      parameters: { startDate: new Date(START), bucket: "WEEK", horizonBuckets: 8 },
    };
    const kept = NetChangePlan.build(input);
    expect(kept.replan()).toEqual({ replanned: 0, changed: [], changedDue: [], exceptionsChanged: [], whole: false });
    // stock on the wheel: the bike's orders stay, so only the wheel is re-planned
    kept.apply([{ materialId: 2, onHand: "5", reserved: "0", demands: [], scheduledReceipts: [] }]);
    expect(kept.replan()).toEqual({ replanned: 1, changed: [2], changedDue: [[2]], exceptionsChanged: [], whole: false });
    expect(kept.supplies(2).map((s) => s.quantity)).toEqual(["15"]);
    // stock on the bike: its order shrinks, and the wheel follows
    kept.apply([{ materialId: 1, onHand: "4", reserved: "0", demands: input.demands, scheduledReceipts: [] }]);
    expect(kept.replan()).toEqual({ replanned: 2, changed: [1, 2], changedDue: [[3], [2]], exceptionsChanged: [], whole: false });
    expect(kept.supplies(2).map((s) => s.quantity)).toEqual(["7"]);
    // the wheel's lead time halves: its order is released a week later, the same quantity, and is named to be written
    const wheel = { ...input.materials[1], leadTimeDays: 7, onHand: "5", reserved: "0" };
    kept.apply([{ materialId: 2, onHand: "5", reserved: "0", demands: [], scheduledReceipts: [], material: wheel }]);
    expect(kept.replan()).toEqual({ replanned: 1, changed: [2], changedDue: [[2]], exceptionsChanged: [], whole: false });
    expect(kept.supplies(2).map((s) => [s.quantity, s.releaseDate])).toEqual([["7", "2025-01-13"]]);
  });

  it("rejects a bad change with a typed error naming the field, and keeps the plan as it was", () => {
    const input: MrpInput = {
      materials: [{ id: 1, code: "A", type: "BUY", leadTimeDays: 0, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0" }],
      bomLines: [],
      demands: [{ id: 1, materialId: 1, quantity: "3", dueDate: new Date(START) }],
      scheduledReceipts: [],
      parameters: { startDate: new Date(START), bucket: "DAY", horizonBuckets: 5 },
    };
    const kept = NetChangePlan.build(input);
    expect(() => kept.apply([{ materialId: 1, onHand: "-x", reserved: "0", demands: [], scheduledReceipts: [] }])).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT", details: expect.objectContaining({ field: "materials[0].onHand" }) }),
    );
    expect(kept.replan()).toEqual({ replanned: 0, changed: [], changedDue: [], exceptionsChanged: [], whole: false });
    expect(kept.supplies(1).map((s) => s.quantity)).toEqual(["3"]);
  });
});
