/**
 * Pure helpers over demand buckets: the bucket starts of a period and a dense series (zeros where nothing was
 * consumed), which forecasting, safety stock, ABC/XYZ and the KPIs all read.
 */
export type DemandBucket = "DAY" | "WEEK" | "MONTH";

/** The start (UTC) of the bucket holding `at`: midnight, Monday midnight or the 1st of the month. */
export function bucketStart(at: Date, bucket: DemandBucket): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (bucket === "WEEK") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (bucket === "MONTH") d.setUTCDate(1);
  return d;
}

/** The bucket after the one starting at `start`. */
export function nextBucket(start: Date, bucket: DemandBucket): Date {
  const d = new Date(start);
  if (bucket === "DAY") d.setUTCDate(d.getUTCDate() + 1);
  else if (bucket === "WEEK") d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
}

/** The starts of every bucket that overlaps [from, to). */
export function bucketStarts(from: Date, to: Date, bucket: DemandBucket): Date[] {
  const starts: Date[] = [];
  for (let s = bucketStart(from, bucket); s < to; s = nextBucket(s, bucket)) starts.push(s);
  return starts;
}

/** One value per bucket of [from, to) for each key, zero where `points` has none; points outside the period are ignored. */
export function demandSeries<P extends { bucketStart: Date; quantity: string | number }>(
  points: readonly P[],
  keyOf: (point: P) => string,
  from: Date,
  to: Date,
  bucket: DemandBucket,
): Map<string, number[]> {
  const starts = bucketStarts(from, to, bucket);
  const index = new Map(starts.map((s, i) => [s.getTime(), i]));
  const series = new Map<string, number[]>();
  for (const point of points) {
    const i = index.get(bucketStart(point.bucketStart, bucket).getTime());
    if (i === undefined) continue;
    const key = keyOf(point);
    let values = series.get(key);
    if (!values) series.set(key, (values = new Array<number>(starts.length).fill(0)));
    values[i] += Number(point.quantity);
  }
  return series;
}
