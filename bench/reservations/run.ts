/**
 * bench/reservations: work-order reservations per second — createWorkOrder over HTTP (GraphQL) against
 * the same transaction in raw `pg` — in one run on a fresh database, then the invariant check. The same
 * work in batches too: createWorkOrders with `--batch` orders per call, atomic (one transaction per call)
 * and not (one per order), against the same baseline. "node CPU" is this process's CPU per reservation
 * (the hub's, or the baseline's); the HTTP clients run in a child, whose CPU per call is printed beside the hub's,
 * and "PostgreSQL" the scratch database's backends' (bench/postgres-cpu.ts).
 * The four targets take turns, `--slices` times a round, each measuring its share of `--measure`: the machine's
 * speed drifts over tens of seconds (shared hosts), and a ratio of two runs a minute apart measured the drift too.
 * Usage (after `npm run build`):
 *   node dist/bench/reservations/run.js [--products=16] [--components=3] [--bins=2] [--concurrency=16]
 *                                       [--warmup=2] [--measure=8] [--slices=4] [--rounds=1] [--batch=10]
 * --products=1 puts every client on the same balance rows (one hot product). See docs/benchmarks.md.
 */
import "../production-mode";
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { loadConfig } from "../../src/runtime/config";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { verifyLedger } from "../../src/domain/stock/ledger-verify";
import { stockIntegrity, workOrderReservationDifferences } from "../../src/domain/stock/stock.queries";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { ReservationBaseline } from "./baseline";
import type { HubLoadJob } from "./http-client";
import { load, summarize, type Result, type Slice } from "./load";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { seedReservationBench } from "./seed";
import { benchFlags, environment, figure, loadAverage, runBench, type Cleanup } from "../harness";
import { cpuBetween, openPostgresCpu } from "../postgres-cpu";

const options = () => {
  const o = benchFlags({ products: 16, components: 3, bins: 2, concurrency: 16, warmup: 2, measure: 8, slices: 4, rounds: 1, batch: 10 });
  return { ...o, warmupMs: o.warmup * 1000, sliceMs: (o.measure * 1000) / o.slices };
};

/** Before each slice after a target's first (which warms up for `--warmup`): the clients' loops fill again. */
const SETTLE_MS = 500;

const ms = (v: number) => v.toFixed(1).padStart(6);
const fmt = (r: TargetResult) =>
  `${r.perSecond.toFixed(0).padStart(6)} reservations/s   p50 ${ms(r.p50Ms)} ms   p99 ${ms(r.p99Ms)} ms   node CPU ${r.cpuMsEach.toFixed(2)} ms each` +
  `, PostgreSQL ${r.postgresMsEach.toFixed(2)} ms` +
  `${r.clientCpuMsEach === undefined ? "" : ` (HTTP client child ${r.clientCpuMsEach.toFixed(2)} ms)`}   (${r.done}${r.failures ? `, ${r.failures} FAILED` : ""})`;

/** A run of calls carrying `batch` reservations each, per reservation (latencies stay per call). */
const perReservation = (r: TargetResult, batch: number): TargetResult => ({
  ...r, perSecond: r.perSecond * batch, cpuMsEach: r.cpuMsEach / batch, clientCpuMsEach: r.clientCpuMsEach && r.clientCpuMsEach / batch,
  postgresMsEach: r.postgresMsEach / batch, done: r.done * batch,
});

/**
 * A target's slices: `hub` is this process's (the hub's, or the baseline's), `client` the HTTP clients' child's
 * (null for the baseline), `postgresMs` the database's backends' CPU over the slice.
 */
type Turn = { hub: Slice; client: Slice | null; postgresMs: number };

/** `cpuMsEach` is this process's CPU per call; `clientCpuMsEach` the child's (through the hub); `postgresMsEach` PostgreSQL's. */
type TargetResult = Result & { clientCpuMsEach?: number; postgresMsEach: number };

function targetResult(turns: readonly Turn[]): TargetResult {
  const hub = summarize(turns.map((t) => t.hub));
  const clients = turns.flatMap((t) => (t.client ? [t.client] : []));
  return {
    ...hub,
    clientCpuMsEach: clients.length ? summarize(clients).cpuMsEach : undefined,
    postgresMsEach: turns.reduce((sum, t) => sum + t.postgresMs, 0) / Math.max(1, hub.started),
  };
}

/** Balances equal ledger + open reservations, reserved within on hand, every order fully reserved, chain intact. */
async function invariants(db: Database, components: number): Promise<string> {
  const integrity = await stockIntegrity(db.sql);
  const orderDifferences = await workOrderReservationDifferences(db.sql);
  const chain = await verifyLedger(db.sql);
  const [r] = await db.sql.query<{ orders: number; partial: number; over: number }>(
    `SELECT (SELECT count(*)::int FROM work_order) AS orders,
            (SELECT count(*)::int FROM work_order o WHERE (SELECT count(DISTINCT material_id) FROM reservation WHERE work_order_id = o.id) <> ${components}) AS partial,
            (SELECT count(*)::int FROM stock_balance WHERE reserved > on_hand OR on_hand < 0) AS over`,
  );
  const ok = integrity.differences.length === 0 && orderDifferences.length === 0 && chain.ok && r.partial === 0 && r.over === 0;
  if (!ok) process.exitCode = 1;
  return `${ok ? "OK" : "VIOLATED"}: ${r.orders} orders, ${r.partial} not fully reserved, ${r.over} balances over-reserved or negative, ` +
    `${integrity.differences.length} balance differences vs ledger/reservations (${integrity.balancesChecked} balances), ` +
    `${orderDifferences.length} work-order lines whose reserved quantity differs from their reservations, ledger chain ${chain.ok ? "intact" : "BROKEN"}`;
}

