/**
 * Three hub instances on one database and one Redis behind a round-robin balancer (as a hub cluster runs):
 * 60 clients racing through the balancer for 20 units reserve exactly what there is and the books stay
 * consistent; subscribers of every instance get each event once, whichever instance committed it; an
 * identity's rate allowance is counted across the instances. Needs PostgreSQL and Redis (CI starts them).
 */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { openDatabase, type Database } from "../../src/db/database";
import { createLogger } from "../../src/runtime/logger";
import { startHub, type Hub } from "../../src/server";
import { autoPolicy, product, receive } from "../shortages/shortage-fixture";
import { assertStockConsistent } from "../stock/stock-fixture";
import { startRoundRobinProxy, type RoundRobinProxy } from "../support/round-robin-proxy";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const CLIENTS = 60;
const STOCK = 20;

let a: TestHub;
const others: { db: Database; hub: Hub }[] = [];
let balancer: RoundRobinProxy;
beforeAll(async () => {
  a = await startTestHub({ demo: true, env: { REDIS_URL, REQUEST_TIMEOUT_MS: "120000", RATE_LIMIT_PER_MINUTE: "100000" } });
  for (let i = 0; i < 2; i++) {
    const db = await openDatabase({ url: a.config.databaseUrl!, poolSize: 10 });
    others.push({ db, hub: await startHub({ config: a.config, db, log: createLogger(a.config) }) });
  }
  balancer = await startRoundRobinProxy([a.hub.url, ...others.map((o) => o.hub.url)]);
}, 240_000);
afterAll(async () => {
  await balancer?.close();
  for (const o of others) {
    await o.hub.stop();
    await o.db.close();
  }
  await a?.stop();
});

/** A subscriber of one instance collecting the SHORTAGE exceptions it is told of, from the outbox's current end. */
async function shortageSubscriber(wsUrl: string, token: string, after: string): Promise<{ client: Client; ids: string[] }> {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const ids: string[] = [];
  client.subscribe(
    { query: `subscription($after: ID) { exceptionRaised(types: ["SHORTAGE"], afterEventId: $after) { exceptionId } }`, variables: { after } },
    { next: (r) => void ids.push((r.data as { exceptionRaised: { exceptionId: string } }).exceptionRaised.exceptionId), error: () => undefined, complete: () => undefined },
  );
  return { client, ids };
}

test(`${CLIENTS} clients through the balancer racing for ${STOCK} units: exactly ${STOCK} orders reserved, books consistent, every instance's subscribers told of each shortage once`, async () => {
  await product(a, "TI-PROD", [["TI-COMP", "1"]]);
  await receive(a, "TI-COMP", "PLANT-1", "A-01", String(STOCK));
  await autoPolicy(a, "TI-COMP", { substitutes: false, transfers: false, purchase: false });
  const token = await a.token();
  const [{ last }] = await a.db.sql.query<{ last: string }>(`SELECT coalesce(max(position), 0)::text AS last FROM event`);
  const subscribers = await Promise.all([a.hub.wsUrl, ...others.map((o) => o.hub.wsUrl)].map((url) => shortageSubscriber(url, token, last)));
  try {
    const sentBefore = [...balancer.sent];
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const res = await fetch(balancer.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: `mutation { createWorkOrder(input: { materialCode: "TI-PROD", warehouseCode: "PLANT-1", quantity: "1" }) { workOrder { id status } } }` }),
        });
        const body = (await res.json()) as { data?: { createWorkOrder: { workOrder: { id: string; status: string } } }; errors?: unknown[] };
        expect(body.errors).toBeUndefined();
        return body.data!.createWorkOrder.workOrder;
      }),
    );
    // the balancer spread the orders over all three
    expect(balancer.sent.map((n, i) => n - sentBefore[i])).toEqual([CLIENTS / 3, CLIENTS / 3, CLIENTS / 3]);
    expect(results.filter((o) => o.status === "RELEASED")).toHaveLength(STOCK);
    expect(results.filter((o) => o.status === "SHORT")).toHaveLength(CLIENTS - STOCK);
    const [held] = await a.db.sql.query<{ reserved: string }>(
      `SELECT sum(b.reserved)::float8::text AS reserved FROM stock_balance b JOIN material m ON m.id = b.material_id WHERE m.code = 'TI-COMP'`,
    );
    expect(held.reserved).toBe(String(STOCK));
    await assertStockConsistent(a);

    const raised = await a.db.sql.query<{ id: string }>(
      `SELECT e.id::text FROM exception e WHERE e.type = 'SHORTAGE' AND e.work_order_id = ANY($1::int[]) ORDER BY e.id`,
      [results.map((o) => Number(o.id))],
    );
    expect(raised.length).toBeGreaterThanOrEqual(CLIENTS - STOCK);
    const expected = raised.map((r) => r.id);
    for (const s of subscribers) await until(() => s.ids.length >= expected.length, "every shortage at every instance");
    await new Promise((r) => setTimeout(r, 500)); // a second delivery would arrive by now
    for (const s of subscribers) expect([...s.ids].sort((x, y) => Number(x) - Number(y))).toEqual(expected);
  } finally {
    for (const s of subscribers) await s.client.dispose();
  }
}, 600_000);
