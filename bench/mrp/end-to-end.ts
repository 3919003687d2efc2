/**
 * MRP end to end (`npm run bench:mrp`): for each plant size, a fresh PostgreSQL database is filled with a
 * generated plant (generate.ts: 5 BOM levels, ~5 lines per make item, 52 weekly buckets, 2k MPS lines)
 * and the hub's own MrpRunService plans it — load (4 queries), compute (the pure engine), persist (bulk
 * writes of the plan on several connections, then the switch of the current plan in one short
 * transaction). Prints each phase in seconds, the time per material, that cost relative to the smallest
 * size (about 1 means linear growth), and the longest the run kept this process's event loop from
 * anything else ("max pause").
 *
 *   npm run bench:mrp [-- 1000 10000 50000] [--persist=copy,insert] [--rounds=2]    TEST_DATABASE_URL overrides the server
 *
 * --persist: how supplies are written — `copy` (COPY FROM STDIN, what the hub does on PostgreSQL) and/or
 * `insert` (INSERT … unnest, what it does on the embedded database, which has no COPY); several are run in
 * turn on the same data, round after round, and each is compared with the first (the baseline). Each size
 * and variant runs --rounds times (default 2) and the fastest run is reported (the first warms up the JIT).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { SYSTEM } from "../../src/auth/principal";
import { loadConfig } from "../../src/runtime/config";
import type { Database, SqlSession } from "../../src/db/database";
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

const PERSIST = ["copy", "insert"] as const;
type Persist = (typeof PERSIST)[number];

/** The database as the hub sees it, but for `insert` without COPY (as on the embedded database). */
const persistingBy = (db: Database, persist: Persist): Database =>
  persist === "copy" ? db : Object.assign(Object.create(db) as Database, { withSession: <T>(fn: (s: SqlSession) => Promise<T>) => db.withSession((s) => fn({ ...s, copyFrom: undefined })) });

function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main() {
  const sizes = process.argv.slice(2).filter((a) => !a.startsWith("--")).map(Number).filter((n) => n > 0);
  const persists = (flag("persist") ?? "copy").split(",") as Persist[];
  for (const p of persists) if (!PERSIST.includes(p)) throw new Error(`--persist expects ${PERSIST.join(" or ")} (comma-separated), got ${p}`);
  const rounds = Number(flag("rounds") ?? 2);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds expects a whole number of at least 1`);
  process.stdout.write(`${environment()}\n`);
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "warn" });
  const log = createLogger(config);
  const rows: { size: number; persist: Persist; t: Timings; counts: Record<string, number>; maxPauseMs: number }[] = [];
  for (const size of sizes.length ? sizes : [1000, 10000, 50000]) {
    await withDatabase(async (db, url) => {
      const readings = await openPostgresCpu(url);
      const plant = generatePlant({ materials: size, mpsLines: 2000, horizonWeeks: 52, startDate: START });
      const t0 = performance.now();
      await seed(db, plant);
      const seedS = (performance.now() - t0) / 1000;
      const services = persists.map((p) => new MrpRunService(persistingBy(db, p), log, config.mrpKeepRuns));
      const runs = persists.map((): Awaited<ReturnType<typeof planOnce>>[] => []);
      // the variants take turns, so that each meets the machine in the same state as often
      try {
        for (let r = 0; r < rounds; r++) for (let v = 0; v < persists.length; v++) runs[v].push(await planOnce(services[v], db, readings.of("")));
      } finally {
        await readings.close();
      }
      persists.forEach((persist, v) => {
        const best = runs[v].reduce((a, b) => (b.timings.totalMs < a.timings.totalMs ? b : a));
        if (best.orders !== best.counts.plannedOrders + best.counts.purchaseSuggestions) throw new Error("persisted supplies differ from the plan's counts");
        rows.push({ size, persist, t: best.timings, counts: best.counts, maxPauseMs: best.maxPauseMs });
        const totals = runs[v].map((x) => (x.timings.totalMs / 1000).toFixed(3)).join(" ");
        process.stdout.write(`${size} materials, ${persist}: seeded in ${seedS.toFixed(1)} s; ${best.counts.plannedOrders} planned orders, ${best.counts.purchaseSuggestions} purchase suggestions, ${best.counts.pegs} pegs, ${best.counts.exceptions} exceptions; total s by round ${totals}\n`);
        runs[v].forEach((x, r) => process.stdout.write(`  round ${r + 1}: load ${x.timings.loadMs}, compute ${x.timings.computeMs}, persist ${x.timings.persistMs} ms${persistSplit(x.timings)}; CPU ms: this process ${x.cpu.hubMs.toFixed(0)}, PostgreSQL ${x.cpu.postgresMs.toFixed(0)}\n`));
      });
    });
  }
  const perMaterial = (r: (typeof rows)[number]) => (r.t.totalMs * 1000) / r.size;
  const first = (persist: Persist) => rows.find((r) => r.persist === persist)!;
  const baseline = (size: number) => rows.find((r) => r.size === size && r.persist === persists[0])!;
  process.stdout.write(`\n${"materials".padStart(9)} ${"persist".padStart(7)} ${"load s".padStart(7)} ${"compute s".padStart(9)} ${"persist s".padStart(9)} ${"total s".padStart(8)} ${"µs/material".padStart(11)} ${"vs first".padStart(8)} ${`vs ${persists[0]}`.padStart(9)} ${"max pause ms".padStart(12)}\n`);
  for (const r of rows) {
    const s = (ms: number) => (ms / 1000).toFixed(3);
    process.stdout.write(
      `${String(r.size).padStart(9)} ${r.persist.padStart(7)} ${s(r.t.loadMs).padStart(7)} ${s(r.t.computeMs).padStart(9)} ${s(r.t.persistMs).padStart(9)} ${s(r.t.totalMs).padStart(8)} ${perMaterial(r).toFixed(1).padStart(11)} ${(perMaterial(r) / perMaterial(first(r.persist))).toFixed(2).padStart(8)} ${(r.t.totalMs / baseline(r.size).t.totalMs).toFixed(2).padStart(9)} ${r.maxPauseMs.toFixed(0).padStart(12)}\n`,
    );
  }
  for (const r of rows) {
    const variant = persists.length > 1 ? ` (${r.persist})` : "";
    figure("mrp", `MRP end to end, ${r.size} materials${variant}`, r.t.totalMs / 1000, "s", r.persist === "copy" && TARGET_SECONDS[r.size] ? { atMost: TARGET_SECONDS[r.size] } : null);
  }
}

runBench(main);
