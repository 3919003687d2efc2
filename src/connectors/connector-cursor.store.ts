import type { Sql } from "../db/database";

/** The only file whose SQL names connector_cursor: how far each connector has followed the outbox. */

/** The connector's cursor (an event position), or null for a connector seen for the first time. */
export async function cursorOf(sql: Sql, name: string): Promise<number | null> {
  const [row] = await sql.query<{ lastEventId: string }>(`SELECT last_event_id::text AS "lastEventId" FROM connector_cursor WHERE name = $1`, [name]);
  return row ? Number(row.lastEventId) : null;
}

/** Starts the connector's cursor at `position` unless it has one already. */
export async function startCursor(sql: Sql, name: string, position: number): Promise<void> {
  await sql.query(`INSERT INTO connector_cursor (name, last_event_id) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, position]);
}

/** Moves the cursor forward to `eventId` (never back). */
export async function advanceCursor(sql: Sql, name: string, eventId: number): Promise<void> {
  await sql.query(`UPDATE connector_cursor SET last_event_id = $2, updated_at = now() WHERE name = $1 AND last_event_id < $2`, [name, eventId]);
}
