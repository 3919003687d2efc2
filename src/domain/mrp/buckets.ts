import { badInput } from "../shared/domain-error";
import type { DateInput, PlanningBucket } from "./mrp.types";

const DAY_MS = 86_400_000;

/** Longest horizon per bucket size: a year and a day of days, two years of weeks. */
export const MAX_HORIZON_BUCKETS: Readonly<Record<PlanningBucket, number>> = { DAY: 366, WEEK: 104 };

/** Days since the epoch of a date's UTC calendar day, or NaN if it is not a valid date. */
export function utcDay(value: DateInput): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : NaN;
  return Math.floor(ms / DAY_MS);
}

/**
 * The planning calendar: bucket i covers the days [start + i·len, start + (i+1)·len), len = 1 or 7,
 * starting on the start date itself (weeks are not aligned to Mondays).
 *
 * Lead time rule: an order due in bucket b (on its first day) is released `leadTimeDays` earlier, in
 * the bucket containing that day; that is b − ceil(leadTimeDays / len). Rounding up means a component
 * is never planned later than it is needed.
 */
export class BucketCalendar {
  readonly days: number;

  constructor(
    readonly startDay: number,
    readonly bucket: PlanningBucket,
    readonly horizon: number,
  ) {
    this.days = bucket === "DAY" ? 1 : 7;
  }

  static from(startDate: DateInput, bucket: PlanningBucket, horizonBuckets: number): BucketCalendar {
    const startDay = utcDay(startDate);
    if (!Number.isFinite(startDay)) throw badInput("parameters.startDate is not a valid date", { field: "parameters.startDate" });
    if (bucket !== "DAY" && bucket !== "WEEK") throw badInput('parameters.bucket must be "DAY" or "WEEK"', { field: "parameters.bucket" });
    const max = MAX_HORIZON_BUCKETS[bucket];
    if (!Number.isInteger(horizonBuckets) || horizonBuckets < 1 || horizonBuckets > max) {
      throw badInput(`parameters.horizonBuckets must be an integer from 1 to ${max} for ${bucket} buckets`, {
        field: "parameters.horizonBuckets",
        value: horizonBuckets,
        max,
      });
    }
    return new BucketCalendar(startDay, bucket, horizonBuckets);
  }

  /** Bucket of a day: 0 for anything before the start (past due), ≥ horizon when beyond it. */
  bucketOfDay(day: number): number {
    return day <= this.startDay ? 0 : Math.floor((day - this.startDay) / this.days);
  }

  /** Buckets between release and receipt for a lead time in days. */
  leadTimeBuckets(leadTimeDays: number): number {
    return Math.ceil(leadTimeDays / this.days);
  }

  /** First day (days since epoch) of bucket i. */
  dayOf(bucket: number): number {
    return this.startDay + bucket * this.days;
  }

  static toDate(day: number): Date {
    return new Date(day * DAY_MS);
  }
}
