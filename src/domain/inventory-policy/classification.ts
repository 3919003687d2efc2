import { badInput } from "../shared/domain-error";
import type { SeriesStats } from "./safety-stock";

import type { AbcClass, XyzClass } from "../materials/material.validation";

export interface Consumption {
  materialId: number;
  /** quantity consumed over the year */
  quantity: number;
  /** standard cost per base unit (0 when none is set) */
  unitCost: number;
}

/** Shares of the annual consumption value, in percent, for A, B and C: they add to 100. */
export type AbcCutoffs = readonly [number, number, number];

/**
 * ABC by annual consumption value (quantity × cost), highest first: a material is A while the value of the
 * materials ranked above it is under the A share of the total, B while under A + B, else C — so the
 * material that crosses a cut-off still belongs to the class it started in. No consumption value: C.
 * A negative cost or quantity is BAD_USER_INPUT naming it.
 */
export function classifyAbc(items: readonly Consumption[], cutoffs: AbcCutoffs): Map<number, AbcClass> {
  for (const i of items) {
    if (i.unitCost < 0) throw badInput(`the standard cost of material ${i.materialId} is negative (${i.unitCost})`, { field: "cost", materialId: i.materialId });
    if (i.quantity < 0) throw badInput(`the consumption of material ${i.materialId} is negative (${i.quantity})`, { field: "history", materialId: i.materialId });
  }
  const valued = items.map((i) => ({ id: i.materialId, value: i.quantity * i.unitCost })).sort((a, b) => b.value - a.value || a.id - b.id);
  const total = valued.reduce((s, v) => s + v.value, 0);
  const classes = new Map<number, AbcClass>();
  let before = 0;
  for (const v of valued) {
    const share = total > 0 ? (100 * before) / total : 100;
    classes.set(v.id, v.value <= 0 ? "C" : share < cutoffs[0] ? "A" : share < cutoffs[0] + cutoffs[1] ? "B" : "C");
    before += v.value;
  }
  return classes;
}

/** XYZ by the coefficient of variation (σ / mean) of demand per bucket: X up to `x`, Y up to `y`, else Z; no demand: null. */
export function classifyXyz(stats: SeriesStats, thresholds: readonly [number, number]): XyzClass | null {
  if (stats.mean <= 0) return null;
  const cv = stats.sigma / stats.mean;
  return cv <= thresholds[0] ? "X" : cv <= thresholds[1] ? "Y" : "Z";
}
