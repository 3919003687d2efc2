import type { Sql } from "../../db/database";
import type { SuggestionLine } from "../../runtime/erp-field-map";
import { materialJoin } from "../materials/material.store";
import { warehouseJoin } from "../sites/sites.store";

/**
 * Session advisory lock (RUN_PLAN_LOCK, run id): held while the run's plan is pushed to the ERP
 * (src/connectors/erp/erp-connector.ts) or purged (purge-runs.ts), so that a push never reads a plan being purged.
 */
export const RUN_PLAN_LOCK = 74_260_021;

/** A stored MRP run as an export to the ERP sees it. */
export interface PushableRun {
  id: number;
  warehouseCode: string;
  /** its plan is stored in full: COMPLETED, and not a what-if */
  completed: boolean;
  isCurrent: boolean;
  /** its unreleased rows were deleted (purge-runs.ts): what is left is no plan to send */
  purgedAt: Date | null;
  /** its purchase suggestions */
  lines: number;
  /** its planned transfers (into its warehouse: a multi-warehouse run's) */
  transfers: number;
}

/** The run, or undefined when there is no such run. */
export async function pushableRun(sql: Sql, runId: number): Promise<PushableRun | undefined> {
  const [run] = await sql.query<PushableRun>(
    `SELECT r.id, w.code AS "warehouseCode", r.status = 'COMPLETED' AND NOT r.what_if AS completed, r.is_current AS "isCurrent", r.purged_at AS "purgedAt",
            (SELECT count(*)::int FROM purchase_suggestion s WHERE s.mrp_run_id = r.id) AS lines,
            (SELECT count(*)::int FROM planned_transfer t WHERE t.mrp_run_id = r.id) AS transfers
       FROM mrp_run r ${warehouseJoin("w", "r.warehouse_id")}
      WHERE r.id = $1`,
    [runId],
  );
  return run;
}

/** Up to `limit` of the run's purchase suggestions after suggestion `afterId`, in id order, as the ERP gets them. */
export function suggestionLinesAfter(sql: Sql, runId: number, afterId: number, limit: number): Promise<SuggestionLine[]> {
  return sql.query<SuggestionLine>(
    `SELECT s.id AS "suggestionId", s.mrp_run_id AS "runId", m.code AS "materialCode", w.code AS "warehouseCode",
            trim_scale(s.quantity)::text AS quantity, m.uom_code AS uom, s.supplier_code AS "supplierCode",
            to_char(s.order_date, 'YYYY-MM-DD') AS "orderDate", to_char(s.due_date, 'YYYY-MM-DD') AS "dueDate"
       FROM purchase_suggestion s ${materialJoin("m", "s.material_id")} ${warehouseJoin("w", "s.warehouse_id")}
      WHERE s.mrp_run_id = $1 AND s.id > $2 ORDER BY s.id LIMIT $3`,
    [runId, afterId, limit],
  );
}

/** A planned transfer as the ERP gets it (after the run's purchase suggestions). */
export interface TransferLine {
  transferId: number;
  runId: number;
  materialCode: string;
  fromWarehouseCode: string;
  toWarehouseCode: string;
  quantity: string;
  uom: string;
  /** YYYY-MM-DD */
  shipDate: string;
  dueDate: string;
}

/** Up to `limit` of the run's planned transfers after transfer `afterId`, in id order. */
export function transferLinesAfter(sql: Sql, runId: number, afterId: number, limit: number): Promise<TransferLine[]> {
  return sql.query<TransferLine>(
    `SELECT t.id AS "transferId", t.mrp_run_id AS "runId", m.code AS "materialCode", f.code AS "fromWarehouseCode", d.code AS "toWarehouseCode",
            trim_scale(t.quantity)::text AS quantity, m.uom_code AS uom, to_char(t.ship_date, 'YYYY-MM-DD') AS "shipDate", to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate"
       FROM planned_transfer t ${materialJoin("m", "t.material_id")} ${warehouseJoin("f", "t.from_warehouse_id")} ${warehouseJoin("d", "t.to_warehouse_id")}
      WHERE t.mrp_run_id = $1 AND t.id > $2 ORDER BY t.id LIMIT $3`,
    [runId, afterId, limit],
  );
}
