/**
 * Throwaway databases on the PostgreSQL server that tests and benchmarks run against: each test file or
 * benchmark gets its own, created empty and dropped (connections and all) when done.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The server's maintenance database; `TEST_DATABASE_URL` points elsewhere. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect().catch((e: Error) => {
    throw new Error(`PostgreSQL is required here (${ADMIN_URL}): ${e.message}`);
  });
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix>_<random>`; the prefix must be a plain lower-case identifier. */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
