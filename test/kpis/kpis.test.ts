/**
 * The KPIs over the real server: a warehouse of its own (KPI-1) gets a known day of history through the
 * graph — standard costs, receipts and issues, a count, purchase orders received on time and late, work
 * orders completed on time and late, an MRP suggestion released as an order, exceptions acknowledged and
 * resolved — then `refreshKpis` stores the
 * day and `kpis` must report what the test computes from that history by itself (docs/kpis.md).
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
/** the history the test posted, to compute the expected figures from */
const expected: Record<string, number> = {};
const ok = async (query: string, variables: Record<string, unknown> = {}, auth?: string) => {
  const res = await t.gql(query, variables, auth === undefined ? {} : { auth });
  expect(res.errors).toBeUndefined();
  return res.data;
};
const KPIS = `query($filter: KpiFilter) { kpis(filter: $filter) { kpi current series { day value } } }`;
const figures = async (filter: Record<string, unknown>, auth?: string) =>
  Object.fromEntries(((await ok(KPIS, { filter }, auth)).kpis as { kpi: string; current: number | null; series: { day: string; value: number | null }[] }[]).map((f) => [f.kpi, f]));
const receive = (materialCode: string, locationCode: string, quantity: string, purchaseOrderNumber?: string) =>
  ok(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`, { input: { materialCode, warehouseCode: "KPI-1", locationCode, quantity, purchaseOrderNumber, note: purchaseOrderNumber } });
const issue = (materialCode: string, locationCode: string, quantity: string) =>
  ok(`mutation($input: IssueStockInput!) { issueStock(input: $input) { replayed } }`, { input: { materialCode, warehouseCode: "KPI-1", locationCode, quantity, reasonCode: "PRODUCTION" } });
const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

beforeAll(async () => {
  t = await startTestHub({ demo: true, env: { COUNT_MAX_RECOUNTS: "0" } });
  await ok(`mutation { createWarehouse(input: { code: "KPI-1", name: "KPI store" }) { code } }`);
  for (const code of ["K-01", "K-02", "K-03"]) await ok(`mutation($input: LocationInput!) { createLocation(input: $input) { id } }`, { input: { warehouseCode: "KPI-1", code, name: code } });
  const cost = { "RELAY-10A": 2.5, "MCU-8BIT": 4, "SCREW-M3X8": 0.01 };
  for (const [materialCode, c] of Object.entries(cost)) {
    await ok(`mutation($input: StandardCostInput!) { setStandardCost(input: $input) { cost } }`, { input: { materialCode, cost: String(c), currency: "EUR" } });
  }
  // relays: 100 in, 30 used; microcontrollers: 10 in, all 10 used (out of stock with demand); screws: 1000 in
  await receive("RELAY-10A", "K-01", "100");
  await issue("RELAY-10A", "K-01", "30");
  await receive("MCU-8BIT", "K-03", "10");
  await issue("MCU-8BIT", "K-03", "10");
  await receive("SCREW-M3X8", "K-02", "1000");
  // a count of K-01 and K-02: the relays right, the screws 10 short (tolerance 0) — the screws are booked down to 990
  const session = (await ok(`mutation { createCountSession(input: { warehouseCode: "KPI-1", locationCodes: ["K-01", "K-02"], blind: false }) { countSession { number } } }`)).createCountSession.countSession.number;
  await ok(`mutation($n: String!) { startCountSession(number: $n) { replayed } }`, { n: session });
  for (const [locationCode, materialCode, countedQuantity] of [["K-01", "RELAY-10A", "70"], ["K-02", "SCREW-M3X8", "990"]]) {
    await ok(`mutation($input: RecordCountInput!) { recordCount(input: $input) { replayed } }`, { input: { number: session, locationCode, materialCode, countedQuantity } });
  }
  await ok(`mutation($n: String!) { submitCountSession(number: $n) { replayed } }`, { n: session });
  await ok(`mutation($n: String!) { approveCountSession(number: $n) { replayed } }`, { n: session });
  const lines = (await ok(`query($n: String!) { countSession(number: $n) { lines { countedQuantity bookQuantity } } }`, { n: session })).countSession.lines as { countedQuantity: string; bookQuantity: string }[];
  expected.countAccuracy = lines.filter((l) => Number(l.countedQuantity) === Number(l.bookQuantity)).length / lines.length;
  // purchase orders: relays due in the future, screws due yesterday; both received today
  await ok(`mutation($input: PurchaseOrderInput!) { syncPurchaseOrder(input: $input) { replayed } }`, { input: { number: "PO-K1", materialCode: "RELAY-10A", warehouseCode: "KPI-1", quantity: "10", dueDate: "2030-01-01" } });
  await ok(`mutation($input: PurchaseOrderInput!) { syncPurchaseOrder(input: $input) { replayed } }`, { input: { number: "PO-K2", materialCode: "SCREW-M3X8", warehouseCode: "KPI-1", quantity: "100", dueDate: yesterday } });
  await receive("RELAY-10A", "K-01", "10", "PO-K1");
  await receive("SCREW-M3X8", "K-02", "100", "PO-K2");
  const orders = (await ok(`{ purchaseOrders(filter: { warehouseCode: "KPI-1" }) { nodes { number createdAt status } } }`)).purchaseOrders.nodes as { number: string; createdAt: string; status: string }[];
  const receipts = (await ok(`{ stockLedger(filter: { warehouseCode: "KPI-1" }, first: 100) { nodes { type postedAt note } } }`)).stockLedger.nodes as { type: string; postedAt: string; note: string | null }[];
  expect(orders.map((o) => o.status)).toEqual(["RECEIVED", "RECEIVED"]);
  expected.purchaseCycleDays = mean(orders.map((o) => (Date.parse(receipts.find((r) => r.note === o.number)!.postedAt) - Date.parse(o.createdAt)) / DAY));
  expect(expected.purchaseCycleDays).toBeGreaterThan(0);
  // a made part without a cost, of one screw each: one order due yesterday, one due in 2030, both completed
  // today (5 screws each backflushed: demand)
  await ok(`mutation { createMaterial(input: { code: "KPI-PART", name: "KPI part", uomCode: "EA", type: MAKE }) { code } }`);
  await ok(`mutation { replaceBom(input: { materialCode: "KPI-PART", lines: [{ componentCode: "SCREW-M3X8", quantityPer: "1" }] }) { id } }`);
  for (const dueDate of [yesterday, "2030-01-01"]) {
    const wo = (await ok(`mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { workOrder { number } } }`, { input: { materialCode: "KPI-PART", warehouseCode: "KPI-1", quantity: "5", dueDate } })).createWorkOrder.workOrder.number;
    await ok(`mutation($n: String!) { startOperation(number: $n, sequence: 10) { workOrder { status } } }`, { n: wo });
    const done = await ok(`mutation($input: CompleteOperationInput!) { completeOperation(input: $input) { workOrder { status } } }`, { input: { number: wo, sequence: 10, goodQuantity: "5", locationCode: "K-01" } });
    expect(done.completeOperation.workOrder.status).toBe("COMPLETED");
  }
  // an MRP run for demand on relays suggests buying some; the suggestion is released as a purchase order
  await ok(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, { input: { materialCode: "RELAY-10A", warehouseCode: "KPI-1", quantity: "500", dueDate: "2030-01-07" } });
  const runId = (await ok(`mutation { startMrpRun(input: { warehouseCode: "KPI-1", bucket: WEEK, horizonBuckets: 8 }) { id } }`)).startMrpRun.id;
  const run = await until(async () => {
    const r = (await ok(`query($id: ID!) { mrpRun(id: $id) { status finishedAt } }`, { id: runId })).mrpRun;
    if (r.status === "FAILED") throw new Error("the MRP run failed");
    return r.status === "COMPLETED" && r.finishedAt;
  }, "the MRP run");
  const [suggestion] = (await ok(`{ purchaseSuggestions(warehouseCode: "KPI-1") { nodes { id } } }`)).purchaseSuggestions.nodes;
  const released = (await ok(`mutation($id: ID!) { releasePurchaseSuggestion(id: $id) { number } }`, { id: suggestion.id })).releasePurchaseSuggestion.number;
  const placed = (await ok(`{ purchaseOrders(filter: { warehouseCode: "KPI-1" }) { nodes { number createdAt } } }`)).purchaseOrders.nodes.find((o: { number: string }) => o.number === released);
  expected.suggestionToOrderDays = (Date.parse(placed.createdAt) - Date.parse(run)) / DAY;
  expect(expected.suggestionToOrderDays).toBeGreaterThan(0);
  // a work order short of everything raises a SHORTAGE exception: acknowledged, then resolved
  await ok(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "KPI-1", quantity: "1" }) { workOrder { status } } }`);
  const raised = (await ok(`{ exceptions(filter: { warehouseCode: "KPI-1" }) { nodes { id } } }`)).exceptions.nodes as { id: string }[];
  expect(raised.length).toBeGreaterThan(0);
  for (const { id } of raised) {
    await ok(`mutation($id: ID!) { acknowledgeException(id: $id) { status } }`, { id });
    await ok(`mutation($id: ID!) { resolveException(id: $id, note: "parts arrived") { status } }`, { id });
  }
  const handled = (await ok(`{ exceptions(filter: { warehouseCode: "KPI-1" }) { nodes { createdAt acknowledgedAt resolvedAt } } }`)).exceptions.nodes as { createdAt: string; acknowledgedAt: string; resolvedAt: string }[];
  expected.acknowledgeHours = mean(handled.map((e) => hours(e.createdAt, e.acknowledgedAt)));
  expected.resolveHours = mean(handled.map((e) => hours(e.createdAt, e.resolvedAt)));

  // what is on hand and was used, at the standard costs above: relays 70 + 10, microcontrollers 0, screws 990 + 100 − 10
  expected.inventoryValue = 80 * cost["RELAY-10A"] + 0 * cost["MCU-8BIT"] + 1080 * cost["SCREW-M3X8"];
  expected.consumptionValue = 30 * cost["RELAY-10A"] + 10 * cost["MCU-8BIT"] + 10 * cost["SCREW-M3X8"];
  const refreshed = await ok(`mutation { refreshKpis(warehouseCode: "KPI-1") { from to rows } }`);
  expect(refreshed.refreshKpis).toMatchObject({ from: yesterday, to: today });
}, 180_000);
afterAll(() => t?.stop());

