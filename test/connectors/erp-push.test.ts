/**
 * The ERP push: a completed MRP run's purchase suggestions reach a real HTTP server standing in for the
 * ERP, in batches with mapped fields, a bearer token and stable idempotency keys; failures are retried or
 * dead-lettered and replayed; a restarted hub resumes from its cursor; of two hubs on one database only
 * one pushes. The hubs share one database and Redis (as several instances do in production).
 *
 * The plant: five bought materials B1..B5 with a safety stock of 10 and nothing on hand, so every run
 * suggests buying 10 of each: five lines, sent in batches of two (2 + 2 + 1).
 */
import { Role } from "../../src/auth/roles";
import { RUN_PLAN_LOCK } from "../../src/domain/planning/plan-export.queries";
import { ConfigError, loadConfig } from "../../src/runtime/config";
import type { Hub } from "../../src/server";
import { accepted, FakeErp as BaseErp, ErpHubs, type ErpHub, type ErpReceived } from "../support/fake-erp";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const RUN = { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 4, startDate: "2026-11-30T00:00:00Z" };
/** the connector's advisory lock class of the hub that follows the outbox; RUN_PLAN_LOCK: a run being pushed (or purged) */
const FOLLOW_LOCK = 74_260_020;

type Received = ErpReceived<{ runId: number; warehouseCode: string; batch: number; batches: number; suggestions: Record<string, unknown>[] }>;

class FakeErp extends BaseErp<Received["body"]> {
  requestsOf(runId: number) {
    return this.received.filter((r) => r.body.runId === runId);
  }

  /** the keys the ERP accepted (2xx) for a run, once per acceptance */
  bookedOf(runId: number) {
    return this.requestsOf(runId)
      .filter(accepted)
      .map((r) => r.key);
  }
}

const ERP_ENV = {
  ERP_TOKEN: "erp-secret",
  ERP_BATCH_SIZE: "2",
  ERP_TIMEOUT_MS: "1000",
  ERP_RETRY_BASE_MS: "1",
  ERP_FIELD_MAP: JSON.stringify({ materialCode: "MATNR", quantity: "MENGE" }),
};

let t: TestHub;
let erp: FakeErp;
let hubs: ErpHubs;

beforeAll(async () => {
  erp = new FakeErp();
  await erp.up();
  t = await startTestHub({ env: { REDIS_URL } });
  hubs = new ErpHubs(t, erp, ERP_ENV);
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  const create = `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`;
  for (const code of ["B1", "B2", "B3", "B4", "B5"]) {
    expect((await t.gql(create, { input: { code, name: `Bought ${code}`, uomCode: "EA", type: "BUY", leadTimeDays: 7, safetyStock: "10" } })).errors).toBeUndefined();
  }
}, 120_000);
afterAll(async () => {
  await hubs?.stopAll();
  await t?.stop();
  await erp?.down();
});

async function gqlAt(hub: Hub, query: string, variables: Record<string, unknown> = {}, roles = [Role.ADMIN]) {
  const res = await fetch(hub.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await t.token(roles)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** Runs MRP through the graph of `at` (default the test hub) and waits for it to complete. */
async function completedRun(at?: Hub, warehouseCode = "W1"): Promise<number> {
  const start = `mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`;
  const input = { ...RUN, warehouseCode };
  const res = at ? await gqlAt(at, start, { input }) : await t.gql(start, { input });
  expect(res.errors).toBeUndefined();
  const runId = Number(res.data.startMrpRun.id);
  await until(async () => (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: runId })).data.mrpRun.status === "COMPLETED", `MRP run ${runId}`, 30_000);
  return runId;
}

const cursor = async () => Number((await t.db.sql.query<{ id: string }>(`SELECT last_event_id::text AS id FROM event_cursor WHERE name = 'erp'`))[0]?.id);

/** Waits until the push has handled the run: the cursor has passed its COMPLETED event. */
async function handled(runId: number) {
  const completed = async () =>
    (await t.db.sql.query<{ position: string | null }>(
      `SELECT position::text FROM event WHERE topic = 'mrp.progress' AND (payload->>'runId')::int = $1 AND payload->>'status' = 'COMPLETED'`,
      [runId],
    ))[0]?.position;
  await until(
    async () => {
      const position = await completed();
      return position != null && (await cursor()) >= Number(position);
    },
    `run ${runId} handled`,
    30_000,
  );
}

async function deliveredAll(runId: number) {
  await handled(runId);
  expect(new Set(erp.bookedOf(runId)).size).toBe(3);
}

const health = async (hub: Hub) => (await gqlAt(hub, `{ connectors { name state target succeeded failed deadLettered lastError } }`)).data.connectors;

const lettersOf = (runId: number) =>
  t.db.sql.query<{ id: number; payload: { idempotencyKey: string; body: Received["body"] }; attempts: number; error: string }>(
    `SELECT id, payload, attempts, error FROM dead_letter WHERE connector = 'erp' AND (payload #>> '{body,runId}')::int = $1 ORDER BY id`,
    [runId],
  );

let a: ErpHub;
let runBeforeConfigured: number;

