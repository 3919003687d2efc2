/**
 * Superseded MRP runs are purged, not deleted (src/domain/planning/purge-runs.ts), with MRP_KEEP_RUNS=1: a
 * warehouse keeps its current run and the one before it whole; an older run loses its planned orders, purchase
 * suggestions and planned transfers not released, and is stamped `purgedAt`; the run, its exceptions (with
 * their history) and its released rows stay. A group's runs are purged together, once every one is superseded.
 *
 * The plant: PLANT and DC, a lane DC → PLANT of 2 days; daily buckets from 2026-11-30. At PLANT: FG (make of
 * PART, of which PART holds plenty) due
 * 12-14 and 12-21, RM (buy) due 12-14, 12-15 and 12-16, MOVE (buy, 100 held at DC) due 12-14 and 12-15, and
 * LATEM (buy, 5 days) due 12-01, which cannot be bought in time: a LATE exception, gone once LATEM is received.
 *
 * The runs: G1 = PLANT+DC together (P1, D1), then PLANT alone (P2, P3, P4), then DC alone (D2, D3).
 */
import { ErpHubs, FakeErp } from "../support/fake-erp";
import { purgeSupersededRuns } from "../../src/domain/planning/purge-runs";
import { markRunsPurged } from "../../src/domain/planning/planning.store";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
const RUN = { bucket: "DAY", horizonBuckets: 30, startDate: "2026-11-30T00:00:00Z" };

const ok = async (query: string, variables: Record<string, unknown> = {}) => {
  const res = await t.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
};

beforeAll(async () => {
  t = await startTestHub({ env: { MRP_KEEP_RUNS: "1" } });
  for (const q of [
    `mutation { createUnit(input: { code: "EA", name: "each", precision: 0 }) { code } }`,
    ...["PLANT", "DC"].flatMap((w) => [
      `mutation { createWarehouse(input: { code: "${w}", name: "${w}" }) { code } }`,
      `mutation { createLocation(input: { warehouseCode: "${w}", code: "A1", name: "Rack", kind: STORAGE }) { code } }`,
    ]),
    `mutation { createMaterial(input: { code: "FG", name: "FG", uomCode: "EA", type: MAKE, leadTimeDays: 2 }) { code } }`,
    `mutation { createMaterial(input: { code: "PART", name: "PART", uomCode: "EA", type: BUY, leadTimeDays: 1 }) { code } }`,
    `mutation { replaceBom(input: { materialCode: "FG", baseQuantity: "1", lines: [{ componentCode: "PART", quantityPer: "1" }] }) { id } }`,
    `mutation { receiveStock(input: { materialCode: "PART", warehouseCode: "PLANT", locationCode: "A1", quantity: "100" }) { replayed } }`,
    `mutation { createMaterial(input: { code: "RM", name: "RM", uomCode: "EA", type: BUY, leadTimeDays: 3 }) { code } }`,
    `mutation { createMaterial(input: { code: "MOVE", name: "MOVE", uomCode: "EA", type: BUY, leadTimeDays: 3 }) { code } }`,
    `mutation { createMaterial(input: { code: "LATEM", name: "LATEM", uomCode: "EA", type: BUY, leadTimeDays: 5 }) { code } }`,
    `mutation { receiveStock(input: { materialCode: "MOVE", warehouseCode: "DC", locationCode: "A1", quantity: "100" }) { replayed } }`,
    `mutation { setTransitLane(input: { fromWarehouseCode: "DC", toWarehouseCode: "PLANT", transitDays: 2 }) { transitDays } }`,
  ]) await ok(q);
  for (const [material, due] of [
    ["FG", "2026-12-14"], ["FG", "2026-12-21"], ["RM", "2026-12-14"], ["RM", "2026-12-15"], ["RM", "2026-12-16"],
    ["MOVE", "2026-12-14"], ["MOVE", "2026-12-15"], ["LATEM", "2026-12-01"],
  ]) await ok(`mutation { createMpsLine(input: { materialCode: "${material}", warehouseCode: "PLANT", quantity: "10", dueDate: "${due}T00:00:00Z" }) { id } }`);
}, 120_000);
afterAll(() => t?.stop());

