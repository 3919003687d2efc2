/**
 * bench/imports (`npm run bench:imports [-- --rows=100000 --rounds=3]`): a generated materials CSV streamed to
 * POST /import/materials of a hub on a fresh PostgreSQL database (validated, then written in one
 * transaction with an audit record per material), imported again (all unchanged), against a baseline in
 * the same run: the same rows written by raw multi-row INSERTs (unnest, 5,000 a statement, one
 * transaction) into a copy of the material table — the floor for writing them at all. `--rounds=3` repeats
 * the three, one after the other, on emptied tables (the machine's load changes between them).
 */
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { loadConfig } from "../../src/runtime/config";
import { openDatabase } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { benchFlags, environment, figure, loadAverage, runBench, type Cleanup } from "../harness";

/** rounds: of import, re-import and baseline, one after the other, on emptied tables */
const { rows: ROWS, rounds: ROUNDS } = benchFlags({ rows: 100_000, rounds: 3 });

function csv(): string {
  const lines = ["code,name,uomCode,type,leadTimeDays,safetyStock,abcClass"];
  for (let i = 0; i < ROWS; i++) lines.push(`M-${String(i).padStart(7, "0")},Material ${i},EA,${i % 3 ? "BUY" : "MAKE"},${i % 30},${i % 7},${"ABC"[i % 3]}`);
  return `${lines.join("\n")}\n`;
}

async function timed<T>(fn: () => Promise<T>) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** the same rows by raw multi-row INSERTs into a copy of the material table: the floor for writing them at all */
async function baselineInsert(db: Awaited<ReturnType<typeof openDatabase>>) {
  await db.sql.query(`CREATE TABLE material_baseline (LIKE material INCLUDING ALL)`);
  await db.withSession(async (s) => {
    await s.query("BEGIN");
    for (let start = 0; start < ROWS; start += 5_000) {
      const n = Math.min(5_000, ROWS - start);
      const idx = Array.from({ length: n }, (_, k) => start + k);
      await s.query(
        `INSERT INTO material_baseline (id, code, name, uom_code, type, lead_time_days, safety_stock, abc_class, created_by, updated_by)
         SELECT nextval('material_id_seq'), c, nm, 'EA', t::"MaterialType", l, ss, a::"AbcClass", 'bench', 'bench'
           FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::numeric[], $6::text[]) AS u(c, nm, t, l, ss, a)`,
        [idx.map((i) => `M-${String(i).padStart(7, "0")}`), idx.map((i) => `Material ${i}`), idx.map((i) => (i % 3 ? "BUY" : "MAKE")),
          idx.map((i) => i % 30), idx.map((i) => String(i % 7)), idx.map((i) => "ABC"[i % 3])],
      );
    }
    await s.query("COMMIT");
  });
}

async function main(cleanup: Cleanup) {
  const scratch = await createScratchDatabase("bench_imports");
  const config = loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", AUTH_JWT_SECRET: "bench-secret-bench-secret-bench-secret-0", DATABASE_URL: scratch.url });
  cleanup.add(() => scratch.drop());
  const db = await openDatabase({ url: scratch.url });
  cleanup.add(() => db.close());
  await migrate(db);
  await db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  const hub = await startHub({ config, db, log: createLogger(config) });
  cleanup.add(() => hub.stop());
  const token = await signToken(config.auth, { sub: "bench", roles: [Role.ADMIN] });
  const file = csv();
  const post = async () => {
    const res = await fetch(new URL("/import/materials?format=csv", hub.url), { method: "POST", headers: { authorization: `Bearer ${token}` }, body: file });
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    const result = lines.find((l) => l.result)?.result;
    if (result?.status !== "COMPLETED") throw new Error(`import did not complete: ${JSON.stringify(lines.at(-1)).slice(0, 500)}`);
    return result;
  };
  const rate = (s: number) => Math.round(ROWS / s).toLocaleString("en");
  console.log(`${environment()}; ${ROWS.toLocaleString("en")} materials (${(file.length / 1e6).toFixed(1)} MB CSV)`);
  for (let round = 1; round <= ROUNDS; round++) {
    await db.sql.query(`TRUNCATE material, audit_log, import_run RESTART IDENTITY CASCADE`);
    await db.sql.query(`DROP TABLE IF EXISTS material_baseline`);
    const loadBefore = loadAverage();
    const first = await timed(post);
    const again = await timed(post);
    const baseline = await timed(() => baselineInsert(db));
    console.log(`round ${round} (load average ${loadBefore})`);
    console.log(`  import (created ${first.value.created})        ${first.seconds.toFixed(2)} s  ${rate(first.seconds)} rows/s`);
    console.log(`  re-import (unchanged ${again.value.unchanged})   ${again.seconds.toFixed(2)} s  ${rate(again.seconds)} rows/s`);
    console.log(`  baseline: raw multi-row INSERT   ${baseline.seconds.toFixed(2)} s  ${rate(baseline.seconds)} rows/s`);
    figure("imports", "material import, hub / raw INSERT (rows per second)", baseline.seconds / first.seconds, "ratio");
  }
}

runBench(main);
