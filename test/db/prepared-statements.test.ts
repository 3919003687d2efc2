/**
 * Prepared statements (src/db/prepared-statements.ts) on real Postgres: a statement run with `prepared` is
 * parsed once per connection under its name and answers with each call's values, in a transaction (a command's
 * statements) as outside one; the number of names is capped.
 */
import { openDatabase, type Database } from "../../src/db/database";
import { statementNames } from "../../src/db/prepared-statements";
import { inTransaction } from "../../src/db/transaction";
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

test("a command's statement runs by name inside its transaction, under the name the pool gave its text", async () => {
  const text = `SELECT $1::int + 1 AS next`;
  const kept = await inTransaction(db, async (tx) => {
    expect(await tx.query(text, [1], { prepared: true })).toEqual([{ next: 2 }]);
    expect(await tx.query(text, [41], { prepared: true })).toEqual([{ next: 42 }]);
    return tx.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE statement = $1`, [text]);
  });
  expect(kept).toEqual([{ name: expect.stringMatching(/^hub_prepared_\d+$/) }]);
  // the same text outside a transaction: the same name, already prepared on this (only) connection
  const prepared = () => db.sql.query<{ name: string }>(`SELECT name FROM pg_prepared_statements ORDER BY name`);
  const before = await prepared();
  expect(await db.sql.query(text, [2], { prepared: true })).toEqual([{ next: 3 }]);
  expect(await prepared()).toEqual(before);
  // a statement failing in its first transaction rolls it back; what was prepared there outlives the rollback
  const divide = `SELECT 6 / $1::int AS q`;
  await expect(inTransaction(db, (tx) => tx.query(divide, [0], { prepared: true }))).rejects.toThrow(/division by zero/);
  expect(await inTransaction(db, (tx) => tx.query(divide, [3], { prepared: true }))).toEqual([{ q: 2 }]);
});

test("only the first texts get a name, so a backend's prepared statements stay bounded", () => {
  const nameOf = statementNames(2);
  expect([nameOf("a"), nameOf("b"), nameOf("a"), nameOf("c"), nameOf("b")]).toEqual(["hub_prepared_1", "hub_prepared_2", "hub_prepared_1", undefined, "hub_prepared_2"]);
});
