import type { Sql } from "../db/database";

/** The only file whose SQL names event_cursor: how far each follower of the outbox has handled it. */

/**
 * Where the follower `name` resumes (an event position). One seen for the first time starts at `end`, the
 * outbox's end: it handles what happens from then on, not the history before it was configured.
 */
export async function readCursor(sql: Sql, name: string, end: number): Promise<number> {
  await sql.query(`INSERT INTO event_cursor (name, last_event_id) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, end]);
  const [row] = await sql.query<{ last: string }>(`SELECT last_event_id::text AS last FROM event_cursor WHERE name = $1`, [name]);
  return Number(row.last);
}

/** Moves the follower's cursor forward to `position` (never back). */
export async function advanceCursor(sql: Sql, name: string, position: number): Promise<void> {
  await sql.query(`UPDATE event_cursor SET last_event_id = $2, updated_at = now() WHERE name = $1 AND last_event_id < $2`, [name, position]);
}
