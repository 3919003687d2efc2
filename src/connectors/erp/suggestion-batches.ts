import type { Sql } from "../../db/database";
import type { ErpRequest } from "./erp-client";
import { mapLine, type FieldMap, type SuggestionLine } from "../../runtime/erp-field-map";

export interface PushableRun {
  id: number;
  warehouseCode: string;
  /** its plan is stored in full: COMPLETED, and not a what-if */
  completed: boolean;
  isCurrent: boolean;
  /** its purchase suggestions */
  lines: number;
}

/** A stored MRP run as the push sees it; undefined when there is no such run (or it has been pruned). */
export async function pushableRun(sql: Sql, runId: number): Promise<PushableRun | undefined> {
  const [run] = await sql.query<PushableRun>(
    `SELECT r.id, w.code AS "warehouseCode", r.status = 'COMPLETED' AND NOT r.what_if AS completed, r.is_current AS "isCurrent",
            (SELECT count(*)::int FROM purchase_suggestion s WHERE s.mrp_run_id = r.id) AS lines
       FROM mrp_run r JOIN warehouse w ON w.id = r.warehouse_id
      WHERE r.id = $1`,
    [runId],
  );
  return run;
}

/**
 * The run's purchase suggestions as ERP requests of up to `size` lines, in suggestion id order. A batch's
 * idempotency key names the run and the first and last suggestion in it, so the same lines always go
 * under the same key, whether pushed again, replayed from a dead letter, or read with another batch size.
 */
export async function* suggestionBatches(sql: Sql, run: PushableRun, size: number, fieldMap: FieldMap): AsyncGenerator<ErpRequest> {
  const batches = Math.ceil(run.lines / size);
  let afterId = 0;
  for (let batch = 1; batch <= batches; batch++) {
    const lines = await sql.query<SuggestionLine>(
      `SELECT s.id AS "suggestionId", s.mrp_run_id AS "runId", m.code AS "materialCode", w.code AS "warehouseCode",
              trim_scale(s.quantity)::text AS quantity, m.uom_code AS uom, s.supplier_code AS "supplierCode",
              to_char(s.order_date, 'YYYY-MM-DD') AS "orderDate", to_char(s.due_date, 'YYYY-MM-DD') AS "dueDate"
         FROM purchase_suggestion s JOIN material m ON m.id = s.material_id JOIN warehouse w ON w.id = s.warehouse_id
        WHERE s.mrp_run_id = $1 AND s.id > $2 ORDER BY s.id LIMIT $3`,
      [run.id, afterId, size],
    );
    if (lines.length === 0) return;
    afterId = lines[lines.length - 1].suggestionId;
    yield {
      idempotencyKey: `mrp-run-${run.id}-suggestions-${lines[0].suggestionId}-${afterId}`,
      body: { runId: run.id, warehouseCode: run.warehouseCode, batch, batches, suggestions: lines.map((l) => mapLine(l, fieldMap)) },
    };
  }
}
