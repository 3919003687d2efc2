/** An operation running longer than REQUEST_TIMEOUT_MS gets a clear LIMIT_EXCEEDED answer instead of hanging. */
import pg from "pg";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const TIMEOUT_MS = 1_000;
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) } });
}, 120_000);
afterAll(() => t?.stop());

const timedOut = { message: `request took longer than ${TIMEOUT_MS} ms`, extensions: { code: "LIMIT_EXCEEDED", limit: "requestTimeoutMs", max: TIMEOUT_MS } };

/** Runs `work` while another session holds the material table: queries wait on the lock, like ones stuck on a slow database. */
async function withMaterialLocked(work: () => Promise<void>) {
  const locker = new pg.Client({ connectionString: t.config.databaseUrl });
  await locker.connect();
  await locker.query("BEGIN; LOCK TABLE material IN ACCESS EXCLUSIVE MODE");
  try {
    await work();
  } finally {
    await locker.query("COMMIT");
    await locker.end();
  }
}

/** Waits until no session of the test database waits for a lock: the deadline cancelled `what`'s statement instead of letting it wait on. */
const noneWaitingOnLocks = (what: string) =>
  until(
    async () => (await t.db.sql.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).length === 0,
    `${what} to stop waiting in the database`,
    5_000,
  );

test("over HTTP: 503 with LIMIT_EXCEEDED at the deadline, and the hub serves on", async () => {
  await withMaterialLocked(async () => {
    const started = Date.now();
    const res = await t.gql(`{ materials { totalCount } }`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.errors).toEqual([timedOut]);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_500);
  });
  expect((await t.gql(`{ materials { totalCount } }`)).errors).toBeUndefined();
});

test("over WebSocket: the query's result is LIMIT_EXCEEDED at the deadline", async () => {
  const client = t.ws();
  await withMaterialLocked(async () => {
    const res = await wsOnce(client, `{ materials { totalCount } }`);
    expect(res.errors).toEqual([timedOut]);
  });
  expect((await wsOnce(client, `{ materials { totalCount } }`)).errors).toBeUndefined();
});

test("a mutation that times out writes nothing, even once what held it up is gone", async () => {
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Dock' FROM warehouse`);
  await t.db.sql.query(`INSERT INTO material (code, name, uom_code, type, created_by, updated_by) VALUES ('RAW', 'Raw', 'EA', 'BUY', 't', 't')`);
  const receive = `mutation { receiveStock(input: { materialCode: "RAW", warehouseCode: "W1", locationCode: "A1", quantity: "5" }) { replayed } }`;
  await withMaterialLocked(async () => {
    const res = await t.gql(receive);
    expect(res.errors).toEqual([timedOut]);
    await noneWaitingOnLocks("the timed-out receipt");
  });
  const [{ n }] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM stock_ledger_entry`);
  expect(n).toBe(0);
  expect((await t.gql(receive)).errors).toBeUndefined();
});

test("and one over WebSocket", async () => {
  const client = t.ws();
  const entries = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM stock_ledger_entry`))[0].n;
  const before = await entries();
  const receive = `mutation { receiveStock(input: { materialCode: "RAW", warehouseCode: "W1", locationCode: "A1", quantity: "2" }) { replayed } }`;
  await withMaterialLocked(async () => {
    const res = await wsOnce(client, receive);
    expect(res.errors).toEqual([timedOut]);
    await noneWaitingOnLocks("the timed-out receipt over WebSocket");
  });
  expect(await entries()).toBe(before);
  expect((await wsOnce(client, receive)).errors).toBeUndefined();
});

test("so does one that runs as a Prisma transaction (master data)", async () => {
  const create = `mutation { createMaterial(input: { code: "LATE-1", name: "Too late", uomCode: "EA", type: BUY }) { id } }`;
  await withMaterialLocked(async () => {
    const res = await t.gql(create);
    expect(res.errors).toEqual([timedOut]);
    await noneWaitingOnLocks("the timed-out creation");
  });
  expect(await t.db.sql.query(`SELECT 1 FROM material WHERE code = 'LATE-1'`)).toEqual([]);
  expect((await t.gql(create)).errors).toBeUndefined();
});
