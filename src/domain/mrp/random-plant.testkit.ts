/** Random MRP inputs for the engine's property tests (only tests import this): plants, quantities, test-side exact arithmetic. */
import fc from "fast-check";
import type { LotSizing, MrpInput, MrpMaterial } from "./mrp.types";

/** Test-side exact arithmetic, independent of quantity.ts: BigInt micro-units. */
export const µ = (s: string): bigint => {
  const neg = s.startsWith("-");
  const [w, f = ""] = (neg ? s.slice(1) : s).split(".");
  const v = BigInt(w) * 1_000_000n + BigInt(f.padEnd(6, "0"));
  return neg ? -v : v;
};
export const text = (micro: number): string => `${Math.floor(micro / 1e6)}.${String(micro % 1e6).padStart(6, "0")}`;
export const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
export const roundUp = (q: bigint, step: bigint) => ceilDiv(q, step) * step;
export const DAY = 86_400_000;
export const START = Date.UTC(2025, 0, 6);

export const qty = (maxUnits: number) => fc.integer({ min: 0, max: maxUnits * 1_000_000 }).map(text);
const positive = (maxUnits: number) => fc.integer({ min: 1, max: maxUnits * 1_000_000 });

export const lotSizing: fc.Arbitrary<Pick<MrpMaterial, "lotSizing" | "lotSizeFixed" | "lotSizeMin" | "lotSizeMultiple" | "lotSizeMax" | "periodsOfSupply">> =
  fc.oneof(
    fc.constant({ lotSizing: "LOT_FOR_LOT" as LotSizing }),
    positive(40).map((f) => ({ lotSizing: "FIXED" as LotSizing, lotSizeFixed: text(f) })),
    fc
      .record({
        min: fc.option(fc.integer({ min: 0, max: 60_000_000 }), { nil: undefined }),
        multiple: fc.option(positive(15), { nil: undefined }),
        extra: fc.option(fc.integer({ min: 0, max: 80_000_000 }), { nil: undefined }),
      })
      .map(({ min, multiple, extra }) => {
        const step = multiple ?? 1;
        const smallest = Math.ceil(Math.max(min ?? 0, 1) / step) * step;
        return {
          lotSizing: "MIN_MULTIPLE_MAX" as LotSizing,
          lotSizeMin: min === undefined ? undefined : text(min),
          lotSizeMultiple: multiple === undefined ? undefined : text(multiple),
          lotSizeMax: extra === undefined ? undefined : text(Math.max(smallest, 20_000_000) + extra),
        };
      }),
    fc.integer({ min: 1, max: 5 }).map((n) => ({ lotSizing: "PERIODS_OF_SUPPLY" as LotSizing, periodsOfSupply: n })),
  );

/**
 * A random plant: materials in a random topological order (BOM lines only go from earlier to later
 * ones, so the BOM is a DAG), listed to planMrp in another random order, with random policies, stock,
 * demands (some past due, some beyond the horizon) and scheduled receipts.
 */
export const plant: fc.Arbitrary<MrpInput> = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc
    .record({
      ids: fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: n, maxLength: n }),
      listOrder: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      materials: fc.array(
        fc.record({
          make: fc.boolean(),
          leadTimeDays: fc.integer({ min: 0, max: 20 }),
          lot: lotSizing,
          safetyStock: fc.oneof(fc.constant("0"), qty(30)),
          onHand: qty(80),
          reserved: fc.oneof(fc.constant("0"), qty(40)),
        }),
        { minLength: n, maxLength: n },
      ),
      lines: fc.array(
        fc.record({
          parent: fc.nat(n - 1),
          component: fc.nat(n - 1),
          quantityPer: positive(2).map(text),
          scrapPct: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 25_000_000 }).map(text)),
          // ≥ 1 keeps a chain of 9 levels within a few thousand orders per material.
          baseQuantity: fc.oneof(fc.constant(undefined), fc.constantFrom("1", "1.5", "3", "12.000001")),
        }),
        { maxLength: 3 * n },
      ),
      demands: fc.array(fc.record({ material: fc.nat(n - 1), quantity: qty(60), day: fc.integer({ min: -10, max: 90 }) }), { maxLength: 10 }),
      receipts: fc.array(fc.record({ material: fc.nat(n - 1), quantity: qty(60), day: fc.integer({ min: -5, max: 90 }) }), { maxLength: 5 }),
      bucket: fc.constantFrom("DAY" as const, "WEEK" as const),
      horizon: fc.integer({ min: 1, max: 10 }),
    })
    .map(({ ids, listOrder, materials, lines, demands, receipts, bucket, horizon }) => ({
      materials: listOrder.map((i) => ({
        id: ids[i],
        code: `M${ids[i]}`,
        type: materials[i].make ? ("MAKE" as const) : ("BUY" as const),
        leadTimeDays: materials[i].leadTimeDays,
        ...materials[i].lot,
        safetyStock: materials[i].safetyStock,
        onHand: materials[i].onHand,
        reserved: materials[i].reserved,
      })),
      bomLines: lines
        .filter((l) => l.parent < l.component)
        .map((l) => ({ parentId: ids[l.parent], componentId: ids[l.component], quantityPer: l.quantityPer, scrapPct: l.scrapPct, baseQuantity: l.baseQuantity })),
      demands: demands.map((d, k) => ({ id: 500 + k, materialId: ids[d.material], quantity: d.quantity, dueDate: new Date(START + d.day * DAY) })),
      scheduledReceipts: receipts.map((r) => ({ materialId: ids[r.material], quantity: r.quantity, dueDate: new Date(START + r.day * DAY) })),
      parameters: { startDate: new Date(START), bucket, horizonBuckets: horizon },
    })),
);

