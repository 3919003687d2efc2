import type { Tx } from "../../db/transaction";
import { now } from "../../runtime/clock";
import { warehouseJoin } from "../sites/sites.store";

/** The SQL on purchase_order rows for the commands (reads for the graph: purchase-order.queries.ts). */

/** The number of the purchase order `idExpr`, as an SQL subquery (for other areas' statements: the stock ledger's events). */
export const purchaseOrderNumberOf = (idExpr: string) => `(SELECT number FROM purchase_order WHERE id = ${idExpr})`;

export interface LockedPurchaseOrder {
  id: number;
  number: string;
  materialId: number;
  warehouseId: number;
  warehouseCode: string;
  quantity: string;
  received: string;
  status: string;
}

/** Locks a purchase order row (named by id or number), with its warehouse's code; undefined when missing. */
export async function lockPurchaseOrder(tx: Tx, by: { id: number } | { code: string }): Promise<LockedPurchaseOrder | undefined> {
  const [row] = await tx.query<LockedPurchaseOrder>(
    `SELECT p.id, p.number, p.material_id AS "materialId", p.warehouse_id AS "warehouseId", w.code AS "warehouseCode",
            p.quantity::text, p.received_quantity::text AS received, p.status::text
       FROM purchase_order p ${warehouseJoin("w", "p.warehouse_id")} WHERE ${"id" in by ? "p.id" : "p.number"} = $1 FOR UPDATE OF p`,
    ["id" in by ? by.id : by.code],
  );
  return row;
}

export interface PurchaseOrderValues { quantity: string; dueDate: Date; supplier: string | null }

/**
 * Inserts the order unless its number exists; its id, or null when the number was taken meanwhile. Created at
 * the hub's clock (as the ledger's receipts), so that order → receipt is a lead time also in a posted history.
 */
export async function insertPurchaseOrder(tx: Tx, o: PurchaseOrderValues & { number: string; materialId: number; warehouseId: number; createdBy: string }): Promise<number | null> {
  const [created] = await tx.query<{ id: number }>(
    `INSERT INTO purchase_order (number, material_id, warehouse_id, quantity, due_date, supplier, created_by, created_at)
     VALUES ($1, $2, $3, $4::numeric, $5, $6, $7, $8::timestamp) ON CONFLICT (number) DO NOTHING RETURNING id`,
    [o.number, o.materialId, o.warehouseId, o.quantity, o.dueDate, o.supplier, o.createdBy, now().toISOString()],
  );
  return created?.id ?? null;
}

export async function updatePurchaseOrder(tx: Tx, id: number, o: PurchaseOrderValues & { status: string }): Promise<void> {
  await tx.query(
    `UPDATE purchase_order SET quantity = $2::numeric, due_date = $3, supplier = $4, status = $5::"OrderStatus" WHERE id = $1`,
    [id, o.quantity, o.dueDate, o.supplier, o.status],
  );
}

export async function setReceived(tx: Tx, id: number, received: string, status: string): Promise<void> {
  await tx.query(`UPDATE purchase_order SET received_quantity = $2, status = $3::"OrderStatus" WHERE id = $1`, [id, received, status]);
}

export async function markCancelled(tx: Tx, id: number): Promise<void> {
  await tx.query(`UPDATE purchase_order SET status = 'CANCELLED' WHERE id = $1`, [id]);
}

/** Nothing more is coming: the order is cut to what was received, and so RECEIVED. */
export async function closeAtReceived(tx: Tx, id: number): Promise<void> {
  await tx.query(`UPDATE purchase_order SET quantity = received_quantity, status = 'RECEIVED' WHERE id = $1`, [id]);
}

/** The open purchase order of a material for a warehouse due first (something left to receive), if any. */
export async function openPurchaseOrderOf(tx: Tx, materialId: number, warehouseId: number): Promise<{ id: number; number: string; dueDate: Date; open: string } | null> {
  const [po] = await tx.query<{ id: number; number: string; dueDate: Date; open: string }>(
    `SELECT id, number, due_date AS "dueDate", (quantity - received_quantity)::text AS open FROM purchase_order
      WHERE material_id = $1 AND warehouse_id = $2 AND status IN ('OPEN', 'PARTIALLY_RECEIVED') AND quantity > received_quantity
      ORDER BY due_date, id LIMIT 1`,
    [materialId, warehouseId],
  );
  return po ?? null;
}
