import type { Sql } from "../../db/database";

/** The id of the warehouse an MRP run plans, or null when there is no such run (who may hear of its progress). */
export async function runWarehouseId(sql: Sql, runId: number): Promise<number | null> {
  const [row] = await sql.query<{ warehouseId: number }>(`SELECT warehouse_id AS "warehouseId" FROM mrp_run WHERE id = $1`, [runId]);
  return row?.warehouseId ?? null;
}
