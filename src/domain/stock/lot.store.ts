import type { Tx } from "../../db/transaction";
import { locationJoin, warehouseJoin } from "../sites/sites.store";
import { workOrderWarehouseJoin } from "../work-orders/work-order.store";

/** The SQL on lot rows: finding a material's lot by code, creating lots on receipt, their QC status. */

export interface LotRef { id: number; materialId: number; code: string; qcStatus: string; expiresAt: Date | null }

const LOT_COLUMNS = `id, material_id AS "materialId", code, qc_status::text AS "qcStatus", expires_at AS "expiresAt"`;

export async function lotOfMaterial(tx: Tx, materialId: number, code: string): Promise<LotRef | null> {
  const [lot] = await tx.query<LotRef>(`SELECT ${LOT_COLUMNS} FROM lot WHERE material_id = $1 AND code = $2`, [materialId, code]);
  return lot ?? null;
}

/** Creates the lot (RELEASED) unless the material has one of this code; null when it had. */
export async function createLot(tx: Tx, lot: { materialId: number; code: string; expiresAt: Date | null; workOrderId: number | null }): Promise<LotRef | null> {
  const [created] = await tx.query<LotRef>(
    `INSERT INTO lot (material_id, code, expires_at, work_order_id) VALUES ($1, $2, $3::timestamptz AT TIME ZONE 'UTC', $4)
     ON CONFLICT (material_id, code) DO NOTHING RETURNING ${LOT_COLUMNS}`,
    [lot.materialId, lot.code, lot.expiresAt ? lot.expiresAt.toISOString() : null, lot.workOrderId],
  );
  return created ?? null;
}

/** Lots for many receipts at once: existing ones, the missing ones created (RELEASED), ids by `materialId/code`. */
export async function lotsForReceipt(tx: Tx, lots: readonly { materialId: number; code: string; expiresAt: Date | null }[]): Promise<Map<string, number>> {
  if (lots.length === 0) return new Map();
  const rows = await tx.query<{ id: number; materialId: number; code: string }>(
    `WITH wanted AS (SELECT DISTINCT ON (m, c) m, c, e FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS u(m, c, e)),
          made AS (INSERT INTO lot (material_id, code, expires_at) SELECT m, c, e AT TIME ZONE 'UTC' FROM wanted
                   ON CONFLICT (material_id, code) DO NOTHING RETURNING id, material_id, code)
     SELECT id, material_id AS "materialId", code FROM made
     UNION ALL SELECT l.id, l.material_id, l.code FROM lot l JOIN wanted w ON l.material_id = w.m AND l.code = w.c`,
    [lots.map((l) => l.materialId), lots.map((l) => l.code.trim()), lots.map((l) => l.expiresAt?.toISOString() ?? null)],
  );
  return new Map(rows.map((r) => [`${r.materialId}/${r.code}`, r.id]));
}

/** A lot locked for a QC change, with the warehouse of the work order that made it (null: bought in). */
export interface LockedLot extends LotRef { producerWarehouseId: number | null; producerWarehouseCode: string | null }

export async function lockLot(tx: Tx, materialId: number, code: string): Promise<LockedLot | null> {
  const [lot] = await tx.query<LockedLot>(
    `SELECT lot.id, lot.material_id AS "materialId", lot.code, lot.qc_status::text AS "qcStatus", lot.expires_at AS "expiresAt",
            w.id AS "producerWarehouseId", w.code AS "producerWarehouseCode"
       FROM lot ${workOrderWarehouseJoin("lot.work_order_id", "w")}
      WHERE lot.material_id = $1 AND lot.code = $2 FOR UPDATE OF lot`,
    [materialId, code],
  );
  return lot ?? null;
}

export async function setQcStatus(tx: Tx, lotId: number, status: string): Promise<void> {
  await tx.query(`UPDATE lot SET qc_status = $2::"QcStatus" WHERE id = $1`, [lotId, status]);
}

/** The warehouses where stock of the lot lies (on hand or on its way), by code. */
export function warehousesHoldingLot(tx: Tx, lotId: number): Promise<{ id: number; code: string }[]> {
  return tx.query(
    `SELECT DISTINCT w.id, w.code FROM stock_balance b ${locationJoin("l", "b.location_id")} ${warehouseJoin("w", "l.warehouse_id")}
      WHERE b.lot_id = $1 AND (b.on_hand <> 0 OR b.in_transit <> 0) ORDER BY w.code`,
    [lotId],
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
