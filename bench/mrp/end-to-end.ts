/**
 * MRP end to end (`npm run bench:mrp`): for each plant size, a fresh PostgreSQL database is filled with a
 * generated plant (generate.ts: 5 BOM levels, ~5 lines per make item, 52 weekly buckets, 2k MPS lines)
 * and the hub's own MrpRunService plans it — load (4 queries), compute (the pure engine; the supplies each of its
 * steps finished are written meanwhile, on several connections), persist (the writes left, the exceptions'
 * comparison, then the switch of the current plan in one short transaction). Prints each phase in seconds, the time per material, that cost relative to the smallest
 * size (about 1 means linear growth), and the longest the run kept this process's event loop from
 * anything else ("max pause").
 *
 *   npm run bench:mrp [-- 1000 10000 50000] [--rounds=2]    TEST_DATABASE_URL overrides the server
 *
 * Each size runs --rounds times (default 2) on the same data and the fastest run is reported (the first warms up
 * the JIT). Supplies are written by COPY, as the hub does on PostgreSQL. (Until issue #18's sixth round of persist,
 * `--persist=insert` also ran the embedded database's INSERT … unnest on PostgreSQL, for comparison: COPY was about
 * twice as fast, docs/benchmarks.md.)
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { SYSTEM } from "../../src/auth/principal";
import { loadConfig } from "../../src/runtime/config";
import type { Database } from "../../src/db/database";
import { MrpRunService } from "../../src/domain/planning/mrp-run.service";
import { createLogger } from "../../src/runtime/logger";
import { generatePlant } from "./generate";
import { seed, withDatabase } from "./seed";
import { environment, figure, runBench } from "../harness";
import { cpuBetween, openPostgresCpu, type PostgresCpu } from "../postgres-cpu";

const START = "2025-01-06";

interface Timings {
  loadMs: number; computeMs: number; persistMs: number; totalMs: number;
  /** persist's split (absent on builds before it): connection time per part (overlapping), the writes' wall time, the switch's resolve */
  persistExceptionsMs?: number; persistPlannedOrdersMs?: number; persistPurchaseSuggestionsMs?: number; persistWritesMs?: number; persistCompareMs?: number; persistAnalyseMs?: number; persistSwitchMs?: number;
}

/** Persist's split as one line: where a run's persist went. */
const persistSplit = (t: Timings) =>
  t.persistWritesMs === undefined ? "" :
  `; persist: compare ${t.persistCompareMs ?? 0}, writes ${t.persistWritesMs} ms wall (connection ms: exceptions ${t.persistExceptionsMs ?? 0}, planned orders ${t.persistPlannedOrdersMs ?? 0}, suggestions ${t.persistPurchaseSuggestionsMs ?? 0}), analyse ${t.persistAnalyseMs ?? 0}, switch ${t.persistSwitchMs ?? 0} ms`;

async function planOnce(service: MrpRunService, db: Database, pgCpu: PostgresCpu) {
  // the CPU the run costs this process and PostgreSQL: what a loaded machine's wall time hides
  const pgBefore = await pgCpu();
  const hubBefore = process.cpuUsage();
  // how long the run keeps this process from serving anything else, at the worst moment
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const run = await service.start({ warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 52, startDate: new Date(START) }, SYSTEM);
  await service.drain();
  loop.disable();
  const hub = process.cpuUsage(hubBefore);
  const cpu = { hubMs: (hub.user + hub.system) / 1000, postgresMs: cpuBetween(pgBefore, await pgCpu()) / 1000 };
  const done = await service.run(run.id, null);
  if (done.status !== "COMPLETED") throw new Error(`run ${run.id} ${done.status}: ${done.error}`);
  const [{ orders }] = await db.sql.query<{ orders: number }>(
    `SELECT (SELECT count(*) FROM planned_order WHERE mrp_run_id = $1) + (SELECT count(*) FROM purchase_suggestion WHERE mrp_run_id = $1) AS orders`,
    [run.id],
  );
  return { timings: done.timings as unknown as Timings, counts: done.counts, orders: Number(orders), maxPauseMs: loop.max / 1e6, cpu };
}