/** Runs MRP and waits for all its work, the purge after it included; the run's id (the first of a group). */
async function run(input: Record<string, unknown>): Promise<number> {
  const started = await ok(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: { ...RUN, ...input } });
  await t.hub.services.mrp.drain();
  const id = Number(started.startMrpRun.id);
  const [{ status }] = await t.db.sql.query<{ status: string }>(`SELECT status FROM mrp_run WHERE id = $1`, [id]);
  expect(status).toBe("COMPLETED");
  return id;
}

const TABLES = ["planned_order", "purchase_suggestion", "planned_transfer"] as const;
type Rows = Record<(typeof TABLES)[number], { id: number; status: string }[]>;

/** A run's planned orders, purchase suggestions and planned transfers, by id. */
async function rowsOf(runId: number): Promise<Rows> {
  const rows = {} as Rows;
  for (const table of TABLES) rows[table] = await t.db.sql.query(`SELECT id, status::text FROM ${table} WHERE mrp_run_id = $1 ORDER BY id`, [runId]);
  return rows;
}

const purgedAt = async (runId: number): Promise<string | null> =>
  (await ok(`query($id: ID!) { mrpRun(id: $id) { purgedAt } }`, { id: String(runId) })).mrpRun.purgedAt;

/** The run's exceptions with their history (actions), as stored. */
const exceptionsOf = (runId: number) =>
  t.db.sql.query(
    `SELECT e.id, e.type, e.status, e.assignee, (SELECT count(*)::int FROM exception_action a WHERE a.exception_id = e.id) AS actions
       FROM exception e WHERE e.mrp_run_id = $1 ORDER BY e.id`,
    [runId],
  );

const released = { plannedOrder: 0, suggestion: 0, transfer: 0, exception: 0 };
const runs: Record<string, number> = {};
const before: Record<string, Rows> = {};

test("a group run's plan is released in part and one of its exceptions is acted on", async () => {
  runs.P1 = await run({ warehouseCodes: ["PLANT", "DC"] });
  const [{ id: d1 }] = await t.db.sql.query<{ id: number }>(`SELECT id FROM mrp_run WHERE group_id = $1 AND id <> $1`, [runs.P1]);
  runs.D1 = d1;
  const p1 = await rowsOf(runs.P1);
  // two planned orders, three suggestions (RM) and more (LATEM), two transfers: each kind keeps unreleased rows after one release
  expect(p1.planned_order.length).toBe(2);
  expect(p1.purchase_suggestion.length).toBeGreaterThanOrEqual(3);
  expect(p1.planned_transfer.length).toBe(2);

  released.plannedOrder = p1.planned_order[0].id;
  released.suggestion = p1.purchase_suggestion[0].id;
  released.transfer = p1.planned_transfer[0].id;
  await ok(`mutation($id: ID!) { releasePlannedOrder(id: $id) { workOrderId } }`, { id: String(released.plannedOrder) });
  await ok(`mutation($id: ID!) { releasePurchaseSuggestion(id: $id) { purchaseOrderId } }`, { id: String(released.suggestion) });
  await ok(`mutation($id: ID!) { releasePlannedTransfer(id: $id) { transferOrderId } }`, { id: String(released.transfer) });

  const late = (await exceptionsOf(runs.P1)).find((e) => e.type === "LATE");
  expect(late).toBeDefined();
  released.exception = late!.id as number;
  await ok(`mutation($id: ID!) { assignException(id: $id, assignee: "alice") { id } }`, { id: String(released.exception) });
  before.P1 = await rowsOf(runs.P1);
  before.D1 = await rowsOf(runs.D1);
  // LATEM arrives: the next plan no longer raises its exception, which stays with P1 (resolved)
  await ok(`mutation { receiveStock(input: { materialCode: "LATEM", warehouseCode: "PLANT", locationCode: "A1", quantity: "10" }) { replayed } }`);
});

