/**
 * bench/counting (`npm run bench:counting`): a cycle count of a whole warehouse from RFID reads — 20,000
 * tagged items (SGTIN-96, one GTIN per material) in 1,000 locations, each tag read 5 times (100,000 reads,
 * one reader sweep of 100 reads per location), 1 % of the items missing — reconciled through the counting
 * service: the reads (each EPC once per session; uploaded `--batch` sweeps per command, as a gate or a
 * handheld uploads them), submission (lines against the books) and approval (the differences posted to the ledger). Against a raw SQL baseline in the same run and database: the same
 * reads bulk-loaded into a table in one statement, then one GROUP BY over the distinct EPCs joined to a
 * tag → material table (the baseline gets the tags decoded for free) and compared with the balances.
 *
 *   npm run bench:counting [-- --items=20000 --reads=100000 --locations=1000 --materials=500 --missing=1 --batch=100]
 */
import { randomBytes } from "node:crypto";
import { SYSTEM } from "../../src/auth/principal";
import { loadConfig } from "../../src/runtime/config";
import { openDatabase, type Database } from "../../src/db/database";
import { inTransaction } from "../../src/db/transaction";
import { migrate } from "../../src/db/migrator";
import { gs1CheckDigit } from "../../src/domain/counting/sgtin";
import { Decimal } from "../../src/domain/shared/quantity";
import { postMovement } from "../../src/domain/stock/balances";
import { verifyLedger } from "../../src/domain/stock/ledger-verify";
import { stockIntegrity } from "../../src/domain/stock/stock.queries";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { benchFlags, environment, figure, runBench, type Cleanup } from "../harness";

function options() {
  const o = benchFlags({ items: 20_000, reads: 100_000, locations: 1_000, materials: 500, missing: 1, batch: 100 }, { min: 0 });
  if (o.items % o.locations !== 0 || o.reads % o.items !== 0) throw new Error("--items must be a multiple of --locations, --reads of --items");
  if (o.batch < 1) throw new Error("--batch expects at least 1 sweep");
  return o;
}

/** SGTIN-96 of company prefix 0614141 (partition 5), item reference 0 + the material's number, filter 1. */
const sgtin = (material: number, serial: number) =>
  ((0x30n << 88n) | (1n << 85n) | (5n << 82n) | (614141n << 58n) | (BigInt(material) << 38n) | BigInt(serial)).toString(16).toUpperCase().padStart(24, "0");
const gtinOf = (material: number) => {
  const body = `00614141${String(material).padStart(5, "0")}`;
  return body + gs1CheckDigit(body);
};

