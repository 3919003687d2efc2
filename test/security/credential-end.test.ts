/**
 * A WebSocket session lives no longer than its credential: it is closed with 4403 when its token or API key
 * expires, and when its API key is revoked — also on another hub instance (events shared through Redis).
 */
import { createSecretKey } from "node:crypto";
import { SignJWT } from "jose";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { openDatabase, type Database } from "../../src/db/database";
import { createLogger } from "../../src/runtime/logger";
import { startHub, type Hub } from "../../src/server";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let a: TestHub;
let bDb: Database;
let b: Hub;
const clients: Client[] = [];

beforeAll(async () => {
  a = await startTestHub({ env: { REDIS_URL } });
  bDb = await openDatabase({ url: a.config.databaseUrl!, poolSize: 4 });
  b = await startHub({ config: a.config, db: bDb, log: createLogger(a.config) });
}, 120_000);
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await b?.stop();
  await bDb?.close();
  await a?.stop();
});

/** A subscriber on instance `url`; `closed` holds the close code once the hub closes the socket. */
async function subscriber(url: string, connectionParams: Record<string, unknown>) {
  const state: { closed?: number; acknowledged: boolean } = { acknowledged: false };
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { connected: () => (state.acknowledged = true), closed: (e) => (state.closed = (e as { code: number }).code) },
  });
  clients.push(client);
  client.subscribe({ query: `subscription { exceptionRaised { message } }` }, { next: () => undefined, error: () => undefined, complete: () => undefined });
  await until(() => state.acknowledged || state.closed !== undefined, "the connection to be acknowledged");
  expect(state.closed).toBeUndefined();
  return state;
}

async function createKey(expiresAt?: Date) {
  const res = await a.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`, {
    input: { name: "dashboard", roles: ["VIEWER"], ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) },
  });
  expect(res.errors).toBeUndefined();
  return res.data.createApiKey as { key: string; apiKey: { id: string } };
}

test("revoking an API key closes its sessions with 4403 on every instance; other sessions stay", async () => {
  const { key, apiKey } = await createKey();
  const other = await createKey();
  const onB = await subscriber(b.wsUrl, { apiKey: key });
  const onA = await subscriber(a.hub.wsUrl, { apiKey: key });
  const bystander = await subscriber(b.wsUrl, { apiKey: other.key });

  const res = await a.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id });
  expect(res.errors).toBeUndefined();
  expect(await until(() => onB.closed, "the session on the other instance to close")).toBe(4403);
  expect(await until(() => onA.closed, "the session on this instance to close")).toBe(4403);
  expect(bystander.closed).toBeUndefined();
});

test("a session closes with 4403 when its API key expires", async () => {
  const { key } = await createKey(new Date(Date.now() + 2_000));
  const session = await subscriber(b.wsUrl, { apiKey: key });
  expect(await until(() => session.closed, "the session to close at the key's expiry")).toBe(4403);
});

test("a session closes with 4403 when its token expires (at exp, plus the clock skew tokens are accepted within)", async () => {
  const now = Math.floor(Date.now() / 1000);
  // accepted within the 60 s skew for two more seconds
  const token = await new SignJWT({ roles: ["ADMIN"] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("dave")
    .setIssuer(a.config.auth.jwtIssuer)
    .setAudience(a.config.auth.jwtAudience)
    .setIssuedAt(now - 600)
    .setExpirationTime(now - 58)
    .sign(createSecretKey(Buffer.from(a.config.auth.jwtSecret!)));
  const session = await subscriber(a.hub.wsUrl, { authorization: `Bearer ${token}` });
  expect(await until(() => session.closed, "the session to close at the token's expiry")).toBe(4403);
  const longer = await subscriber(a.hub.wsUrl, { authorization: `Bearer ${await a.token()}` });
  expect(longer.closed).toBeUndefined();
});
