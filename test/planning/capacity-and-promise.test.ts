/**
 * Rough-cut capacity and available/capable to promise over the real server, on a small plant whose dates
 * are computed here from today (UTC): load per work center and bucket with its drill-down (scoped to the
 * caller's warehouses), CAPACITY exceptions raised once, after an MRP run and on demand, and resolved when
 * the load falls back; promise dates from stock, receipts, components, lead times and capacity; bad input.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
const ok = async (query: string, variables?: Record<string, unknown>, auth?: string) => {
  const res = await t.gql(query, variables, auth ? { auth } : undefined);
  if (res.errors) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(res.errors)}`);
  return res.data;
};

const DAY_MS = 86_400_000;
const now = new Date();
const TODAY = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
const day = (offset: number) => new Date(TODAY + offset * DAY_MS).toISOString().slice(0, 10);
/** this week's Monday, as an offset from today */
const MONDAY = -((now.getUTCDay() + 6) % 7);
/** the Monday of the week after next: the KIT orders land there */
const W = MONDAY + 14;

beforeAll(async () => {
  t = await startTestHub();
  for (const q of [
    `mutation { createUnit(input: { code: "EA", name: "each", precision: 0 }) { code } }`,
    `mutation { createWarehouse(input: { code: "W1", name: "Plant" }) { code } }`,
    `mutation { createWarehouse(input: { code: "W2", name: "Second plant" }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W1", code: "A1", name: "Rack", kind: STORAGE }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W2", code: "A1", name: "Rack", kind: STORAGE }) { code } }`,
    `mutation { createWorkCenter(input: { code: "ASSY", name: "Assembly", hoursPerDay: "8" }) { code } }`,
    `mutation { createWorkCenter(input: { code: "TEST", name: "Test bench", hoursPerDay: "2", workingDays: [7, 1, 2, 3, 4, 5, 6] }) { code } }`,
    `mutation { createWorkCenter(input: { code: "PACK", name: "Packing", hoursPerDay: "24", workingDays: [1, 2, 3, 4, 5, 6, 7] }) { code } }`,
    `mutation { createMaterial(input: { code: "PART", name: "Part", uomCode: "EA", type: BUY, leadTimeDays: 10 }) { code } }`,
    `mutation { createMaterial(input: { code: "KIT", name: "Kit", uomCode: "EA", type: MAKE, leadTimeDays: 2 }) { code } }`,
    `mutation { createMaterial(input: { code: "GADGET", name: "Gadget", uomCode: "EA", type: MAKE }) { code } }`,
    `mutation { createMaterial(input: { code: "WIDGET", name: "Widget", uomCode: "EA", type: MAKE, leadTimeDays: 3 }) { code } }`,
    `mutation { syncBom(input: { materialCode: "KIT", lines: [{ componentCode: "PART", quantityPer: "2" }] }) { revision } }`,
    `mutation { syncBom(input: { materialCode: "GADGET", lines: [{ componentCode: "PART", quantityPer: "1" }] }) { revision } }`,
    `mutation { syncBom(input: { materialCode: "WIDGET", lines: [{ componentCode: "PART", quantityPer: "2" }] }) { revision } }`,
    `mutation { syncRouting(input: { materialCode: "KIT", operations: [{ sequence: 10, name: "Assemble", workCenterCode: "ASSY", setupMinutes: "30", runMinutesPerUnit: "6" }] }) { sequence } }`,
    `mutation { syncRouting(input: { materialCode: "GADGET", operations: [{ sequence: 10, name: "Test", workCenterCode: "TEST", runMinutesPerUnit: "60" }] }) { sequence } }`,
    `mutation { syncRouting(input: { materialCode: "WIDGET", operations: [{ sequence: 10, name: "Pack", workCenterCode: "PACK", runMinutesPerUnit: "1" }] }) { sequence } }`,
    `mutation { receiveStock(input: { materialCode: "PART", warehouseCode: "W1", locationCode: "A1", quantity: "40" }) { replayed } }`,
    `mutation { receiveStock(input: { materialCode: "WIDGET", warehouseCode: "W1", locationCode: "A1", quantity: "2" }) { replayed } }`,
  ]) await ok(q);
  const wo = (material: string, warehouse: string, quantity: number, due: number) =>
    ok(`mutation { createWorkOrder(input: { materialCode: "${material}", warehouseCode: "${warehouse}", quantity: "${quantity}", dueDate: "${day(due)}" }) { workOrder { number } } }`);
  // KIT: lead time 2, so due on Wednesday and Thursday of week W they load Monday and Tuesday
  kit100 = (await wo("KIT", "W1", 100, W + 2)).createWorkOrder.workOrder.number;
  kit400 = (await wo("KIT", "W1", 400, W + 3)).createWorkOrder.workOrder.number;
  gadgetW2 = (await wo("GADGET", "W2", 1, W + 2)).createWorkOrder.workOrder.number;
}, 120_000);
afterAll(() => t?.stop());

