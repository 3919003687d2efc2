/**
 * MRP through the graph: demand in, a run with progress over WebSocket, the persisted plan with pegging,
 * what-if without writes, release into purchase and work orders, and bad input writing nothing.
 *
 * The plant: FG (make, 7 days) = 2 × COMP (buy, 14 days, safety stock 10, 15 on hand). Weekly buckets
 * from Monday 2026-11-30. Demand: 10 FG due 2026-12-21 (bucket 3).
 *   FG:   gross 10 in bucket 3, nothing on hand → planned order 10 due 12-21, released 12-14 (bucket 2).
 *   COMP: gross 20 in bucket 2 (from the FG release); 15 on hand, keep 10 → net 10 + 20 − 15 = 15
 *         → purchase suggestion 15 due 12-14, ordered 11-30 (bucket 0, just in time).
 */
import type { Client } from "graphql-ws";
import { Role } from "../../src/auth/roles";
import { startTestHub, wsEvents, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
let mpsLineId: string;
const RUN = { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 8, startDate: "2026-11-30T00:00:00Z" };

beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  const create = `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`;
  for (const input of [
    { code: "FG", name: "Finished good", uomCode: "EA", type: "MAKE", leadTimeDays: 7 },
    { code: "COMP", name: "Component", uomCode: "EA", type: "BUY", leadTimeDays: 14, safetyStock: "10" },
  ]) expect((await t.gql(create, { input })).errors).toBeUndefined();
  const bom = await t.gql(`mutation { replaceBom(input: { materialCode: "FG", baseQuantity: "1", lines: [{ componentCode: "COMP", quantityPer: "2" }] }) { id } }`);
  expect(bom.errors).toBeUndefined();
  const receipt = await t.gql(`mutation { receiveStock(input: { materialCode: "COMP", warehouseCode: "W1", locationCode: "A1", quantity: "15" }) { replayed } }`);
  expect(receipt.errors).toBeUndefined();
}, 120_000);
afterAll(() => t?.stop());

const count = async (table: string) => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

const MPS = `mutation($input: MpsLineInput!, $key: String) { createMpsLine(input: $input, idempotencyKey: $key) { id quantity dueDate createdBy } }`;

test("the ERP posts demand once per idempotency key", async () => {
  const input = { materialCode: "FG", warehouseCode: "W1", quantity: "10", dueDate: "2026-12-21T00:00:00Z", source: "SALES_ORDER", reference: "SO-1001" };
  const first = await t.gql(MPS, { input, key: "so-1001" });
  expect(first.errors).toBeUndefined();
  const again = await t.gql(MPS, { input, key: "so-1001" });
  expect(again.data.createMpsLine.id).toBe(first.data.createMpsLine.id);
  const conflict = await t.gql(MPS, { input: { ...input, quantity: "11" }, key: "so-1001" });
  expect(conflict.errors?.[0].extensions?.code).toBe("CONFLICT");
  expect(await count("mps_line")).toBe(1);
  mpsLineId = first.data.createMpsLine.id;
});

test.each([
  ["a negative quantity", { quantity: "-5" }, "BAD_USER_INPUT"],
  ["a zero quantity", { quantity: "0" }, "BAD_USER_INPUT"],
  ["a fractional quantity of an EA material", { quantity: "1.5" }, "BAD_USER_INPUT"],
  ["an unknown material", { materialCode: "NOPE" }, "NOT_FOUND"],
  ["an unknown warehouse", { warehouseCode: "NOPE" }, "NOT_FOUND"],
])("demand with %s is refused and writes nothing", async (_label, change, code) => {
  const input = { materialCode: "FG", warehouseCode: "W1", quantity: "1", dueDate: "2026-12-21T00:00:00Z", ...change };
  const res = await t.gql(MPS, { input });
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(await count("mps_line")).toBe(1);
});

