/**
 * Net-change planning through the real server (NET_CHANGE=1): after a full run, stock movements, demand,
 * purchase orders, forecast overrides and master data (lead times, BOMs) posted through the graph change the
 * current plan and its open planning exceptions within seconds without a new run, and many clients posting at
 * once leave the plan equal to what a full run plans from the same data.
 *
 * The plant: FG (make, 7 days) = 2 × SUB (make, 7 days) = 3 × COMP (buy, 14 days, safety stock 10, 15 on hand);
 * weekly buckets from Monday 2026-11-30, demand 10 FG due 2026-12-28 (bucket 4).
 *   FG 10 due 12-28, released 12-21 → SUB 20 due 12-21, released 12-14 → COMP gross 60 in bucket 2:
 *   10 + 60 − 15 = 55, suggested for 12-14.
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
let runId: string;
const RUN = { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 8, startDate: "2026-11-30T00:00:00Z" };

const PEGS = `pegs { mpsLineId pseudoDemand quantity }`;
const PLAN = `query { plannedOrders(warehouseCode: "W1", first: 100) { nodes { mrpRunId kind material { code } quantity releaseDate dueDate ${PEGS} } }
  purchaseSuggestions(warehouseCode: "W1", first: 100) { nodes { mrpRunId kind material { code } quantity releaseDate dueDate ${PEGS} } } }`;
const WHAT_IF = `query($run: MrpRunInput!) { mrpWhatIf(run: $run, overrides: {}) {
  plannedOrders { kind material { code } quantity releaseDate dueDate ${PEGS} }
  purchaseSuggestions { kind material { code } quantity releaseDate dueDate ${PEGS} }
  exceptions { type materialId message } } }`;
const OPEN_EXCEPTIONS = `query { exceptions(filter: { warehouseCode: "W1", types: [LATE, EXCESS, UNCOVERED_DEMAND], statuses: [OPEN, ACKNOWLEDGED] }, first: 100) {
  nodes { type materialId message mrpRunId } } }`;

interface Supply { mrpRunId?: string; kind: string; material: { code: string }; quantity: string; releaseDate: string; dueDate: string; pegs: { mpsLineId: string | null; pseudoDemand: string | null; quantity: string }[] }

/** Supplies compared by what they say, whatever their ids and date formats (a what-if names the forecast's demand by a negative id, a stored plan FORECAST). */
const comparable = (supplies: Supply[]) =>
  supplies
    .map((s) => [s.kind, s.material.code, s.quantity, s.releaseDate.slice(0, 10), s.dueDate.slice(0, 10), s.pegs.map((p) => `${Number(p.mpsLineId) < 0 ? "FORECAST" : (p.mpsLineId ?? p.pseudoDemand)}=${p.quantity}`).sort().join(",")].join(" "))
    .sort();

const currentPlan = async () => {
  const res = await t.gql(PLAN);
  expect(res.errors).toBeUndefined();
  return [...res.data.plannedOrders.nodes, ...res.data.purchaseSuggestions.nodes] as Supply[];
};

/** What a full run would plan now from the same data (a what-if without overrides writes nothing). */
const fullRunPlan = async () => {
  const res = await t.gql(WHAT_IF, { run: RUN });
  expect(res.errors).toBeUndefined();
  return comparable([...res.data.mrpWhatIf.plannedOrders, ...res.data.mrpWhatIf.purchaseSuggestions]);
};

/** The current run's open planning exceptions, and a full run's on the same data, comparable. */
const openExceptions = async () => {
  const res = await t.gql(OPEN_EXCEPTIONS);
  expect(res.errors).toBeUndefined();
  const nodes = res.data.exceptions.nodes as { type: string; materialId: string; message: string; mrpRunId: string }[];
  expect(new Set(nodes.map((e) => e.mrpRunId))).toEqual(new Set(nodes.length ? [runId] : []));
  return nodes.map((e) => `${e.type} ${e.materialId} ${e.message}`).sort();
};
const fullRunExceptions = async () => {
  const res = await t.gql(WHAT_IF, { run: RUN });
  expect(res.errors).toBeUndefined();
  return (res.data.mrpWhatIf.exceptions as { type: string; materialId: string; message: string }[]).map((e) => `${e.type} ${e.materialId} ${e.message}`).sort();
};
/** Waits until the current plan (supplies and open exceptions) is what a full run plans now. */
const untilFullRun = async (what: string) => {
  const supplies = await fullRunPlan();
  const exceptions = await fullRunExceptions();
  await until(async () => JSON.stringify(comparable(await currentPlan())) === JSON.stringify(supplies) && JSON.stringify(await openExceptions()) === JSON.stringify(exceptions), what);
};

const ok = async (query: string, variables?: Record<string, unknown>) => {
  const res = await t.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
};

