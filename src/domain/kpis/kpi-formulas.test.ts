import { addDays, daysBetween, kpiFigures, MEASURES, WINDOW_DAYS, type DailySums, type Sums } from "./kpi-formulas";

/** `lead + days` days of zeros, with the given measures' sums set on the given day indexes (0 = first look-back day). */
function sums(days: number, set: Partial<Record<keyof DailySums, Record<number, Sums>>>): DailySums {
  const total = WINDOW_DAYS - 1 + days;
  return Object.fromEntries(
    MEASURES.map((m) => [m, Array.from({ length: total }, (_, i) => set[m]?.[i] ?? { numerator: 0, denominator: 0 })]),
  ) as DailySums;
}
const figure = (s: DailySums, days: number, kpi: string) => kpiFigures(s, days).find((f) => f.kpi === kpi)!;
const lead = WINDOW_DAYS - 1;

test("turnover and days of supply look back over the window: stock 100 every day, 60 consumed in it", () => {
  const inventory = Object.fromEntries(Array.from({ length: lead + 2 }, (_, i) => [i, { numerator: 100, denominator: 1 }]));
  // 30 consumed on the second look-back day (in both reported days' windows), 30 on the last day (in its own only)
  const s = sums(2, { INVENTORY_VALUE: inventory, CONSUMPTION_VALUE: { 1: { numerator: 30, denominator: 1 }, [lead + 1]: { numerator: 30, denominator: 1 } } });
  expect(figure(s, 2, "TURNOVER").series).toEqual([30 / 100, 60 / 100]);
  expect(figure(s, 2, "DAYS_OF_SUPPLY").series).toEqual([100 / (30 / 30), 100 / (60 / 30)]);
  expect(figure(s, 2, "INVENTORY_VALUE")).toEqual({ kpi: "INVENTORY_VALUE", current: 100, series: [100, 100] });
});

test("event KPIs are ratios of sums over the period, never averages of daily ratios", () => {
  const s = sums(2, { SUPPLIER_ON_TIME: { [lead]: { numerator: 1, denominator: 1 }, [lead + 1]: { numerator: 0, denominator: 3 } } });
  const onTime = figure(s, 2, "SUPPLIER_ON_TIME");
  expect(onTime.series).toEqual([1, 0]);
  expect(onTime.current).toBe(1 / 4);
});

test("nothing to measure is null; stockouts add up over the period", () => {
  const s = sums(3, { STOCKOUT: { [lead]: { numerator: 1, denominator: 2 }, [lead + 2]: { numerator: 2, denominator: 2 } } });
  expect(figure(s, 3, "STOCKOUTS")).toEqual({ kpi: "STOCKOUTS", current: 3, series: [1, null, 2] });
  expect(figure(s, 3, "COUNT_ACCURACY")).toEqual({ kpi: "COUNT_ACCURACY", current: null, series: [null, null, null] });
  expect(figure(s, 3, "DAYS_OF_SUPPLY").series).toEqual([null, null, null]);
});

test("calendar days run across month and year ends", () => {
  expect(daysBetween("2026-12-30", "2027-01-02")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]);
  expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
});
