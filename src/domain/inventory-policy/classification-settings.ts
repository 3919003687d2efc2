import { FieldChecks, type FieldError } from "../shared/field-errors";
import type { DemandBucket } from "../stock/demand-series";
import type { AbcClass } from "../materials/material.validation";
import { MIN_HISTORY_BUCKETS } from "./safety-stock";

/** How materials are classified and their policies computed; one set for the plant. */
export interface ClassificationSettings {
  /** shares of the annual consumption value for A, B, C (percent, adding to 100) */
  abcCutoffs: [number, number, number];
  /** greatest coefficient of variation of X, then of Y (above: Z) */
  xyzThresholds: [number, number];
  /** the service level each ABC class is planned to (a material without a class: C's) */
  serviceLevels: Record<AbcClass, number>;
  /** days between cycle counts by class; null: COUNT_EVERY_DAYS_<class> */
  countEveryDays: Record<AbcClass, number | null>;
  bucket: DemandBucket;
  /** buckets of history demand variability is measured over (complete buckets before the current one) */
  historyBuckets: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export const DEFAULT_SETTINGS: ClassificationSettings = {
  abcCutoffs: [80, 15, 5],
  xyzThresholds: [0.5, 1],
  serviceLevels: { A: 0.98, B: 0.95, C: 0.9 },
  countEveryDays: { A: null, B: null, C: null },
  bucket: "WEEK",
  historyBuckets: 52,
  updatedAt: null,
  updatedBy: null,
};

export interface SettingsInput {
  abcCutoffs?: number[] | null;
  xyzThresholds?: number[] | null;
  serviceLevelA?: number | null;
  serviceLevelB?: number | null;
  serviceLevelC?: number | null;
  countEveryDaysA?: number | null;
  countEveryDaysB?: number | null;
  countEveryDaysC?: number | null;
  bucket?: DemandBucket | null;
  historyBuckets?: number | null;
}

const CLASSES: AbcClass[] = ["A", "B", "C"];

/** Most buckets of history a computation reads (ten years of weeks). */
export const MAX_HISTORY_BUCKETS = 520;

/** The settings with what the input changes (a field left out stays), or every problem with the input by field. */
export function readSettings(input: SettingsInput, current: ClassificationSettings): { value: ClassificationSettings | null; errors: FieldError[] } {
  const c = new FieldChecks();
  const next: ClassificationSettings = { ...current, serviceLevels: { ...current.serviceLevels }, countEveryDays: { ...current.countEveryDays } };
  if (input.abcCutoffs != null) {
    const v = input.abcCutoffs;
    if (v.length !== 3 || v.some((x) => !Number.isFinite(x))) c.fail("abcCutoffs", "abcCutoffs must be three percentages: the A, B and C shares");
    else if (v.some((x) => x <= 0)) c.fail("abcCutoffs", "abcCutoffs must increase: each share (A, B, C) above 0");
    else if (Math.abs(v[0] + v[1] + v[2] - 100) > 1e-9) c.fail("abcCutoffs", `abcCutoffs must add to 100, they add to ${v[0] + v[1] + v[2]}`);
    else next.abcCutoffs = [v[0], v[1], v[2]];
  }
  if (input.xyzThresholds != null) {
    const v = input.xyzThresholds;
    if (v.length !== 2 || v.some((x) => !Number.isFinite(x) || x <= 0)) c.fail("xyzThresholds", "xyzThresholds must be two coefficients of variation above 0 (X, then Y)");
    else if (v[1] <= v[0]) c.fail("xyzThresholds", "xyzThresholds must increase: Y's above X's");
    else next.xyzThresholds = [v[0], v[1]];
  }
  for (const k of CLASSES) {
    const level = input[`serviceLevel${k}`];
    if (level != null) {
      if (level > 0 && level < 1) next.serviceLevels[k] = level;
      else c.fail(`serviceLevel${k}`, `serviceLevel${k} must be between 0 and 1 (exclusive)`);
    }
    const days = input[`countEveryDays${k}`];
    if (days != null) next.countEveryDays[k] = c.int(days, `countEveryDays${k}`, 1, 3650) ?? null;
  }
  if (input.bucket != null) next.bucket = input.bucket;
  if (input.historyBuckets != null) next.historyBuckets = readHistoryBuckets(c, input.historyBuckets) ?? next.historyBuckets;
  return { value: c.errors.length ? null : next, errors: c.errors };
}

/** A history length: too short to measure variability by, or longer than is read, is refused naming historyBuckets. */
export function readHistoryBuckets(c: FieldChecks, buckets: number): number | undefined {
  return c.int(buckets, "historyBuckets", MIN_HISTORY_BUCKETS, MAX_HISTORY_BUCKETS);
}
