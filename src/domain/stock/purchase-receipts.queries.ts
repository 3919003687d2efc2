import type { Sql } from "../../db/database";

/** When the first receipt against a purchase order was posted: the end of its observed lead time. */
export interface FirstPurchaseReceipt { purchaseOrderId: number; materialId: number; warehouseId: number; receivedAt: Date }

/** The purchase orders whose first receipt was posted in [from, to), optionally in some warehouses. */
export function firstPurchaseReceipts(sql: Sql, from: Date, to: Date, warehouseIds?: readonly number[]): Promise<FirstPurchaseReceipt[]> {
  return sql.query<FirstPurchaseReceipt>(
    `SELECT purchase_order_id AS "purchaseOrderId", material_id AS "materialId", warehouse_id AS "warehouseId", min(posted_at) AS "receivedAt"
       FROM stock_ledger_entry
      WHERE purchase_order_id IS NOT NULL AND type = 'RECEIPT' AND quantity > 0 AND ($3::int[] IS NULL OR warehouse_id = ANY($3::int[]))
      GROUP BY 1, 2, 3
     HAVING min(posted_at) >= $1 AND min(posted_at) < $2`,
    [from, to, warehouseIds ?? null],
  );
}
