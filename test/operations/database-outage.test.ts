/**
 * PostgreSQL going away under one hub (its connections cut by a proxy, new ones refused; the server
 * itself stays up for the other tests): requests are answered 503 SERVICE_UNAVAILABLE with Retry-After,
 * the outage is logged once and its end once, and the hub serves again by itself when the server is back.
 */
import { ADMIN_URL } from "../support/scratch-database";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let proxy: TcpProxy;
let t: TestHub;
beforeAll(async () => {
  const server = new URL(ADMIN_URL);
  proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  t = await startTestHub({ demo: true, databasePort: proxy.port, env: { LOG_LEVEL: "info" } });
}, 120_000);
afterAll(async () => {
  await proxy?.restore().catch(() => undefined);
  await t?.stop();
  await proxy?.close();
});

const QUERY = `{ materials(first: 1) { totalCount } }`;
const MUTATION = `mutation { createMaterial(input: { code: "OUTAGE-1", name: "made once the database is back", uomCode: "EA", type: BUY }) { code } }`;

test("while PostgreSQL is unreachable, queries and mutations get a retryable 503, the outage is logged once, and the hub recovers by itself", async () => {
  expect((await t.gql(QUERY)).status).toBe(200);

  await proxy.cut();
  for (const op of [QUERY, MUTATION, QUERY, MUTATION]) {
    const res = await t.gql(op);
    expect({ status: res.status, retryAfter: res.headers.get("retry-after"), codes: res.errors?.map((e) => e.extensions?.code) }).toEqual({
      status: 503,
      retryAfter: "5",
      codes: ["SERVICE_UNAVAILABLE"],
    });
  }
  // an API key is checked against the database before the request runs
  const apiKey = await t.gql(QUERY, {}, { auth: `hub_0123456789_${"x".repeat(32)}` });
  expect({ status: apiKey.status, code: apiKey.errors?.[0].extensions?.code }).toEqual({ status: 503, code: "SERVICE_UNAVAILABLE" });

  await proxy.restore();
  await until(async () => (await t.gql(QUERY)).status === 200, "the hub to serve again");
  await until(() => t.logs().some((l) => l.msg === "database available again"), "the recovery to be logged");
  expect(t.logs().filter((l) => l.level >= 50).map((l) => l.msg)).toEqual(["database unavailable"]);
  expect((await t.gql(MUTATION)).errors).toBeUndefined();
});
