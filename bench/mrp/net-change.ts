/**
 * Net-change planning (`npm run bench:net-change`): a fresh database holds the generated 10k-material plant
 * (generate.ts, as bench:mrp); the hub's own pieces — stock receipts through StockService, the outbox publisher,
 * the in-memory bus and the NetChangePlanner — keep the current plan up to date. Each round, interleaved:
 *
 * - a full run made current (the baseline: its own load + compute + persist time, `timings.totalMs`); the planner
 *   builds its kept plan on the run's completion, and one receipt waits for that build (not measured);
 * - one change at a time: a receipt of a random material, timed from its commit to the end of the re-plan that
 *   stored it (its rows and `netChangeAt` committed); p50 / p95 and p50 as a share of the full run;
 * - sustained: receipts sent at `--rate` a second for `--seconds`, each timed the same way (its lag). The plan
 *   keeps up (its lag is bounded) when the changes of the last ten seconds wait no longer than the first's (p95 at
 *   most twice, plus 250 ms) and the last change is stored within a second of its commit;
 * - before each round, on a PostgreSQL without autovacuum (some test machines), the supply, exception and outbox
 *   tables are vacuumed and analysed as autovacuum would between rounds; within a round, dead rows pile up as they would between autovacuum's visits;
 * - a burst: the planner stopped while `--burst` receipts commit (an import of receipts, a planner that paused), then
 *   started again while receipts go on at `--rate` for `--after` seconds: the time from its start until the backlog
 *   is stored (catch-up), and whether the lag of the receipts sent meanwhile ends bounded as above (recovered).
 *
 *   npm run bench:net-change [-- --materials=10000 --changes=100 --rate=100 --seconds=30 --burst=3000 --after=20 --rounds=3]
 */
import { SYSTEM } from "../../src/auth/principal";
import type { Database } from "../../src/db/database";
import { MemoryEventBus } from "../../src/events/event-bus";
import { OutboxPublisher } from "../../src/events/outbox-publisher";
import { MrpRunService } from "../../src/domain/planning/mrp-run.service";
import { NetChangePlanner, type NetChangeReport } from "../../src/domain/planning/net-change.service";
import { StockService } from "../../src/domain/stock";
import { loadConfig } from "../../src/runtime/config";
import { createLogger } from "../../src/runtime/logger";
import { DatabaseOutage } from "../../src/db/unavailable";
import { benchFlags, environment, figure, loadAverage, runBench } from "../harness";
import { generatePlant } from "./generate";
import { seed, withDatabase } from "./seed";

const START = "2025-01-06";
const WINDOW_S = 10;
const options = () => benchFlags({ materials: 10_000, changes: 100, rate: 100, seconds: 30, burst: 3_000, after: 20, rounds: 3 });
/** Receipts of the burst committing at once (the bench's pool has 4 connections). */
const BURST_CLIENTS = 3;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const median = (values: number[]) => percentile(values, 50);

/** Re-plans as they are reported, and a promise for the moment the n-th change (counting from 1) is covered. */
class Covered {
  private done = 0;
  private readonly waiting: { n: number; resolve: (at: number) => void }[] = [];
  readonly reports: NetChangeReport[] = [];
  /** when each report came (performance.now()) */
  readonly heardAt: number[] = [];

  hear = (report: NetChangeReport) => {
    this.reports.push(report);
    this.heardAt.push(performance.now());
    this.done += report.changes;
    const at = performance.now();
    for (const w of this.waiting.filter((w) => w.n <= this.done)) w.resolve(at);
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((w) => w.n > this.done));
  };

  until(n: number): Promise<number> {
    if (n <= this.done) return Promise.resolve(performance.now());
    return new Promise((resolve) => this.waiting.push({ n, resolve }));
  }
}

/** Where a cycle's time went (medians): reading the touched materials, re-planning, writing, and the rows written. */
const parts = (cycles: NetChangeReport[]) =>
  `cycle p50 read ${median(cycles.map((c) => c.readMs)).toFixed(1)} / plan ${median(cycles.map((c) => c.planMs)).toFixed(1)} / write ${median(cycles.map((c) => c.writeMs)).toFixed(1)} ms ` +
  `(of ${median(cycles.map((c) => c.ms)).toFixed(1)}), ${median(cycles.map((c) => c.rows))} rows`;

/** Changes sent at a steady rate, each timed from its commit to the end of the cycle that stored it. */
interface Steady {
  lags: number[];
  /** lag p95 per window of WINDOW_S, by when the change was sent */
  windows: number[];
  /** the last window's p95 at most twice the first's plus 250 ms, and the last change stored within a second */
  bounded: boolean;
  rate: number;
  drainMs: number;
  /** the cycles that ran meanwhile */
  cycles: NetChangeReport[];
  /** p50 of the cycles' write time and rows per window (by when the cycle ended): what grows if the lag creeps */
  writeMs: number[];
  rows: number[];
  /** dead and live rows of the supply tables at the end (PostgreSQL's statistics): what a cycle's DELETE wades through */
  dead: number;
  live: number;
}

