import type { Sql } from "../../db/database";

/** Deletes up to `limit` sensor readings recorded more than `days` ago; returns how many (for the retention sweep). */
export async function deleteReadingsBefore(sql: Sql, days: number, limit: number): Promise<number> {
  const [{ n }] = await sql.query<{ n: number }>(
    `WITH gone AS (DELETE FROM sensor_reading WHERE id IN (SELECT id FROM sensor_reading WHERE recorded_at < now() - make_interval(days => $1) LIMIT $2) RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [days, limit],
  );
  return n;
}