/** Starts a run and collects its progress events until it ends (resuming from event 0 misses nothing). */
async function runMrp(client: Client) {
  const started = await t.gql(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id status phase progress startedAt } }`, { input: RUN });
  expect(started.errors).toBeUndefined();
  const runId = started.data.startMrpRun.id;
  const progress = await wsEvents(
    client,
    `subscription($id: ID) { mrpRunProgress(runId: $id, afterEventId: "0") { runId status phase percent } }`,
    { id: runId },
    (seen) => ["COMPLETED", "FAILED"].includes(seen.at(-1).mrpRunProgress.status),
  );
  const events = progress.map((p) => p.mrpRunProgress);
  return { runId, started: started.data.startMrpRun, events };
}

const PLAN = `query { plannedOrders(warehouseCode: "W1") { totalCount nodes { id mrpRunId material { code } quantity releaseDate dueDate status pegs { mpsLineId pseudoDemand quantity } } }
  purchaseSuggestions(warehouseCode: "W1") { totalCount nodes { id mrpRunId material { code } quantity releaseDate dueDate status pegs { mpsLineId pseudoDemand quantity } } } }`;

test("a run reports its progress, records counts and timings, and its plan becomes the current one", async () => {
  const { runId, started, events } = await runMrp(t.ws());
  // one state machine: QUEUED → RUNNING (through its phases) → COMPLETED | FAILED; a phase only while RUNNING
  expect(started).toEqual({ id: runId, status: "QUEUED", phase: null, progress: 0, startedAt: null });
  expect(events.map((e) => [e.status, e.phase])).toEqual([
    ["QUEUED", null], ["RUNNING", "LOADING"], ["RUNNING", "PLANNING"], ["RUNNING", "PERSISTING"], ["COMPLETED", null],
  ]);
  expect(events.map((e) => e.percent)).toEqual([...events.map((e) => e.percent)].sort((a, b) => a - b));
  expect(events.at(-1)).toMatchObject({ status: "COMPLETED", percent: 100 });

  const run = (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status phase isCurrent counts timings startedAt } }`, { id: runId })).data.mrpRun;
  expect(run).toMatchObject({ status: "COMPLETED", phase: null, isCurrent: true, counts: { plannedOrders: 1, purchaseSuggestions: 1, demands: 1 } });
  expect(run.startedAt).not.toBeNull();
  expect(Object.keys(run.timings).sort()).toEqual([
    "computeMs", "loadMs", "persistAnalyseMs", "persistCompareMs", "persistMs", "persistPlannedOrdersMs", "persistPurchaseSuggestionsMs", "persistSwitchMs", "persistWritesMs", "totalMs",
  ]);

  const plan = (await t.gql(PLAN)).data;
  expect(plan.plannedOrders.nodes).toEqual([
    expect.objectContaining({ mrpRunId: runId, material: { code: "FG" }, quantity: "10", releaseDate: "2026-12-14T00:00:00.000Z", dueDate: "2026-12-21T00:00:00.000Z", status: "SUGGESTED", pegs: [{ mpsLineId, pseudoDemand: null, quantity: "10" }] }),
  ]);
  const [buy] = plan.purchaseSuggestions.nodes;
  expect(buy).toMatchObject({ material: { code: "COMP" }, quantity: "15", releaseDate: "2026-11-30T00:00:00.000Z", dueDate: "2026-12-14T00:00:00.000Z" });
  // pegged quantities add up to the suggestion, and the FG demand is among them
  expect(buy.pegs.reduce((s: number, p: { quantity: string }) => s + Number(p.quantity), 0)).toBe(15);
  expect(buy.pegs.some((p: { mpsLineId: string }) => p.mpsLineId === mpsLineId)).toBe(true);
});

const analysed = async () =>
  (await t.db.sql.query<{ relname: string; n: number }>(`SELECT relname, analyze_count::int AS n FROM pg_stat_user_tables WHERE relname IN ('planned_order', 'purchase_suggestion') ORDER BY relname`))
    .map((r) => `${r.relname} ${r.n}`);

