/**
 * Rough-cut capacity as plain functions over plain data: which work each order puts on which work center
 * and day, and the load per work center and bucket against the hours it has.
 *
 * Calendar: a work center works `hoursPerDay` on each of its `workingDays` (ISO weekdays, default Monday
 * to Friday); no holidays. Work placed on a day it does not work moves to its next working day.
 * Buckets: DAY = one calendar day; WEEK = an ISO week (Monday to Sunday), the first and last clipped to
 * the range asked for. Days are UTC calendar days as numbers (days since 1970-01-01, see `utcDay`).
 */
import type { PlanningBucket } from "../mrp";

export interface CapacityCenter {
  id: number;
  code: string;
  hoursPerDay: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday */
  workingDays: readonly number[];
}

export type LoadOrderKind = "PLANNED_ORDER" | "WORK_ORDER";

/** One operation of an order still to be done: its setup (unless done) and run minutes for what is left. */
export interface LoadOperation {
  workCenterCode: string;
  minutes: number;
}

/** An order that loads work centers, on the day its work is placed (before moving to a working day). */
export interface LoadOrder {
  kind: LoadOrderKind;
  id: number;
  warehouseId: number;
  materialId: number;
  day: number;
  operations: readonly LoadOperation[];
}

export interface OrderLoad<O extends LoadOrder = LoadOrder> {
  order: O;
  minutes: number;
  /** the working day its work landed on */
  day: number;
}

export interface CapacityBucket<O extends LoadOrder = LoadOrder> {
  /** first and last day of the bucket (clipped to the range) */
  start: number;
  end: number;
  loadMinutes: number;
  availableMinutes: number;
  /** load ÷ available; null when nothing is available */
  utilisation: number | null;
  overloaded: boolean;
  /** the orders that make the load, largest first */
  orders: OrderLoad<O>[];
}

export interface CenterLoad<O extends LoadOrder = LoadOrder> {
  center: CapacityCenter;
  buckets: CapacityBucket<O>[];
}

/** Below this many minutes a difference is rounding, not an overload. */
const EPSILON_MINUTES = 1e-6;

export const isoWeekday = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

export const worksOn = (center: CapacityCenter, day: number) => center.workingDays.includes(isoWeekday(day));

/** The day itself when the center works then, else its next working day (a center with no working days: the day). */
export function nextWorkingDay(center: CapacityCenter, day: number): number {
  for (let d = day; d < day + 7; d++) if (worksOn(center, d)) return d;
  return day;
}

/** Minutes of one operation for `quantity` units: setup (once, unless already done) plus run per unit. */
export function operationMinutes(op: { setupMinutes: number; runMinutesPerUnit: number }, quantity: number, setupDone = false): number {
  if (quantity <= 0) return 0;
  return (setupDone ? 0 : op.setupMinutes) + op.runMinutesPerUnit * quantity;
}

/** A work order's operations still to do: a completed one none; a started one its run for what is left, setup done. */
export function workOrderOperations(
  quantity: number,
  ops: readonly { workCenterCode: string | null; setupMinutes: number; runMinutesPerUnit: number; status: string; goodQuantity: number; scrapQuantity: number }[],
): LoadOperation[] {
  return ops
    .filter((o) => o.workCenterCode !== null && o.status !== "COMPLETED")
    .map((o) => ({ workCenterCode: o.workCenterCode!, minutes: operationMinutes(o, quantity - o.goodQuantity - o.scrapQuantity, o.status === "STARTED") }))
    .filter((o) => o.minutes > 0);
}

/** The buckets of [from, to]: days, or ISO weeks clipped to the range. */
export function bucketsOf(from: number, to: number, bucket: PlanningBucket): { start: number; end: number }[] {
  const result: { start: number; end: number }[] = [];
  for (let start = from; start <= to; ) {
    const end = bucket === "DAY" ? start : Math.min(to, start + (7 - isoWeekday(start)));
    result.push({ start, end });
    start = end + 1;
  }
  return result;
}

/**
 * Load and available hours per work center and bucket over [from, to]. An order's operation loads its
 * work center on the order's day moved to the center's next working day; work outside the range is left
 * out. Operations at a work center not among `centers` are ignored.
 */
export function capacityLoad<O extends LoadOrder>(centers: readonly CapacityCenter[], orders: readonly O[], from: number, to: number, bucket: PlanningBucket): CenterLoad<O>[] {
  const spans = bucketsOf(from, to, bucket);
  const result = centers.map((center) => ({
    center,
    buckets: spans.map(({ start, end }) => {
      let days = 0;
      for (let d = start; d <= end; d++) if (worksOn(center, d)) days++;
      return { start, end, loadMinutes: 0, availableMinutes: days * center.hoursPerDay * 60, utilisation: null, overloaded: false, orders: [] } as CapacityBucket<O>;
    }),
  }));
  const byCode = new Map(result.map((r) => [r.center.code, r]));
  for (const order of orders) {
    for (const op of order.operations) {
      const at = byCode.get(op.workCenterCode);
      if (!at || op.minutes <= 0) continue;
      const day = nextWorkingDay(at.center, order.day);
      if (day < from || day > to) continue;
      const b = at.buckets[bucketIndex(spans, day)];
      b.loadMinutes += op.minutes;
      const same = b.orders.find((o) => o.order === order);
      if (same) same.minutes += op.minutes;
      else b.orders.push({ order, minutes: op.minutes, day });
    }
  }
  for (const { buckets } of result) {
    for (const b of buckets) {
      b.utilisation = b.availableMinutes > 0 ? b.loadMinutes / b.availableMinutes : null;
      b.overloaded = b.loadMinutes - b.availableMinutes > EPSILON_MINUTES;
      b.orders.sort((x, y) => y.minutes - x.minutes || x.order.kind.localeCompare(y.order.kind) || x.order.id - y.order.id);
    }
  }
  return result;
}

/** Spans are contiguous and sorted: binary search for the one holding the day. */
function bucketIndex(spans: readonly { start: number; end: number }[], day: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
