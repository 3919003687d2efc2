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

/** The newest exception of a type about a work order that is not resolved yet (its details as `D`), or null. */
export async function latestOpenOfWorkOrder<D>(tx: Tx, workOrderId: number, type: ExceptionType): Promise<{ id: number; message: string; details: D } | null> {
  const [row] = await tx.query<{ id: number; message: string; details: D }>(
    `SELECT id, message, details FROM exception WHERE work_order_id = $1 AND type = $2::"ExceptionType" AND status <> 'RESOLVED' ORDER BY id DESC LIMIT 1`,
    [workOrderId, type],
  );
  return row ?? null;
}
/** A planning exception of an MRP run (one row of a bulk insert). */
export interface PlanningException {
  type: string;
  severity: string;
  message: string;
  materialId: number;
  details: unknown;
}

/**
 * An MRP run's exceptions, one statement for all of them (a run can raise thousands), without an
 * `exception.raised` event each: the run's completion event carries the count.
 */
export async function insertPlanningExceptions(tx: Tx, runId: number, warehouseId: number, ex: readonly PlanningException[]): Promise<void> {
  await tx.query(
    `INSERT INTO exception (type, severity, message, details, material_id, warehouse_id, mrp_run_id)
     SELECT u.t::"ExceptionType", u.s::"Severity", u.m, d.details, u.mat, $1, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[]) WITH ORDINALITY AS u(t, s, m, mat, i)
       JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS d(details, i) ON d.i = u.i`,
    [warehouseId, runId, ex.map((e) => e.type), ex.map((e) => e.severity), ex.map((e) => e.message), ex.map((e) => e.materialId), JSON.stringify(ex.map((e) => e.details))],
  );
}

/** Resolves what is still open of these MRP runs (a newer plan answers it), in the caller's transaction. */
export const resolveOpenOfMrpRuns = (tx: Tx, runIds: readonly number[]) =>
  tx.query(`UPDATE exception SET status = 'RESOLVED', resolved_at = now() WHERE status <> 'RESOLVED' AND mrp_run_id = ANY($1::int[])`, [runIds]);

/** Resolves one exception (what raised it is over), in the caller's transaction; one already resolved stays as it is. */
export async function resolveException(tx: Tx, id: number): Promise<void> {
  await tx.query(`UPDATE exception SET status = 'RESOLVED', resolved_at = now() WHERE id = $1 AND status <> 'RESOLVED'`, [id]);
}
