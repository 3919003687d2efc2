/**
 * bench/automation (`npm run bench:automation`): what acts on the outbox, each against the raw work it cannot
 * avoid, in one run on a fresh database and one hub —
 * - rules: `stock.low` events evaluated and acted on (a NOTIFY rule: one firing and one `rule.notified` each)
 *   per second, against reading the same events from the outbox in raw `pg` pages (the follower's page size);
 * - webhooks: deliveries per second to a local receiver (one webhook: one lane, in order), against a raw loop
 *   POSTing the same signed bodies one after another;
 * - ERP event push: `stock.changed` facts per second to a local ERP (batched by ERP_BATCH_SIZE), against a raw
 *   loop POSTing the same batches one after another.
 * Events are written straight into the outbox in one statement, so each phase measures the follower alone.
 *
 *   npm run bench:automation [-- --events=2000 --batch=500]
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { loadConfig } from "../../src/runtime/config";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { benchFlags, environment, figure, runBench, type Cleanup } from "../harness";

const options = () => benchFlags({ events: 2000, batch: 500 });
const SECRET = "bench-secret-0123456789";
/** the outbox follower's page (src/events/outbox-follower.ts) */
const PAGE = 500;

/** An HTTP server that answers 200 and keeps each request's body and headers. */
class Receiver {
  readonly requests: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  private server: Server | undefined;
  url = "";

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.requests.push({ path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  down(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 600_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Seconds `work` takes. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
}

/** Writes `n` events of one topic with the same payload, in one statement. */
const writeEvents = (db: Database, topic: string, payload: unknown, n: number) =>
  db.sql.query(`INSERT INTO event (topic, payload) SELECT $1, $2::jsonb FROM generate_series(1, $3::int)`, [topic, JSON.stringify(payload), n]);

/** POSTs the recorded requests again, one after another: the raw HTTP cost of the same bytes. */
async function replayRequests(url: string, requests: Receiver["requests"]): Promise<void> {
  for (const r of requests) {
    const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => k === "content-type" || k.startsWith("x-hub-") || k === "authorization")) as Record<string, string>;
    const res = await fetch(`${url}${r.path}`, { method: "POST", headers, body: r.body });
    await res.text();
  }
}

async function main(cleanup: Cleanup) {
  const o = options();
  console.log(environment());
  console.log(`${o.events} events per phase; ERP batches of ${o.batch}`);
  const webhookReceiver = new Receiver();
  const erp = new Receiver();
  await webhookReceiver.up();
  await erp.up();
  cleanup.add(() => webhookReceiver.down());
  cleanup.add(() => erp.down());
  const scratch = await createScratchDatabase("hub_bench_auto");
  cleanup.add(() => scratch.drop());
  const config = loadConfig({
    NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: scratch.url, AUTH_JWT_SECRET: randomBytes(32).toString("hex"), LOG_LEVEL: "warn",
    RATE_LIMIT_PER_MINUTE: "10000000", WEBHOOKS_ENABLED: "true", ERP_URL: erp.url, ERP_BATCH_SIZE: String(o.batch), KPI_EVERY_MINUTES: "0",
  });
  const db = await openDatabase({ url: scratch.url, poolSize: config.dbPoolSize });
  cleanup.add(() => db.close());
  await migrate(db);
  const hub = await startHub({ config, db, log: createLogger(config) });
  cleanup.add(() => hub.stop());
  const token = await signToken(config.auth, { sub: "bench", roles: [Role.ADMIN] });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = (await (await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) })).json()) as { data?: any; errors?: unknown[] };
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  await db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  await gql(`mutation { createMaterial(input: { code: "M1", name: "Bought", uomCode: "EA", type: BUY, safetyStock: "10", abcClass: A }) { id } }`);
  await gql(`mutation { receiveStock(input: { materialCode: "M1", warehouseCode: "W1", locationCode: "A1", quantity: "5" }) { replayed } }`);
  const [ids] = await db.sql.query<{ m: number; w: number }>(`SELECT (SELECT id FROM material) AS m, (SELECT id FROM warehouse) AS w`);
  const low = { materialId: ids.m, materialCode: "M1", warehouseId: ids.w, warehouseCode: "W1", available: "4", safetyStock: "10" };
  const count = async (from: string) => Number((await db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${from}`))[0].n);
  const lastPosition = async () => Number((await db.sql.query<{ p: string }>(`SELECT COALESCE(max(position), 0)::text AS p FROM event`))[0].p);
  await waitFor(async () => (await count(`event WHERE position IS NULL`)) === 0, "the outbox published");

  // rules: evaluated and acted on, against the raw outbox read of the same events
  const rule = await gql(`mutation($input: RuleInput!) { createRule(input: $input) { id } }`, {
    input: { name: "bench", warehouseCode: "W1", topic: "stock.low", conditions: JSON.stringify({ fact: "material.abcClass", operator: "equal", value: "A" }), actions: [{ type: "NOTIFY", message: "{material.code} low" }] },
  });
  const from = await lastPosition();
  const rulesSeconds = await timed(async () => {
    await writeEvents(db, "stock.low", low, o.events);
    await waitFor(async () => (await count("rule_firing")) >= o.events, "the rule firings");
  });
  const rawReadSeconds = await timed(async () => {
    for (let after = from, read = 0; read < o.events; ) {
      const page = await db.sql.query<{ position: string }>(`SELECT position::text AS position, topic, payload, created_at FROM event WHERE position > $1 AND topic = 'stock.low' ORDER BY position LIMIT ${PAGE}`, [after]);
      if (page.length === 0) break;
      read += page.length;
      after = Number(page.at(-1)!.position);
    }
  });
  report("rules", "events evaluated and acted on", o.events / rulesSeconds, "raw outbox read", o.events / rawReadSeconds, { atLeast: 0.0005 });
  await gql(`mutation($id: ID!) { setRuleEnabled(id: $id, enabled: false) { id } }`, { id: rule.createRule.id });

  // webhooks: one webhook's lane to a local receiver, against a raw loop POSTing the same signed bodies
  await gql(`mutation($input: WebhookInput!) { createWebhook(input: $input) { id } }`, { input: { name: "bench", url: `${webhookReceiver.url}/hook`, topics: ["stock.low"], secret: SECRET } });
  const webhookSeconds = await timed(async () => {
    await writeEvents(db, "stock.low", low, o.events);
    await waitFor(() => webhookReceiver.requests.length >= o.events, "the webhook deliveries");
  });
  const delivered = webhookReceiver.requests.splice(0);
  const rawPostSeconds = await timed(() => replayRequests(webhookReceiver.url, delivered));
  report("webhooks", "deliveries", o.events / webhookSeconds, "raw POST loop", o.events / rawPostSeconds, { atLeast: 0.15 });

  // ERP event push: stock.changed facts in batches, against a raw loop POSTing the same batches
  // a receipt's event as the stock area wrote it, as if it booked a purchase order (a goods receipt for the ERP)
  await gql(`mutation { receiveStock(input: { materialCode: "M1", warehouseCode: "W1", locationCode: "A1", quantity: "1" }) { replayed } }`);
  const [{ written }] = await db.sql.query<{ written: Record<string, unknown> }>(`SELECT payload AS written FROM event WHERE topic = 'stock.changed' ORDER BY id DESC LIMIT 1`);
  const payload = { ...written, purchaseOrderId: 1, purchaseOrderNumber: "PO-BENCH" };
  const lines = () => erp.requests.reduce((n, r) => n + ((JSON.parse(r.body) as { lines?: unknown[] }).lines?.length ?? 0), 0);
  const erpSeconds = await timed(async () => {
    await writeEvents(db, "stock.changed", payload, o.events);
    await waitFor(() => lines() >= o.events, "the ERP push");
  });
  const batches = erp.requests.splice(0);
  const rawBatchSeconds = await timed(() => replayRequests(erp.url, batches));
  report("erp-push", `facts (${batches.length} batches)`, o.events / erpSeconds, "raw POST loop of the same batches", o.events / rawBatchSeconds, { atLeast: 0.1 });
}

function report(name: string, what: string, perSecond: number, baseline: string, basePerSecond: number, target: { atLeast: number }) {
  console.log(`${name.padEnd(9)} ${what.padEnd(32)} ${perSecond.toFixed(0).padStart(7)}/s   ${baseline.padEnd(36)} ${basePerSecond.toFixed(0).padStart(7)}/s   ratio ${(perSecond / basePerSecond).toFixed(3)}`);
  figure("automation", `${name}, hub / ${baseline} (per second)`, perSecond / basePerSecond, "ratio", target);
}

runBench(main);
