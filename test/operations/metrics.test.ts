/** Prometheus /metrics: request durations by operation, errors by code, and the gauges other modules feed. */
import { Role } from "../../src/auth/roles";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 120_000);
afterAll(() => t?.stop());

const scrape = async () => {
  const res = await fetch(t.hub.url.replace(/\/graphql$/, "/metrics"));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  return res.text();
};
const sample = (text: string, name: string) => Number(new RegExp(`^${name.replace(/[{}"=,]/g, (c) => `\\${c}`)} (\\S+)$`, "m").exec(text)?.[1] ?? 0);

test("a request is counted under its operation name, its errors under their code", async () => {
  const before = await scrape();
  const counter = 'hub_graphql_request_duration_seconds_count{operation="MetricsProbe",transport="http"}';
  const forbidden = 'hub_graphql_errors_total{code="FORBIDDEN"}';
  expect((await t.gql(`query MetricsProbe { me { id } }`)).errors).toBeUndefined();
  expect((await t.gql(`query MetricsProbe { apiKeys { id } }`, {}, { auth: await t.token([Role.VIEWER]) })).errors?.[0].extensions?.code).toBe("FORBIDDEN");

  const after = await scrape();
  expect(sample(after, counter) - sample(before, counter)).toBe(2);
  expect(sample(after, forbidden) - sample(before, forbidden)).toBe(1);
  expect(after).toMatch(/^hub_graphql_request_duration_seconds_bucket\{le="0\.1",operation="MetricsProbe",transport="http"\} \d+$/m);
});

test("operations over WebSocket are counted with transport ws", async () => {
  const counter = 'hub_graphql_request_duration_seconds_count{operation="WsProbe",transport="ws"}';
  const before = sample(await scrape(), counter);
  expect((await wsOnce(t.ws(), `query WsProbe { me { id } }`)).errors).toBeUndefined();
  expect(sample(await scrape(), counter) - before).toBe(1);
});

test("refusals at the edge are counted too", async () => {
  const code = 'hub_graphql_errors_total{code="UNAUTHENTICATED"}';
  const before = sample(await scrape(), code);
  expect((await t.gql(`{ me { id } }`, {}, { auth: "not-a-token" })).status).toBe(401);
  expect(sample(await scrape(), code) - before).toBe(1);
});

test("outbox lag, connector failures, MRP run times and process metrics are exposed", async () => {
  const text = await scrape();
  for (const name of ["hub_outbox_lag_seconds", "hub_connector_failures_total", "hub_mrp_run_duration_seconds", "hub_process_cpu_seconds_total"]) {
    expect(text).toContain(`# TYPE ${name} `);
  }
});
