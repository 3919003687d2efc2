/**
 * The publisher's scan for the oldest unpublished events (OLDEST_UNPUBLISHED in src/events/event.store.ts) on
 * real PostgreSQL, in an outbox shaped like a busy hub's: many published events and a few waiting. Its plan must
 * walk the `(published_at, id)` index from the unpublished end and stop at the limit — no sort. Ordered by `id`
 * alone, PostgreSQL fetched every unpublished version the index held and sorted them, which with dead versions
 * left by net change's bursts (autovacuum off or behind) cost ~90 ms a publish.
 */
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { OLDEST_UNPUBLISHED } from "../../src/events/event.store";
import { inTransaction } from "../../src/db/transaction";
import { createScratchDatabase, type ScratchDatabase } from "../support/scratch-database";

let scratch: ScratchDatabase;
let db: Database;

beforeAll(async () => {
  scratch = await createScratchDatabase("hub_publish_scan");
  db = await openDatabase({ url: scratch.url, poolSize: 1 });
  await migrate(db);
  await db.sql.query(
    `INSERT INTO event (topic, payload, published_at, position)
       SELECT 'stock.changed', '{}'::jsonb, now(), g FROM generate_series(1, 20000) g`,
  );
  await db.sql.query(`INSERT INTO event (topic, payload) SELECT 'stock.changed', '{}'::jsonb FROM generate_series(1, 30)`);
  await db.sql.query(`ANALYZE event`);
}, 60_000);
afterAll(async () => {
  await db?.close();
  await scratch?.drop();
});

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

test("the oldest unpublished events are read in index order from the unpublished end, without a sort", async () => {
  const [{ "QUERY PLAN": [{ Plan: plan }] }] = await db.sql.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    `EXPLAIN (FORMAT JSON) ${OLDEST_UNPUBLISHED.replace("$1", "200")}`,
  );
  const all = nodes(plan);
  expect(all.map((n) => n["Node Type"])).not.toContain("Sort");
  expect(all.find((n) => n["Index Name"] === "event_published_at_id_idx")?.["Node Type"]).toBe("Index Scan");
});

test("it returns the oldest unpublished events in id order, up to the limit", async () => {
  const ids = await inTransaction(db, (tx) => tx.query<{ id: string }>(OLDEST_UNPUBLISHED, [5]));
  const [{ first }] = await db.sql.query<{ first: string }>(`SELECT min(id)::text AS first FROM event WHERE published_at IS NULL`);
  expect(ids.map((r) => Number(r.id))).toEqual([0, 1, 2, 3, 4].map((i) => Number(first) + i));
});