test("each KPI of the warehouse's day is what its history says", async () => {
  const f = await figures({ warehouseCode: "KPI-1", from: today, to: today });
  const current = (kpi: string) => f[kpi].current;
  expect(current("INVENTORY_VALUE")).toBeCloseTo(expected.inventoryValue, 6);
  // the 30-day window holds this one day of stock and consumption: average inventory = value / 30
  expect(current("TURNOVER")).toBeCloseTo(expected.consumptionValue / (expected.inventoryValue / 30), 6);
  expect(current("DAYS_OF_SUPPLY")).toBeCloseTo(expected.inventoryValue / (expected.consumptionValue / 30), 6);
  expect(current("STOCKOUTS")).toBe(1);
  expect(current("COUNT_ACCURACY")).toBeCloseTo(expected.countAccuracy, 9);
  expect(expected.countAccuracy).toBe(0.5);
  expect(current("EXCEPTION_ACKNOWLEDGE_HOURS")).toBeCloseTo(expected.acknowledgeHours, 6);
  expect(current("EXCEPTION_RESOLVE_HOURS")).toBeCloseTo(expected.resolveHours, 6);
  expect(current("PURCHASE_CYCLE_DAYS")).toBeCloseTo(expected.purchaseCycleDays, 6);
  expect(current("SUPPLIER_ON_TIME")).toBe(0.5);
  expect(current("SCHEDULE_ADHERENCE")).toBe(0.5);
  expect(current("SUGGESTION_TO_ORDER_DAYS")).toBeCloseTo(expected.suggestionToOrderDays, 6);
  for (const figure of Object.values(f)) expect(figure.series).toEqual([{ day: today, value: figure.kpi === "STOCKOUTS" ? 1 : figure.current }]);
});

