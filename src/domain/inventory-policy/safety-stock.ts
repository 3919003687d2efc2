import type { DemandBucket } from "../stock/demand-series";
import { badInput } from "../shared/domain-error";
import { inverseNormalCdf } from "./inverse-normal";

/** Days in a demand bucket, to turn lead times (days) into buckets; a month is a twelfth of a Julian year. */
export const BUCKET_DAYS: Record<DemandBucket, number> = { DAY: 1, WEEK: 7, MONTH: 365.25 / 12 };

/** Fewest buckets of history a variability can be measured over. */
export const MIN_HISTORY_BUCKETS = 4;

export interface SeriesStats {
  mean: number;
  /** sample standard deviation (n − 1) */
  sigma: number;
}

/** Mean and sample standard deviation of a series: BAD_USER_INPUT naming `field` when it is empty or has a single value. */
export function seriesStats(values: readonly number[], field = "history"): SeriesStats {
  if (values.length < 2) throw badInput(`${field} needs at least 2 values, got ${values.length}`, { field });
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, sigma: Math.sqrt(variance) };
}

/** Lead times observed (days): mean and σ; fewer than two observations give σ 0 (nothing to measure it by). */
export function leadTimeSigma(observedDays: readonly number[]): number {
  return observedDays.length < 2 ? 0 : seriesStats(observedDays, "leadTimes").sigma;
}

export interface PolicyInput {
  serviceLevel: number;
  bucket: DemandBucket;
  /** demand per bucket, oldest first (zeros where nothing was consumed) */
  demand: readonly number[];
  leadTimeDays: number;
  leadTimeSigmaDays: number;
  /** decimals of the material's unit: safety stock and reorder point are rounded up to it */
  precision: number;
}

export interface Policy {
  z: number;
  meanDemand: number;
  demandSigma: number;
  safetyStock: number;
  reorderPoint: number;
}

/**
 * Safety stock over a lead time that varies: SS = z·√(LT·σd² + d̄²·σLT²), with demand per bucket and LT, σLT
 * in buckets; reorder point = SS + d̄·LT (the lead time's expected demand). Both rounded up to the unit's decimals.
 */
export function computePolicy(p: PolicyInput): Policy {
  if (p.demand.length < MIN_HISTORY_BUCKETS) throw badInput(`historyBuckets must be at least ${MIN_HISTORY_BUCKETS}, got ${p.demand.length}`, { field: "historyBuckets" });
  if (!(p.leadTimeDays >= 0)) throw badInput(`leadTimeDays must not be negative`, { field: "leadTimeDays" });
  const z = inverseNormalCdf(p.serviceLevel);
  const { mean, sigma } = seriesStats(p.demand);
  const lt = p.leadTimeDays / BUCKET_DAYS[p.bucket];
  const sigmaLt = p.leadTimeSigmaDays / BUCKET_DAYS[p.bucket];
  const safety = Math.max(0, z * Math.sqrt(lt * sigma ** 2 + mean ** 2 * sigmaLt ** 2));
  return { z, meanDemand: mean, demandSigma: sigma, safetyStock: roundUp(safety, p.precision), reorderPoint: roundUp(safety + mean * lt, p.precision) };
}

/** Up to `decimals` places (a hair of floating-point noise above a step does not add a step). */
export function roundUp(value: number, decimals: number): number {
  const f = 10 ** decimals;
  // `|| 0`: no negative zero for a zero value
  return Math.ceil(value * f - 1e-9) / f || 0;
}
