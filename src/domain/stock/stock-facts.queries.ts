import type { Tx } from "../../db/transaction";
import { materialJoin } from "../materials/material.store";
import { locationJoin } from "../sites/sites.store";

/**
 * What other areas may ask about stock (inside their transaction) without naming the stock tables:
 * whether a change of master data would strand or round existing stock, the stock to value, and what is booked
 * at a place (a shelf's weight is compared with it).
 */

/** A material kept in `uomCode` whose stock has more decimals than `precision` allows, if any. */
export async function materialWithStockFinerThan(tx: Tx, uomCode: string, precision: number): Promise<string | null> {
  const [row] = await tx.query<{ code: string }>(
    `SELECT m.code FROM stock_balance b ${materialJoin("m", "b.material_id")}
      WHERE m.uom_code = $1 AND (round(b.on_hand, $2) <> b.on_hand OR round(b.reserved, $2) <> b.reserved OR round(b.in_transit, $2) <> b.in_transit)
      ORDER BY m.code LIMIT 1`,
    [uomCode, precision],
  );
  return row?.code ?? null;
}

/** Whether any stock (on hand, reserved or in transit) lies at the location. */
export async function locationHasStock(tx: Tx, locationId: number): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM stock_balance WHERE location_id = $1 AND (on_hand <> 0 OR reserved <> 0 OR in_transit <> 0) LIMIT 1`, [locationId]);
  return rows.length > 0;
}

/** Whether any ledger entry or balance refers to the location: then it is history and cannot be deleted. */
export async function locationIsReferenced(tx: Tx, locationId: number): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM stock_balance WHERE location_id = $1 UNION ALL SELECT 1 FROM stock_ledger_entry WHERE location_id = $1 UNION ALL SELECT 1 FROM reservation WHERE location_id = $1 LIMIT 1`,
    [locationId],
  );
  return rows.length > 0;
}

/** Whether any stock lies in the warehouse. */
export async function warehouseHasStock(tx: Tx, warehouseId: number): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM stock_balance b ${locationJoin("l", "b.location_id")} WHERE l.warehouse_id = $1 AND (b.on_hand <> 0 OR b.reserved <> 0 OR b.in_transit <> 0) LIMIT 1`,
    [warehouseId],
  );
  return rows.length > 0;
}

export interface StockOnHand { materialId: number; warehouseId: number; onHand: string }

/** On-hand stock per material and warehouse (all of it, quarantine included: it is owned stock). */
export function stockOnHand(tx: Tx, warehouseId: number | null): Promise<StockOnHand[]> {
  return tx.query<StockOnHand>(
    `SELECT b.material_id AS "materialId", l.warehouse_id AS "warehouseId", sum(b.on_hand)::text AS "onHand"
       FROM stock_balance b ${locationJoin("l", "b.location_id")}
      WHERE ($1::int IS NULL OR l.warehouse_id = $1) AND b.on_hand <> 0
      GROUP BY b.material_id, l.warehouse_id ORDER BY l.warehouse_id, b.material_id`,
    [warehouseId],
  );
}

/** The quantity of a material booked on hand at a location (all its lots), as exact text. */
export async function onHandAt(tx: Tx, materialId: number, locationId: number): Promise<string> {
  const [row] = await tx.query<{ onHand: string }>(
    `SELECT COALESCE(sum(on_hand), 0)::text AS "onHand" FROM stock_balance WHERE material_id = $1 AND location_id = $2`,
    [materialId, locationId],
  );
  return row.onHand;
}
