/**
 * createLoaders makes each loader on first read (a live subscription keeps its context for hours): the same
 * loader for every read in one context, a fresh one in another, none made until read — and a loader made late
 * still batches its lookups into one statement on that context's connection.
 */
import type { Sql } from "../db/database";
import { createLoaders } from "./create-loaders";

function recordingSql() {
  const statements: unknown[][] = [];
  const sql = {
    query: async (_text: string, values: unknown[] = []) => {
      statements.push(values);
      return (values[0] as number[]).map((id) => ({ id, code: `M${id}` }));
    },
  } as unknown as Sql;
  return { sql, statements };
}

test("a loader is made on its first read, kept for the context, and not shared between contexts", () => {
  const { sql } = recordingSql();
  const one = createLoaders(sql);
  const other = createLoaders(sql);
  expect(Object.getOwnPropertyNames(one)).toEqual([]);
  expect(one.material).toBe(one.material);
  expect(one.material).not.toBe(other.material);
  expect(one.lookAhead).toBe(one.lookAhead);
  expect("workOrderMaterials" in one).toBe(true);
});

test("lookups of one tick go to the database as one statement, on the context's own connection", async () => {
  const first = recordingSql();
  const second = recordingSql();
  const loaders = createLoaders(first.sql);
  createLoaders(second.sql);
  const rows = await Promise.all([loaders.material.load(3), loaders.material.load(5), loaders.material.load(3)]);
  expect(rows.map((r) => r?.id)).toEqual([3, 5, 3]);
  expect(first.statements).toEqual([[[3, 5]]]);
  expect(second.statements).toEqual([]);
});
