import type { LotSizing, MrpBomLine, MrpDemand, MrpInput, MrpMaterial, MrpScheduledReceipt } from "../../src/domain/mrp";
import { seededRandom } from "../../src/runtime/seeded-random";

/**
 * A deterministic synthetic plant for the MRP benchmark (and for loading into a database later):
 * `materials` materials in product families of ~100, each family a 5-level BOM pyramid (6 / 12 / 20 / 27 /
 * 35 % of it per level), plus a pool of common BUY parts (2 %) used across families. Every MAKE material
 * has 3–7 BOM lines (~5): mostly components one level down in its family, some two levels down (a
 * component shared across levels), some common parts. Mixed lot sizing, lead times, stock, reservations,
 * scheduled receipts; `mpsLines` demands on the top level spread over the horizon, a few past due and a
 * few beyond it. The same options always give the same plant.
 */
export interface PlantOptions {
  materials: number;
  mpsLines?: number;
  horizonWeeks?: number;
  seed?: number;
  startDate?: string;
}

const LEVEL_SHARE = [0.06, 0.12, 0.2, 0.27, 0.35];
const FAMILY_SIZE = 100;
const COMMON_SHARE = 0.02;

export function generatePlant(options: PlantOptions): MrpInput {
  const { materials: total, mpsLines = 2000, horizonWeeks = 52, seed = 1, startDate = "2025-01-06" } = options;
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number) => rnd() < p;

  const commonCount = Math.max(1, Math.round(total * COMMON_SHARE));
  const familyCount = Math.max(1, Math.round((total - commonCount) / FAMILY_SIZE));
  // levels[f][l]: material ids of family f at level l; ids are 1‥total.
  const levels: number[][][] = [];
  const level = new Map<number, number>();
  let nextId = 1;
  const familyTotal = total - commonCount;
  for (let f = 0; f < familyCount; f++) {
    const size = Math.floor(familyTotal / familyCount) + (f < familyTotal % familyCount ? 1 : 0);
    const family: number[][] = LEVEL_SHARE.map(() => []);
    for (let k = 0; k < size; k++) {
      // Fill levels by share, at least one material per level while the family is large enough.
      let l = 0;
      for (let acc = 0, x = (k + 0.5) / size; l < LEVEL_SHARE.length - 1 && x > (acc += LEVEL_SHARE[l]); ) l++;
      family[l].push(nextId);
      level.set(nextId++, l);
    }
    levels.push(family);
  }
  const common: number[] = [];
  for (let k = 0; k < commonCount; k++) {
    common.push(nextId);
    level.set(nextId++, LEVEL_SHARE.length - 1);
  }

  const bottom = LEVEL_SHARE.length - 1;
  const makes = new Set<number>();
  for (const family of levels) {
    for (let l = 0; l < bottom; l++) {
      for (const id of family[l]) if (l < 3 || chance(0.7) || family[l + 1].length === 0) makes.add(id);
    }
  }
  const materials: MrpMaterial[] = [];
  for (let id = 1; id < nextId; id++) {
    const make = makes.has(id);
    const lotSizing = pick<LotSizing>(["LOT_FOR_LOT", "LOT_FOR_LOT", "FIXED", "MIN_MULTIPLE_MAX", "PERIODS_OF_SUPPLY"]);
    const lot: Partial<MrpMaterial> =
      lotSizing === "FIXED" ? { lotSizeFixed: String(int(5, 50) * 10) }
      : lotSizing === "MIN_MULTIPLE_MAX" ? { lotSizeMin: String(int(2, 20) * 10), lotSizeMultiple: String(int(1, 5) * 10), lotSizeMax: String(int(20, 100) * 100) }
      : lotSizing === "PERIODS_OF_SUPPLY" ? { periodsOfSupply: int(2, 4) }
      : {};
    materials.push({
      id,
      code: `${make ? "M" : "P"}-${String(id).padStart(6, "0")}`,
      type: make ? "MAKE" : "BUY",
      leadTimeDays: make ? int(0, 14) : int(7, 28),
      lotSizing,
      ...lot,
      safetyStock: chance(0.3) ? String(int(1, 50)) : "0",
      onHand: chance(0.5) ? `${int(0, 500)}.${int(0, 999)}` : "0",
      reserved: chance(0.1) ? String(int(1, 100)) : "0",
    });
  }

  const bomLines: MrpBomLine[] = [];
  const line = (parentId: number, componentId: number) =>
    bomLines.push({
      parentId,
      componentId,
      quantityPer: chance(0.8) ? String(int(1, 4)) : pick(["0.25", "0.5", "1.5", "2.125", "0.333333"]),
      scrapPct: chance(0.2) ? pick(["1.5", "2", "2.5", "5"]) : "0",
    });
  for (const family of levels) {
    for (let l = 0; l < bottom; l++) {
      const parents = family[l].filter((id) => makes.has(id));
      if (parents.length === 0) continue;
      const lines = new Map(parents.map((p) => [p, new Set<number>()]));
      // Every material of the next level gets a parent; then each parent gets 3–7 lines in all.
      for (const c of family[l + 1]) lines.get(pick(parents))!.add(c);
      for (const p of parents) {
        const set = lines.get(p)!;
        const want = int(3, 7);
        for (let tries = 0; set.size < want && tries < 20; tries++) {
          const r = rnd();
          const pool = r < 0.8 || l + 2 > bottom ? family[l + 1] : r < 0.9 ? family[l + 2] : common;
          if (pool.length) set.add(pick(pool));
        }
        for (const c of set) line(p, c);
      }
    }
  }

  const start = Date.parse(startDate);
  const day = (d: number) => new Date(start + d * 86_400_000);
  const tops = levels.flatMap((family) => family[0]);
  const demands: MrpDemand[] = [];
  for (let k = 0; k < mpsLines; k++) {
    // Weeks −1 ‥ horizon: about 2 % past due and 2 % beyond the horizon.
    demands.push({ id: k + 1, materialId: pick(tops), quantity: String(int(1, 20) * 10), dueDate: day(int(-7, horizonWeeks * 7 + 6)) });
  }
  const scheduledReceipts: MrpScheduledReceipt[] = [];
  for (const m of materials) {
    if (chance(0.1)) scheduledReceipts.push({ materialId: m.id, quantity: String(int(1, 50) * 10), dueDate: day(int(-3, 8 * 7)) });
  }

  return {
    materials,
    bomLines,
    demands,
    scheduledReceipts,
    parameters: { startDate, bucket: "WEEK", horizonBuckets: horizonWeeks },
  };
}
