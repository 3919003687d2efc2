import { bucketsOf, capacityLoad, isoWeekday, nextWorkingDay, operationMinutes, workOrderOperations, type CapacityCenter, type LoadOrder } from "./capacity-load";

const day = (iso: string) => Date.parse(iso) / 86_400_000;
// 2026-12-07 is a Monday
const MON = day("2026-12-07");
const weekdays: CapacityCenter = { id: 1, code: "ASSY", hoursPerDay: 8, workingDays: [1, 2, 3, 4, 5] };
const allWeek: CapacityCenter = { id: 2, code: "TEST", hoursPerDay: 2, workingDays: [1, 2, 3, 4, 5, 6, 7] };

const order = (id: number, at: number, ops: [string, number][], kind: LoadOrder["kind"] = "PLANNED_ORDER"): LoadOrder => ({
  kind, id, warehouseId: 1, materialId: 10, day: at, operations: ops.map(([workCenterCode, minutes]) => ({ workCenterCode, minutes })),
});

test("ISO weekdays and the next working day", () => {
  expect(isoWeekday(MON)).toBe(1);
  expect(isoWeekday(MON + 6)).toBe(7);
  expect(isoWeekday(day("1970-01-01"))).toBe(4);
  expect(nextWorkingDay(weekdays, MON + 5)).toBe(MON + 7); // Saturday → Monday
  expect(nextWorkingDay(weekdays, MON + 2)).toBe(MON + 2);
  expect(nextWorkingDay({ ...weekdays, workingDays: [] }, MON + 5)).toBe(MON + 5);
});

test("operation minutes: setup once plus run per unit; nothing for nothing left", () => {
  expect(operationMinutes({ setupMinutes: 30, runMinutesPerUnit: 1.5 }, 10)).toBe(45);
  expect(operationMinutes({ setupMinutes: 30, runMinutesPerUnit: 1.5 }, 10, true)).toBe(15);
  expect(operationMinutes({ setupMinutes: 30, runMinutesPerUnit: 1.5 }, 0)).toBe(0);
});

test("a work order's remaining operations: completed none, started without setup, pending in full", () => {
  const ops = workOrderOperations(100, [
    { workCenterCode: "SMT", setupMinutes: 60, runMinutesPerUnit: 1, status: "COMPLETED", goodQuantity: 100, scrapQuantity: 0 },
    { workCenterCode: "ASSY", setupMinutes: 20, runMinutesPerUnit: 2, status: "STARTED", goodQuantity: 38, scrapQuantity: 2 },
    { workCenterCode: "TEST", setupMinutes: 10, runMinutesPerUnit: 0.5, status: "PENDING", goodQuantity: 0, scrapQuantity: 0 },
    { workCenterCode: null, setupMinutes: 10, runMinutesPerUnit: 1, status: "PENDING", goodQuantity: 0, scrapQuantity: 0 },
  ]);
  expect(ops).toEqual([{ workCenterCode: "ASSY", minutes: 60 * 2 }, { workCenterCode: "TEST", minutes: 10 + 50 }]);
});

test("week buckets are ISO weeks clipped to the range; day buckets are days", () => {
  expect(bucketsOf(MON + 2, MON + 16, "WEEK")).toEqual([
    { start: MON + 2, end: MON + 6 }, { start: MON + 7, end: MON + 13 }, { start: MON + 14, end: MON + 16 },
  ]);
  expect(bucketsOf(MON, MON + 2, "DAY")).toEqual([0, 1, 2].map((i) => ({ start: MON + i, end: MON + i })));
});

test("load against available hours per week: an overload, the orders behind it, the weekend moved to Monday", () => {
  const orders = [
    order(1, MON, [["ASSY", 1200], ["TEST", 60]]), // 20 h of assembly
    order(2, MON + 3, [["ASSY", 1500]], "WORK_ORDER"), // 25 h
    order(3, MON + 5, [["ASSY", 600]]), // Saturday: ASSY works Monday → next week
    order(4, MON + 5, [["TEST", 90]]), // TEST works Saturdays
    order(5, MON + 30, [["ASSY", 600]]), // outside the range
  ];
  const [assy, test] = capacityLoad([weekdays, allWeek], orders, MON, MON + 13, "WEEK");
  // week 1: 45 h on 5 × 8 = 40 h
  expect(assy.buckets[0]).toMatchObject({ start: MON, end: MON + 6, loadMinutes: 2700, availableMinutes: 2400, overloaded: true });
  expect(assy.buckets[0].utilisation).toBeCloseTo(2700 / 2400, 12);
  expect(assy.buckets[0].orders.map((o) => [o.order.id, o.minutes])).toEqual([[2, 1500], [1, 1200]]);
  expect(assy.buckets[1]).toMatchObject({ loadMinutes: 600, availableMinutes: 2400, overloaded: false });
  expect(assy.buckets[1].orders.map((o) => o.order.id)).toEqual([3]);
  // TEST: 7 × 2 h = 14 h a week, Saturday's order stays on Saturday
  expect(test.buckets[0]).toMatchObject({ loadMinutes: 150, availableMinutes: 840, overloaded: false });
});

test("a clipped week has only its days' hours; a day without hours is overloaded by any load", () => {
  const [assy] = capacityLoad([weekdays], [order(1, MON + 4, [["ASSY", 1000]])], MON + 3, MON + 5, "WEEK");
  expect(assy.buckets).toHaveLength(1);
  expect(assy.buckets[0]).toMatchObject({ availableMinutes: 2 * 480, loadMinutes: 1000, overloaded: true });
  const [idle] = capacityLoad([{ ...weekdays, hoursPerDay: 0 }], [order(1, MON, [["ASSY", 1]])], MON, MON, "DAY");
  expect(idle.buckets[0]).toMatchObject({ availableMinutes: 0, utilisation: null, overloaded: true });
});

test("exactly full is not overloaded", () => {
  const [assy] = capacityLoad([weekdays], [order(1, MON, [["ASSY", 160], ["ASSY", 320]])], MON, MON, "DAY");
  expect(assy.buckets[0]).toMatchObject({ loadMinutes: 480, utilisation: 1, overloaded: false });
  expect(assy.buckets[0].orders).toHaveLength(1);
});
