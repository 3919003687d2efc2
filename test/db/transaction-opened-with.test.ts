/**
 * inTransactionOpenedWith (src/db/transaction.ts) on real Postgres: the statements sent with BEGIN run inside
 * the transaction (their lock is held while `fn` runs, their writes commit or roll back with it), `fn` gets the
 * last one's rows, and a failure anywhere writes nothing and leaves the connection usable.
 */
import { openDatabase, type Database } from "../../src/db/database";
import { inTransactionOpenedWith } from "../../src/db/transaction";
import { createScratchDatabase, type ScratchDatabase } from "../support/scratch-database";

let scratch: ScratchDatabase;
let db: Database;
let other: Database;

beforeAll(async () => {
  scratch = await createScratchDatabase("hub_opened_with");
  db = await openDatabase({ url: scratch.url, poolSize: 1 });
  other = await openDatabase({ url: scratch.url, poolSize: 1 });
  await db.sql.query(`CREATE TABLE note (text text NOT NULL)`);
});
afterAll(async () => {
  await db?.close();
  await other?.close();
  await scratch?.drop();
});

const notes = async () => (await other.sql.query<{ text: string }>(`SELECT text FROM note ORDER BY text`)).map((r) => r.text);
const lockHeld = async () =>
  (await other.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND granted`))[0].n > 0;

beforeEach(() => db.sql.query(`TRUNCATE note`));

test("the opening statements run in the transaction: their lock is held while fn runs, fn gets the last one's rows, all commit together", async () => {
  const seen = await inTransactionOpenedWith(db, [`SELECT pg_advisory_xact_lock(4242)`, `INSERT INTO note VALUES ('opened') RETURNING text`], async (tx, rows: { text: string }[]) => {
    expect(await lockHeld()).toBe(true);
    expect(await notes()).toEqual([]); // not committed yet
    await tx.query(`INSERT INTO note VALUES ('in fn')`);
    return rows;
  });
  expect(seen).toEqual([{ text: "opened" }]);
  expect(await notes()).toEqual(["in fn", "opened"]);
  expect(await lockHeld()).toBe(false);
});

test("fn failing rolls back what the opening statements wrote", async () => {
  await expect(
    inTransactionOpenedWith(db, [`INSERT INTO note VALUES ('opened')`], async () => {
      throw new Error("no");
    }),
  ).rejects.toThrow("no");
  expect(await notes()).toEqual([]);
});

test("an opening statement failing writes nothing, never calls fn, and leaves the connection usable", async () => {
  const fn = jest.fn(async () => 1);
  await expect(inTransactionOpenedWith(db, [`INSERT INTO note VALUES ('opened')`, `SELECT 1 / 0`], fn)).rejects.toThrow(/division by zero/);
  expect(fn).not.toHaveBeenCalled();
  expect(await notes()).toEqual([]);
  // the pool's one connection is out of the failed transaction
  expect(await db.sql.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
});
