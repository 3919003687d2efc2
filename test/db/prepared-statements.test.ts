/**
 * Prepared statements (src/db/prepared-statements.ts) on real Postgres: a statement run with `prepared` is
 * parsed once per connection under its name and answers with each call's values; the number of names is capped.
 */
import { openDatabase, type Database } from "../../src/db/database";
import { statementNames } from "../../src/db/prepared-statements";
import { createScratchDatabase, type ScratchDatabase } from "../support/scratch-database";

let scratch: ScratchDatabase;
let db: Database;

beforeAll(async () => {
  scratch = await createScratchDatabase("hub_prepared");
  db = await openDatabase({ url: scratch.url, poolSize: 1 });
});
afterAll(async () => {
  await db?.close();
  await scratch?.drop();
});

test("a prepared statement is kept by name on the connection and answers with each call's values", async () => {
  const text = `SELECT $1::int * 2 AS doubled`;
  expect(await db.sql.query(text, [2], { prepared: true })).toEqual([{ doubled: 4 }]);
  expect(await db.sql.query(text, [21], { prepared: true })).toEqual([{ doubled: 42 }]);
  // one connection: the same backend that prepared it
  const kept = await db.sql.query<{ name: string; statement: string }>(`SELECT name, statement FROM pg_prepared_statements`);
  expect(kept).toEqual([{ name: "hub_prepared_1", statement: text }]);
  // a statement that fails keeps failing as before, with PostgreSQL's error
  await expect(db.sql.query(`SELECT 1 / $1::int`, [0], { prepared: true })).rejects.toThrow(/division by zero/);
});

test("only the first texts get a name, so a backend's prepared statements stay bounded", () => {
  const nameOf = statementNames(2);
  expect([nameOf("a"), nameOf("b"), nameOf("a"), nameOf("c"), nameOf("b")]).toEqual(["hub_prepared_1", "hub_prepared_2", "hub_prepared_1", undefined, "hub_prepared_2"]);
});
