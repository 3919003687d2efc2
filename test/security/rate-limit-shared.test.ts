/**
 * With REDIS_URL, hub instances on one database share each identity's allowance (one count in Redis), so a
 * load balancer in front of several does not multiply the rate; hubs of another database count apart, and an
 * instance that loses Redis counts alone in memory instead of failing requests. Needs the Redis server (CI
 * starts it).
 */
import { Role } from "../../src/auth/roles";
import { signToken } from "../../src/auth/jwt";
import { openDatabase, type Database } from "../../src/db/database";
import { createLogger } from "../../src/runtime/logger";
import { startHub, type Hub } from "../../src/server";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { startTestHub, type TestHub } from "../support/test-hub";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const LIMIT = 6;

let a: TestHub;
let bDb: Database;
let b: Hub;
let other: TestHub;
beforeAll(async () => {
  const env = { REDIS_URL, RATE_LIMIT_PER_MINUTE: String(LIMIT) };
  a = await startTestHub({ env });
  bDb = await openDatabase({ url: a.config.databaseUrl!, poolSize: 4 });
  b = await startHub({ config: a.config, db: bDb, log: createLogger(a.config) });
  other = await startTestHub({ env });
}, 120_000);
afterAll(async () => {
  await b?.stop();
  await bDb?.close();
  await a?.stop();
  await other?.stop();
});

const ask = async (url: string, token: string) =>
  (await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: "{ me { id } }" }) })).status;

test(`two instances of one database allow an identity ${LIMIT} requests a minute in all, wherever they land`, async () => {
  const token = await signToken(a.config.auth, { sub: "shared-caller", roles: [Role.VIEWER] });
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT; i++) statuses.push(await ask(i % 2 ? b.url : a.hub.url, token));
  expect(statuses).toEqual(Array(LIMIT).fill(200));
  expect(await ask(a.hub.url, token)).toBe(429);
  expect(await ask(b.url, token)).toBe(429);
});

test("a hub of another database on the same Redis counts the same identity apart", async () => {
  const token = await signToken(other.config.auth, { sub: "shared-caller", roles: [Role.VIEWER] });
  expect(await ask(other.hub.url, token)).toBe(200);
});

test("an instance that loses Redis counts alone in memory: it keeps answering (what Redis counted is not seen), and still limits", async () => {
  const server = new URL(REDIS_URL);
  let proxy: TcpProxy | undefined;
  let cDb: Database | undefined;
  let c: Hub | undefined;
  try {
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 6379) });
    cDb = await openDatabase({ url: a.config.databaseUrl!, poolSize: 4 });
    c = await startHub({ config: { ...a.config, redisUrl: `redis://127.0.0.1:${proxy.port}` }, db: cDb, log: createLogger(a.config) });
    const token = await signToken(a.config.auth, { sub: "caller-while-redis-is-away", roles: [Role.VIEWER] });
    for (let i = 0; i < LIMIT; i++) await ask(a.hub.url, token);
    expect(await ask(a.hub.url, token)).toBe(429); // spent in Redis
    await proxy.cut();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push(await ask(c.url, token));
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429]);
  } finally {
    await c?.stop();
    await cDb?.close();
    await proxy?.close();
  }
});