async function main(cleanup: Cleanup) {
  const o = options();
  const scratch = await createScratchDatabase("hub_bench_res");
  const config = loadConfig({
    NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: scratch.url, DB_POOL_SIZE: String(o.concurrency),
    AUTH_JWT_SECRET: randomBytes(32).toString("hex"), LOG_LEVEL: "warn", RATE_LIMIT_PER_MINUTE: "10000000",
  });
  console.log(environment());
  console.log(`${o.products} products × ${o.components} components × ${o.bins} bins; ${o.concurrency} clients; warmup ${o.warmup} s, measure ${o.measure} s in ${o.slices} slices each, targets taking turns; pool ${o.concurrency} each`);
  cleanup.add(() => scratch.drop());
  const db = await openDatabase({ url: scratch.url, poolSize: config.dbPoolSize });
  cleanup.add(() => db.close());
  await migrate(db);
  await seedReservationBench(db, o);
  const hub = await startHub({ config, db, log: createLogger(config) });
  cleanup.add(() => hub.stop());
  const baseline = new ReservationBaseline(scratch.url, o.concurrency);
  cleanup.add(() => baseline.stop());
  const pgCpu = await openPostgresCpu(scratch.url);
  cleanup.add(() => pgCpu.close());
  const postgres = pgCpu.of("");
  const token = await signToken(config.auth, { sub: "bench", roles: [Role.PLANNER] });
  const product = () => `FG-${1 + Math.floor(Math.random() * o.products)}`;
  // The HTTP clients run in a child process, so this process's CPU is the hub's (and the baseline's) alone.
  const client = fork(path.join(__dirname, "http-client.js"), { stdio: "inherit" });
  cleanup.add(() => void client.kill());
  /** A slice through the hub: the clients' slice from the child, and this process's CPU over it (the hub's). */
  const viaHub = (job: HubLoadJob) =>
    new Promise<{ hub: Slice; client: Slice }>((resolve, reject) => {
      const cpu = process.cpuUsage();
      client.once("message", (m: { slice?: Slice; error?: string }) => {
        const { user, system } = process.cpuUsage(cpu);
        if (!m.slice) return reject(new Error(m.error));
        resolve({ hub: { ...m.slice, cpuMs: (user + system) / 1000 }, client: m.slice });
      });
      client.send(job);
    });
  const hubJob = { url: hub.url, token, products: o.products, concurrency: o.concurrency };
  const hubTarget = (batch: number, atomic: boolean) => async (warmupMs: number) => viaHub({ ...hubJob, batch, atomic, warmupMs, measureMs: o.sliceMs });
  const targets = {
    base: async (warmupMs: number) => ({ hub: await load(o.concurrency, warmupMs, o.sliceMs, () => baseline.reserve(product(), 1)), client: null }),
    single: hubTarget(1, true),
    atomic: hubTarget(o.batch, true),
    loose: hubTarget(o.batch, false),
  };
  type Name = keyof typeof targets;
  for (let round = 1; round <= o.rounds; round++) {
    const turns = { base: [], single: [], atomic: [], loose: [] } as Record<Name, Turn[]>;
    for (let i = 0; i < o.slices; i++) {
      for (const name of Object.keys(targets) as Name[]) {
        const before = await postgres();
        const turn = await targets[name](i === 0 ? o.warmupMs : SETTLE_MS);
        turns[name].push({ ...turn, postgresMs: cpuBetween(before, await postgres()) / 1000 });
      }
    }
    const base = targetResult(turns.base);
    const single = targetResult(turns.single);
    const atomic = perReservation(targetResult(turns.atomic), o.batch);
    const loose = perReservation(targetResult(turns.loose), o.batch);
    if (o.rounds > 1) console.log(`round ${round} (load average ${loadAverage()})`);
    console.log(`baseline (pg, one transaction)              ${fmt(base)}`);
    console.log(`hub (createWorkOrder over HTTP)             ${fmt(single)}`);
    console.log(`hub (createWorkOrders × ${o.batch}, atomic)`.padEnd(45) + fmt(atomic));
    console.log(`hub (createWorkOrders × ${o.batch}, not atomic)`.padEnd(45) + fmt(loose));
    console.log(`ratio hub/baseline                          ${[single, atomic, loose].map((r) => (r.perSecond / base.perSecond).toFixed(3)).join(" / ")} (single / batch atomic / batch not atomic)`);
    figure("reservations", "reservations, hub / raw pg (per second)", single.perSecond / base.perSecond, "ratio", { atLeast: 0.6 });
    figure("reservations", `reservations in batches of ${o.batch} (atomic), hub / raw pg`, atomic.perSecond / base.perSecond, "ratio", { atLeast: 0.6 });
    figure("reservations", `reservations in batches of ${o.batch} (not atomic), hub / raw pg`, loose.perSecond / base.perSecond, "ratio", { atLeast: 0.6 });
    if (base.failures || single.failures || atomic.failures || loose.failures) process.exitCode = 1;
  }
  console.log(`invariants ${await invariants(db, o.components)}`);
}

runBench(main);
