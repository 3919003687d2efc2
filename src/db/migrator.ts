/**
 * Applies the committed SQL migrations (prisma/migrations/<stamp>_<name>/migration.sql) in order, each in
 * its own transaction, recording name and checksum in `_hub_migrations`. Identical on Postgres and the
 * embedded database. A session-level advisory lock makes concurrent starts safe: the second instance
 * waits, then finds nothing left to do. An applied migration whose file has changed stops the boot.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Database } from "./database";

const LOCK_ID = 74_260_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** prisma/migrations, found from both src/db (ts-jest) and dist/src/db (compiled). */
export function migrationsDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "prisma", "migrations");
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`prisma/migrations not found above ${__dirname}`);
}

export class MigrationChecksumError extends Error {}

/** Returns the names of the migrations it applied (empty when the database was up to date). */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    try {
      await session.exec(
        `CREATE TABLE IF NOT EXISTS "_hub_migrations" (
           name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const applied = new Map(
        (await session.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "_hub_migrations"`)).map((r) => [
          r.name,
          r.checksum,
        ]),
      );
      const done: string[] = [];
      for (const m of migrations) {
        const seen = applied.get(m.name);
        if (seen !== undefined) {
          if (seen !== m.checksum) {
            throw new MigrationChecksumError(`migration ${m.name} was changed after it was applied; add a new migration instead`);
          }
          continue;
        }
        await session.exec("BEGIN");
        try {
          await session.exec(m.sql);
          await session.query(`INSERT INTO "_hub_migrations" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
          await session.exec("COMMIT");
        } catch (e) {
          await session.exec("ROLLBACK");
          throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
        }
        done.push(m.name);
      }
      return done;
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]);
    }
  });
}
