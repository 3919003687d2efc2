import type { Tx } from "../../db/transaction";

/** What other areas read of stock inside their transactions (counts, putaway): the stock area's SQL for them. */

export interface LocationStock { materialId: number; locationId: number; lotId: number | null; onHand: string }

/**
 * On hand per material, location and lot at these locations (rows with stock only); `forUpdate` locks the
 * rows in id order, as movements do, so what is read stays so until commit.
 */
export function stockAtLocations(tx: Tx, locationIds: readonly number[], opts: { forUpdate?: boolean } = {}): Promise<LocationStock[]> {
  return tx.query<LocationStock>(
    `SELECT material_id AS "materialId", location_id AS "locationId", lot_id AS "lotId", on_hand::text AS "onHand"
       FROM stock_balance WHERE location_id = ANY($1::int[]) AND (on_hand <> 0 OR reserved <> 0)
      ORDER BY id ${opts.forUpdate ? "FOR UPDATE" : ""}`,
    [locationIds],
  );
}

export interface LocationLoad { locationId: number; onHand: string; holdsMaterial: boolean }

/** What lies at each of these locations that holds anything (all materials), and whether `materialId` is among it. */
export function loadOfLocations(tx: Tx, locationIds: readonly number[], materialId: number): Promise<LocationLoad[]> {
  return tx.query<LocationLoad>(
    `SELECT location_id AS "locationId", sum(on_hand)::text AS "onHand", bool_or(material_id = $2) AS "holdsMaterial"
       FROM stock_balance WHERE location_id = ANY($1::int[]) AND on_hand > 0 GROUP BY location_id`,
    [locationIds, materialId],
  );
}

/** Lot ids by material and code (`materialId/code`); unknown lots are missing from the map. */
export async function lotIdsByCodes(tx: Tx, lots: readonly { materialId: number; code: string }[]): Promise<Map<string, number>> {
  if (lots.length === 0) return new Map();
  const rows = await tx.query<{ id: number; materialId: number; code: string }>(
    `SELECT l.id, l.material_id AS "materialId", l.code FROM lot l JOIN unnest($1::int[], $2::text[]) AS u(m, c) ON l.material_id = u.m AND l.code = u.c`,
    [lots.map((l) => l.materialId), lots.map((l) => l.code)],
  );
  return new Map(rows.map((r) => [`${r.materialId}/${r.code}`, r.id]));
}
