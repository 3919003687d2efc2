/**
 * bench/fanout (`npm run bench:fanout`): live events to many graphql-ws subscribers of one hub — outbox commit
 * → publisher → bus → subscriptions → sockets — against a raw `ws` broadcast of a frame of the same size to
 * as many sockets, in one run, rounds interleaved (raw, hub, raw, hub…) at each subscriber count. The
 * subscribers live in a child process (bench/fanout/clients.ts), so the CPU measured here is the hub's (or the
 * broadcast's). Subscribers are spread over 4 identities (unscoped admin; viewers limited to W1, to W1+W2;
 * a planner limited to W1) and 2 documents: 8 groups of (document, variables, scope), all hearing every event.
 * Each event is sent once the previous one reached every subscriber, `gap` ms later: the latency is that
 * of one event's fan-out, from before its commit (or its broadcast) to each subscriber's receipt.
 *
 *   npm run bench:fanout [-- --small=1000 --large=5000 --events=50 --rounds=2 --gap=20]   needs PostgreSQL
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
import { startHub } from "../../src/server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { benchFlags, environment, figure, runBench, type Cleanup } from "../harness";
import type { FromClients, Latencies, ToClients } from "./clients";

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

/** The child process of subscribers, answering one message at a time. */
class Clients {
  private readonly waiting = new Map<string, (m: FromClients) => void>();
  private constructor(private readonly child: ChildProcess) {
    child.on("message", (m: FromClients) => {
      const key = Object.keys(m)[0] === "delivered" ? `delivered:${(m as { delivered: number }).delivered}` : Object.keys(m)[0];
      this.waiting.get(key)?.(m);
      this.waiting.delete(key);
    });
  }
  static start(): Clients {
    return new Clients(fork(path.join(__dirname, "clients.js"), { stdio: "inherit" }));
  }
  next<T extends FromClients>(key: string): Promise<T> {
    return new Promise((resolve) => this.waiting.set(key, resolve as (m: FromClients) => void));
  }
  send(m: ToClients) {
    this.child.send(m);
  }
  stop() {
    this.child.kill();
  }
}

const now = () => performance.timeOrigin + performance.now();
const mib = (bytes: number) => bytes / 2 ** 20;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(cleanup: Cleanup) {
  const { small, large, events, rounds, gap } = benchFlags({ small: 1000, large: 5000, events: 50, rounds: 2, gap: 20 });
  const subscribers = [small, large];
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

  // the baseline: a plain ws server answering the handshake and broadcasting a frame like the hub's
  const raw = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => raw.once("listening", resolve));
  cleanup.add(() => new Promise((resolve) => raw.close(resolve)));
  raw.on("connection", (socket: WebSocket) =>
    socket.on("message", (data) => {
      if (JSON.parse(data.toString()).type === "connection_init") socket.send(JSON.stringify({ type: "connection_ack" }));
    }),
  );
  const rawUrl = `ws://127.0.0.1:${(raw.address() as { port: number }).port}`;
  const rawFrame = (i: number) =>
    JSON.stringify({ id: "1", type: "next", payload: { data: { exceptionRaised: { eventId: String(100000 + i), exceptionId: String(100000 + i), type: "SHORTAGE", message: `bench ${i}` } } } });

  const clients = Clients.start();
  cleanup.add(() => clients.stop());
  let sequence = 0;

  async function round(mode: "raw" | "hub", count: number): Promise<Round> {
    clients.send({ open: { url: mode === "raw" ? rawUrl : hub.wsUrl, count, tokens, queries: QUERIES } });
    await clients.next("opened");
    await new Promise((r) => setTimeout(r, 500)); // the last subscribe messages are handled
    global.gc?.();
    const before = process.memoryUsage();
    const cpu = process.cpuUsage();
    for (let e = 0; e < events; e++) {
      const i = ++sequence;
      const delivered = clients.next(`delivered:${i}`);
      clients.send({ sent: { event: i, at: now() } });
      if (mode === "raw") {
        const frame = rawFrame(i);
        for (const socket of raw.clients) socket.send(frame);
      } else {
        await inTransaction(db, (tx) => raiseException(tx, { type: "SHORTAGE", message: `bench ${i}`, warehouseId: w1 }));
      }
      await delivered;
      await new Promise((r) => setTimeout(r, gap));
    }
    const used = process.cpuUsage(cpu);
    global.gc?.();
    const after = process.memoryUsage();
    clients.send({ close: true });
    const { closed } = await clients.next<{ closed: Latencies }>("closed");
    const sorted = closed.latenciesMs.sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      spreadP99: percentile(closed.spreadsMs.sort((a, b) => a - b), 99),
      cpuUsPerDelivery: (used.user + used.system) / (count * events),
      rssBeforeMiB: mib(before.rss),
      rssAfterMiB: mib(after.rss),
      heapBeforeMiB: mib(before.heapUsed),
      heapAfterMiB: mib(after.heapUsed),
    };
  }

  console.log(environment());
  console.log(`${events} events per round, ${rounds} interleaved rounds per mode, ${gap} ms between events${global.gc ? "" : " (run with --expose-gc for RSS after a collection)"}`);
  for (const count of subscribers) {
    const results: Record<"raw" | "hub", Round[]> = { raw: [], hub: [] };
    for (let r = 0; r < rounds; r++) {
      for (const mode of ["raw", "hub"] as const) {
        const result = await round(mode, count);
        results[mode].push(result);
        console.log(
          `${String(count).padStart(5)} subscribers  ${mode}  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  spread p99 ${result.spreadP99.toFixed(1)} ms  ` +
            `CPU ${result.cpuUsPerDelivery.toFixed(1)} µs/delivery  RSS ${result.rssBeforeMiB.toFixed(0)} → ${result.rssAfterMiB.toFixed(0)} MiB, heap ${result.heapBeforeMiB.toFixed(0)} → ${result.heapAfterMiB.toFixed(0)} MiB`,
        );
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
