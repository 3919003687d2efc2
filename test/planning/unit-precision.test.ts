/**
 * Quantities respect the unit of measure's precision from MRP to the shop floor: a plan for an EA material
 * is in whole units (requirements rounded up), a KG material keeps its three decimals, and what is released
 * from the plan can be received or built exactly.
 *
 * The plant (weekly buckets from Monday 2026-11-30, lead times 0): 20 FG due 2026-12-07 (bucket 1).
 *   FG  (EA, make) = 6 RIVET + 3 % scrap, 1 SUB + 2.5 % scrap
 *   SUB (EA, make) = 0.01234 GLUE
 *   RIVET (EA): 20 × 6 × 1.03 = 123.6 → 124;  SUB: 20 × 1.025 = 20.5 → 21;  GLUE (KG, 3 decimals): 21 × 0.01234 = 0.25914 → 0.26
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";
import { RECEIVE } from "../stock/stock-fixture";

let t: TestHub;
const RUN = { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 4, startDate: "2026-11-30T00:00:00Z" };

beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0), ('KG', 'kilogram', 3)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  const create = `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`;
  for (const input of [
    { code: "FG", name: "Finished good", uomCode: "EA", type: "MAKE", leadTimeDays: 0 },
    { code: "SUB", name: "Sub-assembly", uomCode: "EA", type: "MAKE", leadTimeDays: 0 },
    { code: "RIVET", name: "Rivet", uomCode: "EA", type: "BUY", leadTimeDays: 0 },
    { code: "GLUE", name: "Glue", uomCode: "KG", type: "BUY", leadTimeDays: 0 },
  ]) expect((await t.gql(create, { input })).errors).toBeUndefined();
  const bom = `mutation($input: ReplaceBomInput!) { replaceBom(input: $input) { id } }`;
  expect((await t.gql(bom, { input: { materialCode: "FG", baseQuantity: "1", lines: [{ componentCode: "RIVET", quantityPer: "6", scrapPct: "3" }, { componentCode: "SUB", quantityPer: "1", scrapPct: "2.5" }] } })).errors).toBeUndefined();
  expect((await t.gql(bom, { input: { materialCode: "SUB", baseQuantity: "1", lines: [{ componentCode: "GLUE", quantityPer: "0.01234" }] } })).errors).toBeUndefined();
  const mps = await t.gql(`mutation { createMpsLine(input: { materialCode: "FG", warehouseCode: "W1", quantity: "20", dueDate: "2026-12-07T00:00:00Z" }) { id } }`);
  expect(mps.errors).toBeUndefined();
}, 120_000);
afterAll(() => t?.stop());

const PLAN = `query { plannedOrders(warehouseCode: "W1") { nodes { id material { code } quantity } }
  purchaseSuggestions(warehouseCode: "W1") { nodes { id material { code } quantity pegs { quantity } } } }`;

async function runMrp() {
  const started = await t.gql(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN });
  expect(started.errors).toBeUndefined();
  const id = started.data.startMrpRun.id;
  const run = await until(async () => {
    const r = (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status error } }`, { id })).data.mrpRun;
    return (r.status === "COMPLETED" || r.status === "FAILED") && r;
  }, "the MRP run to end");
  expect(run).toEqual({ status: "COMPLETED", error: null });
}

const byCode = (nodes: any[]) => Object.fromEntries(nodes.map((n) => [n.material.code, n]));

test("MRP plans whole units of EA materials, rounding requirements up, and KG to its decimals", async () => {
  await runMrp();
  const plan = (await t.gql(PLAN)).data;
  expect(Object.fromEntries(plan.plannedOrders.nodes.map((n: any) => [n.material.code, n.quantity]))).toEqual({ FG: "20", SUB: "21" });
  expect(Object.fromEntries(plan.purchaseSuggestions.nodes.map((n: any) => [n.material.code, n.quantity]))).toEqual({ RIVET: "124", GLUE: "0.26" });
  // the pegs of a suggestion still add up to it
  const rivet = byCode(plan.purchaseSuggestions.nodes).RIVET;
  expect(rivet.pegs.reduce((s: number, p: { quantity: string }) => s + Number(p.quantity), 0)).toBe(124);
});

test("the released purchase order can be received in full and is then RECEIVED", async () => {
  const rivet = byCode((await t.gql(PLAN)).data.purchaseSuggestions.nodes).RIVET;
  const released = await t.gql(`mutation($id: ID!) { releasePurchaseSuggestion(id: $id) { number } }`, { id: rivet.id });
  expect(released.errors).toBeUndefined();
  const number = released.data.releasePurchaseSuggestion.number;
  const receipt = await t.gql(RECEIVE, { input: { materialCode: "RIVET", warehouseCode: "W1", locationCode: "A1", quantity: "124", purchaseOrderNumber: number } });
  expect(receipt.errors).toBeUndefined();
  const [po] = await t.db.sql.query<{ quantity: string; received: string; status: string }>(
    `SELECT quantity::float8::text AS quantity, received_quantity::float8::text AS received, status::text FROM purchase_order WHERE number = $1`,
    [number],
  );
  expect(po).toEqual({ quantity: "124", received: "124", status: "RECEIVED" });
});

test("the released planned order becomes a work order of whole units with requirements rounded up", async () => {
  const sub = byCode((await t.gql(PLAN)).data.plannedOrders.nodes).SUB;
  const res = await t.gql(`mutation($id: ID!) { releasePlannedOrder(id: $id) { workOrderId } }`, { id: sub.id });
  expect(res.errors).toBeUndefined();
  const [wo] = await t.db.sql.query<{ quantity: string; required: string }>(
    `SELECT o.quantity::float8::text AS quantity, x.required::float8::text AS required FROM work_order o JOIN work_order_material x ON x.work_order_id = o.id WHERE o.id = $1`,
    [res.data.releasePlannedOrder.workOrderId],
  );
  expect(wo).toEqual({ quantity: "21", required: "0.26" });
});

test.each([
  ["a receipt", RECEIVE, { materialCode: "RIVET", warehouseCode: "W1", locationCode: "A1", quantity: "1.5" }, "quantity"],
  ["a work order", `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { replayed } }`, { materialCode: "SUB", warehouseCode: "W1", quantity: "2.5" }, "quantity"],
  ["a demand line", `mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, { materialCode: "GLUE", warehouseCode: "W1", quantity: "1.0001", dueDate: "2026-12-07T00:00:00Z" }, "quantity"],
])("%s with more decimals than the unit allows is refused naming the field", async (_label, doc, input, field) => {
  const res = await t.gql(doc, { input });
  expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
});