test("an old run of a group is not purged while another warehouse of the group still keeps its run", async () => {
  runs.P2 = await run({ warehouseCode: "PLANT" });
  runs.P3 = await run({ warehouseCode: "PLANT" });
  // PLANT keeps P3 (current) and P2; P1 is superseded at PLANT, but D1 is still DC's current run
  expect(await purgedAt(runs.P1)).toBeNull();
  expect(await rowsOf(runs.P1)).toEqual(before.P1);
  expect(await rowsOf(runs.D1)).toEqual(before.D1);
});

test("a superseded run of its own is purged of its unreleased rows and stamped; the kept runs are untouched", async () => {
  before.P2 = await rowsOf(runs.P2);
  before.P3 = await rowsOf(runs.P3);
  expect(before.P2.purchase_suggestion.length).toBeGreaterThan(0);
  const p2Exceptions = await exceptionsOf(runs.P2);
  runs.P4 = await run({ warehouseCode: "PLANT" });

  expect(await purgedAt(runs.P2)).toEqual(expect.any(String));
  expect(await rowsOf(runs.P2)).toEqual({ planned_order: [], purchase_suggestion: [], planned_transfer: [] });
  expect(await exceptionsOf(runs.P2)).toEqual(p2Exceptions);
  // the kept run (P3) and the current one (P4) are whole
  expect(await purgedAt(runs.P3)).toBeNull();
  expect(await purgedAt(runs.P4)).toBeNull();
  expect(await rowsOf(runs.P3)).toEqual(before.P3);
  expect((await rowsOf(runs.P4)).purchase_suggestion.length).toBeGreaterThan(0);
  // the group's run still waits for DC
  expect(await purgedAt(runs.P1)).toBeNull();
  expect(await rowsOf(runs.P1)).toEqual(before.P1);
});

test("once every run of the group is superseded, the group is purged together: released rows and exceptions stay", async () => {
  const p1Exceptions = await exceptionsOf(runs.P1);
  expect(p1Exceptions.find((e) => e.id === released.exception)).toMatchObject({ status: "RESOLVED", assignee: "alice" });
  runs.D2 = await run({ warehouseCode: "DC" });
  expect(await purgedAt(runs.P1)).toBeNull();
  before.D2 = await rowsOf(runs.D2);
  runs.D3 = await run({ warehouseCode: "DC" });

  expect(await purgedAt(runs.P1)).toEqual(expect.any(String));
  expect(await purgedAt(runs.P1)).toBe(await purgedAt(runs.D1));
  const left = (rows: { id: number; status: string }[], id: number) => rows.filter((r) => r.id === id);
  expect(await rowsOf(runs.P1)).toEqual({
    planned_order: left(before.P1.planned_order, released.plannedOrder),
    purchase_suggestion: left(before.P1.purchase_suggestion, released.suggestion),
    planned_transfer: left(before.P1.planned_transfer, released.transfer),
  });
  expect(before.P1.planned_order[0]).toEqual({ id: released.plannedOrder, status: "RELEASED" });
  expect(await rowsOf(runs.D1)).toEqual({ planned_order: [], purchase_suggestion: [], planned_transfer: [] });
  // the orders still name where they came from
  const [links] = await t.db.sql.query(
    `SELECT (SELECT count(*)::int FROM work_order WHERE planned_order_id = $1) AS wo, (SELECT count(*)::int FROM purchase_order WHERE purchase_suggestion_id = $2) AS po,
            (SELECT transfer_order_id IS NOT NULL FROM planned_transfer WHERE id = $3) AS "to"`,
    [released.plannedOrder, released.suggestion, released.transfer],
  );
  expect(links).toEqual({ wo: 1, po: 1, to: true });
  expect(await exceptionsOf(runs.P1)).toEqual(p1Exceptions);
  // the graph shows the purged run with what is left of it
  const shown = await ok(`query($id: ID!) { mrpRun(id: $id) { status isCurrent purgedAt plannedTransfers { totalCount nodes { id status } } } }`, { id: String(runs.P1) });
  expect(shown.mrpRun).toMatchObject({ status: "COMPLETED", isCurrent: false, plannedTransfers: { totalCount: 1, nodes: [{ id: String(released.transfer), status: "RELEASED" }] } });
  // DC keeps D3 (current) and D2 whole; PLANT's kept runs are untouched by DC's purge
  for (const id of [runs.D2, runs.D3, runs.P3, runs.P4]) expect(await purgedAt(id)).toBeNull();
  expect(await rowsOf(runs.D2)).toEqual(before.D2);
  expect(await rowsOf(runs.P3)).toEqual(before.P3);
});

