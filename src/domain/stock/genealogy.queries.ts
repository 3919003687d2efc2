import { sqlVisible, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Sql } from "../../db/database";
import { workOrderWarehouseCode } from "../work-orders/work-order.store";

export interface GenealogyLink {
  lotId: number;
  /** steps away from the starting lot */
  depth: number;
  /** the work order that links this lot to the one a step closer to the start */
  workOrderId: number;
}

const CONSUMED = `e.type IN ('ISSUE', 'BACKFLUSH') AND e.work_order_id IS NOT NULL AND e.quantity < 0`;
/** A trace goes only through work orders of warehouses in scope ($2). */
const VISIBLE_ORDER = (workOrderId: string) => sqlVisible(workOrderWarehouseCode(workOrderId), "$2");

/** Lots made from `lotId`: consumed by work orders, whose production receipts made new lots; recursively. */
export const traceForward = (sql: Sql, lotId: number, scope: WarehouseScope) =>
  sql.query<GenealogyLink>(
    `WITH RECURSIVE fwd(lot_id, depth, work_order_id) AS (
       SELECT $1::int, 0, NULL::int
       UNION
       SELECT p.id, fwd.depth + 1, e.work_order_id
         FROM fwd JOIN stock_ledger_entry e ON e.lot_id = fwd.lot_id AND ${CONSUMED}
         JOIN lot p ON p.work_order_id = e.work_order_id
        WHERE fwd.depth < 20 AND ${VISIBLE_ORDER("e.work_order_id")})
     SELECT DISTINCT ON (lot_id) lot_id AS "lotId", depth, work_order_id AS "workOrderId" FROM fwd WHERE depth > 0 ORDER BY lot_id, depth`,
    [lotId, scope],
  );

/** Lots that went into `lotId`: consumed by the work order that produced it; recursively. */
export const traceBackward = (sql: Sql, lotId: number, scope: WarehouseScope) =>
  sql.query<GenealogyLink>(
    `WITH RECURSIVE back(lot_id, depth, work_order_id) AS (
       SELECT $1::int, 0, NULL::int
       UNION
       SELECT e.lot_id, back.depth + 1, made.work_order_id
         FROM back JOIN lot made ON made.id = back.lot_id AND made.work_order_id IS NOT NULL
         JOIN stock_ledger_entry e ON e.work_order_id = made.work_order_id AND e.lot_id IS NOT NULL AND ${CONSUMED}
        WHERE back.depth < 20 AND ${VISIBLE_ORDER("made.work_order_id")})
     SELECT DISTINCT ON (lot_id) lot_id AS "lotId", depth, work_order_id AS "workOrderId" FROM back WHERE depth > 0 ORDER BY lot_id, depth`,
    [lotId, scope],
  );
