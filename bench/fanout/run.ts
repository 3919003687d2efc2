/**
 * bench/fanout (`npm run bench:fanout`): live events to many graphql-ws subscribers of one hub — outbox commit
 * → publisher → bus → subscriptions → sockets — against a raw `ws` broadcast of a frame of the same size to
 * as many sockets, in the hub's order, in one run, rounds interleaved (raw, hub, raw, hub…) at each subscriber
 * count. The subscribers live in child processes (bench/fanout/clients.ts, `--clients` of them, 4 by
 * default), so the CPU measured here is the hub's (or the broadcast's), and reading thousands of messages in
 * one process does not set the latency: with one, the last subscriber's message waits for that process to read
 * all the others'.
 * Subscribers are spread over 4 identities (unscoped admin; viewers limited to W1, to W1+W2;
 * a planner limited to W1) and 2 documents: 8 groups of (document, variables, scope), all hearing every event.
 * Each event is sent once the previous one reached every subscriber, `gap` ms later: the latency is that
 * of one event's fan-out, from before its commit (or its broadcast) to each subscriber's receipt.
 *
 *   npm run bench:fanout [-- --small=1000 --large=5000 --events=50 --warmup=10 --rounds=2 --gap=20 --clients=4 --node=24]
 *   needs PostgreSQL
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { WebSocketServer, type WebSocket } from "ws";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { loadConfig } from "../../src/runtime/config";
import { openDatabase } from "../../src/db/database";
import { inTransaction } from "../../src/db/transaction";
import { migrate } from "../../src/db/migrator";
import { raiseException } from "../../src/domain/exceptions/exception.store";
import { createLogger } from "../../src/runtime/logger";
import { metrics } from "../../src/runtime/metrics";
import { startHub } from "../../src/server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { until } from "../../test/support/until";
import { benchFlags, environment, figure, runBench, type Cleanup } from "../harness";
import type { Arrivals, FromClients, ToClients } from "./clients";

const QUERIES = [
  `subscription { exceptionRaised { eventId exceptionId type message } }`,
  `subscription { exceptionRaised(types: ["SHORTAGE"]) { eventId exceptionId type severity message } }`,
];

interface Round {
  p50: number;
  p99: number;
  /** p99 of the time from an event's first message to each of its messages */
  spreadP99: number;
  cpuUsPerDelivery: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  heapBeforeMiB: number;
  heapAfterMiB: number;
}

/** The child processes of subscribers, each answering one message at a time. */
class Clients {
  /** answers awaited, by key, until every child has given its own */
  private readonly waiting = new Map<string, { answers: FromClients[]; done: (answers: FromClients[]) => void; fail: (err: Error) => void }>();
  private stopping = false;
  private constructor(private readonly children: ChildProcess[]) {
    for (const child of children) {
      // a child that dies (a subscriber refused, say) fails the bench rather than leaving it waiting
      child.on("exit", (code) => {
        if (this.stopping) return;
        for (const awaited of this.waiting.values()) awaited.fail(new Error(`a subscribers' process exited (${code})`));
        this.waiting.clear();
      });
      child.on("message", (m: FromClients) => {
        const key = "delivered" in m ? `delivered:${m.delivered}` : Object.keys(m)[0];
        const awaited = this.waiting.get(key);
        awaited?.answers.push(m);
        if (awaited?.answers.length !== children.length) return;
        this.waiting.delete(key);
        awaited.done(awaited.answers);
      });
    }
  }
  static start(processes: number): Clients {
    return new Clients(Array.from({ length: processes }, () => fork(path.join(__dirname, "clients.js"), { stdio: "inherit" })));
  }
  /** Every child's answer `key`. */
  all<T extends FromClients>(key: string): Promise<T[]> {
    return new Promise((resolve, fail) => this.waiting.set(key, { answers: [], done: resolve as (answers: FromClients[]) => void, fail }));
  }
  /**
   * Opens `count` subscribers, numbered 0…count-1, spread evenly over the children (each needs one at least),
   * 100 handshakes at a time in all: more keep a loaded hub from answering each within graphql-ws's 3 s.
   */
  open(url: string, count: number, tokens: string[], queries: string[]): Promise<unknown> {
    const opened = this.all("opened");
    const n = this.children.length;
    this.children.forEach((child, k) => {
      const from = Math.floor((k * count) / n);
      child.send({ open: { url, from, count: Math.floor(((k + 1) * count) / n) - from, tokens, queries, parallel: Math.ceil(100 / n) } } satisfies ToClients);
    });
    return opened;
  }
  /** Closes every subscriber: the arrival times of the round, all children's together. */
  async close(): Promise<Map<number, number[]>> {
    const closed = this.all<{ closed: Arrivals }>("closed");
    for (const child of this.children) child.send({ close: true } satisfies ToClients);
    const arrivals = new Map<number, number[]>();
    for (const { closed: part } of await closed) for (const [event, times] of part) arrivals.set(event, [...(arrivals.get(event) ?? []), ...times]);
    return arrivals;
  }
  stop() {
    this.stopping = true;
    for (const child of this.children) child.kill();
  }
}

