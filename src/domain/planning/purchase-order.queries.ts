import type { Sql } from "../../db/database";

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
  purchaseSuggestionId: number | null;
  createdAt: Date;
  createdBy: string;
}

const COLUMNS = `p.id, p.number, p.material_id AS "materialId", p.warehouse_id AS "warehouseId", p.quantity::text AS quantity,
  p.received_quantity::text AS "receivedQuantity", p.due_date AS "dueDate", p.status::text AS status, p.supplier,
  p.purchase_suggestion_id AS "purchaseSuggestionId", p.created_at AS "createdAt", p.created_by AS "createdBy"`;
const FROM = `purchase_order p JOIN warehouse w ON w.id = p.warehouse_id`;

export const purchaseOrderById = async (sql: Sql, id: number) =>
  (await sql.query<PurchaseOrderRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.id = $1`, [id]))[0] ?? null;

/** A page of purchase orders in id order, optionally of one status / warehouse / material, within the caller's warehouses. */
export async function findPurchaseOrders(
  sql: Sql,
  f: { status?: string | null; warehouseCode?: string | null; materialCode?: string | null; warehouses?: readonly string[] | null },
  afterId: number,
  limit: number,
) {
  const params: unknown[] = [f.status ?? null, f.warehouseCode?.trim().toUpperCase() ?? null, f.materialCode?.trim().toUpperCase() ?? null, f.warehouses ?? null];
  const where = `($1::text IS NULL OR p.status::text = $1) AND ($2::text IS NULL OR w.code = $2)
    AND ($3::text IS NULL OR p.material_id = (SELECT id FROM material WHERE code = $3)) AND ($4::text[] IS NULL OR w.code = ANY($4::text[]))`;
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${FROM} WHERE ${where}`, params);
  const rows = await sql.query<PurchaseOrderRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where} AND p.id > $5 ORDER BY p.id LIMIT ${limit + 1}`, [...params, afterId]);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}