test("a hub seeing the ERP push for the first time starts at the end of the outbox", async () => {
  runBeforeConfigured = await completedRun();
  a = await hubs.start();
  await until(async () => (await cursor()) > 0, "the cursor", 30_000);
  const runId = await completedRun();
  await deliveredAll(runId);
  expect(erp.requestsOf(runBeforeConfigured)).toEqual([]);
});

test("a completed run's suggestions arrive in batches, with mapped fields, the bearer token and stable keys", async () => {
  const runId = await completedRun(a.hub);
  await deliveredAll(runId);
  const requests = erp.requestsOf(runId);
  expect(requests).toHaveLength(3);
  expect(requests.map((r) => [r.body.batch, r.body.batches, r.body.suggestions.length])).toEqual([[1, 3, 2], [2, 3, 2], [3, 3, 1]]);
  expect(requests.every((r) => r.path === "/erp/purchase-suggestions" && r.authorization === "Bearer erp-secret" && r.body.warehouseCode === "W1")).toBe(true);

  const rows = await t.db.sql.query<{ id: number; code: string }>(
    `SELECT s.id, m.code FROM purchase_suggestion s JOIN material m ON m.id = s.material_id WHERE s.mrp_run_id = $1 ORDER BY s.id`,
    [runId],
  );
  const lines = requests.flatMap((r) => r.body.suggestions);
  expect(lines).toEqual(
    rows.map((row) => ({ suggestionId: row.id, runId, MATNR: row.code, warehouseCode: "W1", MENGE: "10", uom: "EA", supplierCode: null, orderDate: "2026-11-30", dueDate: "2026-11-30" })),
  );
  expect(requests.map((r) => r.key)).toEqual([
    `mrp-run-${runId}-suggestions-${rows[0].id}-${rows[1].id}`,
    `mrp-run-${runId}-suggestions-${rows[2].id}-${rows[3].id}`,
    `mrp-run-${runId}-suggestions-${rows[4].id}-${rows[4].id}`,
  ]);

  const [state] = await health(a.hub);
  expect(state).toMatchObject({ name: "erp", state: "UP", target: `${erp.url}purchase-suggestions`, failed: 0 });
});

test("a 500, a 429 and an answer that never comes are retried, and each batch is booked once", async () => {
  erp.answerNext(500, 429, "hang");
  const runId = await completedRun();
  await deliveredAll(runId);
  const requests = erp.requestsOf(runId);
  expect(requests.map((r) => r.answer)).toEqual([500, 429, "hang", 200, 200, 200]);
  expect(new Set(requests.slice(0, 4).map((r) => r.key)).size).toBe(1); // the same batch, under the same key
  expect(erp.bookedOf(runId)).toHaveLength(3);
  expect(await lettersOf(runId)).toEqual([]);
  expect((await health(a.hub))[0].state).toBe("UP");
});

test("a batch the ERP refuses (422) is dead-lettered at once, without retries; the others are delivered", async () => {
  erp.answerNext(200, 200, 422);
  const runId = await completedRun();
  await handled(runId);
  const [letter] = await lettersOf(runId);
  const requests = erp.requestsOf(runId);
  expect(requests).toHaveLength(3);
  expect(letter).toMatchObject({ attempts: 1, error: expect.stringMatching(/^ERP answered 422/) });
  expect(letter.payload).toEqual({ idempotencyKey: requests[2].key, body: requests[2].body });
  expect((await health(a.hub))[0]).toMatchObject({ state: "DEGRADED", lastError: expect.stringMatching(/422/) });
});

