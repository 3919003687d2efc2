import type { Sql } from "../../db/database";
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
  pageOfOrders<PurchaseOrderRow>(sql, { alias: "p", columns: COLUMNS, from: FROM }, f, afterId, limit);
