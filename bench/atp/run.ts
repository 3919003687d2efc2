/**
 * bench/atp (`npm run bench:atp`): the latency of `promise` (available / capable to promise) over HTTP for
 * each product the living demo plant makes, at PLANT-1, for a quantity stock covers and one that has to be
 * made (through the BOM, lead times and the work centers' free hours) — against a baseline measured in the
 * same run on the same server: `stockAvailability` of the same product (a trivial stock read).
 *
 *   npm run bench:atp [-- --requests=40 --rounds=3]
 */
import { randomBytes } from "node:crypto";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { openDatabase } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { seedLivingDemo } from "../../src/demo/demo-history";
import { loadConfig } from "../../src/runtime/config";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { benchFlags, environment, figure, runBench, type Cleanup } from "../harness";

const options = () => benchFlags({ requests: 40, rounds: 3 });

const PROMISE = `query($m: String!, $q: Decimal!) { promise(materialCode: $m, warehouseCode: "PLANT-1", quantity: $q) { date source limiting { kind code date } } }`;
const STOCK = `query($m: String!) { stockAvailability(materialCode: $m, warehouseCode: "PLANT-1") { onHand available } }`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(cleanup: Cleanup) {
  const o = options();
  const scratch = await createScratchDatabase("hub_bench_atp");
  cleanup.add(() => scratch.drop());
  const config = loadConfig({
    NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: scratch.url, AUTH_JWT_SECRET: randomBytes(32).toString("hex"), LOG_LEVEL: "warn",
    RATE_LIMIT_PER_MINUTE: "10000000",
  });
  const db = await openDatabase({ url: scratch.url, poolSize: config.dbPoolSize });
  cleanup.add(() => db.close());
  await migrate(db);
  const log = createLogger(config);
  await seedLivingDemo(db, config, log);
  const hub = await startHub({ config, db, log });
  cleanup.add(() => hub.stop());
  const token = await signToken(config.auth, { sub: "bench", roles: [Role.VIEWER] });
  const post = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const timed = async (query: string, variables: Record<string, unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < o.requests; i++) {
      const t0 = performance.now();
      await post(query, variables);
      ms.push(performance.now() - t0);
    }
    return ms.sort((a, b) => a - b);
  };
  const products = (await db.sql.query<{ code: string }>(`SELECT m.code FROM material m JOIN bom b ON b.material_id = m.id WHERE m.type = 'MAKE' ORDER BY m.code`)).map((r) => r.code);
  console.log(`${environment()}; the living demo plant, PLANT-1; ${products.length} made products; ${o.requests} sequential requests each`);
  for (const m of products) {
    for (const q of ["1", "500"]) {
      const answer = (await post(PROMISE, { m, q })).promise as { date: string | null; source: string; limiting: { kind: string; code: string } | null };
      console.log(`  ${m.padEnd(16)} ${q.padStart(4)}: ${answer.source.padEnd(9)} ${answer.date ?? "-"}${answer.limiting ? `  limited by ${answer.limiting.kind} ${answer.limiting.code}` : ""}`);
    }
  }
  for (let round = 1; round <= o.rounds; round++) {
    const base: number[] = [];
    const small: number[] = [];
    const large: number[] = [];
    for (const m of products) {
      base.push(...(await timed(STOCK, { m })));
      small.push(...(await timed(PROMISE, { m, q: "1" })));
      large.push(...(await timed(PROMISE, { m, q: "500" })));
    }
    const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95);
    const line = (name: string, xs: number[]) =>
      `  ${name.padEnd(28)} p50 ${p50(xs).toFixed(1).padStart(6)} ms   p95 ${p95(xs).toFixed(1).padStart(6)} ms   ratio p50 ${(p50(xs) / p50(base)).toFixed(2)}`;
    console.log(`round ${round} (${environment()})`);
    console.log(line("baseline: stockAvailability", base));
    console.log(line("promise, 1 unit", small));
    console.log(line("promise, 500 units", large));
    figure("atp", "promise (1 and 500 units) / stockAvailability of the same product (p50 latency)", p50([...small, ...large]) / p50(base), "ratio");
  }
}

runBench(main);
