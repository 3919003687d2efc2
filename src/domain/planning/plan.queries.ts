import type { Sql } from "../../db/database";
import type { StoredPeg } from "./persist-plan";

export type SupplyKind = "PLANNED_ORDER" | "PURCHASE_SUGGESTION";

export interface SupplyRow {
  id: number;
  kind: SupplyKind;
  mrpRunId: number;
  materialId: number;
  warehouseId: number;
  quantity: string;
  releaseDate: Date;
  dueDate: Date;
  status: "SUGGESTED" | "RELEASED" | "CANCELLED";
  pegs: StoredPeg[];
  supplierCode: string | null;
}


const TABLE: Record<SupplyKind, { table: string; release: string; supplier: string }> = {
  PLANNED_ORDER: { table: "planned_order", release: "release_date", supplier: "NULL" },
  PURCHASE_SUGGESTION: { table: "purchase_suggestion", release: "order_date", supplier: "s.supplier_code" },
};

/** The current plan's supplies of one kind, in a warehouse, optionally of one material, by due date. */
export async function currentSupplies(sql: Sql, kind: SupplyKind, f: { warehouseId: number; materialId?: number }, afterId: number, limit: number) {
  const { table, release, supplier } = TABLE[kind];
  const where = `r.is_current AND s.warehouse_id = $1 AND ($2::int IS NULL OR s.material_id = $2)`;
  const rows = await sql.query<SupplyRow>(
    `SELECT s.id, '${kind}' AS kind, s.mrp_run_id AS "mrpRunId", s.material_id AS "materialId", s.warehouse_id AS "warehouseId",
            s.quantity::text AS quantity, s.${release} AS "releaseDate", s.due_date AS "dueDate", s.status, s.pegs, ${supplier} AS "supplierCode"
       FROM ${table} s JOIN mrp_run r ON r.id = s.mrp_run_id
      WHERE ${where} AND s.id > $3 ORDER BY s.id LIMIT $4`,
    [f.warehouseId, f.materialId ?? null, afterId, limit + 1],
  );
  const [{ total }] = await sql.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM ${table} s JOIN mrp_run r ON r.id = s.mrp_run_id WHERE ${where}`,
    [f.warehouseId, f.materialId ?? null],
  );
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}
