import { bucketStart, type DemandBucket } from "../stock/demand-series";

/** Season lengths in buckets: a year of weeks or months, a week of days. */
export const SEASON_LENGTH: Record<DemandBucket, number> = { DAY: 7, WEEK: 52, MONTH: 12 };

/**
 * The history a run reads: the `buckets` complete buckets before the one holding `asOf` ([from, to)),
 * and the forecast starting with the bucket holding `asOf` (`to`).
 */
export function historyWindow(asOf: Date, buckets: number, bucket: DemandBucket): { from: Date; to: Date } {
  const to = bucketStart(asOf, bucket);
  const from = new Date(to);
  if (bucket === "MONTH") from.setUTCMonth(from.getUTCMonth() - buckets);
  else from.setUTCDate(from.getUTCDate() - buckets * (bucket === "WEEK" ? 7 : 1));
  return { from, to };
}

/** A series without the zeros before its first demand (a material not yet used then has no history there). */
export function withoutLeadingZeros(series: readonly number[]): number[] {
  const first = series.findIndex((v) => v !== 0);
  return first < 0 ? [] : series.slice(first);
}