const receive = (code: string, quantity: string) =>
  ok(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`, { input: { materialCode: code, warehouseCode: "W1", locationCode: "A1", quantity } });
const issue = (code: string, quantity: string) =>
  ok(`mutation($input: IssueStockInput!) { issueStock(input: $input) { replayed } }`, { input: { materialCode: code, warehouseCode: "W1", quantity } });
const quantityOf = (supplies: Supply[], code: string) => supplies.filter((s) => s.material.code === code).map((s) => s.quantity);

beforeAll(async () => {
  // debug: the planner logs a report of each cycle ("net change")
  t = await startTestHub({ env: { NET_CHANGE: "1", LOG_LEVEL: "debug" } });
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  for (const input of [
    { code: "FG", name: "Finished good", uomCode: "EA", type: "MAKE", leadTimeDays: 7 },
    { code: "SUB", name: "Subassembly", uomCode: "EA", type: "MAKE", leadTimeDays: 7 },
    { code: "COMP", name: "Component", uomCode: "EA", type: "BUY", leadTimeDays: 14, safetyStock: "10" },
  ]) await ok(`mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, { input });
  await ok(`mutation { replaceBom(input: { materialCode: "FG", baseQuantity: "1", lines: [{ componentCode: "SUB", quantityPer: "2" }] }) { id } }`);
  await ok(`mutation { replaceBom(input: { materialCode: "SUB", baseQuantity: "1", lines: [{ componentCode: "COMP", quantityPer: "3" }] }) { id } }`);
  await receive("COMP", "15");
  await ok(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, {
    input: { materialCode: "FG", warehouseCode: "W1", quantity: "10", dueDate: "2026-12-28T00:00:00Z", source: "SALES_ORDER" },
  });
  runId = (await ok(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN })).startMrpRun.id;
  await until(async () => (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: runId })).data.mrpRun.status === "COMPLETED", "the full run");
}, 120_000);
afterAll(() => t?.stop());

const netChangeAt = async () => (await ok(`query($id: ID!) { mrpRun(id: $id) { isCurrent netChangeAt } }`, { id: runId })).mrpRun;

test("a stock movement through the graph changes the current plan's suggestions within seconds, without a new run", async () => {
  expect(quantityOf(await currentPlan(), "COMP")).toEqual(["55"]);
  // the planner may still be catching up on what came before the run (re-planning it changes nothing)
  const before = await netChangeAt();
  expect(before.isCurrent).toBe(true);

  await receive("SUB", "5");
  // SUB: 20 − 5 = 15 → COMP 45 + 10 − 15 = 40. Both, in one read: planned orders and suggestions are two
  // statements, and the re-plan's commit may fall between them (CI once read SUB's old 20 beside COMP's new 40)
  const plan = await until(async () => {
    const p = await currentPlan();
    return quantityOf(p, "COMP")[0] === "40" && quantityOf(p, "SUB")[0] === "15" && p;
  }, "the plan to follow the receipt");
  expect(quantityOf(plan, "SUB")).toEqual(["15"]);
  expect(quantityOf(plan, "FG")).toEqual(["10"]);
  expect(new Set(plan.map((s) => s.mrpRunId))).toEqual(new Set([runId]));
  const run = await netChangeAt();
  expect(run.isCurrent).toBe(true);
  expect(run.netChangeAt).not.toBeNull();
  if (before.netChangeAt !== null) expect(Date.parse(run.netChangeAt)).toBeGreaterThan(Date.parse(before.netChangeAt));
  expect((await t.db.sql.query(`SELECT count(*)::int AS n FROM mrp_run`))[0]).toEqual({ n: 1 });
  expect(comparable(plan)).toEqual(await fullRunPlan());
});

test("new demand and a purchase order are re-planned the same way", async () => {
  await ok(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, {
    input: { materialCode: "FG", warehouseCode: "W1", quantity: "4", dueDate: "2026-12-28T00:00:00Z" },
  });
  await until(async () => quantityOf(await currentPlan(), "FG")[0] === "14", "the plan to follow the demand");
  await ok(`mutation($input: PurchaseOrderInput!) { syncPurchaseOrder(input: $input) { purchaseOrderId } }`, {
    input: { number: "PO-1", materialCode: "COMP", warehouseCode: "W1", quantity: "30", dueDate: "2026-12-14T00:00:00Z" },
  });
  const expected = await fullRunPlan();
  await until(async () => JSON.stringify(comparable(await currentPlan())) === JSON.stringify(expected), "the plan to follow the purchase order");
});

