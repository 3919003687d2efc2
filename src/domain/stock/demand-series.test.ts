import { bucketStart, bucketStarts, demandSeries } from "./demand-series";

const utc = (s: string) => new Date(`${s}T00:00:00Z`);

test("bucket starts are UTC midnight, Monday and the 1st", () => {
  const at = new Date("2026-11-26T17:45:00Z"); // a Thursday
  expect(bucketStart(at, "DAY")).toEqual(utc("2026-11-26"));
  expect(bucketStart(at, "WEEK")).toEqual(utc("2026-11-23"));
  expect(bucketStart(new Date("2026-11-29T23:59:00Z"), "WEEK")).toEqual(utc("2026-11-23")); // Sunday belongs to the week before
  expect(bucketStart(at, "MONTH")).toEqual(utc("2026-11-01"));
});

test("the buckets of a period include the partial ones at both ends", () => {
  expect(bucketStarts(utc("2026-01-15"), utc("2026-04-02"), "MONTH")).toEqual([utc("2026-01-01"), utc("2026-02-01"), utc("2026-03-01"), utc("2026-04-01")]);
  expect(bucketStarts(utc("2026-12-30"), utc("2027-01-02"), "DAY")).toHaveLength(3);
});

test("a dense series per key has zeros where nothing was consumed and ignores points outside", () => {
  const points = [
    { key: "a", bucketStart: utc("2026-03-02"), quantity: "4.5" },
    { key: "a", bucketStart: utc("2026-03-04"), quantity: "1" },
    { key: "b", bucketStart: utc("2026-03-03"), quantity: "2" },
    { key: "b", bucketStart: utc("2026-03-09"), quantity: "7" },
  ];
  const series = demandSeries(points, (p) => p.key, utc("2026-03-02"), utc("2026-03-05"), "DAY");
  expect(series.get("a")).toEqual([4.5, 0, 1]);
  expect(series.get("b")).toEqual([0, 2, 0]);
});
