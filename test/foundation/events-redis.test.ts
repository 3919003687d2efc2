/**
 * Several hub instances behind one database: with REDIS_URL, an event committed through one instance
 * reaches subscribers of every instance, once. Needs the Redis server (CI starts it).
 */
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { openDatabase, type Database } from "../../src/db/database";
import { raiseException } from "../../src/domain/exceptions/raise-exception";
import { inTransaction } from "../../src/db/transaction";
import { createLogger } from "../../src/logger";
import { startHub, type Hub } from "../../src/server";
import { startTestHub, type TestHub } from "../support/test-hub";

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
