/**
 * Net-change planning (`npm run bench:net-change`): a fresh database holds the generated 10k-material plant
 * (generate.ts, as bench:mrp), a full run makes its plan current (the baseline, timed by the run itself), then the
 * hub's own pieces — stock receipts through StockService, the outbox publisher, the in-memory bus and the
 * NetChangePlanner — keep that plan up to date:
 *
 * - one change at a time: a receipt of a random material, timed from before its command to the end of the
 *   re-plan that wrote it (the movement's own commit included); p50 / p99, and p50 as a share of the full run;
 * - sustained: receipts sent at `--rate` a second for `--seconds`, each timed from its sending to the end of the
 *   re-plan that covered it; the plan keeps up when the last change is re-planned as soon as the first ones were.
 *
 *   npm run bench:net-change [-- --materials=10000 --changes=100 --rate=100 --seconds=10]
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
import { benchFlags, environment, figure, runBench } from "../harness";
import { generatePlant } from "./generate";
import { seed, withDatabase } from "./seed";

const START = "2025-01-06";
const options = () => benchFlags({ materials: 10_000, changes: 100, rate: 100, seconds: 10 });

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Re-plans as they are reported, and a promise for the moment the n-th change (counting from 1) is covered. */
class Covered {
  private done = 0;
  private readonly waiting: { n: number; resolve: (at: number) => void }[] = [];
  readonly reports: NetChangeReport[] = [];

  hear = (report: NetChangeReport) => {
    this.reports.push(report);
    this.done += report.events;
    const at = performance.now();
    for (const w of this.waiting.filter((w) => w.n <= this.done)) w.resolve(at);
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((w) => w.n > this.done));
  };

  until(n: number): Promise<number> {
    if (n <= this.done) return Promise.resolve(performance.now());
    return new Promise((resolve) => this.waiting.push({ n, resolve }));
  }
}

async function main() {
  const o = options();
  console.log(environment());
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "warn" });
  const log = createLogger(config);
  await withDatabase(async (db: Database) => {
    const plant = generatePlant({ materials: o.materials, mpsLines: 2000, horizonWeeks: 52, startDate: START });
    await seed(db, plant);
    const runs = new MrpRunService(db, log);
    const run = await runs.start({ warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 52, startDate: new Date(START) }, SYSTEM);
    await runs.drain();
    const done = await runs.run(run.id, null);
    if (done.status !== "COMPLETED") throw new Error(`run ${run.id} ${done.status}: ${done.error}`);
    const fullMs = done.timings.totalMs;
    console.log(`full run of ${o.materials} materials: ${fullMs} ms (${done.counts.plannedOrders} planned orders, ${done.counts.purchaseSuggestions} purchase suggestions)`);

    const bus = new MemoryEventBus();
    const publisher = new OutboxPublisher(db, bus, log, new DatabaseOutage(() => db.sql.query("SELECT 1"), log));
    await publisher.start();
    const covered = new Covered();
    const planner = new NetChangePlanner(db, bus, log, covered.hear);
    planner.start();
    // it follows from the end of the outbox as it is when it first reads it: let it get there before the first change
    await new Promise((r) => setTimeout(r, 1000));
    const stock = new StockService(db);
    const codes = plant.materials.map((m) => m.code);
    let posted = 0;
    const receive = async () => {
      const materialCode = codes[Math.floor(Math.random() * codes.length)];
      await stock.receive({ materialCode, warehouseCode: "W1", locationCode: "A1", quantity: "1" }, SYSTEM);
      return ++posted;
    };
    try {
      // the first change builds the plan kept for net change (a full computation): not one of the measured ones
      await covered.until(await receive());
      const single: number[] = [];
      for (let k = 0; k < o.changes; k++) {
        const t0 = performance.now();
        single.push((await covered.until(await receive())) - t0);
      }
      const replanned = covered.reports.slice(-o.changes).map((r) => r.replanned);
      console.log(`one change: p50 ${percentile(single, 50).toFixed(1)} ms, p99 ${percentile(single, 99).toFixed(1)} ms; materials re-planned per change p50 ${percentile(replanned, 50)}, max ${Math.max(...replanned)}`);

      const total = o.rate * o.seconds;
      const before = covered.reports.length;
      const latencies: Promise<number>[] = [];
      const t0 = performance.now();
      for (let k = 0; k < total; k++) {
        const due = t0 + (k * 1000) / o.rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const at = performance.now();
        const n = receive();
        latencies.push(n.then((i) => covered.until(i)).then((end) => end - at));
      }
      const sendingS = (performance.now() - t0) / 1000;
      const lags = await Promise.all(latencies);
      const pages = covered.reports.slice(before);
      const lastTenth = lags.slice(Math.floor(total * 0.9));
      console.log(
        `sustained ${o.rate}/s for ${o.seconds} s: sent in ${sendingS.toFixed(1)} s; change to re-planned p50 ${percentile(lags, 50).toFixed(0)} ms, p99 ${percentile(lags, 99).toFixed(0)} ms, ` +
          `last tenth p50 ${percentile(lastTenth, 50).toFixed(0)} ms; ${pages.length} re-plans, up to ${Math.max(...pages.map((p) => p.events))} changes each`,
      );
      figure("net-change", "one change re-planned and stored, p50", percentile(single, 50), "ms", { atMost: 100 });
      figure("net-change", "one change re-planned and stored, p99", percentile(single, 99), "ms");
      figure("net-change", "one change p50 / full run (ratio)", percentile(single, 50) / fullMs, "ratio");
      figure("net-change", `sustained ${o.rate}/s: change to re-planned, p99`, percentile(lags, 99), "ms", { atMost: 1000 });
      figure("net-change", `sustained ${o.rate}/s: achieved rate`, total / sendingS, "/s", { atLeast: o.rate * 0.95 });
    } finally {
      await planner.stop();
      await publisher.stop();
      await bus.close();
    }
  });
}

runBench(main);
