import fc from "fast-check";
import { DAY, START, ceilDiv, plant, roundUp, µ } from "./random-plant.testkit";
import { planMrp, planMrpInSteps } from "./plan-mrp";
import type { MrpInput, MrpPlan, PlannedSupply } from "./mrp.types";

const bucketDays = (input: MrpInput) => (input.parameters.bucket === "DAY" ? 1 : 7);
const bucketOf = (input: MrpInput, date: Date | string) =>
  Math.max(0, Math.floor((new Date(date).getTime() - START) / DAY / bucketDays(input)));
const suppliesOf = (plan: MrpPlan, id: number) => [...plan.plannedOrders, ...plan.purchaseSuggestions].filter((s) => s.materialId === id);

describe("planMrp properties on random BOM DAGs", () => {
  const runs = { numRuns: 200 };

  it("gives, step by step, the supplies of the materials netted since the step before: read then or only at the end, in order they are the plan's supplies", () => {
    fc.assert(
      fc.property(plant, fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), (input, readAtOnce) => {
        const steps = planMrpInSteps(input);
        const read: PlannedSupply[][] = [];
        const later: [number, IterableIterator<PlannedSupply>][] = [];
        let step = steps.next();
        for (; !step.done; step = steps.next()) {
          const { supplies } = step.value;
          if (!supplies) continue;
          // the columns grow (and move) while later materials are netted: a step's supplies read late are the same
          if (readAtOnce[read.length % readAtOnce.length]) read.push([...supplies]);
          else later.push([read.push([]) - 1, supplies]);
        }
        for (const [at, supplies] of later) read[at] = [...supplies];
        expect(read.flat()).toEqual([...step.value.supplies()]);
        expect(read.length).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it("nets every parent before its components (low-level code order)", () => {
    fc.assert(
      fc.property(plant, (input) => {
        const plan = planMrp(input);
        const position = new Map(plan.planningSequence.map((id, k) => [id, k]));
        expect(position.size).toBe(input.materials.length);
        for (const line of input.bomLines) {
          expect(position.get(line.parentId)!).toBeLessThan(position.get(line.componentId)!);
          expect(plan.lowLevelCodes.get(line.parentId)!).toBeLessThan(plan.lowLevelCodes.get(line.componentId)!);
        }
      }),
      runs,
    );
  });

  it("builds gross requirements exactly: independent demand + parents' releases × quantity-per × (1 + scrap%) / base", () => {
    fc.assert(
      fc.property(plant, (input) => {
        const plan = planMrp(input);
        const H = plan.horizonBuckets;
        const expected = new Map(input.materials.map((m) => [m.id, Array<bigint>(H).fill(0n)]));
        for (const d of input.demands) {
          const b = bucketOf(input, d.dueDate);
          if (b < H) expected.get(d.materialId)![b] += µ(d.quantity);
        }
        const make = new Set(input.materials.filter((m) => m.type === "MAKE").map((m) => m.id));
        for (const line of input.bomLines) {
          if (!make.has(line.parentId)) continue;
          for (const order of suppliesOf(plan, line.parentId)) {
            const exact = µ(order.quantity) * µ(line.quantityPer) * (100_000_000n + µ(line.scrapPct ?? "0"));
            expected.get(line.componentId)![order.releaseBucket] += ceilDiv(exact, 100_000_000n * µ(line.baseQuantity ?? "1"));
          }
        }
        for (const m of input.materials) expect(plan.periods(m.id).gross.map(µ)).toEqual(expected.get(m.id));
      }),
      runs,
    );
  });

  it("keeps projected available at or above safety stock after planned receipts, consistently with the records", () => {
    fc.assert(
      fc.property(plant, (input) => {
        const plan = planMrp(input);
        for (const m of input.materials) {
          const p = plan.periods(m.id);
          const ss = µ(m.safetyStock);
          let available = µ(m.onHand) - µ(m.reserved);
          expect(µ(p.initialAvailable)).toBe(available);
          const receipts = Array<bigint>(plan.horizonBuckets).fill(0n);
          const releases = Array<bigint>(plan.horizonBuckets).fill(0n);
          for (const s of suppliesOf(plan, m.id)) {
            receipts[s.dueBucket] += µ(s.quantity);
            releases[s.releaseBucket] += µ(s.quantity);
          }
          expect(p.plannedReceipts.map(µ)).toEqual(receipts);
          expect(p.plannedReleases.map(µ)).toEqual(releases);
          for (let t = 0; t < plan.horizonBuckets; t++) {
            const x = available + µ(p.scheduledReceipts[t]) - µ(p.gross[t]);
            expect(µ(p.net[t])).toBe(x < ss ? ss - x : 0n);
            available = x + receipts[t];
            expect(µ(p.projectedAvailable[t])).toBe(available);
            expect(available).toBeGreaterThanOrEqual(ss);
          }
        }
      }),
      runs,
    );
  });

  it("sizes every planned quantity by its material's lot-sizing rule", () => {
    fc.assert(
      fc.property(plant, (input) => {
        const plan = planMrp(input);
        for (const m of input.materials) {
          const p = plan.periods(m.id);
          const supplies = suppliesOf(plan, m.id);
          for (let t = 0; t < plan.horizonBuckets; t++) {
            const net = µ(p.net[t]);
            const lots = supplies.filter((s) => s.dueBucket === t).map((s) => µ(s.quantity));
            if (net === 0n) {
              expect(lots).toEqual([]);
              continue;
            }
            const total = lots.reduce((a, b) => a + b, 0n);
            switch (m.lotSizing) {
              case "LOT_FOR_LOT":
                expect(lots).toEqual([net]);
                break;
              case "FIXED": {
                const fixed = µ(m.lotSizeFixed!);
                expect(lots).toHaveLength(1);
                expect(total % fixed).toBe(0n);
                expect(total >= net && total - net < fixed).toBe(true);
                break;
              }
              case "MIN_MULTIPLE_MAX": {
                const step = m.lotSizeMultiple ? µ(m.lotSizeMultiple) : 1n;
                const min = roundUp(m.lotSizeMin && µ(m.lotSizeMin) > 0n ? µ(m.lotSizeMin) : 1n, step);
                const max = m.lotSizeMax ? (µ(m.lotSizeMax) / step) * step : undefined;
                for (const q of lots) {
                  expect(q % step).toBe(0n);
                  expect(q >= min).toBe(true);
                  if (max !== undefined) expect(q <= max).toBe(true);
                }
                lots.slice(0, -1).forEach((q) => expect(q).toBe(max)); // all but the last are full
                expect(total >= net && total - net < min).toBe(true);
                break;
              }
              case "PERIODS_OF_SUPPLY": {
                // The least quantity keeping available ≥ safety stock through buckets t ‥ t+N−1 without
                // further orders: covers exactly the net requirements of those N buckets.
                const ss = µ(m.safetyStock);
                let cumulative = t === 0 ? µ(m.onHand) - µ(m.reserved) : µ(p.projectedAvailable[t - 1]);
                let need = 0n;
                for (let k = t; k < Math.min(t + m.periodsOfSupply!, plan.horizonBuckets); k++) {
                  cumulative += µ(p.scheduledReceipts[k]) - µ(p.gross[k]);
                  if (ss - cumulative > need) need = ss - cumulative;
                }
                expect(lots).toEqual([need]);
                break;
              }
            }
          }
        }
      }),
      runs,
    );
  });

  it("pegs every planned supply exactly: its pegs add up to its quantity, to known demands or pseudo-demands", () => {
    fc.assert(
      fc.property(plant, (input) => {
        const plan = planMrp(input);
        const known = new Set<number | string>([...input.demands.map((d) => d.id), "SAFETY_STOCK", "RESERVED", "LOT_SIZE"]);
        for (const s of [...plan.plannedOrders, ...plan.purchaseSuggestions]) {
          expect(s.pegs.length).toBeGreaterThan(0);
          expect(s.pegs.reduce((sum, p) => sum + µ(p.quantity), 0n)).toBe(µ(s.quantity));
          for (const p of s.pegs) {
            expect(known.has(p.demandId)).toBe(true);
            expect(µ(p.quantity) > 0n).toBe(true);
          }
          expect(new Set(s.pegs.map((p) => p.demandId)).size).toBe(s.pegs.length); // merged per demand
        }
        // At the demand's own material, supplies never peg more to a demand than it asks for.
        for (const d of input.demands) {
          const pegged = suppliesOf(plan, d.materialId)
            .flatMap((s) => s.pegs)
            .filter((p) => p.demandId === d.id)
            .reduce((sum, p) => sum + µ(p.quantity), 0n);
          expect(pegged <= µ(d.quantity)).toBe(true);
        }
      }),
      runs,
    );
  });

  it("explains what the plan cannot do: LATE releases, EXCESS stock, UNCOVERED_DEMAND", () => {
    fc.assert(
      fc.property(plant, (input) => {
        const plan = planMrp(input);
        const byId = new Map(input.materials.map((m) => [m.id, m]));
        const late = (s: PlannedSupply) => Date.parse(s.dueDate) - byId.get(s.materialId)!.leadTimeDays * DAY < START;
        const all = [...plan.plannedOrders, ...plan.purchaseSuggestions];
        for (const s of all) {
          expect(Date.parse(s.releaseDate)).toBeGreaterThanOrEqual(START);
          expect(s.releaseBucket).toBeLessThanOrEqual(s.dueBucket);
          expect(s.releaseBucket).toBe(bucketOf(input, s.releaseDate));
        }
        const count = (type: string, id: number) => plan.exceptions.filter((e) => e.type === type && e.materialId === id).length;
        for (const m of input.materials) {
          expect(count("LATE", m.id)).toBe(all.filter((s) => s.materialId === m.id && late(s)).length);
          const p = plan.periods(m.id);
          const excess = µ(p.projectedAvailable[plan.horizonBuckets - 1]) - µ(m.safetyStock);
          const allowance =
            m.lotSizing === "FIXED" ? µ(m.lotSizeFixed!)
            : m.lotSizing === "MIN_MULTIPLE_MAX" ? roundUp(m.lotSizeMin && µ(m.lotSizeMin) > 0n ? µ(m.lotSizeMin) : 1n, m.lotSizeMultiple ? µ(m.lotSizeMultiple) : 1n)
            : 0n;
          expect(count("EXCESS", m.id)).toBe(excess > 0n && excess >= allowance ? 1 : 0);
        }
        const beyond = input.demands.filter((d) => µ(d.quantity) > 0n && bucketOf(input, d.dueDate) >= plan.horizonBuckets);
        expect(plan.exceptions.filter((e) => e.type === "UNCOVERED_DEMAND").map((e) => e.details.demandId).sort()).toEqual(
          beyond.map((d) => d.id).sort(),
        );
      }),
      runs,
    );
  });
});