test("a run without purchase suggestions pushes nothing", async () => {
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W2', 'Store')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse WHERE code = 'W2'`);
  for (const code of ["B1", "B2", "B3", "B4", "B5"]) {
    const receipt = await t.gql(`mutation($code: String!) { receiveStock(input: { materialCode: $code, warehouseCode: "W2", locationCode: "A1", quantity: "10" }) { replayed } }`, { code });
    expect(receipt.errors).toBeUndefined();
  }
  const runId = await completedRun(undefined, "W2");
  await handled(runId);
  const [{ n }] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM purchase_suggestion WHERE mrp_run_id = $1`, [runId]);
  expect(n).toBe(0);
  expect(erp.requestsOf(runId)).toEqual([]);
});

test("an ERP that stays down: the run goes to the dead letters, the hub shows DOWN, and replays deliver the same requests later", async () => {
  await erp.down();
  const runId = await completedRun();
  await handled(runId);
  const letters = await lettersOf(runId);
  expect(letters.map((l) => l.attempts)).toEqual([5, 0, 0]);
  expect(letters[0].error).toMatch(/ERP unreachable/);
  expect(letters[1].error).toMatch(/^not sent: an earlier batch of MRP run \d+ failed \(ERP unreachable/);
  expect((await health(a.hub))[0]).toMatchObject({ state: "DOWN" });

  const replay = `mutation($id: ID!) { replayDeadLetter(id: $id) { delivered deadLetter { attempts } } }`;
  const stillDown = await gqlAt(a.hub, replay, { id: letters[0].id }, [Role.INTEGRATION]);
  expect(stillDown.data.replayDeadLetter).toEqual({ delivered: false, deadLetter: { attempts: 6 } });

  await erp.up();
  for (const l of letters) {
    const res = await gqlAt(a.hub, replay, { id: l.id }, [Role.INTEGRATION]);
    expect(res.data.replayDeadLetter).toEqual({ delivered: true, deadLetter: null });
  }
  expect(await lettersOf(runId)).toEqual([]);
  const requests = erp.requestsOf(runId);
  expect(requests.map((r) => ({ idempotencyKey: r.key, body: r.body }))).toEqual(letters.map((l) => l.payload));
  expect(requests.map((r) => r.body.batch)).toEqual([1, 2, 3]);
  expect((await health(a.hub))[0].state).toBe("UP");
});

test("a restarted hub resumes from its cursor: runs completed meanwhile are pushed, delivered ones are not pushed again", async () => {
  const delivered = await completedRun();
  await deliveredAll(delivered);
  await a.stop();
  const meanwhile = await completedRun(); // through the test hub, which has no ERP push
  expect(erp.requestsOf(meanwhile)).toEqual([]);
  a = await hubs.start();
  await deliveredAll(meanwhile);
  expect(erp.requestsOf(meanwhile)).toHaveLength(3);
  expect(erp.requestsOf(delivered)).toHaveLength(3);
});

test("of two hubs on one database one pushes each run, once; when it stops, the other takes over", async () => {
  const leaderLocks = () =>
    t.db.sql.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = 0 AND objsubid = 2 AND granted`, [FOLLOW_LOCK]);
  await until(async () => (await leaderLocks()).length === 1, "the first hub to follow the outbox", 30_000);
  const b = await hubs.start();
  const runs = [await completedRun(a.hub), await completedRun(b.hub), await completedRun()];
  for (const runId of runs) await deliveredAll(runId);
  for (const runId of runs) expect(erp.requestsOf(runId)).toHaveLength(3);
  expect(await leaderLocks()).toHaveLength(1);

  await a.stop();
  const afterFailover = await completedRun(b.hub);
  await deliveredAll(afterFailover);
  expect(erp.requestsOf(afterFailover)).toHaveLength(3);
  a = b;
});

test("pushPlanToErp sends a run again under the same keys; it needs PLANNER or INTEGRATION and a configured ERP push", async () => {
  const runId = await completedRun();
  await deliveredAll(runId);
  const first = erp.requestsOf(runId).map((r) => r.key);
  const push = `mutation($id: ID!) { pushPlanToErp(runId: $id) { runId lines batches delivered deadLettered } }`;
  const res = await gqlAt(a.hub, push, { id: runId }, [Role.PLANNER]);
  expect(res.errors).toBeUndefined();
  expect(res.data.pushPlanToErp).toEqual({ runId: String(runId), lines: 5, batches: 3, delivered: 3, deadLettered: 0 });
  expect(erp.requestsOf(runId).map((r) => r.key)).toEqual([...first, ...first]);

  // while another push of the run holds its lock
  await t.db.withSession(async (session) => {
    await session.query(`SELECT pg_advisory_lock($1::int, $2::int)`, [RUN_PLAN_LOCK, runId]);
    const busy = await gqlAt(a.hub, push, { id: runId }, [Role.INTEGRATION]);
    expect(busy.errors?.[0]).toMatchObject({ message: `MRP run ${runId} is being pushed to the ERP or purged`, extensions: { code: "CONFLICT" } });
    await session.query(`SELECT pg_advisory_unlock($1::int, $2::int)`, [RUN_PLAN_LOCK, runId]);
  });
  expect((await gqlAt(a.hub, push, { id: runId }, [Role.VIEWER])).errors?.[0].extensions?.code).toBe("FORBIDDEN");
  expect((await gqlAt(a.hub, push, { id: 999_999 }, [Role.INTEGRATION])).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  const withoutErp = await t.gql(push, { id: runId });
  expect(withoutErp.errors?.[0]).toMatchObject({ message: "the ERP push is not configured (ERP_URL)", extensions: { code: "INVALID_STATE" } });
});

test("a bad ERP_URL or ERP_FIELD_MAP stops the boot with one clear line each", () => {
  let problems: string[] = [];
  try {
    loadConfig({ ERP_URL: "ftp://erp.example.com", ERP_FIELD_MAP: '{"material":"MATNR"}', ERP_BATCH_SIZE: "0" });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems = e.problems;
  }
  expect(problems).toEqual([
    "ERP_URL: expected an http:// or https:// URL without credentials (the token goes in ERP_TOKEN)",
    expect.stringMatching(/^ERP_FIELD_MAP: unknown field "material"; the fields are suggestionId, runId, materialCode/),
    'ERP_BATCH_SIZE="0": expected a whole number from 1 to 10000',
  ]);
  expect(() => loadConfig({ ERP_URL: "https://user:secret@erp.example.com" })).toThrow(/ERP_URL: expected an http/);
  expect(loadConfig({}).erp).toBeUndefined();
  expect(loadConfig({ ERP_URL: "https://erp.example.com/api/" }).erp).toMatchObject({ url: "https://erp.example.com/api", batchSize: 500, fieldMap: {} });
});
