import type { Tx } from "../../db/transaction";
import { materialJoin } from "../materials/material.store";
import { warehouseJoin } from "../sites/sites.store";

/** The SQL on transfer_order rows for the transfer commands (the read side is in stock.queries.ts). */

export interface LockedTransfer {
  id: number; number: string; materialCode: string; fromCode: string; toCode: string; status: string;
  quantity: string; shippedQuantity: string; receivedQuantity: string;
}

export async function insertTransfer(
  tx: Tx,
  t: { materialId: number; fromWarehouseId: number; toWarehouseId: number; quantity: string; reason: string | null; dueDate: Date | null; createdBy: string },
): Promise<{ id: number; number: string }> {
  const [row] = await tx.query<{ id: number; number: string }>(
    `INSERT INTO transfer_order (id, number, material_id, from_warehouse_id, to_warehouse_id, quantity, reason, due_date, created_by)
     SELECT n, 'TO-' || lpad(n::text, 6, '0'), $1, $2, $3, $4::numeric, $5, $6::timestamptz AT TIME ZONE 'UTC', $7
       FROM nextval('transfer_order_id_seq') AS n RETURNING id, number`,
    [t.materialId, t.fromWarehouseId, t.toWarehouseId, t.quantity, t.reason, t.dueDate?.toISOString() ?? null, t.createdBy],
  );
  return row;
}

/** What open transfers of a material from these warehouses have still to ship, per warehouse (absent = nothing). */
export async function unshippedFrom(tx: Tx, materialId: number, warehouseIds: readonly number[]): Promise<Map<number, string>> {
  const rows = await tx.query<{ warehouseId: number; open: string }>(
    `SELECT from_warehouse_id AS "warehouseId", sum(quantity - shipped_quantity)::text AS open FROM transfer_order
      WHERE material_id = $1 AND from_warehouse_id = ANY($2::int[]) AND status IN ('OPEN', 'IN_TRANSIT', 'PARTIALLY_RECEIVED')
      GROUP BY from_warehouse_id`,
    [materialId, warehouseIds],
  );
  return new Map(rows.map((r) => [r.warehouseId, r.open]));
}

/** Locks a transfer row (by id or number, as stored: upper case) with its material's and warehouses' codes; null when missing. */
export async function lockTransfer(tx: Tx, by: { id: number } | { code: string }): Promise<LockedTransfer | null> {
  const [t] = await tx.query<LockedTransfer>(
    `SELECT t.id, t.number, m.code AS "materialCode", f.code AS "fromCode", d.code AS "toCode", t.status::text AS status,
            t.quantity::text AS quantity, t.shipped_quantity::text AS "shippedQuantity", t.received_quantity::text AS "receivedQuantity"
       FROM transfer_order t ${materialJoin("m", "t.material_id")} ${warehouseJoin("f", "t.from_warehouse_id")} ${warehouseJoin("d", "t.to_warehouse_id")}
      WHERE ${"id" in by ? "t.id" : "t.number"} = $1 FOR UPDATE OF t`,
    ["id" in by ? by.id : by.code],
  );
  return t ?? null;
}

/** Adds a shipment; an OPEN transfer is then IN_TRANSIT. */
export async function addShipped(tx: Tx, id: number, quantity: string): Promise<void> {
  await tx.query(
    `UPDATE transfer_order SET shipped_quantity = shipped_quantity + $2::numeric,
            status = CASE WHEN status = 'OPEN' THEN 'IN_TRANSIT'::"TransferStatus" ELSE status END WHERE id = $1`,
    [id, quantity],
  );
}

/** Adds a receipt: RECEIVED once all of it arrived, else PARTIALLY_RECEIVED. */
export async function addReceived(tx: Tx, id: number, quantity: string): Promise<void> {
  await tx.query(
    `UPDATE transfer_order SET received_quantity = received_quantity + $2::numeric,
            status = CASE WHEN received_quantity + $2::numeric >= quantity THEN 'RECEIVED' ELSE 'PARTIALLY_RECEIVED' END::"TransferStatus"
      WHERE id = $1`,
    [id, quantity],
  );
}

export async function markCancelled(tx: Tx, id: number): Promise<void> {
  await tx.query(`UPDATE transfer_order SET status = 'CANCELLED' WHERE id = $1`, [id]);
}

/** Cuts the transfer to what was shipped; RECEIVED if that has all arrived. */
export async function cutToShipped(tx: Tx, id: number): Promise<void> {
  await tx.query(
    `UPDATE transfer_order SET quantity = shipped_quantity,
            status = CASE WHEN received_quantity >= shipped_quantity THEN 'RECEIVED' ELSE status END::"TransferStatus" WHERE id = $1`,
    [id],
  );
}

/** What of these transfers has not arrived yet (ordered less received; open ones only), per material. */
export function notYetReceived(tx: Tx, ids: readonly number[]): Promise<{ materialId: number; open: string }[]> {
  return tx.query(
    `SELECT material_id AS "materialId", sum(quantity - received_quantity)::text AS open FROM transfer_order
      WHERE id = ANY($1::int[]) AND status IN ('OPEN', 'IN_TRANSIT', 'PARTIALLY_RECEIVED') GROUP BY material_id`,
    [ids],
  );
}