const now = () => performance.timeOrigin + performance.now();
const mib = (bytes: number) => bytes / 2 ** 20;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const report = (what: string, r: Round) =>
  console.log(
    `${what}  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  spread p99 ${r.spreadP99.toFixed(1)} ms  ` +
      `CPU ${r.cpuUsPerDelivery.toFixed(1)} µs/delivery  RSS ${r.rssBeforeMiB.toFixed(0)} → ${r.rssAfterMiB.toFixed(0)} MiB, heap ${r.heapBeforeMiB.toFixed(0)} → ${r.heapAfterMiB.toFixed(0)} MiB`,
  );

async function main(cleanup: Cleanup) {
  const { small, large, events, warmup, rounds, gap, clients: processes } = benchFlags({ small: 1000, large: 5000, events: 50, warmup: 10, rounds: 2, gap: 20, clients: 4 });
  const subscribers = [small, large];
  if (small < processes) throw new Error(`--small=${small}: each of the --clients=${processes} processes needs a subscriber at least`);
  const scratch = await createScratchDatabase("hub_bench_fanout");
  cleanup.add(() => scratch.drop());
  const config = loadConfig({
    NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", DATABASE_URL: scratch.url,
    AUTH_JWT_SECRET: randomBytes(32).toString("hex"), RATE_LIMIT_PER_MINUTE: "10000000",
  });
  const db = await openDatabase({ url: scratch.url, poolSize: 10 });
  cleanup.add(() => db.close());
  await migrate(db);
  const [{ id: w1 }] = await db.sql.query<{ id: number }>(`INSERT INTO warehouse (code, name) VALUES ('W1', 'One'), ('W2', 'Two') RETURNING id`);
  const hub = await startHub({ config, db, log: createLogger(config) });
  cleanup.add(() => hub.stop());
  const tokens = await Promise.all([
    signToken(config.auth, { sub: "bench-admin", roles: [Role.ADMIN] }),
    signToken(config.auth, { sub: "bench-w1", roles: [Role.VIEWER], warehouses: ["W1"] }),
    signToken(config.auth, { sub: "bench-w12", roles: [Role.VIEWER], warehouses: ["W1", "W2"] }),
    signToken(config.auth, { sub: "bench-planner", roles: [Role.PLANNER], warehouses: ["W1"] }),
  ]);

  // The baseline: a plain ws server answering the handshake and broadcasting a frame like the hub's, in the
  // order the hub writes: group by group (same credential and document), each in the order its sockets
  // subscribed. The order has a cost here: on loopback, a write that finds its subscribers' process asleep
  // wakes it within the writer's system call. In connection order, consecutive sockets mostly belong to one
  // process (each opens its own in batches); a group (every 8th subscriber) alternates between processes, which
  // then wake more often (docs/benchmarks.md, "fan-out's writes against the broadcast's").
  const raw = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => raw.once("listening", resolve));
  cleanup.add(() => new Promise((resolve) => raw.close(resolve)));
  const rawGroups = new Map<string, Set<WebSocket>>();
  raw.on("connection", (socket: WebSocket) => {
    let credential = "";
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === "connection_init") {
        credential = message.payload.authorization;
        socket.send(JSON.stringify({ type: "connection_ack" }));
      } else if (message.type === "subscribe") {
        const key = JSON.stringify([credential, message.payload.query]);
        let group = rawGroups.get(key);
        if (!group) rawGroups.set(key, (group = new Set()));
        group.add(socket);
        socket.once("close", () => {
          group.delete(socket);
          if (group.size === 0 && rawGroups.get(key) === group) rawGroups.delete(key); // not a later round's
        });
      }
    });
  });
  const rawUrl = `ws://127.0.0.1:${(raw.address() as { port: number }).port}`;
  const rawFrame = (i: number) =>
    JSON.stringify({ id: "1", type: "next", payload: { data: { exceptionRaised: { eventId: String(100000 + i), exceptionId: String(100000 + i), type: "SHORTAGE", message: `bench ${i}` } } } });

  const subscribed = async (mode: "raw" | "hub") =>
    mode === "raw" ? [...rawGroups.values()].reduce((n, group) => n + group.size, 0) : ((await metrics.subscriptionsOpen.get()).values[0]?.value ?? 0);

  const clients = Clients.start(processes);
  cleanup.add(() => clients.stop());
  let sequence = 0;

  async function round(mode: "raw" | "hub", count: number, events: number): Promise<Round> {
    // An event published before a subscription runs never reaches it, and the round would wait for it forever:
    // so wait for the last round's subscriptions to end, and for all of this round's to run.
    await until(async () => (await subscribed(mode)) === 0, `the last ${mode} round's subscriptions to end`);
    await clients.open(mode === "raw" ? rawUrl : hub.wsUrl, count, tokens, QUERIES);
    await until(async () => (await subscribed(mode)) === count, `${count} ${mode} subscriptions to run`, 60_000);
    global.gc?.();
    const before = process.memoryUsage();
    const cpu = process.cpuUsage();
    const sentAt = new Map<number, number>();
    for (let e = 0; e < events; e++) {
      const i = ++sequence;
      const delivered = clients.all(`delivered:${i}`);
      sentAt.set(i, now());
      if (mode === "raw") {
        const frame = rawFrame(i);
        for (const group of rawGroups.values()) for (const socket of group) socket.send(frame);
      } else {
        await inTransaction(db, (tx) => raiseException(tx, { type: "SHORTAGE", message: `bench ${i}`, warehouseId: w1 }));
      }
      await delivered;
      await new Promise((r) => setTimeout(r, gap));
    }
    const used = process.cpuUsage(cpu);
    global.gc?.();
    const after = process.memoryUsage();
    const arrivals = [...(await clients.close())];
    const latencies = arrivals.flatMap(([event, times]) => times.map((t) => t - sentAt.get(event)!)).sort((a, b) => a - b);
    const spreads = arrivals
      .flatMap(([, times]) => {
        const first = times.reduce((a, b) => Math.min(a, b));
        return times.map((t) => t - first);
      })
      .sort((a, b) => a - b);
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      spreadP99: percentile(spreads, 99),
      cpuUsPerDelivery: (used.user + used.system) / (count * events),
      rssBeforeMiB: mib(before.rss),
      rssAfterMiB: mib(after.rss),
      heapBeforeMiB: mib(before.heapUsed),
      heapAfterMiB: mib(after.heapUsed),
    };
  }

  console.log(environment());
  console.log(`${events} events per round, ${rounds} interleaved rounds per mode, ${gap} ms between events${global.gc ? "" : " (run with --expose-gc for RSS after a collection)"}`);
  // A process's first events run code not compiled yet: the first event of its first hub round reached its first
  // subscriber ~50 ms after the commit instead of ~4 (docs/benchmarks.md, "warm-up"). So each mode first runs a
  // short round at the small size, printed and not counted: the figures are those of a running hub.
  for (const mode of ["raw", "hub"] as const) report(`${String(small).padStart(5)} subscribers  ${mode}  warm-up, ${warmup} events, not counted:`, await round(mode, small, warmup));
  for (const count of subscribers) {
    const results: Record<"raw" | "hub", Round[]> = { raw: [], hub: [] };
    for (let r = 0; r < rounds; r++) {
      for (const mode of ["raw", "hub"] as const) {
        const result = await round(mode, count, events);
        results[mode].push(result);
        report(`${String(count).padStart(5)} subscribers  ${mode}`, result);
      }
    }
    const median = (mode: "raw" | "hub", k: keyof Round) => results[mode].map((x) => x[k]).sort((a, b) => a - b)[Math.floor(rounds / 2)];
    const p99Target = count <= 1000 ? 50 : 100; // issue #18's targets
    figure("fanout", `p99 delivery, ${count} subscribers (ms)`, median("hub", "p99"), "ms", { atMost: p99Target });
    figure("fanout", `p99 delivery, ${count} subscribers, hub / raw ws broadcast`, median("hub", "p99") / median("raw", "p99"), "ratio");
    figure("fanout", `p99 spread (first to each message of an event), ${count} subscribers, hub / raw ws broadcast`, median("hub", "spreadP99") / median("raw", "spreadP99"), "ratio");
    figure("fanout", `CPU per delivery, ${count} subscribers, hub / raw ws broadcast`, median("hub", "cpuUsPerDelivery") / median("raw", "cpuUsPerDelivery"), "ratio");
    const growth = Math.max(...results.hub.map((x) => x.rssAfterMiB - x.rssBeforeMiB));
    figure("fanout", `RSS growth over a round, ${count} subscribers (MiB)`, growth, "MiB");
  }
}

runBench(main);