let kit100: string;
let kit400: string;
let gadgetW2: string;

const LOAD = `query($wc: String, $from: Date!, $to: Date!, $bucket: PlanningBucket!) {
  capacityLoad(workCenterCode: $wc, from: $from, to: $to, bucket: $bucket) {
    workCenter { code } buckets { start end loadHours availableHours utilisation overloaded orders { kind workOrderNumber warehouseCode hours date quantity material { code } } } } }`;

const capacityExceptions = async () =>
  (await ok(`{ exceptions(filter: { types: [CAPACITY] }) { nodes { status message details warehouseId } } }`)).exceptions.nodes as {
    status: string; message: string; details: { workCenterCode: string; weekStart: string; loadHours: number; availableHours: number };
  }[];

describe("rough-cut capacity", () => {
  test("two KIT orders overload assembly in their week: 51 h of work for 40 h, and the orders behind it", async () => {
    const data = await ok(LOAD, { wc: "ASSY", from: day(W), to: day(W + 13), bucket: "WEEK" });
    const [assy] = data.capacityLoad;
    expect(assy.workCenter.code).toBe("ASSY");
    // (30 + 6 × 400) + (30 + 6 × 100) minutes; 5 working days × 8 h
    const load = (30 + 6 * 400 + 30 + 6 * 100) / 60;
    expect(assy.buckets[0]).toMatchObject({ start: day(W), end: day(W + 6), loadHours: load, availableHours: 40, overloaded: true });
    expect(assy.buckets[0].utilisation).toBeCloseTo(load / 40, 4);
    expect(assy.buckets[0].orders).toEqual([
      { kind: "WORK_ORDER", workOrderNumber: kit400, warehouseCode: "W1", hours: (30 + 2400) / 60, date: day(W + 1), quantity: "400", material: { code: "KIT" } },
      { kind: "WORK_ORDER", workOrderNumber: kit100, warehouseCode: "W1", hours: (30 + 600) / 60, date: day(W), quantity: "100", material: { code: "KIT" } },
    ]);
    expect(assy.buckets[1]).toMatchObject({ start: day(W + 7), end: day(W + 13), loadHours: 0, availableHours: 40, overloaded: false, orders: [] });
  });

  test("day buckets: a center working every day has hours on Sunday; without a work center, every active one", async () => {
    const data = await ok(LOAD, { from: day(W), to: day(W + 6), bucket: "DAY" });
    expect(data.capacityLoad.map((l: { workCenter: { code: string } }) => l.workCenter.code)).toEqual(["ASSY", "PACK", "TEST"]);
    const test = data.capacityLoad[2];
    expect(test.buckets).toHaveLength(7);
    expect(test.buckets.map((b: { availableHours: number }) => b.availableHours)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(test.buckets[2]).toMatchObject({ loadHours: 1, orders: [{ workOrderNumber: gadgetW2, warehouseCode: "W2" }] });
    const assy = data.capacityLoad[0];
    expect(assy.buckets.map((b: { availableHours: number }) => b.availableHours)).toEqual([8, 8, 8, 8, 8, 0, 0]);
    expect(assy.buckets[1]).toMatchObject({ loadHours: 40.5, overloaded: true });
  });

  test("an identity limited to W2 sees the plant's load but only W2's orders", async () => {
    const auth = await t.token([Role.VIEWER], ["W2"]);
    const data = await ok(LOAD, { from: day(W), to: day(W + 6), bucket: "WEEK" }, auth);
    const [assy, , test] = data.capacityLoad;
    expect(assy.buckets[0]).toMatchObject({ loadHours: 51, overloaded: true, orders: [] });
    expect(test.buckets[0].orders.map((o: { workOrderNumber: string }) => o.workOrderNumber)).toEqual([gadgetW2]);
  });

  test("a check raises one CAPACITY exception per overloaded work center and week, once", async () => {
    const first = await ok(`mutation { checkCapacity { overloaded raised resolved } }`);
    expect(first.checkCapacity).toEqual({ overloaded: 1, raised: 1, resolved: 0 });
    const again = await ok(`mutation { checkCapacity { overloaded raised resolved } }`);
    expect(again.checkCapacity).toEqual({ overloaded: 1, raised: 0, resolved: 0 });
    const open = await capacityExceptions();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ status: "OPEN", warehouseId: null, details: { workCenterCode: "ASSY", weekStart: day(W), loadHours: 51, availableHours: 40 } });
  });

  test("concurrent checks raise nothing twice", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => ok(`mutation { checkCapacity { raised } }`)));
    expect(results.every((r) => r.checkCapacity.raised === 0)).toBe(true);
    expect(await capacityExceptions()).toHaveLength(1);
  });

  test("a completed MRP run checks capacity: its planned GADGETs overload the test bench", async () => {
    // 20 GADGETs due on Wednesday of week W + 1: planned for release that day, 20 h of testing for 7 × 2 h
    await ok(`mutation { createMpsLine(input: { materialCode: "GADGET", warehouseCode: "W1", quantity: "20", dueDate: "${day(W + 9)}", source: SALES_ORDER }) { id } }`);
    const run = await ok(`mutation { startMrpRun(input: { warehouseCode: "W1", bucket: DAY, horizonBuckets: 60 }) { id } }`);
    await until(async () => (await ok(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: run.startMrpRun.id })).mrpRun.status === "COMPLETED", "the MRP run");
    await until(async () => (await capacityExceptions()).length === 2, "the capacity check after the run");
    const test = (await capacityExceptions()).find((e) => e.details.workCenterCode === "TEST")!;
    expect(test.details).toEqual({ workCenterCode: "TEST", weekStart: day(W + 7), loadHours: 20, availableHours: 14 });
    const data = await ok(LOAD, { wc: "TEST", from: day(W + 7), to: day(W + 13), bucket: "WEEK" });
    expect(data.capacityLoad[0].buckets[0].orders).toEqual([
      { kind: "PLANNED_ORDER", workOrderNumber: null, warehouseCode: "W1", hours: 20, date: day(W + 9), quantity: "20", material: { code: "GADGET" } },
    ]);
  });

  test("when the load falls back the exception is resolved", async () => {
    await ok(`mutation($n: String!) { cancelWorkOrder(number: $n) { replayed } }`, { n: kit400 });
    const check = await ok(`mutation { checkCapacity { overloaded raised resolved } }`);
    expect(check.checkCapacity).toEqual({ overloaded: 1, raised: 0, resolved: 1 });
    const assy = (await capacityExceptions()).find((e) => e.details.workCenterCode === "ASSY")!;
    expect(assy.status).toBe("RESOLVED");
  });
});