interface Round {
  load: string;
  fullMs: number;
  single: number[];
  replanned: number[];
  sustained: Steady;
  /** from the planner's start after the burst until the burst was stored */
  catchUpMs: number;
  afterBurst: Steady;
  /** the receipts sent after the burst end with their last ten seconds' p95, and the last one, stored within a second */
  recovered: boolean;
}

const cycleSummary = (x: Steady) =>
  `${x.cycles.length} re-plans (${x.cycles.filter((c) => c.whole).length} whole), up to ${Math.max(0, ...x.cycles.map((c) => c.changes))} changes each, ${parts(x.cycles)}; ` +
  `write p50 per ${WINDOW_S} s ${x.writeMs.map((w) => w.toFixed(0)).join(" → ")} ms, rows ${x.rows.join(" → ")}; supply tables at the end: ${x.dead} dead rows, ${x.live} live`;
const steadySummary = (x: Steady) =>
  `lag p50 ${median(x.lags).toFixed(0)} / p95 ${percentile(x.lags, 95).toFixed(0)} / max ${Math.max(...x.lags).toFixed(0)} ms, ` +
  `p95 per ${WINDOW_S} s ${x.windows.map((w) => w.toFixed(0)).join(" → ")} ms (${x.bounded ? "bounded" : "FALLING BEHIND"}), drained ${x.drainMs.toFixed(0)} ms after the last; ${cycleSummary(x)}`;

