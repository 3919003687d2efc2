import type { Database, Sql } from "../../db/database";
import { RUN_PLAN_LOCK } from "./plan-export.queries";
import * as store from "./planning.store";

/** Rows one purge statement deletes at most: a 100k-row run goes in many short statements, not one long transaction. */
export const PURGE_CHUNK_ROWS = 5_000;

/**
 * Purges the warehouses' superseded runs (store.supersededRuns: all but the current run and the newest `keep`
 * completed ones, a group's runs together, and those interrupted at least `staleMinutes` ago): deletes their
 * planned orders, purchase suggestions and planned transfers not released, after stamping them `purged_at` (an
 * interrupted one FAILED too). The run rows stay, with their exceptions and their
 * released rows — the record of where a work, purchase or transfer order came from. A run whose plan is being
 * pushed to the ERP is left (with its group) for the next purge. Returns the ids of the runs purged.
 */
export async function purgeSupersededRuns(
  db: Database, warehouseIds: readonly number[], runs: { keep: number; staleMinutes: number }, chunkRows = PURGE_CHUNK_ROWS,
): Promise<number[]> {
  const purged: number[] = [];
  for (const runIds of await store.supersededRuns(db.sql, warehouseIds, runs.keep, runs.staleMinutes)) {
    if (await db.withSession((session) => purgeTogether(session, runIds, chunkRows))) purged.push(...runIds);
  }
  return purged;
}

/** Purges the runs, each statement committing on its own, holding their plan locks throughout; false when one is held elsewhere. */
async function purgeTogether(session: Sql, runIds: readonly number[], chunkRows: number): Promise<boolean> {
  const held: number[] = [];
  try {
    for (const runId of runIds) {
      const [{ locked }] = await session.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1::int, $2::int) AS locked`, [RUN_PLAN_LOCK, runId]);
      if (!locked) return false;
      held.push(runId);
    }
    // stamped first: from now on a push refuses them, and a purge cut short (a crash, a lost connection) leaves them
    // stamped with rows left, which the next purge finds (supersededRuns) and deletes.
    await store.markRunsPurged(session, runIds);
    // Until a statement finds nothing: one may delete less than a chunk, and more be left (a row released meanwhile is kept).
    for (const runId of runIds) {
      for (const table of store.PLAN_TABLES) while ((await store.deleteUnreleased(session, table, runId, chunkRows)) > 0);
    }
    return true;
  } finally {
    for (const runId of held) await session.query(`SELECT pg_advisory_unlock($1::int, $2::int)`, [RUN_PLAN_LOCK, runId]);
  }
}
