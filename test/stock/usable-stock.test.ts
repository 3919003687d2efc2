/**
 * One rule for usable stock (outside quarantine locations; no lot, or a released lot not expired), the same
 * for availability, reservations, issues and MRP: an expired lot is stock nobody may plan with.
 *
 * W1 holds 10 GEL in lot OLD (expired), 4 in lot HELD (quarantined) and 5 in lot NEW (good until 2099);
 * 12 GEL are wanted on 2026-12-07 (weekly buckets from 2026-11-30).
 */
import { RECEIVE } from "./stock-fixture";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
const RUN = { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 4, startDate: "2026-11-30T00:00:00Z" };

beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  const created = await t.gql(`mutation { createMaterial(input: { code: "GEL", name: "Gel", uomCode: "EA", type: BUY, leadTimeDays: 0, lotTracked: true }) { id } }`);
  expect(created.errors).toBeUndefined();
  for (const [lotCode, quantity, expiresAt] of [["OLD", "10", "2026-01-01T00:00:00Z"], ["HELD", "4", null], ["NEW", "5", "2099-01-01T00:00:00Z"]] as const) {
    const res = await t.gql(RECEIVE, { input: { materialCode: "GEL", warehouseCode: "W1", locationCode: "A1", quantity, lotCode, expiresAt } });
    expect(res.errors).toBeUndefined();
  }
  await t.db.sql.query(`UPDATE lot SET qc_status = 'QUARANTINE' WHERE code = 'HELD'`);
  const demand = await t.gql(`mutation { createMpsLine(input: { materialCode: "GEL", warehouseCode: "W1", quantity: "12", dueDate: "2026-12-07T00:00:00Z" }) { id } }`);
  expect(demand.errors).toBeUndefined();
}, 120_000);
afterAll(() => t?.stop());

test("availability counts only the released, unexpired lot", async () => {
  const res = await t.gql(`{ stockAvailability(materialCode: "GEL", warehouseCode: "W1") { onHand available blocked } }`);
  expect(res.data.stockAvailability).toEqual([{ onHand: "19", available: "5", blocked: "14" }]);
});

test("MRP plans from the same usable stock: the expired lot is not counted as available", async () => {
  const whatIf = await t.gql(`query($run: MrpRunInput!) { mrpWhatIf(run: $run, overrides: { periodsOf: ["GEL"] }) { periods { initialAvailable } } }`, { run: RUN });
  expect(whatIf.errors).toBeUndefined();
  expect(whatIf.data.mrpWhatIf.periods).toEqual([{ initialAvailable: "5" }]);

  const started = await t.gql(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN });
  expect(started.errors).toBeUndefined();
  const id = started.data.startMrpRun.id;
  const status = await until(async () => {
    const s = (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id })).data.mrpRun.status;
    return s !== "QUEUED" && s !== "RUNNING" && s;
  }, "the MRP run to end");
  expect(status).toBe("COMPLETED");
  const plan = await t.gql(`{ purchaseSuggestions(warehouseCode: "W1") { nodes { material { code } quantity dueDate } } }`);
  expect(plan.data.purchaseSuggestions.nodes).toEqual([{ material: { code: "GEL" }, quantity: "7", dueDate: "2026-12-07T00:00:00.000Z" }]);
});

test("an issue takes only usable stock, and the expired lot named explicitly is refused", async () => {
  const ISSUE = `mutation($input: IssueStockInput!) { issueStock(input: $input) { entries { quantity lot { code } } } }`;
  const tooMuch = await t.gql(ISSUE, { input: { materialCode: "GEL", warehouseCode: "W1", quantity: "6" } });
  expect(tooMuch.errors?.[0].extensions?.code).toBe("INSUFFICIENT_STOCK");
  const expired = await t.gql(ISSUE, { input: { materialCode: "GEL", warehouseCode: "W1", quantity: "1", lotCode: "OLD" } });
  expect(expired.errors?.[0].extensions?.code).toBe("LOT_NOT_RELEASED");
  const ok = await t.gql(ISSUE, { input: { materialCode: "GEL", warehouseCode: "W1", quantity: "5" } });
  expect(ok.data.issueStock.entries).toEqual([{ quantity: "-5", lot: { code: "NEW" } }]);
});