test("many clients moving stock at once leave the plan equal to a full run on the same data", async () => {
  const moves = Array.from({ length: 40 }, (_, k) => {
    const code = ["FG", "SUB", "COMP"][k % 3];
    return k % 4 === 3 ? () => issue(code, "1") : () => receive(code, String(1 + (k % 5)));
  });
  // receipts first so that issues find stock; then both kinds interleaved from parallel clients
  await Promise.all(moves.filter((_, k) => k % 4 !== 3).map((move) => move()));
  await Promise.all(moves.filter((_, k) => k % 4 === 3).map((move) => move()));
  const expected = await fullRunPlan();
  await until(async () => JSON.stringify(comparable(await currentPlan())) === JSON.stringify(expected), "the plan to equal a full run");
  expect((await netChangeAt()).isCurrent).toBe(true);
});

/** The planner's cycles so far, and whether it has handled every change in the outbox. */
const cycles = () => t.logs().filter((l) => l.msg === "net change");
const caughtUp = async () => {
  const [{ n }] = await t.db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM event WHERE topic IN ('stock.changed', 'workOrder.changed', 'planning.inputChanged', 'planning.masterChanged')`,
  );
  return cycles().reduce((sum, c) => sum + Number(c.changes), 0) === n;
};

test("a change the run already read is not re-planned, and one that leaves the supplies as they were writes nothing", async () => {
  await until(caughtUp, "the planner to handle every change so far");
  const before = cycles().length;
  const stamp = (await netChangeAt()).netChangeAt;
  // a stock movement (the last one's event again) whose transaction began ten minutes ago, long before the run:
  // the run planned with it
  await t.db.sql.query(
    `INSERT INTO event (topic, payload, created_at)
     SELECT topic, payload, now() - interval '10 minutes' FROM event WHERE topic = 'stock.changed' ORDER BY id DESC LIMIT 1`,
  );
  await until(async () => cycles().length > before && (await caughtUp()), "the planner to handle the old change");
  expect(cycles().slice(before)).toEqual([expect.objectContaining({ changes: 1, replanned: 0, written: 0 })]);

  expect((await netChangeAt()).netChangeAt).toBe(stamp);

  // demand beyond the horizon: FG is re-planned, its orders stay (no supply is written), and its UNCOVERED_DEMAND
  // exception is raised in the current run
  await ok(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, {
    input: { materialCode: "FG", warehouseCode: "W1", quantity: "3", dueDate: "2027-06-07T00:00:00Z" },
  });
  await until(async () => cycles().length > before + 1 && (await caughtUp()), "the planner to handle the demand");
  expect(cycles().slice(before + 1)).toEqual([expect.objectContaining({ changes: 1, replanned: 1, written: 0, exceptions: 1 })]);
  expect((await openExceptions()).filter((e) => e.startsWith("UNCOVERED_DEMAND"))).toHaveLength(1);
  expect(await openExceptions()).toEqual(await fullRunExceptions());
});

test("a receipt that cures a shortage resolves its exception, recorded as the system's action; a new shortage raises one", async () => {
  // COMP needed now (bought in 14 days): its order should have been released two weeks ago, a LATE exception
  await ok(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, {
    input: { materialCode: "COMP", warehouseCode: "W1", quantity: "500", dueDate: "2026-12-01T00:00:00Z" },
  });
  await untilFullRun("the new shortage's exception");
  const late = await t.gql(`query { exceptions(filter: { warehouseCode: "W1", materialCode: "COMP", types: [LATE], statuses: [OPEN] }) { nodes { id status mrpRunId } } }`);
  expect(late.data.exceptions.nodes).toHaveLength(1);
  const [{ id }] = late.data.exceptions.nodes;
  expect(late.data.exceptions.nodes[0].mrpRunId).toBe(runId);
  const [raised] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE topic = 'exception.raised' AND (payload->>'exceptionId')::int = $1`, [Number(id)]);
  expect(raised.n).toBe(1);

  // the receipt covers it: the exception is resolved by the system, with its action and event
  await receive("COMP", "1000");
  await untilFullRun("the cured shortage's exception to be resolved");
  const resolved = await ok(`query($id: ID!) { exception(id: $id) { status resolvedBy resolutionNote } }`, { id });
  expect(resolved.exception).toEqual({ status: "RESOLVED", resolvedBy: "system", resolutionNote: expect.stringContaining("net change") });
  const actions = await t.db.sql.query<{ action: string; actor: string }>(`SELECT action, actor FROM exception_action WHERE exception_id = $1`, [Number(id)]);
  expect(actions).toEqual([{ action: "RESOLVED", actor: "system" }]);
  expect((await netChangeAt()).isCurrent).toBe(true);
});

