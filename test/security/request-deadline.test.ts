/** An operation running longer than REQUEST_TIMEOUT_MS gets a clear LIMIT_EXCEEDED answer instead of hanging. */
import pg from "pg";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";

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