test("a second run replaces the plan: readers only ever see one complete plan", async () => {
  const before = (await t.gql(PLAN)).data.plannedOrders.nodes[0].mrpRunId;
  const statisticsBefore = await analysed();
  const { runId } = await runMrp(t.ws());
  // the plan tables' statistics were refreshed with the run's rows (net change finds them by material then)
  const [orders, suggestions] = statisticsBefore.map((s) => Number(s.split(" ")[1]));
  await until(async () => (await analysed()).join() === `planned_order ${orders + 1},purchase_suggestion ${suggestions + 1}`, "the run's ANALYZE counted");
  const plan = (await t.gql(PLAN)).data;
  expect(plan.plannedOrders.totalCount).toBe(1);
  expect(plan.plannedOrders.nodes[0].mrpRunId).toBe(runId);
  expect(runId).not.toBe(before);
  const current = await t.db.sql.query(`SELECT id FROM mrp_run WHERE is_current`);
  expect(current).toHaveLength(1);
});

const WHAT_IF = `query($run: MrpRunInput!, $o: WhatIfInput!) { mrpWhatIf(run: $run, overrides: $o) {
  plannedOrders { material { code } quantity }
  exceptions { type materialId details }
  diff { added { material { code } quantity } removed { quantity } changed { before { quantity } after { material { code } quantity } quantityDelta fields } unchanged }
  periods { bucketStarts gross net plannedReceipts projectedAvailable plannedReleases } } }`;

test("what-if shows the effect of extra demand and changed lead time, and writes nothing", async () => {
  const rows = async () => [await count("mrp_run"), await count("planned_order"), await count("purchase_suggestion"), await count("exception"), await count("mps_line")];
  const before = await rows();
  const res = await t.gql(WHAT_IF, {
    run: RUN,
    o: { extraDemands: [{ materialCode: "FG", quantity: "5", dueDate: "2026-12-21T00:00:00Z" }], leadTimes: [{ materialCode: "COMP", leadTimeDays: 21 }], periodsOf: ["COMP"] },
  });
  expect(res.errors).toBeUndefined();
  const w = res.data.mrpWhatIf;
  // FG 10 → 15; COMP gross 30: 10 + 30 − 15 = 25, and with 21 days it should have been ordered a week before the start
  expect(w.diff.changed.map((c: any) => [c.after.material.code, c.before.quantity, c.after.quantity]).sort()).toEqual([["COMP", "15", "25"], ["FG", "10", "15"]]);
  expect(w.exceptions).toEqual([expect.objectContaining({ type: "LATE" })]);
  const comp = w.periods[0];
  expect(comp.gross.slice(0, 4)).toEqual(["0", "0", "30", "0"]);
  expect(comp.plannedReceipts.slice(0, 4)).toEqual(["0", "0", "25", "0"]);
  expect(comp.projectedAvailable.slice(0, 4)).toEqual(["15", "15", "10", "10"]);
  expect(await rows()).toEqual(before);
});

test.each([
  ["a horizon past the limit", { ...RUN, horizonBuckets: 105 }, "BAD_USER_INPUT"],
  ["no buckets", { ...RUN, horizonBuckets: 0 }, "BAD_USER_INPUT"],
  ["an unknown warehouse", { ...RUN, warehouseCode: "NOPE" }, "NOT_FOUND"],
])("a run with %s is refused and records nothing", async (_label, input, code) => {
  const before = await count("mrp_run");
  const res = await t.gql(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input });
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(await count("mrp_run")).toBe(before);
});

test("what-if refuses negative extra demand", async () => {
  const res = await t.gql(WHAT_IF, { run: RUN, o: { extraDemands: [{ materialCode: "FG", quantity: "-1", dueDate: "2026-12-21T00:00:00Z" }] } });
  expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "extraDemands[0].quantity" });
});