test("a lead-time change re-plans the material and its components without a run", async () => {
  // demand that the stock on hand does not cover: FG and SUB get planned orders
  await ok(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, {
    input: { materialCode: "FG", warehouseCode: "W1", quantity: "100", dueDate: "2027-01-11T00:00:00Z" },
  });
  await untilFullRun("the plan to follow the demand");
  const releases = (plan: Supply[], code: string) => plan.filter((s) => s.material.code === code).map((s) => s.releaseDate.slice(0, 10));
  const before = await currentPlan();
  expect(releases(before, "SUB").length).toBeGreaterThan(0);

  await ok(`mutation { updateMaterial(code: "SUB", input: { leadTimeDays: 14 }) { leadTimeDays } }`);
  await untilFullRun("the plan to follow the lead time");
  const after = await currentPlan();
  // released a week earlier (none before the plan's start)
  const earlier = (day: string) => new Date(Math.max(Date.parse(day) - 7 * 86_400_000, Date.parse(RUN.startDate))).toISOString().slice(0, 10);
  expect(releases(after, "SUB")).toEqual(releases(before, "SUB").map(earlier));
  expect((await t.db.sql.query(`SELECT count(*)::int AS n FROM mrp_run`))[0]).toEqual({ n: 1 });
});

test("a forecast override and a BOM change re-plan without a run", async () => {
  const before = await currentPlan();
  await ok(`mutation { setForecastOverride(input: { materialCode: "FG", warehouseCode: "W1", bucketStart: "2026-12-21T00:00:00Z", quantity: "60" }) { removed } }`);
  await untilFullRun("the plan to follow the override");
  const forecast = await currentPlan();
  expect(quantityOf(forecast, "FG")).not.toEqual(quantityOf(before, "FG"));

  await ok(`mutation { replaceBom(input: { materialCode: "FG", baseQuantity: "1", lines: [{ componentCode: "SUB", quantityPer: "3" }] }) { id } }`);
  await untilFullRun("the plan to follow the BOM");
  expect(quantityOf(await currentPlan(), "SUB")).not.toEqual(quantityOf(forecast, "SUB"));
  expect((await t.db.sql.query(`SELECT count(*)::int AS n FROM mrp_run`))[0]).toEqual({ n: 1 });
});

test("a bad master-data change writes nothing and re-plans nothing", async () => {
  await until(caughtUp, "the planner to handle every change so far");
  const [{ n }] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE topic = 'planning.masterChanged'`);
  const res = await t.gql(`mutation { updateMaterial(code: "SUB", input: { leadTimeDays: -3 }) { leadTimeDays } }`);
  expect(res.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect((await ok(`query { material(code: "SUB") { leadTimeDays } }`)).material).toEqual({ leadTimeDays: 14 });
  expect((await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE topic = 'planning.masterChanged'`))[0].n).toBe(n);
});

test("a burst of changes to more than a share of the plant is re-planned by one engine run and leaves the plan equal to a full run", async () => {
  // 60 bought parts, each with demand: a plant where one ERP batch of receipts touches more materials than
  // net change re-plans one by one (NetChangePlan.replan: WHOLE_RUN_MIN, WHOLE_RUN_SHARE)
  const parts = Array.from({ length: 60 }, (_, k) => `PART-${k}`);
  await Promise.all(parts.map((code, k) =>
    ok(`mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, { input: { code, name: code, uomCode: "EA", type: "BUY", leadTimeDays: 7 + (k % 3) * 7 } }),
  ));
  await t.db.sql.query(
    `INSERT INTO mps_line (material_id, warehouse_id, quantity, due_date, created_by)
     SELECT m.id, w.id, 10 + (m.id % 7), DATE '2026-12-28' + (m.id % 3) * 7, 'test' FROM material m, warehouse w WHERE m.code LIKE 'PART-%'`,
  );
  const run = (await ok(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN })).startMrpRun.id;
  await until(async () => (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: run })).data.mrpRun.status === "COMPLETED", "the second full run");
  await until(caughtUp, "the planner to handle every change so far");
  const before = cycles().length;

  // one atomic batch: its 60 receipts commit, and so reach the planner, together
  const res = await ok(`mutation($input: PostReceiptsInput!) { postReceipts(input: $input) { failed } }`, {
    input: { items: parts.map((materialCode, k) => ({ materialCode, warehouseCode: "W1", locationCode: "A1", quantity: String(1 + (k % 4)) })) },
  });
  expect(res.postReceipts.failed).toBe(0);
  const expected = await fullRunPlan();
  await until(async () => JSON.stringify(comparable(await currentPlan())) === JSON.stringify(expected), "the plan to equal a full run after the burst");
  expect(cycles().slice(before)).toContainEqual(expect.objectContaining({ changes: 60, whole: true }));
  expect((await ok(`query($id: ID!) { mrpRun(id: $id) { isCurrent } }`, { id: run })).mrpRun.isCurrent).toBe(true);
});