/** Issue #18's targets: a 10k-material plan in a second, 50k in three. */
const TARGET_SECONDS: Record<number, number> = { 10000: 1, 50000: 3 };

function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main() {
  const sizes = process.argv.slice(2).filter((a) => !a.startsWith("--")).map(Number).filter((n) => n > 0);
  const rounds = Number(flag("rounds") ?? 2);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds expects a whole number of at least 1`);
  process.stdout.write(`${environment()}\n`);
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "warn" });
  const log = createLogger(config);
  const rows: { size: number; t: Timings; counts: Record<string, number>; maxPauseMs: number }[] = [];
  for (const size of sizes.length ? sizes : [1000, 10000, 50000]) {
    await withDatabase(async (db, url) => {
      const readings = await openPostgresCpu(url);
      const plant = generatePlant({ materials: size, mpsLines: 2000, horizonWeeks: 52, startDate: START });
      const t0 = performance.now();
      await seed(db, plant);
      const seedS = (performance.now() - t0) / 1000;
      const service = new MrpRunService(db, log, config.mrpKeepRuns);
      const runs: Awaited<ReturnType<typeof planOnce>>[] = [];
      try {
        for (let r = 0; r < rounds; r++) runs.push(await planOnce(service, db, readings.of("")));
      } finally {
        await readings.close();
      }
      const best = runs.reduce((a, b) => (b.timings.totalMs < a.timings.totalMs ? b : a));
      if (best.orders !== best.counts.plannedOrders + best.counts.purchaseSuggestions) throw new Error("persisted supplies differ from the plan's counts");
      rows.push({ size, t: best.timings, counts: best.counts, maxPauseMs: best.maxPauseMs });
      const totals = runs.map((x) => (x.timings.totalMs / 1000).toFixed(3)).join(" ");
      process.stdout.write(`${size} materials: seeded in ${seedS.toFixed(1)} s; ${best.counts.plannedOrders} planned orders, ${best.counts.purchaseSuggestions} purchase suggestions, ${best.counts.pegs} pegs, ${best.counts.exceptions} exceptions; total s by round ${totals}\n`);
      runs.forEach((x, r) => process.stdout.write(`  round ${r + 1}: load ${x.timings.loadMs}, compute ${x.timings.computeMs}, persist ${x.timings.persistMs} ms${persistSplit(x.timings)}; CPU ms: this process ${x.cpu.hubMs.toFixed(0)}, PostgreSQL ${x.cpu.postgresMs.toFixed(0)}\n`));
    });
  }
  const perMaterial = (r: (typeof rows)[number]) => (r.t.totalMs * 1000) / r.size;
  process.stdout.write(`\n${"materials".padStart(9)} ${"load s".padStart(7)} ${"compute s".padStart(9)} ${"persist s".padStart(9)} ${"total s".padStart(8)} ${"µs/material".padStart(11)} ${"vs first".padStart(8)} ${"max pause ms".padStart(12)}\n`);
  for (const r of rows) {
    const s = (ms: number) => (ms / 1000).toFixed(3);
    process.stdout.write(
      `${String(r.size).padStart(9)} ${s(r.t.loadMs).padStart(7)} ${s(r.t.computeMs).padStart(9)} ${s(r.t.persistMs).padStart(9)} ${s(r.t.totalMs).padStart(8)} ${perMaterial(r).toFixed(1).padStart(11)} ${(perMaterial(r) / perMaterial(rows[0])).toFixed(2).padStart(8)} ${r.maxPauseMs.toFixed(0).padStart(12)}\n`,
    );
  }
  for (const r of rows) figure("mrp", `MRP end to end, ${r.size} materials`, r.t.totalMs / 1000, "s", TARGET_SECONDS[r.size] ? { atMost: TARGET_SECONDS[r.size] } : null);
}

runBench(main);
