/** A request running longer than REQUEST_TIMEOUT_MS gets a clear REQUEST_TIMEOUT answer instead of hanging. */
import pg from "pg";
import { startTestHub, type TestHub } from "../support/test-hub";

const TIMEOUT_MS = 1_000;
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) } });
}, 120_000);
afterAll(() => t?.stop());

test("a query stuck behind a table lock is answered with 503 REQUEST_TIMEOUT at the deadline", async () => {
  // Another session holds the material table: the query waits on the lock, like one stuck on a slow database.
  const locker = new pg.Client({ connectionString: t.config.databaseUrl });
  await locker.connect();
  await locker.query("BEGIN; LOCK TABLE material IN ACCESS EXCLUSIVE MODE");
  try {
    const started = Date.now();
    const res = await t.gql(`{ materials { totalCount } }`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.errors?.[0]).toEqual({
      message: `request took longer than ${TIMEOUT_MS} ms`,
      extensions: { code: "REQUEST_TIMEOUT", limit: "requestTimeoutMs" },
    });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_500);
  } finally {
    await locker.query("COMMIT");
    await locker.end();
  }
  const after = await t.gql(`{ materials { totalCount } }`);
  expect(after.errors).toBeUndefined();
});