test("a purge deletes in bounded statements until nothing unreleased is left, and with no runs kept spares only the current one", async () => {
  expect(before.P3.purchase_suggestion.length).toBeGreaterThan(1);
  const [plant] = await t.db.sql.query<{ id: number }>(`SELECT id FROM warehouse WHERE code = 'PLANT'`);
  // one row per statement
  expect(await purgeSupersededRuns(t.db, [plant.id], { keep: 0, staleMinutes: 30 }, 1)).toEqual([runs.P3]);
  expect(await rowsOf(runs.P3)).toEqual({ planned_order: [], purchase_suggestion: [], planned_transfer: [] });
  expect(await purgedAt(runs.P4)).toBeNull();
  expect((await rowsOf(runs.P4)).purchase_suggestion.length).toBeGreaterThan(0);
  // nothing is left to purge: purged runs are not purged again
  const stamped = await purgedAt(runs.P3);
  expect(await purgeSupersededRuns(t.db, [plant.id], { keep: 0, staleMinutes: 30 }, 1)).toEqual([]);
  expect(await purgedAt(runs.P3)).toBe(stamped);
});

test("pushing a purged run's plan to the ERP is INVALID_STATE and sends and records nothing", async () => {
  const erp = new FakeErp();
  await erp.up();
  const hubs = new ErpHubs(t, erp, { ERP_RETRY_BASE_MS: "1" });
  try {
    const { hub } = await hubs.start();
    const deadLetters = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM dead_letter`))[0].n;
    const lettersBefore = await deadLetters();
    for (const runId of [runs.P1, runs.P2]) {
      const res = await fetch(hub.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await t.token()}` },
        body: JSON.stringify({ query: `mutation($id: ID!) { pushPlanToErp(runId: $id) { lines } }`, variables: { id: String(runId) } }),
      });
      const body = (await res.json()) as { data: unknown; errors?: { message: string; extensions: { code: string; runId?: number } }[] };
      expect(body.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE" });
      expect(body.errors?.[0].message).toMatch(/was purged/);
    }
    expect(erp.received.filter((r) => [runs.P1, runs.P2].includes(Number(r.body.runId)))).toEqual([]);
    expect(await deadLetters()).toBe(lettersBefore);
  } finally {
    await hubs.stopAll();
    await erp.down();
  }
});

