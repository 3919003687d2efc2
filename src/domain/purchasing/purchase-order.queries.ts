import type { Sql } from "../../db/database";
import { now } from "../../runtime/clock";
import type { Tx } from "../../db/transaction";
import { materialIdOfCode } from "../materials/material.store";
import { pageOfOrders, type OrderFilter } from "../shared/order-page";
import { warehouseJoin } from "../sites/sites.store";

/** Reads of purchase orders for the graph. */

export interface PurchaseOrderRow {
  id: number;
  number: string;
  materialId: number;
  warehouseId: number;
  quantity: string;
  receivedQuantity: string;
  dueDate: Date;
  status: string;
  supplier: string | null;
  supplierCode: string | null;
  purchaseSuggestionId: number | null;
  createdAt: Date;
  createdBy: string;
}

const COLUMNS = `p.id, p.number, p.material_id AS "materialId", p.warehouse_id AS "warehouseId", p.quantity::text AS quantity,
  p.received_quantity::text AS "receivedQuantity", p.due_date AS "dueDate", p.status::text AS status, p.supplier, p.supplier_code AS "supplierCode",
  p.purchase_suggestion_id AS "purchaseSuggestionId", p.created_at AS "createdAt", p.created_by AS "createdBy"`;
const FROM = `purchase_order p ${warehouseJoin("w", "p.warehouse_id")}`;

export const purchaseOrderById = async (sql: Sql, id: number) =>
  (await sql.query<PurchaseOrderRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.id = $1`, [id]))[0] ?? null;

/** A page of purchase orders in id order, optionally of one status / warehouse / material, within the caller's warehouses. */
export const findPurchaseOrders = (sql: Sql, f: OrderFilter, afterId: number, limit: number) =>
  pageOfOrders<PurchaseOrderRow>(sql, { alias: "p", columns: COLUMNS, from: FROM, materialIdOfCode }, f, afterId, limit);

/** SQL of the open purchase orders' quantities still to come into the warehouse bound to `param`, as scheduled receipts (MRP's load). */
export const openPurchaseReceiptsSql = (param: string) =>
  `SELECT material_id AS "materialId", (quantity - received_quantity)::text AS quantity, due_date AS "dueDate"
     FROM purchase_order WHERE warehouse_id = ${param} AND status IN ('OPEN', 'PARTIALLY_RECEIVED') AND quantity > received_quantity`;

/** When each of these purchase orders was placed (created in the hub or synced from the ERP). */
export const purchaseOrderDates = (sql: Sql, ids: readonly number[]) =>
  sql.query<{ id: number; orderedAt: Date }>(`SELECT id, created_at AS "orderedAt" FROM purchase_order WHERE id = ANY($1::int[])`, [ids]);

/** Creates the purchase order a released purchase suggestion becomes, in the caller's transaction. */
export async function insertPurchaseOrderOfSuggestion(
  tx: Tx,
  s: { id: number; materialId: number; warehouseId: number; quantity: string; dueDate: Date; supplierCode: string | null; suggestedAt: Date },
  by: string,
): Promise<{ id: number; number: string }> {
  const [po] = await tx.query<{ id: number; number: string }>(
    `INSERT INTO purchase_order (id, number, material_id, warehouse_id, quantity, due_date, supplier_code, purchase_suggestion_id, suggested_at, created_by, created_at)
     SELECT n, 'PO-' || lpad(n::text, 6, '0'), $2, $3, $4::numeric, $5, $6, $1, $7, $8, $9::timestamp FROM nextval('purchase_order_id_seq') AS n RETURNING id, number`,
    [s.id, s.materialId, s.warehouseId, s.quantity, s.dueDate, s.supplierCode, s.suggestedAt, by, now().toISOString()],
  );
  return po;
}

/** The purchase order a purchase suggestion was released as, if any. */
export const purchaseOrderOfSuggestion = async (tx: Tx, suggestionId: number) =>
  (await tx.query<{ id: number; number: string }>(`SELECT id, number FROM purchase_order WHERE purchase_suggestion_id = $1`, [suggestionId]))[0];

export interface PurchaseOrderTimes {
  id: number; materialId: number; warehouseId: number; status: string; dueDay: string; createdDay: string; createdEpoch: number;
  /** when the MRP suggestion it was released from was made (null: not released from one) */
  suggestedEpoch: number | null;
}

const TIMES = `id, material_id AS "materialId", warehouse_id AS "warehouseId", status::text AS status, to_char(due_date, 'YYYY-MM-DD') AS "dueDay",
  to_char(created_at, 'YYYY-MM-DD') AS "createdDay", extract(epoch FROM created_at)::float8 AS "createdEpoch", extract(epoch FROM suggested_at)::float8 AS "suggestedEpoch"`;

/** When these orders were placed and are due (UTC days; purchasing KPIs). */
export const purchaseOrderTimes = (sql: Sql, ids: readonly number[]) =>
  sql.query<PurchaseOrderTimes>(`SELECT ${TIMES} FROM purchase_order WHERE id = ANY($1::int[])`, [ids]);

/** Orders released from an MRP suggestion and placed on days [fromDay, toDay] (suggested → ordered KPI). */
export const purchaseOrdersOfSuggestionsPlaced = (sql: Sql, fromDay: string, toDay: string) =>
  sql.query<PurchaseOrderTimes>(
    `SELECT ${TIMES} FROM purchase_order WHERE suggested_at IS NOT NULL AND created_at >= $1::date AND created_at < $2::date + 1`,
    [fromDay, toDay],
  );