test("a material's days of supply are its on hand over its average daily demand; an ABC class sums its materials", async () => {
  const relays = await figures({ warehouseCode: "KPI-1", materialCode: "RELAY-10A", from: today, to: today });
  expect(relays.INVENTORY_VALUE.current).toBeCloseTo(80 * 2.5, 6);
  expect(relays.DAYS_OF_SUPPLY.current).toBeCloseTo(80 / (30 / 30), 6);
  expect(relays.STOCKOUTS.current).toBe(0);
  // class C in KPI-1: the screws only (relays and microcontrollers are class A in the demo plant)
  const classC = await figures({ warehouseCode: "KPI-1", abcClass: "C", from: today, to: today });
  expect(classC.INVENTORY_VALUE.current).toBeCloseTo(1080 * 0.01, 6);
  expect(classC.DAYS_OF_SUPPLY.current).toBeCloseTo(1080 / (10 / 30), 6);
  expect(classC.SUPPLIER_ON_TIME.current).toBe(0);
});

test("a series covers every day of the period; days before the history have nothing to measure", async () => {
  const f = await figures({ warehouseCode: "KPI-1", from: yesterday, to: today });
  expect(f.INVENTORY_VALUE.series).toEqual([{ day: yesterday, value: null }, { day: today, value: expect.any(Number) }]);
  expect(f.SUPPLIER_ON_TIME.series[0].value).toBeNull();
});

