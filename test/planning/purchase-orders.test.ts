/**
 * Purchase orders placed in the ERP: synced into the hub by number (created, changed, cancelled), so that
 * MRP counts them as scheduled receipts; what was received stays. Refusals write nothing.
 */
import { Role } from "../../src/auth/roles";
import { RECEIVE, seedPurchasingPlant } from "../stock/stock-fixture";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
let erp: string;
beforeAll(async () => {
  t = await startTestHub();
  await seedPurchasingPlant(t);
  erp = await t.token([Role.INTEGRATION]);
}, 60_000);
afterAll(() => t?.stop());

const SYNC = `mutation($input: PurchaseOrderInput!, $key: String) {
  syncPurchaseOrder(input: $input, idempotencyKey: $key) { number created replayed purchaseOrder { quantity receivedQuantity status dueDate supplier } } }`;
const CANCEL = `mutation($n: String!) { cancelPurchaseOrder(number: $n) { number purchaseOrder { quantity receivedQuantity status } } }`;
const order = (extra: Record<string, unknown> = {}) => ({ number: "4500001", materialCode: "RAW", warehouseCode: "W1", quantity: "10", dueDate: "2026-12-07T00:00:00Z", supplier: "ACME", ...extra });
const orders = async () => t.db.sql.query<{ number: string; quantity: string; status: string }>(`SELECT number, quantity::float8::text AS quantity, status::text FROM purchase_order ORDER BY number`);
/** What MRP would count for RAW in W1, by week from 2026-11-30. */
const scheduled = async () =>
  (await t.gql(`query($run: MrpRunInput!) { mrpWhatIf(run: $run, overrides: { periodsOf: ["RAW"] }) { periods { scheduledReceipts } } }`, {
    run: { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 4, startDate: "2026-11-30T00:00:00Z" },
  })).data.mrpWhatIf.periods[0].scheduledReceipts;

test("the ERP creates an order once per key; MRP counts it as a scheduled receipt; the change is audited", async () => {
  const first = await t.gql(SYNC, { input: order(), key: "po-4500001-v1" }, { auth: erp });
  expect(first.errors).toBeUndefined();
  expect(first.data.syncPurchaseOrder).toEqual({
    number: "4500001", created: true, replayed: false, purchaseOrder: { quantity: "10", receivedQuantity: "0", status: "OPEN", dueDate: "2026-12-07T00:00:00.000Z", supplier: "ACME" },
  });
  const again = await t.gql(SYNC, { input: order(), key: "po-4500001-v1" }, { auth: erp });
  expect(again.data.syncPurchaseOrder).toMatchObject({ created: true, replayed: true });
  expect(await orders()).toEqual([{ number: "4500001", quantity: "10", status: "OPEN" }]);
  expect(await scheduled()).toEqual(["0", "10", "0", "0"]);
  const [audit] = await t.db.sql.query<{ actor: string; action: string }>(`SELECT actor, action FROM audit_log WHERE entity = 'PurchaseOrder'`);
  expect(audit).toEqual({ actor: "user:test-integration", action: "create" });
});

test("a changed quantity and due date move the scheduled receipt", async () => {
  const res = await t.gql(SYNC, { input: order({ quantity: "12", dueDate: "2026-12-14T00:00:00Z" }) }, { auth: erp });
  expect(res.data.syncPurchaseOrder).toMatchObject({ created: false, purchaseOrder: { quantity: "12", status: "OPEN" } });
  expect(await scheduled()).toEqual(["0", "0", "12", "0"]);
});

test.each([
  ["a zero quantity", order({ quantity: "0" }), "BAD_USER_INPUT"],
  ["a negative quantity", order({ quantity: "-3" }), "BAD_USER_INPUT"],
  ["a fractional quantity of an EA material", order({ quantity: "1.5" }), "BAD_USER_INPUT"],
  ["an empty number", order({ number: "  " }), "BAD_USER_INPUT"],
  ["an unknown material", order({ number: "4500009", materialCode: "NOPE" }), "NOT_FOUND"],
  ["another material for an existing order", order({ materialCode: "OTHER" }), "BAD_USER_INPUT"],
  ["another warehouse for an existing order", order({ warehouseCode: "W2" }), "BAD_USER_INPUT"],
])("an order with %s is refused and writes nothing", async (_label, input, code) => {
  const before = await orders();
  const res = await t.gql(SYNC, { input }, { auth: erp });
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(await orders()).toEqual(before);
});

test("an order cannot be cut below what was received; at exactly that it is received", async () => {
  expect((await t.gql(RECEIVE, { input: { materialCode: "RAW", warehouseCode: "W1", locationCode: "A1", quantity: "4", purchaseOrderNumber: "4500001" } })).errors).toBeUndefined();
  const below = await t.gql(SYNC, { input: order({ quantity: "3" }) }, { auth: erp });
  expect(below.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "quantity", received: "4" });
  const exact = await t.gql(SYNC, { input: order({ quantity: "4" }) }, { auth: erp });
  expect(exact.data.syncPurchaseOrder.purchaseOrder).toMatchObject({ quantity: "4", receivedQuantity: "4", status: "RECEIVED" });
  const more = await t.gql(SYNC, { input: order({ quantity: "9" }) }, { auth: erp });
  expect(more.data.syncPurchaseOrder.purchaseOrder).toMatchObject({ quantity: "9", status: "PARTIALLY_RECEIVED" });
});

test("cancelling closes a part-received order at what came and cancels an untouched one; a viewer or another warehouse may not", async () => {
  const viewer = await t.gql(CANCEL, { n: "4500001" }, { auth: await t.token([Role.VIEWER]) });
  expect(viewer.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  const elsewhere = await t.gql(CANCEL, { n: "4500001" }, { auth: await t.token([Role.PLANNER], ["W2"]) });
  expect(elsewhere.errors?.[0].extensions?.code).toBe("NOT_FOUND"); // another warehouse's order looks missing
  const closed = await t.gql(CANCEL, { n: "4500001" }, { auth: erp });
  expect(closed.data.cancelPurchaseOrder.purchaseOrder).toEqual({ quantity: "4", receivedQuantity: "4", status: "RECEIVED" });
  await t.gql(SYNC, { input: order({ number: "4500002" }) }, { auth: erp });
  const cancelled = await t.gql(CANCEL, { n: "4500002" }, { auth: erp });
  expect(cancelled.data.cancelPurchaseOrder.purchaseOrder).toMatchObject({ status: "CANCELLED" });
  expect((await t.gql(CANCEL, { n: "4500002" }, { auth: erp })).errors?.[0].extensions?.code).toBe("INVALID_STATE");
  expect((await t.gql(SYNC, { input: order({ number: "4500002" }) }, { auth: erp })).errors?.[0].extensions?.code).toBe("INVALID_STATE");
  expect((await t.gql(CANCEL, { n: "4599999" }, { auth: erp })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  expect(await scheduled()).toEqual(["0", "0", "0", "0"]);
});

test("ten syncs of a new order at once create it once; the others change it", async () => {
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => t.gql(SYNC, { input: order({ number: "4500010", quantity: String(10 + i) }) }, { auth: erp })),
  );
  expect(results.map((r) => r.errors)).toEqual(results.map(() => undefined));
  expect(results.filter((r) => r.data.syncPurchaseOrder.created)).toHaveLength(1);
  const [row] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM purchase_order WHERE number = '4500010'`);
  expect(row.n).toBe(1);
});
