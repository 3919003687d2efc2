/**
 * Forecast consumption: sales orders consume the forecast of their material in their period, so that MRP
 * plans for max(forecast, sales orders) per bucket, not their sum. MPS lines are firm and add up.
 *
 * WIDGET (EA, buy, lead time 0), weekly buckets from Monday 2026-11-30:
 *   week of 12-07: forecast 100, sales orders 30 and 10   → 100 (60 forecast left + 40 ordered)
 *   week of 12-14: sales order 20, no forecast               → 20
 *   week of 12-21: forecast 10, sales order 25, MPS line 5    → 30 (25 ordered, forecast consumed, + 5 firm)
 *   week of 12-28: forecast 8 in another warehouse            → nothing here
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
const ids: Record<string, string> = {};
const RUN = { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 6, startDate: "2026-11-30T00:00:00Z" };

beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant'), ('W2', 'Store')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  const created = await t.gql(`mutation { createMaterial(input: { code: "WIDGET", name: "Widget", uomCode: "EA", type: BUY, leadTimeDays: 0 }) { id } }`);
  expect(created.errors).toBeUndefined();
  const lines: [string, string, string, string, string?][] = [
    ["F1", "FORECAST", "100", "2026-12-08"],
    ["S1", "SALES_ORDER", "30", "2026-12-09"],
    ["S2", "SALES_ORDER", "10", "2026-12-11"],
    ["S3", "SALES_ORDER", "20", "2026-12-15"],
    ["F3", "FORECAST", "10", "2026-12-21"],
    ["S4", "SALES_ORDER", "25", "2026-12-23"],
    ["M3", "MPS", "5", "2026-12-22"],
    ["F4", "FORECAST", "8", "2026-12-29", "W2"],
  ];
  for (const [name, source, quantity, day, warehouseCode = "W1"] of lines) {
    const res = await t.gql(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, {
      input: { materialCode: "WIDGET", warehouseCode, quantity, dueDate: `${day}T00:00:00Z`, source, reference: name },
    });
    expect(res.errors).toBeUndefined();
    ids[res.data.createMpsLine.id] = name;
  }
}, 120_000);
afterAll(() => t?.stop());

test("a run plans max(forecast, sales orders) per week, pegging what is left of the forecast", async () => {
  const started = await t.gql(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN });
  expect(started.errors).toBeUndefined();
  const id = started.data.startMrpRun.id;
  const status = await until(async () => {
    const s = (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id })).data.mrpRun.status;
    return (s === "COMPLETED" || s === "FAILED") && s;
  }, "the MRP run to end");
  expect(status).toBe("COMPLETED");
  const plan = await t.gql(`{ purchaseSuggestions(warehouseCode: "W1") { nodes { quantity dueDate pegs { mpsLineId quantity } } } }`);
  const suggestions = plan.data.purchaseSuggestions.nodes.map((n: any) => ({
    week: n.dueDate.slice(0, 10),
    quantity: n.quantity,
    pegs: Object.fromEntries(n.pegs.map((p: any) => [ids[p.mpsLineId], p.quantity])),
  }));
  expect(suggestions).toEqual([
    { week: "2026-12-07", quantity: "100", pegs: { F1: "60", S1: "30", S2: "10" } },
    { week: "2026-12-14", quantity: "20", pegs: { S3: "20" } },
    { week: "2026-12-21", quantity: "30", pegs: { S4: "25", M3: "5" } },
  ]);
});

test("what-if shows the consumed demand in the period record", async () => {
  const res = await t.gql(`query($run: MrpRunInput!) { mrpWhatIf(run: $run, overrides: { periodsOf: ["WIDGET"] }) { periods { gross } } }`, { run: RUN });
  expect(res.errors).toBeUndefined();
  expect(res.data.mrpWhatIf.periods[0].gross).toEqual(["0", "100", "20", "30", "0", "0"]);
});