describe("available / capable to promise", () => {
  const PROMISE = `query($m: String!, $q: Decimal!) { promise(materialCode: $m, warehouseCode: "W1", quantity: $q) {
    quantity date source availableQuantity availableDate makeOrBuyQuantity limiting { kind code date } material { code } } }`;
  const promise = async (m: string, q: string) => (await ok(PROMISE, { m, q })).promise;

  beforeAll(async () => {
    // WIDGET: 2 in stock, 2 promised to a sales order in 20 days (a forecast is not committed), 10 from a work order in 7 days
    await ok(`mutation { createMpsLine(input: { materialCode: "WIDGET", warehouseCode: "W1", quantity: "2", dueDate: "${day(20)}", source: SALES_ORDER }) { id } }`);
    await ok(`mutation { createMpsLine(input: { materialCode: "WIDGET", warehouseCode: "W1", quantity: "100", dueDate: "${day(3)}", source: FORECAST }) { id } }`);
    // reserves 20 PART of 40
    await ok(`mutation { createWorkOrder(input: { materialCode: "WIDGET", warehouseCode: "W1", quantity: "10", dueDate: "${day(7)}" }) { workOrder { status } } }`);
    // PART: 30 more in 5 days
    await ok(`mutation { syncPurchaseOrder(input: { number: "PO-PART-1", materialCode: "PART", warehouseCode: "W1", quantity: "30", dueDate: "${day(5)}" }) { created } }`);
  });

  test("from stock: today", async () => {
    expect(await promise("WIDGET", "2")).toEqual({
      quantity: "2", date: day(0), source: "AVAILABLE", availableQuantity: "2", availableDate: day(0), makeOrBuyQuantity: "0", limiting: null, material: { code: "WIDGET" },
    });
  });

  test("from the work order's receipt: the day it is due (2 + 10 − 2 promised)", async () => {
    expect(await promise("WIDGET", "10")).toMatchObject({ date: day(7), source: "AVAILABLE", availableQuantity: "10", availableDate: day(7) });
  });

  test("beyond: 10 available, 15 made from PART that arrives with the purchase order", async () => {
    // 30 PART: 20 free now + 30 on day 5 → on day 5; make 15 then, 3 days' lead time
    expect(await promise("WIDGET", "25")).toMatchObject({
      date: day(8), source: "CAPABLE", availableQuantity: "10", availableDate: day(7), makeOrBuyQuantity: "15", limiting: { kind: "MATERIAL", code: "PART", date: day(5) },
    });
  });

  test("more PART than stock and receipts: bought in its 10 days' lead time", async () => {
    expect(await promise("WIDGET", "1000")).toMatchObject({ date: day(13), source: "CAPABLE", makeOrBuyQuantity: "990", limiting: { kind: "MATERIAL", code: "PART", date: day(10) } });
  });

  test("more than packing can do in the lead time: the work center sets the date", async () => {
    // 5990 minutes on 1440 a day from day 10: the fifth day
    expect(await promise("WIDGET", "6000")).toMatchObject({ date: day(14), source: "CAPABLE", limiting: { kind: "WORK_CENTER", code: "PACK", date: day(14) } });
  });

  test("a bought material: stock, then its lead time", async () => {
    expect(await promise("PART", "20")).toMatchObject({ date: day(0), source: "AVAILABLE" });
    expect(await promise("PART", "51")).toMatchObject({ date: day(10), availableQuantity: "50", availableDate: day(5), limiting: { kind: "MATERIAL", code: "PART", date: day(10) } });
  });
});

