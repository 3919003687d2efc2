import type { Tx } from "../../db/transaction";
import { conflict, DomainError } from "../shared/domain-error";

/**
 * Locations being counted take no stock movements: a count session blocks its locations when counting
 * starts and releases them when it is approved or cancelled. The only file whose SQL names location_block.
 */

/** SQL condition on a balance row `b`: its location is not being counted (what movements may take from unless they name it). */
export const NOT_BEING_COUNTED = `NOT EXISTS (SELECT 1 FROM location_block k WHERE k.location_id = b.location_id)`;

/**
 * Blocks the locations for a count session. A location another count holds is a CONFLICT (naming that
 * count's id); the balance rows of the locations are then locked, so that a movement already under way
 * there commits before the count starts, and every later one finds the block.
 */
export async function blockLocationsForCount(tx: Tx, countSessionId: number, locationIds: readonly number[]): Promise<void> {
  const taken = await tx.query<{ locationId: number; countSessionId: number }>(
    `INSERT INTO location_block (location_id, count_session_id) SELECT unnest($1::int[]), $2
     ON CONFLICT (location_id) DO UPDATE SET location_id = EXCLUDED.location_id WHERE location_block.count_session_id <> $2
     RETURNING location_id AS "locationId", count_session_id AS "countSessionId"`,
    [locationIds, countSessionId],
  );
  const held = taken.find((t) => t.countSessionId !== countSessionId);
  if (held) throw conflict(`a location of this count is being counted by another count session`, { locationId: held.locationId, countSessionId: held.countSessionId });
  await tx.query(`SELECT id FROM stock_balance WHERE location_id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [locationIds]);
}

/** Releases what a count session blocks (it was approved or cancelled). */
export async function releaseCountBlocks(tx: Tx, countSessionId: number): Promise<void> {
  await tx.query(`DELETE FROM location_block WHERE count_session_id = $1`, [countSessionId]);
}

/** Refuses a movement at a location being counted: LOCATION_BEING_COUNTED with the location and the count session. */
export async function assertNotBeingCounted(tx: Tx, locationIds: readonly number[]): Promise<void> {
  if (locationIds.length === 0) return;
  const [block] = await tx.query<{ locationId: number; countSessionId: number }>(
    `SELECT location_id AS "locationId", count_session_id AS "countSessionId" FROM location_block WHERE location_id = ANY($1::int[]) LIMIT 1`,
    [locationIds],
  );
  if (block) {
    throw new DomainError("LOCATION_BEING_COUNTED", `location ${block.locationId} is being counted (count session ${block.countSessionId}): no stock moves there until the count is approved or cancelled`, {
      locationId: block.locationId, countSessionId: block.countSessionId,
    });
  }
}

/** Which of these locations a count holds now. */
export async function countBlocked(tx: Tx, locationIds: readonly number[]): Promise<Set<number>> {
  const rows = await tx.query<{ id: number }>(`SELECT location_id AS id FROM location_block WHERE location_id = ANY($1::int[])`, [locationIds]);
  return new Set(rows.map((r) => r.id));
}
