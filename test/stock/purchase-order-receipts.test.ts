/**
 * Receipts against purchase orders: the order's received quantity grows with each receipt that names
 * it, never past what was ordered (also with many receipts at once), and MRP counts only the rest as a
 * scheduled receipt. Refused receipts write nothing.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { assertStockConsistent, onHand, RECEIVE, seedPurchasingPlant, snapshot } from "./stock-fixture";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  await seedPurchasingPlant(t);
  // Orders as a release or the ERP leaves them: PO-1 for 20 RAW due in a week, PO-2 for 5 RAW cancelled.
  await t.db.sql.query(
    `INSERT INTO purchase_order (number, material_id, warehouse_id, quantity, due_date, status, created_by)
     SELECT n, (SELECT id FROM material WHERE code = 'RAW'), (SELECT id FROM warehouse WHERE code = 'W1'), q, '2026-12-07', s::"OrderStatus", 'erp'
       FROM (VALUES ('PO-1', 20, 'OPEN'), ('PO-2', 5, 'CANCELLED')) AS v(n, q, s)`,
  );
}, 60_000);
afterAll(() => t?.stop());

const line = (quantity: string, extra: Record<string, unknown> = {}) => ({ materialCode: "RAW", warehouseCode: "W1", locationCode: "A1", quantity, purchaseOrderNumber: "PO-1", ...extra });
const ORDERS = `{ purchaseOrders(filter: { materialCode: "RAW" }) { nodes { number quantity receivedQuantity status material { code } warehouse { code } } } }`;
const po1 = async () => (await t.gql(ORDERS)).data.purchaseOrders.nodes.find((p: { number: string }) => p.number === "PO-1");

test("a receipt naming its order books the quantity on it and links the ledger entry", async () => {
  const res = await t.gql(RECEIVE, { input: line("5") });
  expect(res.errors).toBeUndefined();
  expect(await po1()).toEqual({ number: "PO-1", quantity: "20", receivedQuantity: "5", status: "PARTIALLY_RECEIVED", material: { code: "RAW" }, warehouse: { code: "W1" } });
  const [entry] = await t.db.sql.query<{ po: string }>(`SELECT p.number AS po FROM stock_ledger_entry e JOIN purchase_order p ON p.id = e.purchase_order_id WHERE e.id = $1`, [res.data.receiveStock.entries[0].id]);
  expect(entry.po).toBe("PO-1");
});

test.each([
  ["more than is left on the order", line("16"), "OVER_RECEIPT"],
  ["an unknown order", line("1", { purchaseOrderNumber: "PO-404" }), "NOT_FOUND"],
  ["an order for another material", line("1", { materialCode: "OTHER" }), "BAD_USER_INPUT"],
  ["an order for another warehouse", line("1", { warehouseCode: "W2" }), "BAD_USER_INPUT"],
  ["a cancelled order", line("1", { purchaseOrderNumber: "PO-2" }), "INVALID_STATE"],
])("a receipt against %s is refused and writes nothing", async (_label, input, code) => {
  const before = await snapshot(t);
  const orderBefore = await po1();
  const res = await t.gql(RECEIVE, { input });
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(await snapshot(t)).toEqual(before);
  expect(await po1()).toEqual(orderBefore);
});

test("ten receipts of 4 at once against the 15 left: exactly three go through; the last 3 then close the order", async () => {
  const auth = await t.token([Role.STOREKEEPER]);
  const results = await Promise.all(Array.from({ length: 10 }, () => t.gql(RECEIVE, { input: line("4") }, { auth })));
  const codes = results.map((r) => r.errors?.[0].extensions?.code ?? "OK").sort();
  expect(codes).toEqual([...Array(3).fill("OK"), ...Array(7).fill("OVER_RECEIPT")]);
  expect(await po1()).toMatchObject({ receivedQuantity: "17", status: "PARTIALLY_RECEIVED" });
  expect((await t.gql(RECEIVE, { input: line("3") }, { auth })).errors).toBeUndefined();
  expect(await po1()).toMatchObject({ receivedQuantity: "20", status: "RECEIVED" });
  expect(await onHand(t, "RAW", "W1")).toBe("20");
  await assertStockConsistent(t);
  const closed = await t.gql(RECEIVE, { input: line("1") });
  expect(closed.errors?.[0].extensions?.code).toBe("INVALID_STATE");
});

test("MRP counts only what is still to come on an order", async () => {
  await t.db.sql.query(
    `INSERT INTO purchase_order (number, material_id, warehouse_id, quantity, received_quantity, due_date, status, created_by)
     SELECT 'PO-3', id, (SELECT id FROM warehouse WHERE code = 'W1'), 10, 4, '2026-12-07', 'PARTIALLY_RECEIVED', 'erp' FROM material WHERE code = 'RAW'`,
  );
  const res = await t.gql(
    `query($run: MrpRunInput!) { mrpWhatIf(run: $run, overrides: { periodsOf: ["RAW"] }) { periods { bucketStarts scheduledReceipts } } }`,
    { run: { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 4, startDate: "2026-11-30T00:00:00Z" } },
  );
  expect(res.errors).toBeUndefined();
  // PO-1 is received in full and PO-2 cancelled: only PO-3's open 6 are scheduled, in the week of 12-07
  expect(res.data.mrpWhatIf.periods[0].scheduledReceipts).toEqual(["0", "6", "0", "0"]);
});