test("a run interrupted mid-write is purged once it is stale, and shows FAILED; a run still within its time is left", async () => {
  const [plant] = await t.db.sql.query<{ id: number }>(`SELECT id FROM warehouse WHERE code = 'PLANT'`);
  const [current] = await t.db.sql.query<{ id: number }>(`SELECT id FROM mrp_run WHERE warehouse_id = $1 AND is_current`, [plant.id]);
  // a run whose hub stopped while it wrote its plan: RUNNING, a few of its rows written, begun two hours ago (it no
  // longer blocks a new run)
  const [interrupted] = await t.db.sql.query<{ id: number }>(
    `INSERT INTO mrp_run (status, phase, warehouse_id, horizon_days, started_at, created_by) VALUES ('RUNNING', 'PERSISTING', $1, 30, now() - interval '2 hours', 'test') RETURNING id`,
    [plant.id],
  );
  await t.db.sql.query(
    `INSERT INTO purchase_suggestion (mrp_run_id, material_id, warehouse_id, quantity, order_date, due_date, pegs)
       SELECT $1, material_id, warehouse_id, quantity, order_date, due_date, pegs FROM purchase_suggestion WHERE mrp_run_id = $2 LIMIT 3`,
    [interrupted.id, current.id],
  );
  const later = await run({ warehouseCode: "PLANT" });
  // begun 10 minutes ago, it might still be running (in another hub): it is left
  await t.db.sql.query(`UPDATE mrp_run SET started_at = now() - interval '10 minutes' WHERE id = $1`, [interrupted.id]);
  const purge = () => purgeSupersededRuns(t.db, [plant.id], { keep: 0, staleMinutes: 30 });
  expect(await purge()).not.toContain(interrupted.id);
  expect((await rowsOf(interrupted.id)).purchase_suggestion).toHaveLength(3);

  await t.db.sql.query(`UPDATE mrp_run SET started_at = now() - interval '2 hours' WHERE id = $1`, [interrupted.id]);
  expect(await purge()).toEqual([interrupted.id]);
  expect(await rowsOf(interrupted.id)).toEqual({ planned_order: [], purchase_suggestion: [], planned_transfer: [] });
  const shown = (await ok(`query($id: ID!) { mrpRun(id: $id) { status phase error purgedAt finishedAt } }`, { id: String(interrupted.id) })).mrpRun;
  expect(shown).toMatchObject({ status: "FAILED", phase: null, error: expect.stringMatching(/^interrupted/) });
  expect(shown.purgedAt).not.toBeNull();
  expect(shown.finishedAt).not.toBeNull();
  // the runs kept are untouched
  expect(await purgedAt(later)).toBeNull();
  expect((await rowsOf(later)).purchase_suggestion.length).toBeGreaterThan(0);
});

test("a purge cut short after stamping its run is finished by the next one, and the stamped run is never pushed meanwhile", async () => {
  const [plant] = await t.db.sql.query<{ id: number }>(`SELECT id FROM warehouse WHERE code = 'PLANT'`);
  const [previous] = await t.db.sql.query<{ id: number }>(`SELECT id FROM mrp_run WHERE warehouse_id = $1 AND is_current`, [plant.id]);
  await run({ warehouseCode: "PLANT" });
  // as a purge leaves a run when it stops right after stamping it (a purge stamps first, then deletes)
  await markRunsPurged(t.db.sql, [previous.id]);
  expect((await rowsOf(previous.id)).purchase_suggestion.length).toBeGreaterThan(0);
  const stamped = await purgedAt(previous.id);
  expect(stamped).not.toBeNull();
  const push = await t.gql(`mutation($id: ID!) { pushPlanToErp(runId: $id) { lines } }`, { id: String(previous.id) });
  expect(push.errors?.[0].extensions?.code).toBe("INVALID_STATE");

  // kept by MRP_KEEP_RUNS=1 were it not stamped; stamped, it is purged to the end
  expect(await purgeSupersededRuns(t.db, [plant.id], { keep: 1, staleMinutes: 30 })).toEqual([previous.id]);
  expect((await rowsOf(previous.id)).purchase_suggestion.filter((r) => r.status !== "RELEASED")).toEqual([]);
  expect(await purgedAt(previous.id)).toBe(stamped);
  expect(await purgeSupersededRuns(t.db, [plant.id], { keep: 1, staleMinutes: 30 })).toEqual([]);
});
