import { writeEvent } from "../../events/outbox";
import type { Tx } from "../../db/transaction";

export type ExceptionType = "SHORTAGE" | "QUALITY" | "EQUIPMENT" | "LATE" | "EXCESS" | "UNCOVERED_DEMAND" | "STOCK_MISMATCH";

export interface NewException {
  type: ExceptionType;
  severity?: "INFO" | "WARNING" | "CRITICAL";
  message: string;
  details?: Record<string, unknown>;
  materialId?: number;
  warehouseId?: number;
  workOrderId?: number;
}

/** Records an exception and its `exception.raised` event in the caller's transaction; returns its id. */
export async function raiseException(tx: Tx, e: NewException): Promise<number> {
  const severity = e.severity ?? "WARNING";
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO exception (type, severity, message, details, material_id, warehouse_id, work_order_id)
     VALUES ($1::"ExceptionType", $2::"Severity", $3, $4::jsonb, $5, $6, $7) RETURNING id`,
    [e.type, severity, e.message, JSON.stringify(e.details ?? {}), e.materialId ?? null, e.warehouseId ?? null, e.workOrderId ?? null],
  );
  await writeEvent(tx, "exception.raised", {
    exceptionId: row.id,
    type: e.type,
    severity,
    message: e.message,
    materialId: e.materialId ?? null,
    warehouseId: e.warehouseId ?? null,
    workOrderId: e.workOrderId ?? null,
  });
  return row.id;
}

/** Resolves what is still open about a work order (it was closed or cancelled), in the caller's transaction. */
export const resolveOpenOfWorkOrder = (tx: Tx, workOrderId: number) =>
  tx.query(`UPDATE exception SET status = 'RESOLVED', resolved_at = now() WHERE work_order_id = $1 AND status <> 'RESOLVED'`, [workOrderId]);

/** Resolves one exception (what raised it is over), in the caller's transaction; one already resolved stays as it is. */
export async function resolveException(tx: Tx, id: number): Promise<void> {
  await tx.query(`UPDATE exception SET status = 'RESOLVED', resolved_at = now() WHERE id = $1 AND status <> 'RESOLVED'`, [id]);
}