test("the database keeps the state machine: a phase only while RUNNING", async () => {
  const insert = (status: string, phase: string | null) =>
    t.db.sql.query(`INSERT INTO mrp_run (status, phase, warehouse_id, horizon_days, created_by) SELECT $1::"MrpRunStatus", $2, id, 56, 'other' FROM warehouse`, [status, phase]);
  try {
    await expect(insert("COMPLETED", "PERSISTING")).rejects.toThrow(/mrp_run_phase_only_while_running/);
    await expect(insert("QUEUED", "LOADING")).rejects.toThrow(/mrp_run_phase_only_while_running/);
    await expect(insert("RUNNING", null)).rejects.toThrow(/mrp_run_phase_only_while_running/);
  } finally {
    await t.db.sql.query(`DELETE FROM mrp_run WHERE created_by = 'other'`);
  }
});

test.each([
  ["queued", "QUEUED", null],
  ["running", "RUNNING", "PLANNING"],
])("only one run per warehouse at a time (another one %s)", async (_label, status, phase) => {
  await t.db.sql.query(
    `INSERT INTO mrp_run (status, phase, warehouse_id, horizon_days, started_at, created_by)
     SELECT $1::"MrpRunStatus", $2, id, 56, CASE WHEN $1 = 'RUNNING' THEN now() END, 'other' FROM warehouse`,
    [status, phase],
  );
  try {
    const res = await t.gql(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN });
    expect(res.errors?.[0].extensions?.code).toBe("CONFLICT");
  } finally {
    await t.db.sql.query(`DELETE FROM mrp_run WHERE created_by = 'other'`);
  }
});

test("a planner releases a suggestion into a purchase order once, and the next run counts it as a scheduled receipt", async () => {
  const [buy] = (await t.gql(PLAN)).data.purchaseSuggestions.nodes;
  const release = `mutation($id: ID!, $key: String) { releasePurchaseSuggestion(id: $id, idempotencyKey: $key) { purchaseOrderId number replayed } }`;
  const first = await t.gql(release, { id: buy.id, key: "rel-1" });
  expect(first.errors).toBeUndefined();
  expect((await t.gql(release, { id: buy.id, key: "rel-1" })).data.releasePurchaseSuggestion).toMatchObject({ purchaseOrderId: first.data.releasePurchaseSuggestion.purchaseOrderId, replayed: true });
  const again = (await t.gql(release, { id: buy.id })).errors?.[0];
  const { number, purchaseOrderId } = first.data.releasePurchaseSuggestion;
  expect(again?.extensions).toMatchObject({ code: "INVALID_STATE", purchaseOrderNumber: number, purchaseOrderId });
  expect(again?.message).toContain(number);
  const [po] = await t.db.sql.query<{ quantity: string; due: Date }>(`SELECT quantity::text, due_date AS due FROM purchase_order`);
  expect(po).toEqual({ quantity: "15.000000", due: new Date("2026-12-14T00:00:00Z") });

  await runMrp(t.ws());
  expect((await t.gql(PLAN)).data.purchaseSuggestions.totalCount).toBe(0);
});

test("a planned order is released into a work order linked to it; a viewer may not release", async () => {
  const [make] = (await t.gql(PLAN)).data.plannedOrders.nodes;
  const viewer = await t.token([Role.VIEWER]);
  const release = `mutation($id: ID!) { releasePlannedOrder(id: $id) { workOrderId } }`;
  expect((await t.gql(release, { id: make.id }, { auth: viewer })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
  const res = await t.gql(release, { id: make.id });
  expect(res.errors).toBeUndefined();
  const [wo] = await t.db.sql.query<{ quantity: string; planned: number }>(
    `SELECT quantity::text, planned_order_id AS planned FROM work_order WHERE id = $1`,
    [res.data.releasePlannedOrder.workOrderId],
  );
  expect(wo).toEqual({ quantity: "10.000000", planned: Number(make.id) });
  const { number } = (await t.gql(`query { workOrders(filter: { materialCode: "FG" }) { nodes { number } } }`)).data.workOrders.nodes[0];
  const again = (await t.gql(release, { id: make.id })).errors?.[0];
  expect(again?.extensions).toMatchObject({ code: "INVALID_STATE", workOrderNumber: number, workOrderId: res.data.releasePlannedOrder.workOrderId });
  expect(again?.message).toContain(number);
});