/** Deterministic shuffle (the same reads for the hub and the baseline). */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed;
  for (let i = items.length - 1; i > 0; i--) {
    s = (s * 16807) % 2147483647;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

interface Item { epc: string; material: number; location: number; present: boolean }

async function seed(db: Database, o: ReturnType<typeof options>): Promise<Item[]> {
  await db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Bench store')`);
  await db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT 1, 'L-' || lpad(n::text, 5, '0'), 'Bin ' || n FROM generate_series(1, $1::int) AS n`, [o.locations]);
  await db.sql.query(
    `INSERT INTO material (code, name, uom_code, type, created_by, updated_by) SELECT 'M-' || lpad(n::text, 5, '0'), 'Item ' || n, 'EA', 'BUY', 'bench', 'bench' FROM generate_series(1, $1::int) AS n`,
    [o.materials],
  );
  await db.sql.query(
    `INSERT INTO gtin_mapping (gtin, material_id, created_by) SELECT g, m, 'bench' FROM unnest($1::text[], $2::int[]) AS u(g, m)`,
    [Array.from({ length: o.materials }, (_, i) => gtinOf(i + 1)), Array.from({ length: o.materials }, (_, i) => i + 1)],
  );
  // each location holds two materials, half of its items each; every 100/missing-th item is not on the shelf
  const perLocation = o.items / o.locations;
  const items: Item[] = Array.from({ length: o.items }, (_, k) => {
    const location = Math.floor(k / perLocation) + 1;
    const material = ((2 * (location - 1) + (k % perLocation < perLocation / 2 ? 0 : 1)) % o.materials) + 1;
    return { epc: sgtin(material, k + 1), material, location, present: o.missing === 0 || k % Math.round(100 / o.missing) !== 7 };
  });
  const book = new Map<string, { material: number; location: number; n: number }>();
  for (const it of items) {
    const k = `${it.location}:${it.material}`;
    book.set(k, { ...it, n: (book.get(k)?.n ?? 0) + 1 });
  }
  await inTransaction(db, (tx) =>
    postMovement(tx, [...book.values()].map((b) => ({ type: "RECEIPT" as const, materialId: b.material, warehouseId: 1, locationId: b.location, lotId: null, quantity: new Decimal(b.n) })), "bench"),
  );
  return items;
}

/** The reads: each location swept once, its present tags read reads/items times each, in shuffled order. */
function sweeps(items: Item[], o: ReturnType<typeof options>): { location: number; epcs: string[] }[] {
  const repeats = o.reads / o.items;
  const byLocation = new Map<number, string[]>();
  for (const it of items) if (it.present) byLocation.set(it.location, [...(byLocation.get(it.location) ?? []), ...Array(repeats).fill(it.epc)]);
  return [...byLocation.entries()].map(([location, epcs]) => ({ location, epcs: shuffle(epcs, location) }));
}

async function baseline(db: Database, items: Item[], reads: { location: number; epcs: string[] }[]) {
  await db.sql.query(`CREATE TABLE bench_tag (epc text PRIMARY KEY, material_id int NOT NULL)`);
  await db.sql.query(`INSERT INTO bench_tag SELECT * FROM unnest($1::text[], $2::int[])`, [items.map((i) => i.epc), items.map((i) => i.material)]);
  await db.sql.query(`CREATE TABLE bench_read (epc text NOT NULL, location_id int NOT NULL)`);
  const all = reads.flatMap((r) => r.epcs.map((epc) => [epc, r.location] as const));
  const started = performance.now();
  await db.sql.query(`INSERT INTO bench_read SELECT * FROM unnest($1::text[], $2::int[])`, [all.map((r) => r[0]), all.map((r) => r[1])]);
  const loaded = performance.now();
  const differences = await db.sql.query<{ n: number }>(
    `WITH counted AS (SELECT r.location_id, t.material_id, count(*) AS q
                        FROM (SELECT DISTINCT ON (epc) epc, location_id FROM bench_read ORDER BY epc) r JOIN bench_tag t USING (epc)
                       GROUP BY r.location_id, t.material_id)
     SELECT count(*)::int AS n FROM counted c FULL JOIN stock_balance b ON b.location_id = c.location_id AND b.material_id = c.material_id
      WHERE COALESCE(c.q, 0) <> COALESCE(b.on_hand, 0)`,
  );
  const done = performance.now();
  await db.sql.query(`DROP TABLE bench_read; DROP TABLE bench_tag`);
  return { loadS: (loaded - started) / 1000, groupS: (done - loaded) / 1000, totalS: (done - started) / 1000, differences: differences[0].n };
}

async function main(cleanup: Cleanup) {
  const o = options();
  const scratch = await createScratchDatabase("hub_bench_counting");
  cleanup.add(() => scratch.drop());
  const config = loadConfig({
    NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", DATABASE_URL: scratch.url, AUTH_JWT_SECRET: randomBytes(32).toString("hex"),
    COUNT_MAX_RECOUNTS: "0",
  });
  const db = await openDatabase({ url: scratch.url, poolSize: 10 });
  cleanup.add(() => db.close());
  await migrate(db);
  const items = await seed(db, o);
  const reads = sweeps(items, o);
  const readCount = reads.reduce((s, r) => s + r.epcs.length, 0);
  process.stdout.write(`${environment()}\n${o.items} items (${o.missing} % missing) in ${o.locations} locations of ${o.materials} materials; ${readCount} reads in ${reads.length} sweeps, ${o.batch} per command\n`);

  const base = await baseline(db, items, reads);
  const hub = await startHub({ config, db, log: createLogger(config) });
  cleanup.add(() => hub.stop());
  const counting = hub.services.counting;
  const { countSessionId } = await counting.create({ warehouseCode: "W1" }, SYSTEM);
  await counting.start({ id: countSessionId }, SYSTEM);
  const started = performance.now();
  for (let i = 0; i < reads.length; i += o.batch) {
    const sweeps = reads.slice(i, i + o.batch).map((r) => ({ locationId: r.location, epcs: r.epcs }));
    await counting.recordReads({ id: countSessionId, sweeps }, SYSTEM);
  }
  const read = performance.now();
  await counting.submit({ id: countSessionId }, SYSTEM);
  const submitted = performance.now();
  const { entryIds } = await counting.approve({ id: countSessionId }, SYSTEM);
  const approved = performance.now();
  const hubS = (approved - started) / 1000;

  const missing = items.filter((i) => !i.present).length;
  const [{ onHand }] = await db.sql.query<{ onHand: string }>(`SELECT sum(on_hand)::int AS "onHand" FROM stock_balance`);
  const integrity = await stockIntegrity(db.sql);
  const chain = await verifyLedger(db.sql);
  const ok = Number(onHand) === o.items - missing && entryIds.length === base.differences && integrity.differences.length === 0 && chain.ok;
  const s = (x: number) => `${x.toFixed(2).padStart(7)} s`;
  process.stdout.write(`hub        reads ${s((read - started) / 1000)}  submit ${s((submitted - read) / 1000)}  approve ${s((approved - submitted) / 1000)}  total ${s(hubS)}  (${entryIds.length} differences posted)\n`);
  process.stdout.write(`baseline   load  ${s(base.loadS)}  group  ${s(base.groupS)}                     total ${s(base.totalS)}  (${base.differences} differences found)\n`);
  process.stdout.write(`ratio hub/baseline ${(hubS / base.totalS).toFixed(1)}\n`);
  figure("counting", `RFID count, ${readCount} reads of ${o.items} items reconciled (hub total)`, hubS, "s", { atMost: 5 });
  figure("counting", "RFID count, hub / raw SQL load and group (time)", hubS / base.totalS, "ratio");
  process.stdout.write(`${ok ? "OK" : "WRONG"}: ${onHand} on hand after the count (${o.items} − ${missing} missing), balances ${integrity.differences.length ? "DIFFER from" : "match"} the ledger, chain ${chain.ok ? "intact" : "BROKEN"}\n`);
  if (!ok) process.exitCode = 1;
}

runBench(main);
