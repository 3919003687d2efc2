import type { Sql } from "../../db/database";
import { sqlVisible, type WarehouseScope } from "../../auth/warehouse-scope";
import { warehouseCodeOf } from "../sites/sites.store";
import { MPS_COLUMNS, RUN_COLUMNS } from "./planning.store";
import type { MpsLineRow, MrpRunRow, SupplyKind, SupplyRow } from "./planning.types";

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

/** The planned orders of every warehouse's current plan not yet released: what they will load work centers with. */
export const currentPlannedOrders = (sql: Sql) =>
  sql.query<{ id: number; materialId: number; warehouseId: number; warehouseCode: string; quantity: string; releaseDate: Date; dueDate: Date }>(
    `SELECT s.id, s.material_id AS "materialId", s.warehouse_id AS "warehouseId", ${warehouseCodeOf("s.warehouse_id")} AS "warehouseCode",
            s.quantity::text AS quantity, s.release_date AS "releaseDate", s.due_date AS "dueDate"
       FROM planned_order s JOIN mrp_run r ON r.id = s.mrp_run_id
      WHERE r.is_current AND s.status = 'SUGGESTED' ORDER BY s.id`,
  );

/** Demand lines oldest first, optionally of one warehouse / material, in the warehouses of `scope`. */
export async function mpsPage(sql: Sql, filter: { warehouseId?: number; materialId?: number }, scope: WarehouseScope, afterId: number, limit: number) {
  const where = `($1::int IS NULL OR warehouse_id = $1) AND ($2::int IS NULL OR material_id = $2)
      AND ${sqlVisible(warehouseCodeOf("mps_line.warehouse_id"), "$3")}`;
  const params = [filter.warehouseId ?? null, filter.materialId ?? null, scope];
  const rows = await sql.query<MpsLineRow>(`SELECT ${MPS_COLUMNS} FROM mps_line WHERE ${where} AND id > $4 ORDER BY id LIMIT $5`, [...params, afterId, limit + 1]);
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM mps_line WHERE ${where}`, params);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

/** A run's warehouse is in the scope bound to `param`. */
const visibleRun = (param: string) => sqlVisible(warehouseCodeOf("mrp_run.warehouse_id"), param);

/** A run by id, if its warehouse is in `scope`. */
export async function runById(sql: Sql, id: number, scope: WarehouseScope): Promise<MrpRunRow | undefined> {
  const [row] = await sql.query<MrpRunRow>(`SELECT ${RUN_COLUMNS} FROM mrp_run WHERE id = $1 AND ${visibleRun("$2")}`, [id, scope]);
  return row;
}

/** Runs newest first, in the warehouses of `scope`. */
export async function runsPage(sql: Sql, scope: WarehouseScope, afterId: number, limit: number) {
  const rows = await sql.query<MrpRunRow>(
    `SELECT ${RUN_COLUMNS} FROM mrp_run WHERE ${visibleRun("$2")} AND ($1::int = 0 OR id < $1) ORDER BY id DESC LIMIT $3`,
    [afterId, scope, limit + 1],
  );
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM mrp_run WHERE ${visibleRun("$1")}`, [scope]);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}
