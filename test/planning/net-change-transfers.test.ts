/**
 * Net change and transfers between warehouses planned each on its own (NET_CHANGE=1, real server): shipping a
 * transfer posts at both ends (out of the source, in transit at the destination), so both warehouses' plans follow
 * it — the destination counts what is on its way as a scheduled receipt on the transfer's due date, as a full run
 * does — and so do its receipt and the cancellation of what was not shipped.
 *
 * COMP (buy, 14 days): SRC holds 100; DST needs 50 on 2026-12-28, weekly buckets from Monday 2026-11-30.
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
const RUN = (warehouseCode: string) => ({ warehouseCode, bucket: "WEEK", horizonBuckets: 8, startDate: "2026-11-30T00:00:00Z" });

const ok = async (query: string, variables?: Record<string, unknown>) => {
  const res = await t.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
};

const SUPPLIES = `query($w: String!) { purchaseSuggestions(warehouseCode: $w, first: 100) { nodes { material { code } quantity dueDate } } }`;
const WHAT_IF = `query($run: MrpRunInput!) { mrpWhatIf(run: $run, overrides: {}) { purchaseSuggestions { material { code } quantity dueDate } } }`;
type Supply = { material: { code: string }; quantity: string; dueDate: string };
const comparable = (supplies: Supply[]) => supplies.map((s) => `${s.material.code} ${s.quantity} ${s.dueDate.slice(0, 10)}`).sort();
const current = async (warehouseCode: string) => comparable((await ok(SUPPLIES, { w: warehouseCode })).purchaseSuggestions.nodes);
const fullRun = async (warehouseCode: string) => comparable((await ok(WHAT_IF, { run: RUN(warehouseCode) })).mrpWhatIf.purchaseSuggestions);
/** Waits until the warehouse's current plan is what a full run plans now, and returns it. */
const untilFullRun = async (warehouseCode: string, what: string) => {
  const expected = await fullRun(warehouseCode);
  await until(async () => JSON.stringify(await current(warehouseCode)) === JSON.stringify(expected), what);
  return expected;
};

beforeAll(async () => {
  t = await startTestHub({ env: { NET_CHANGE: "1" } });
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('SRC', 'Plant'), ('DST', 'Distribution center')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  await ok(`mutation { createMaterial(input: { code: "COMP", name: "Component", uomCode: "EA", type: BUY, leadTimeDays: 14 }) { id } }`);
  await ok(`mutation { receiveStock(input: { materialCode: "COMP", warehouseCode: "SRC", locationCode: "A1", quantity: "100" }) { replayed } }`);
  await ok(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, {
    input: { materialCode: "COMP", warehouseCode: "DST", quantity: "50", dueDate: "2026-12-28T00:00:00Z", source: "SALES_ORDER" },
  });
  for (const warehouseCode of ["SRC", "DST"]) {
    const runId = (await ok(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN(warehouseCode) })).startMrpRun.id;
    await until(async () => (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: runId })).data.mrpRun.status === "COMPLETED", `the run of ${warehouseCode}`);
  }
}, 120_000);
afterAll(() => t?.stop());

test("a shipped transfer is the destination's scheduled receipt in its current plan, as in a full run", async () => {
  expect(await current("DST")).toEqual(["COMP 50 2026-12-28"]);
  const created = await ok(`mutation { createTransfer(input: { materialCode: "COMP", fromWarehouseCode: "SRC", toWarehouseCode: "DST", quantity: "30", dueDate: "2026-12-21" }) { transferOrder { number } } }`);
  const number = created.createTransfer.transferOrder.number;
  await ok(`mutation($n: String!) { shipTransfer(input: { number: $n, quantity: "20" }) { replayed } }`, { n: number });
  // 50 needed on 12-28, 20 on their way due 12-21: 30 to buy
  expect(await untilFullRun("DST", "the destination's plan to count the transfer on its way")).toEqual(["COMP 30 2026-12-28"]);
  await untilFullRun("SRC", "the source's plan to follow the shipment");

  // the rest shipped, then part of it received: what is still on its way stays a scheduled receipt
  await ok(`mutation($n: String!) { shipTransfer(input: { number: $n }) { replayed } }`, { n: number });
  expect(await untilFullRun("DST", "the destination's plan to follow the second shipment")).toEqual(["COMP 20 2026-12-28"]);
  await ok(`mutation($n: String!) { receiveTransfer(input: { number: $n, quantity: "25" }) { replayed } }`, { n: number });
  expect(await untilFullRun("DST", "the destination's plan to follow the receipt")).toEqual(["COMP 20 2026-12-28"]);
});
