/**
 * Several hub instances behind one database: with REDIS_URL, an event committed through one instance
 * reaches subscribers of every instance, once. Needs the Redis server (CI starts it).
 */
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { openDatabase, type Database } from "../../src/db/database";
import { raiseException } from "../../src/domain/exceptions/exception.store";
import { inTransaction } from "../../src/db/transaction";
import { createLogger } from "../../src/runtime/logger";
import { startHub, type Hub } from "../../src/server";
import { startTcpProxy } from "../support/tcp-proxy";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let a: TestHub;
let bDb: Database;
let b: Hub;

beforeAll(async () => {
  a = await startTestHub({ env: { REDIS_URL } });
  bDb = await openDatabase({ url: a.config.databaseUrl!, poolSize: 4 });
  b = await startHub({ config: a.config, db: bDb, log: createLogger(a.config) });
}, 120_000);
afterAll(async () => {
  await b?.stop();
  await bDb?.close();
  await a?.stop();
});

test("an exception committed through one instance reaches a subscriber of the other, once", async () => {
  const token = await a.token();
  const client = createClient({ url: b.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const received: string[] = [];
  const first = new Promise<void>((resolve, reject) => {
    client.subscribe(
      { query: `subscription { exceptionRaised { message } }` },
      { next: (r) => { received.push((r.data as { exceptionRaised: { message: string } }).exceptionRaised.message); resolve(); }, error: reject, complete: () => undefined },
    );
  });
  await new Promise((r) => setTimeout(r, 300)); // let the subscription register
  await inTransaction(a.db, (tx) => raiseException(tx, { type: "QUALITY", message: "lot PB-1 failed inspection" }));
  await first;
  await new Promise((r) => setTimeout(r, 500)); // a second delivery would arrive by now
  expect(received).toEqual(["lot PB-1 failed inspection"]);
  await client.dispose();
});

test("when Redis drops an instance's connections, its subscribers still get what was published meanwhile, once and in order", async () => {
  const server = new URL(REDIS_URL);
  const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 6379) });
  const cDb = await openDatabase({ url: a.config.databaseUrl!, poolSize: 4 });
  const c = await startHub({ config: { ...a.config, redisUrl: `redis://127.0.0.1:${proxy.port}` }, db: cDb, log: createLogger(a.config) });
  const client = createClient({ url: c.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${await a.token()}` }, retryAttempts: 0 });
  try {
    const received: string[] = [];
    // resuming from the outbox's end: the first event arrives whether the subscription is ready before it or not
    const [{ last }] = await a.db.sql.query<{ last: string }>(`SELECT coalesce(max(position), 0)::text AS last FROM event`);
    client.subscribe(
      { query: `subscription($after: ID) { exceptionRaised(types: ["EQUIPMENT"], afterEventId: $after) { message } }`, variables: { after: last } },
      { next: (r) => void received.push((r.data as { exceptionRaised: { message: string } }).exceptionRaised.message), error: () => undefined, complete: () => undefined },
    );
    await inTransaction(a.db, (tx) => raiseException(tx, { type: "EQUIPMENT", message: "before" }));
    await until(() => received.length === 1, "the first event");

    await proxy.cut(); // instance c loses Redis; a publishes on
    for (const message of ["while away 1", "while away 2"]) {
      const id = await inTransaction(a.db, (tx) => raiseException(tx, { type: "EQUIPMENT", message }));
      await until(async () => (await a.db.sql.query(`SELECT 1 FROM event WHERE published_at IS NOT NULL AND (payload->>'exceptionId')::int = $1`, [id]))[0], "a to publish it");
    }
    await proxy.restore();
    await until(() => received.length >= 3, "the events published while Redis was away");
    await inTransaction(a.db, (tx) => raiseException(tx, { type: "EQUIPMENT", message: "after" }));
    await until(() => received.length >= 4, "the event published after");
    expect(received).toEqual(["before", "while away 1", "while away 2", "after"]);
  } finally {
    await client.dispose();
    await c.stop();
    await cDb.close();
    await proxy.close();
  }
});

test("a hub of another database on the same Redis neither hears these events nor makes this one skip its own", async () => {
  const other = await startTestHub({ env: { REDIS_URL } });
  const listen = (url: string, token: string) => {
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const received: string[] = [];
    client.subscribe(
      { query: `subscription { exceptionRaised { message } }` },
      { next: (r) => void received.push((r.data as { exceptionRaised: { message: string } }).exceptionRaised.message), error: () => undefined, complete: () => undefined },
    );
    return { client, received };
  };
  const here = listen(b.wsUrl, await a.token());
  const there = listen(other.hub.wsUrl, await other.token());
  try {
    await new Promise((r) => setTimeout(r, 300)); // let the subscriptions register
    // the other database's outbox runs far ahead of this one's positions
    for (let i = 0; i < 30; i++) await inTransaction(other.db, (tx) => raiseException(tx, { type: "QUALITY", message: `elsewhere ${i}` }));
    await until(() => there.received.length === 30, "the other hub's own events");
    await inTransaction(a.db, (tx) => raiseException(tx, { type: "QUALITY", message: "lot PB-9 failed inspection" }));
    await until(() => here.received.length === 1, "this hub's event");
    await new Promise((r) => setTimeout(r, 500)); // a stray delivery would arrive by now
    expect(here.received).toEqual(["lot PB-9 failed inspection"]);
    expect(there.received).toEqual(Array.from({ length: 30 }, (_, i) => `elsewhere ${i}`));
  } finally {
    await here.client.dispose();
    await there.client.dispose();
    await other.stop();
  }
}, 120_000);
