/**
 * The KPIs as pure functions over daily sums of measures (docs/kpis.md has the definitions). A measure is
 * what the daily job stores per day, warehouse and material: a numerator and a denominator, so that any
 * filter adds rows up and a ratio stays a ratio of sums (never an average of averages).
 */
export const MEASURES = [
  "INVENTORY_VALUE", // closing on hand × standard cost; denominator 1 per valued material
  "CONSUMPTION_VALUE", // demand of the day × standard cost
  "STOCKOUT", // 1 when out of stock at the end of a day with demand in the window; denominator 1 per material with demand
  "COUNT_ACCURACY", // count lines within tolerance / lines, on the day the session was approved
  "EXCEPTION_ACKNOWLEDGE", // hours from raised to acknowledged / exceptions, on the day acknowledged
  "EXCEPTION_RESOLVE", // hours from raised to resolved / exceptions, on the day resolved
  "SUGGESTION_TO_ORDER", // days from MRP suggestion to purchase order / orders, on the day ordered
  "PURCHASE_CYCLE", // days from suggestion (or order, when none) to last receipt / orders, on the day received
  "SUPPLIER_ON_TIME", // orders received by their due day / orders received, on the day received
  "SCHEDULE_ADHERENCE", // work orders completed by their due day / completed, on the day completed
] as const;
export type Measure = (typeof MEASURES)[number];

export const KPIS = [
  "INVENTORY_VALUE", "TURNOVER", "DAYS_OF_SUPPLY", "STOCKOUTS", "COUNT_ACCURACY", "EXCEPTION_ACKNOWLEDGE_HOURS", "EXCEPTION_RESOLVE_HOURS",
  "SUGGESTION_TO_ORDER_DAYS", "PURCHASE_CYCLE_DAYS", "SUPPLIER_ON_TIME", "SCHEDULE_ADHERENCE",
] as const;
export type Kpi = (typeof KPIS)[number];

/** Days of history turnover, days of supply and the stockout rule look back over (the day itself included). */
export const WINDOW_DAYS = 30;

export interface Sums { numerator: number; denominator: number }
/** Per measure, the sums of each day of the series, oldest first (WINDOW_DAYS − 1 days before the first reported day included). */
export type DailySums = Record<Measure, Sums[]>;

export interface KpiFigure { kpi: Kpi; current: number | null; series: (number | null)[] }

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
const total = (s: readonly Sums[], key: keyof Sums) => s.reduce((t, x) => t + x[key], 0);

/**
 * Every KPI for the last `days` days of `sums` (which starts WINDOW_DAYS − 1 days earlier): a daily series and
 * the current value — for stock KPIs the last day's, for event KPIs (and stockouts) the whole period's.
 */
export function kpiFigures(sums: DailySums, days: number): KpiFigure[] {
  const lead = sums.INVENTORY_VALUE.length - days;
  const window = (m: Measure, i: number) => sums[m].slice(Math.max(0, lead + i - WINDOW_DAYS + 1), lead + i + 1);
  const reported = (m: Measure) => sums[m].slice(lead);
  const stock = (f: (i: number) => number | null): KpiFigure["series"] => Array.from({ length: days }, (_, i) => f(i));
  const turnover = (i: number) => {
    const w = window("INVENTORY_VALUE", i);
    return ratio(total(window("CONSUMPTION_VALUE", i), "numerator"), total(w, "numerator") / WINDOW_DAYS);
  };
  const daysOfSupply = (i: number) => ratio(sums.INVENTORY_VALUE[lead + i].numerator, total(window("CONSUMPTION_VALUE", i), "numerator") / WINDOW_DAYS);
  const events = (kpi: Kpi, m: Measure): KpiFigure => ({
    kpi,
    current: ratio(total(reported(m), "numerator"), total(reported(m), "denominator")),
    series: reported(m).map((s) => ratio(s.numerator, s.denominator)),
  });
  const last = <T>(xs: T[]) => (xs.length ? xs[xs.length - 1] : null);
  const value = stock((i) => (sums.INVENTORY_VALUE[lead + i].denominator ? sums.INVENTORY_VALUE[lead + i].numerator : null));
  const turns = stock(turnover);
  const supply = stock(daysOfSupply);
  const stockouts = stock((i) => (sums.STOCKOUT[lead + i].denominator ? sums.STOCKOUT[lead + i].numerator : null));
  return [
    { kpi: "INVENTORY_VALUE", current: last(value), series: value },
    { kpi: "TURNOVER", current: last(turns), series: turns },
    { kpi: "DAYS_OF_SUPPLY", current: last(supply), series: supply },
    { kpi: "STOCKOUTS", current: total(reported("STOCKOUT"), "numerator"), series: stockouts },
    events("COUNT_ACCURACY", "COUNT_ACCURACY"),
    events("EXCEPTION_ACKNOWLEDGE_HOURS", "EXCEPTION_ACKNOWLEDGE"),
    events("EXCEPTION_RESOLVE_HOURS", "EXCEPTION_RESOLVE"),
    events("SUGGESTION_TO_ORDER_DAYS", "SUGGESTION_TO_ORDER"),
    events("PURCHASE_CYCLE_DAYS", "PURCHASE_CYCLE"),
    events("SUPPLIER_ON_TIME", "SUPPLIER_ON_TIME"),
    events("SCHEDULE_ADHERENCE", "SCHEDULE_ADHERENCE"),
  ];
}

/** UTC calendar days as 'YYYY-MM-DD'. */
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}