async function main() {
  const o = options();
  console.log(environment());
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "warn" });
  const log = createLogger(config);
  await withDatabase(async (db: Database) => {
    const plant = generatePlant({ materials: o.materials, mpsLines: 2000, horizonWeeks: 52, startDate: START });
    await seed(db, plant);
    const runs = new MrpRunService(db, log, config.mrpKeepRuns);
    const bus = new MemoryEventBus();
    const publisher = new OutboxPublisher(db, bus, log, new DatabaseOutage(() => db.sql.query("SELECT 1"), log));
    await publisher.start();
    const covered = new Covered();
    const planner = new NetChangePlanner(db, bus, log, covered.hear);
    planner.start();
    const stock = new StockService(db);
    const codes = plant.materials.map((m) => m.code);
    let posted = 0;
    /** A receipt of a random material: its number (counting from 1) and when it committed. */
    const receive = async () => {
      const materialCode = codes[Math.floor(Math.random() * codes.length)];
      await stock.receive({ materialCode, warehouseCode: "W1", locationCode: "A1", quantity: "1" }, SYSTEM);
      return { n: ++posted, at: performance.now() };
    };
    /** Receipts sent at `rate` a second for `seconds`, each timed from its commit until a cycle stored it. */
    const steady = async (rate: number, seconds: number): Promise<Steady> => {
      const total = rate * seconds;
      const before = covered.reports.length;
      const lags: Promise<{ sentS: number; lag: number }>[] = [];
      const t0 = performance.now();
      for (let k = 0; k < total; k++) {
        const due = t0 + (k * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((res) => setTimeout(res, wait));
        const sentS = (performance.now() - t0) / 1000;
        lags.push(receive().then(({ n, at }) => covered.until(n).then((end) => ({ sentS, lag: end - at }))));
      }
      const sendingMs = performance.now() - t0;
      const measured = await Promise.all(lags);
      const drainMs = performance.now() - t0 - sendingMs;
      const [{ dead, live }] = await db.sql.query<{ dead: number; live: number }>(
        `SELECT sum(n_dead_tup)::int AS dead, sum(n_live_tup)::int AS live FROM pg_stat_user_tables WHERE relname IN ('planned_order', 'purchase_suggestion')`,
      );
      const windowCount = Math.ceil(seconds / WINDOW_S);
      // what comes after the sending (the drain) counts in the last window
      const inWindow = <T>(xs: T[], when: (x: T) => number) =>
        Array.from({ length: windowCount }, (_, w) => xs.filter((x) => Math.min(windowCount - 1, Math.floor(when(x) / WINDOW_S)) === w));
      const windows = inWindow(measured, (x) => x.sentS).map((xs) => percentile(xs.map((x) => x.lag), 95)).filter((x) => x !== undefined);
      const cycles = covered.reports.slice(before);
      const byCycle = inWindow(cycles.map((c, k) => ({ c, s: (covered.heardAt[before + k] - t0) / 1000 })), (x) => x.s).filter((xs) => xs.length);
      return {
        lags: measured.map((x) => x.lag),
        windows,
        bounded: windows.at(-1)! <= 2 * windows[0] + 250 && measured.at(-1)!.lag <= 1000,
        rate: total / (sendingMs / 1000),
        drainMs,
        cycles,
        writeMs: byCycle.map((xs) => median(xs.map((x) => x.c.writeMs))),
        rows: byCycle.map((xs) => median(xs.map((x) => x.c.rows))),
        dead,
        live,
      };
    };
    const rounds: Round[] = [];
    try {
      const autovacuum = (await db.sql.query<{ autovacuum: string }>(`SHOW autovacuum`))[0].autovacuum === "on";
      if (!autovacuum) console.log("this PostgreSQL runs without autovacuum: the bench vacuums and analyses the tables it churns before each round, as autovacuum would between them");
      for (let r = 1; r <= o.rounds; r++) {
        // each round's re-plans leave hundreds of thousands of dead rows that later DELETEs wade through
        if (!autovacuum) await db.sql.query(`VACUUM (ANALYZE) planned_order, purchase_suggestion, exception, event`);
        const load = loadAverage();
        const run = await runs.start({ warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 52, startDate: new Date(START) }, SYSTEM);
        await runs.drain();
        const done = await runs.run(run.id, null);
        if (done.status !== "COMPLETED") throw new Error(`run ${run.id} ${done.status}: ${done.error}`);
        const fullMs = done.timings.totalMs;
        // the planner builds its plan of the new run on the run's completion: one change waits for it
        await covered.until((await receive()).n);

        const single: number[] = [];
        for (let k = 0; k < o.changes; k++) {
          const { n, at } = await receive();
          single.push((await covered.until(n)) - at);
        }
        const singles = covered.reports.slice(-o.changes);
        const replanned = singles.map((x) => x.replanned);

        const sustained = await steady(o.rate, o.seconds);

        // the planner stops while a burst commits, then starts again as receipts go on at the rate
        await planner.stop();
        const backlog = posted + o.burst;
        let started = 0;
        await Promise.all(Array.from({ length: BURST_CLIENTS }, async () => {
          while (started++ < o.burst) await receive();
        }));
        planner.start();
        const resumed = performance.now();
        const caughtUp = covered.until(backlog).then((at) => at - resumed);
        const afterBurst = await steady(o.rate, o.after);
        const recovered = afterBurst.windows.at(-1)! <= 1000 && afterBurst.lags.at(-1)! <= 1000;
        const round: Round = { load, fullMs, single, replanned, sustained, catchUpMs: await caughtUp, afterBurst, recovered };
        rounds.push(round);
        console.log(
          `round ${r} (load ${load}): full run ${fullMs} ms (${done.counts.plannedOrders} planned orders, ${done.counts.purchaseSuggestions} purchase suggestions); ` +
            `one change p50 ${median(single).toFixed(1)} / p95 ${percentile(single, 95).toFixed(1)} ms (p50/full ${(median(single) / fullMs).toFixed(4)}), ` +
            `materials re-planned p50 ${median(replanned)}, max ${Math.max(...replanned)}, ${parts(singles)};\n` +
            `  sustained ${sustained.rate.toFixed(0)}/s for ${o.seconds} s: ${steadySummary(sustained)};\n` +
            `  burst of ${o.burst} (load ${loadAverage()}): caught up ${round.catchUpMs.toFixed(0)} ms after the planner started; then ${afterBurst.rate.toFixed(0)}/s for ${o.after} s (${recovered ? "recovered" : "NOT RECOVERED"}): ${steadySummary(afterBurst)}`,
        );
      }
    } finally {
      await planner.stop();
      await publisher.stop();
      await bus.close();
    }
    // medians over the rounds
    const across = (f: (x: Round) => number) => median(rounds.map(f));
    const fullMs = across((x) => x.fullMs);
    figure("net-change", "full run (baseline)", fullMs, "ms");
    figure("net-change", "one change committed → stored, p50", across((x) => median(x.single)), "ms", { atMost: 100 });
    figure("net-change", "one change committed → stored, p95", across((x) => percentile(x.single, 95)), "ms");
    figure("net-change", "one change p50 / full run (ratio)", across((x) => median(x.single) / x.fullMs), "ratio");
    figure("net-change", `sustained ${o.rate}/s: lag p95`, across((x) => percentile(x.sustained.lags, 95)), "ms", { atMost: 1000 });
    figure("net-change", `sustained ${o.rate}/s: lag max`, across((x) => Math.max(...x.sustained.lags)), "ms");
    figure("net-change", `sustained ${o.rate}/s: lag p95 / full run (ratio)`, across((x) => percentile(x.sustained.lags, 95) / x.fullMs), "ratio");
    figure("net-change", `sustained ${o.rate}/s: rounds with a bounded lag`, rounds.filter((x) => x.sustained.bounded).length / rounds.length, "share", { atLeast: 1 });
    figure("net-change", `sustained ${o.rate}/s: achieved rate`, across((x) => x.sustained.rate), "/s", { atLeast: o.rate * 0.95 });
    figure("net-change", `burst of ${o.burst}: caught up after`, across((x) => x.catchUpMs), "ms");
    figure("net-change", `burst of ${o.burst}: caught up / full run (ratio)`, across((x) => x.catchUpMs / x.fullMs), "ratio");
    figure("net-change", `burst of ${o.burst}, then ${o.rate}/s: rounds recovered (lag bounded)`, rounds.filter((x) => x.recovered).length / rounds.length, "share", { atLeast: 1 });
  });
}

runBench(main);
