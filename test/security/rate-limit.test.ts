/** Rate limiting per identity: a low limit from the environment; the next request gets 429 RATE_LIMITED with Retry-After. */
import { Role } from "../../src/auth/roles";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";
import { wsCloseCode } from "./ws-close-code";

const LIMIT = 5;
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
}, 120_000);
afterAll(() => t?.stop());

const post = (headers: Record<string, string>) =>
  fetch(t.hub.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "{ me { id } }" }) });

test(`an identity gets ${LIMIT} requests a minute; the next is refused with 429, Retry-After and RATE_LIMITED`, async () => {
  const auth = { authorization: `Bearer ${await t.token([Role.VIEWER])}` };
  for (let i = 0; i < LIMIT; i++) expect((await post(auth)).status).toBe(200);
  const refused = await post(auth);
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = (await refused.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
  expect(body.errors[0].extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: retryAfter });
  expect(body.errors[0].message).toMatch(/rate limit of 5 requests per minute/);
});

test("another identity keeps its own allowance", async () => {
  const res = await t.gql(`{ me { id } }`, {}, { auth: await t.token([Role.PLANNER]) });
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
});

test("an API key is limited per key", async () => {
  const created = await t.gql(`mutation { createApiKey(input: { name: "chatty device", roles: [INTEGRATION] }) { key } }`);
  const key = created.data.createApiKey.key;
  const statuses: number[] = [];
  for (let i = 0; i <= LIMIT; i++) statuses.push((await post({ "x-api-key": key })).status);
  expect(statuses).toEqual([...Array(LIMIT).fill(200), 429]);
});

test("anonymous callers and failed credentials share the address's allowance, so guessing keys is limited", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await post({})).status); // 200 with UNAUTHENTICATED errors
  for (let i = 0; i < 3; i++) statuses.push((await post({ "x-api-key": `hub_AAAAAAAAA${i}_${"x".repeat(43)}` })).status);
  expect(statuses).toEqual([200, 200, 200, 401, 401, 429]);
});

test("failed WebSocket connection_inits spend the address's allowance too: then 4429 instead of 4403", async () => {
  const codes: number[] = [];
  for (let i = 0; i <= LIMIT; i++) codes.push(await wsCloseCode(t.hub.wsUrl, { authorization: "Bearer not-a-token" }));
  expect(codes.every((c) => c === 4403 || c === 4429)).toBe(true);
  expect(codes[LIMIT]).toBe(4429);
});

test("operations over WebSocket count against the same allowance", async () => {
  const client = t.ws(await t.token([Role.STOREKEEPER]));
  for (let i = 0; i < LIMIT; i++) expect((await wsOnce(client, `{ me { id } }`)).errors).toBeUndefined();
  const refused = await wsOnce(client, `{ me { id } }`).then(
    () => undefined,
    (errors: { extensions?: Record<string, unknown> }[]) => errors[0]?.extensions,
  );
  expect(refused).toMatchObject({ code: "RATE_LIMITED" });
});
