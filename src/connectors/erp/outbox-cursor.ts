import type { Sql } from "../../db/database";
import { lastPosition } from "../../events/event.store";
import { cursorOf, startCursor } from "../connector-cursor.store";

/**
 * How far a connector has followed the outbox, so that a restarted hub resumes where the last one stopped.
 * A connector seen for the first time starts at the outbox's end: it handles what happens from then on,
 * not the history before it was configured.
 */
export async function readCursor(sql: Sql, name: string): Promise<number> {
  const cursor = await cursorOf(sql, name);
  if (cursor !== null) return cursor;
  await startCursor(sql, name, await lastPosition(sql));
  return (await cursorOf(sql, name))!;
}