test("a user limited to a warehouse sees its figures only", async () => {
  const own = await t.token([Role.VIEWER], ["KPI-1"]);
  const other = await t.token([Role.VIEWER], ["DC-1"]);
  const mine = await figures({ from: today, to: today }, own);
  expect(mine.INVENTORY_VALUE.current).toBeCloseTo(expected.inventoryValue, 6);
  const theirs = await figures({ from: today, to: today }, other);
  expect(theirs.SUPPLIER_ON_TIME.current).toBeNull();
  const named = await t.gql(KPIS, { filter: { warehouseCode: "KPI-1" } }, { auth: other });
  expect(named.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  const refresh = await t.gql(`mutation { refreshKpis(warehouseCode: "KPI-1") { rows } }`, {}, { auth: await t.token([Role.PLANNER], ["DC-1"]) });
  expect(refresh.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  const viewer = await t.gql(`mutation { refreshKpis { rows } }`, {}, { auth: own });
  expect(viewer.errors?.[0].extensions?.code).toBe("FORBIDDEN");
});

test("bad input is refused with the field named, and a refused refresh writes nothing", async () => {
  const snapshot = async () => (await t.db.sql.query<{ h: string }>(`SELECT md5(COALESCE(string_agg(k::text, '|' ORDER BY k::text), '')) AS h FROM kpi_value k`))[0].h;
  const before = await snapshot();
  const cases: [string, Record<string, unknown>, string][] = [
    [KPIS, { filter: { from: today, to: yesterday } }, "from"],
    [KPIS, { filter: { from: "2020-01-01", to: today } }, "from"],
    [KPIS, { filter: { warehouseCode: "NO-SUCH" } }, "warehouseCode"],
    [KPIS, { filter: { materialCode: "NO-SUCH" } }, "materialCode"],
    [`mutation($from: Date, $to: Date) { refreshKpis(from: $from, to: $to) { rows } }`, { from: today, to: yesterday }, "from"],
    [`mutation($from: Date) { refreshKpis(from: $from) { rows } }`, { from: "2020-01-01" }, "from"],
    [`mutation { refreshKpis(warehouseCode: "NO-SUCH") { rows } }`, {}, "warehouseCode"],
  ];
  for (const [query, variables, field] of cases) {
    const res = await t.gql(query, variables);
    expect({ variables, code: res.errors?.[0].extensions?.code, field: res.errors?.[0].extensions?.field }).toEqual({ variables, code: "BAD_USER_INPUT", field });
  }
  expect(await snapshot()).toBe(before);
});

test("the business gauges on /metrics carry each warehouse's current figures", async () => {
  const text = await (await fetch(t.hub.url.replace(/\/graphql$/, "/metrics"))).text();
  const gauge = (name: string) => Number(text.match(new RegExp(`^hub_kpi_${name}\\{warehouse="KPI-1"\\} (\\S+)$`, "m"))?.[1]);
  expect(gauge("inventory_value")).toBeCloseTo(expected.inventoryValue, 6);
  expect(gauge("supplier_on_time")).toBe(0.5);
  expect(gauge("schedule_adherence")).toBe(0.5);
  expect(gauge("count_accuracy")).toBe(0.5);
});
