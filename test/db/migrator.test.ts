/** The migrator on real Postgres: concurrent starts apply each migration once; edited migrations stop the boot. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate, readMigrations } from "../../src/db/migrator";
import { ADMIN_URL } from "../support/test-hub";

const name = `hub_migrate_${randomBytes(4).toString("hex")}`;
const dbs: Database[] = [];

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  for (let i = 0; i < 3; i++) dbs.push(await openDatabase({ url: url.toString(), poolSize: 2 }));
});
afterAll(async () => {
  for (const db of dbs) await db.close();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
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
