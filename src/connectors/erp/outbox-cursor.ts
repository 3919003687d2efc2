import type { Sql } from "../../db/database";

/**
 * How far a connector has followed the outbox (table `connector_cursor`), so that a restarted hub
 * resumes where the last one stopped. A connector seen for the first time starts at the outbox's end:
 * it handles what happens from then on, not the history before it was configured.
 */
export async function readCursor(sql: Sql, name: string): Promise<number> {
  await sql.query(
    `INSERT INTO connector_cursor (name, last_event_id) SELECT $1, coalesce(max(position), 0) FROM event ON CONFLICT (name) DO NOTHING`,
    [name],
  );
  const [row] = await sql.query<{ lastEventId: string }>(`SELECT last_event_id::text AS "lastEventId" FROM connector_cursor WHERE name = $1`, [name]);
  return Number(row.lastEventId);
}

export async function advanceCursor(sql: Sql, name: string, eventId: number): Promise<void> {
  await sql.query(`UPDATE connector_cursor SET last_event_id = $2, updated_at = now() WHERE name = $1 AND last_event_id < $2`, [name, eventId]);
}