describe("bad input is refused, naming the field", () => {
  const code = async (query: string, variables: Record<string, unknown> = {}) => (await t.gql(query, variables)).errors?.[0].extensions;
  test.each([["0"], ["-1"], ["1.5"]])("promise of quantity %s", async (q) => {
    expect(await code(`query($q: Decimal!) { promise(materialCode: "WIDGET", warehouseCode: "W1", quantity: $q) { date } }`, { q })).toMatchObject({ code: "BAD_USER_INPUT", field: "quantity" });
  });
  test("promise of an unknown material or warehouse, or of none", async () => {
    expect(await code(`{ promise(materialCode: "NOPE", warehouseCode: "W1", quantity: "1") { date } }`)).toMatchObject({ code: "NOT_FOUND", entity: "Material", key: "NOPE" });
    expect(await code(`{ promise(materialCode: "WIDGET", warehouseCode: "NOPE", quantity: "1") { date } }`)).toMatchObject({ code: "NOT_FOUND", entity: "Warehouse" });
    expect(await code(`{ promise(warehouseCode: "W1", quantity: "1") { date } }`)).toMatchObject({ code: "BAD_USER_INPUT", field: "material" });
  });
  test("a load from after to, or over too many buckets, or of an unknown work center", async () => {
    expect(await code(LOAD, { from: day(5), to: day(4), bucket: "DAY" })).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
    expect(await code(LOAD, { from: day(0), to: day(366), bucket: "DAY" })).toMatchObject({ code: "BAD_USER_INPUT", field: "to", max: 366 });
    expect((await t.gql(LOAD, { from: day(0), to: day(365), bucket: "DAY" })).errors).toBeUndefined();
    expect(await code(LOAD, { from: day(MONDAY), to: day(MONDAY + 104 * 7), bucket: "WEEK" })).toMatchObject({ code: "BAD_USER_INPUT", field: "to", max: 104 });
    expect(await code(LOAD, { wc: "NOPE", from: day(0), to: day(1), bucket: "DAY" })).toMatchObject({ code: "NOT_FOUND", entity: "WorkCenter" });
  });
  test("working days out of 1 to 7, repeated or none", async () => {
    for (const days of ["[0]", "[8]", "[1, 1]", "[]"]) {
      expect(await code(`mutation { createWorkCenter(input: { code: "BAD", name: "Bad", hoursPerDay: "8", workingDays: ${days} }) { code } }`)).toMatchObject({ code: "BAD_USER_INPUT", field: "workingDays" });
    }
  });
});
