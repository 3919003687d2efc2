/**
 * The living demo as `npm start` loads it, on the embedded database: a plant with history and work in hand,
 * every list of the graph that the console shows non-empty, and the ledger whole.
 */
import { DEMO_HISTORY_DAYS } from "../../src/demo/demo-history";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ embedded: true, demo: "living" });
}, 600_000);
afterAll(() => t?.stop());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

test("demand, open purchase orders and a completed MRP run that is the plant's current plan", async () => {
  const res = await t.gql(`{
    mpsLines(first: 100) { totalCount nodes { source material { code } } }
    purchaseOrders(first: 10) { totalCount }
    mrpRuns(first: 5) { nodes { status isCurrent counts } }
    plannedOrders(warehouseCode: "PLANT-1", first: 1) { totalCount }
    purchaseSuggestions(warehouseCode: "PLANT-1", first: 1) { totalCount }
  }`);
  expect(res.errors).toBeUndefined();
  const d = res.data;
  expect(new Set(d.mpsLines.nodes.map((l: { source: string }) => l.source))).toEqual(new Set(["FORECAST", "SALES_ORDER"]));
  expect(new Set(d.mpsLines.nodes.map((l: { material: { code: string } }) => l.material.code))).toEqual(new Set(["TOASTER-2S", "KETTLE-17"]));
  expect(d.purchaseOrders.totalCount).toBeGreaterThan(0);
  // today's run is the current plan; the history's weekly runs before it are kept (all but the newest few purged)
  expect(d.mrpRuns.nodes[0]).toEqual(expect.objectContaining({ status: "COMPLETED", isCurrent: true }));
  expect(d.mrpRuns.nodes.slice(1).every((r: { isCurrent: boolean }) => !r.isCurrent)).toBe(true);
  expect(d.plannedOrders.totalCount).toBeGreaterThan(0);
  expect(d.purchaseSuggestions.totalCount).toBeGreaterThan(0);
});

test("work orders in every state", async () => {
  const res = await t.gql(`{ workOrders(first: 100) { nodes { status material { code } } } }`);
  expect(res.errors).toBeUndefined();
  const statuses = new Set(res.data.workOrders.nodes.map((w: { status: string }) => w.status));
  expect(statuses).toEqual(new Set(["RELEASED", "SHORT", "IN_PROGRESS", "COMPLETED", "CLOSED", "CANCELLED"]));
});

test("open exceptions (a shortage, the plan's, equipment) and open alarms in both warehouses", async () => {
  const res = await t.gql(`{
    exceptions(filter: { statuses: [OPEN] }, first: 200) { totalCount nodes { type } }
    alarms(open: true) { totalCount nodes { severity warehouseCode deviceCode } }
  }`);
  expect(res.errors).toBeUndefined();
  const types = new Set(res.data.exceptions.nodes.map((e: { type: string }) => e.type));
  for (const type of ["SHORTAGE", "EQUIPMENT"]) expect(types).toContain(type);
  expect(types.size).toBeGreaterThanOrEqual(3);
  expect(new Set(res.data.alarms.nodes.map((a: { warehouseCode: string }) => a.warehouseCode))).toEqual(new Set(["PLANT-1", "DC-1"]));
});

test(`a ledger of receipts and issues over ${DEMO_HISTORY_DAYS} days, hash chain and balances intact`, async () => {
  const res = await t.gql(`query($from: DateTimeISO!, $recent: DateTimeISO!) {
    opening: stockLedger(first: 500, filter: { to: $from }) { totalCount }
    receipts: stockLedger(first: 1, filter: { type: RECEIPT, from: $from }) { totalCount }
    issues: stockLedger(first: 1, filter: { type: ISSUE, from: $from }) { totalCount }
    lastMonth: stockLedger(first: 1, filter: { type: ISSUE, from: $recent }) { totalCount }
    shipped: stockLedger(first: 1, filter: { warehouseCode: "DC-1", materialCode: "TOASTER-2S", type: ISSUE }) { totalCount }
    verifyLedger { ok entriesChecked }
    stockIntegrity { ok }
  }`, { from: daysAgo(DEMO_HISTORY_DAYS - 1), recent: daysAgo(30) });
  expect(res.errors).toBeUndefined();
  const d = res.data;
  // the opening stock was posted the day the plant opened, the history after it
  expect(d.opening.totalCount).toBeGreaterThan(30);
  expect(d.receipts.totalCount).toBeGreaterThan(20);
  expect(d.issues.totalCount).toBeGreaterThan(300);
  expect(d.lastMonth.totalCount).toBeGreaterThan(100);
  expect(d.shipped.totalCount).toBeGreaterThan(50);
  expect(d.verifyLedger.ok).toBe(true);
  expect(d.stockIntegrity).toEqual({ ok: true });
});

test("the plant's rules: a low A item gets a suggestion to max, a shortage open two hours is escalated; the dry run over the history runs", async () => {
  const res = await t.gql(`{ rules { name topic enabled warehouseCode actions } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.rules.map((r: { topic: string; enabled: boolean; warehouseCode: string }) => [r.topic, r.enabled, r.warehouseCode])).toEqual([
    ["stock.low", true, "PLANT-1"],
    ["exception.aging", true, "PLANT-1"],
  ]);
  const dry = await t.gql(`query($id: ID) { dryRunRule(ruleId: $id, days: 30) { eventId error actions { type } } }`, { id: "1" });
  expect(dry.errors).toBeUndefined();
  for (const f of dry.data.dryRunRule) expect(f.actions.map((a: { type: string }) => a.type)).toEqual(["PURCHASE_SUGGESTION", "NOTIFY"]);
});

test("classes, safety stocks and reorder points are computed from the history before the first plan", async () => {
  const res = await t.gql(`{ inventoryPolicies(warehouseCode: "PLANT-1") { material { code abcClass xyzClass classifiedAt } safetyStock reorderPoint } }`);
  expect(res.errors).toBeUndefined();
  const policies = res.data.inventoryPolicies as { material: { abcClass: string | null; xyzClass: string | null; classifiedAt: string | null }; safetyStock: string; reorderPoint: string }[];
  expect(policies.length).toBeGreaterThan(5);
  expect(policies.some((p) => Number(p.safetyStock) > 0)).toBe(true);
  for (const p of policies) expect(Number(p.reorderPoint)).toBeGreaterThanOrEqual(Number(p.safetyStock));
  expect(new Set(policies.map((p) => p.material.abcClass))).toEqual(new Set(["A", "B", "C"]));
  expect(policies.every((p) => p.material.classifiedAt !== null && p.material.xyzClass !== null)).toBe(true);
});
