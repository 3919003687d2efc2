import type { Sql } from "../../db/database";

/**
 * The ledger read back as history, for the KPIs (src/domain/kpis): on-hand per material and warehouse day by
 * day, and when orders got their last receipt. Days are UTC calendar days as 'YYYY-MM-DD'.
 */

export interface OnHandChange {
  materialId: number;
  warehouseId: number;
  /** null: everything posted before the first day (the opening balance) */
  day: string | null;
  quantity: string;
}

/** The opening on-hand before `fromDay` and the net change of each day up to `toDay` (inclusive), per material and warehouse. */
export function onHandChanges(sql: Sql, fromDay: string, toDay: string): Promise<OnHandChange[]> {
  return sql.query<OnHandChange>(
    `SELECT material_id AS "materialId", warehouse_id AS "warehouseId",
            CASE WHEN posted_at < $1::date THEN NULL ELSE to_char(posted_at, 'YYYY-MM-DD') END AS day, sum(quantity)::text AS quantity
       FROM stock_ledger_entry
      WHERE posted_at < $2::date + 1
      GROUP BY 1, 2, 3
     HAVING sum(quantity) <> 0`,
    [fromDay, toDay],
  );
}

export interface LastReceipt { orderId: number; day: string; epoch: number }

/**
 * Orders whose last receipt (RECEIPT of a purchase order, PRODUCTION_RECEIPT of a work order) was posted in
 * [fromDay, toDay]: the day and instant (seconds since the epoch) of that receipt.
 */
export function lastReceiptsOfOrders(sql: Sql, kind: "PURCHASE_ORDER" | "WORK_ORDER", fromDay: string, toDay: string): Promise<LastReceipt[]> {
  const [column, type] = kind === "PURCHASE_ORDER" ? ["purchase_order_id", "RECEIPT"] : ["work_order_id", "PRODUCTION_RECEIPT"];
  return sql.query<LastReceipt>(
    `SELECT ${column} AS "orderId", to_char(max(posted_at), 'YYYY-MM-DD') AS day, extract(epoch FROM max(posted_at))::float8 AS epoch
       FROM stock_ledger_entry
      WHERE ${column} IS NOT NULL AND type = '${type}'
      GROUP BY 1
     HAVING max(posted_at) >= $1::date AND max(posted_at) < $2::date + 1`,
    [fromDay, toDay],
  );
}
