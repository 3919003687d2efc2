/** The migrator on real Postgres: concurrent starts apply each migration once; edited migrations stop the boot. */
import { openDatabase, type Database } from "../../src/db/database";
import { migrate, readMigrations } from "../../src/db/migrator";
import { createScratchDatabase, type ScratchDatabase } from "../support/scratch-database";

let scratch: ScratchDatabase;
const dbs: Database[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase("hub_migrate");
  for (let i = 0; i < 3; i++) dbs.push(await openDatabase({ url: scratch.url, poolSize: 2 }));
});
afterAll(async () => {
  for (const db of dbs) await db.close();
  await scratch?.drop();
});

test("three instances migrating at once apply every migration exactly once", async () => {
  const results = await Promise.all(dbs.map((db) => migrate(db)));
  const all = readMigrations().map((m) => m.name);
  expect(results.flat().sort()).toEqual(all);
  const rows = await dbs[0].sql.query<{ name: string }>(`SELECT name FROM "_hub_migrations" ORDER BY name`);
  expect(rows.map((r) => r.name)).toEqual(all);
  expect(await migrate(dbs[0])).toEqual([]);
});

test("a migration edited after it was applied stops the boot", async () => {
  const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "different" } : m));
  await expect(migrate(dbs[1], edited)).rejects.toThrow(/was changed after it was applied/);
});
