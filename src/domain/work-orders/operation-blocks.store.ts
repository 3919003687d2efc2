import type { Tx } from "../../db/transaction";

/**
 * Operations stopped by an equipment failure (work_order_operation.blocked_by_failure_id): the exceptions
 * area blocks them when a failure is reported and unblocks them at its repair; `assertMayStart` and
 * `assertMayComplete` refuse a blocked one (OPERATION_BLOCKED).
 */
export interface BlockedOperation {
  workOrderId: number;
  workOrderNumber: string;
  sequence: number;
  name: string;
  status: string;
  /** the failure that blocks it: this one, or one reported before at the same place */
  blockedByFailureId: number | null;
}

export type BlockPlace = { workCenterCode: string; warehouseId: number } | { workOrderId: number; sequence: number };

const OPEN_ORDER = `o.status IN ('RELEASED', 'SHORT', 'IN_PROGRESS')`;
const COLUMNS = `p.work_order_id AS "workOrderId", o.number AS "workOrderNumber", p.sequence, p.name, p.status::text AS status,
  p.blocked_by_failure_id AS "blockedByFailureId"`;

/**
 * Blocks the operations not finished at a work center in a warehouse (of orders not finished), or one
 * operation, by `failureId`; those already blocked by another failure stay with it. The orders are locked
 * first, as every command on an order does, so an operation being started meanwhile is blocked after it.
 * Returns every operation concerned, in order.
 */
export async function blockOperations(tx: Tx, failureId: number, place: BlockPlace): Promise<BlockedOperation[]> {
  const [at, params] = "workCenterCode" in place
    ? [`o.warehouse_id = $1 AND upper(p.work_center) = $2`, [place.warehouseId, place.workCenterCode]]
    : [`p.work_order_id = $1 AND p.sequence = $2`, [place.workOrderId, place.sequence]];
  const orders = await tx.query<{ id: number }>(
    `SELECT o.id FROM work_order o
      WHERE ${OPEN_ORDER} AND EXISTS (SELECT 1 FROM work_order_operation p WHERE p.work_order_id = o.id AND ${at} AND p.status <> 'COMPLETED')
      ORDER BY o.id FOR UPDATE OF o`,
    params,
  );
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  await tx.query(
    `UPDATE work_order_operation p SET blocked_by_failure_id = $4 FROM work_order o
      WHERE o.id = p.work_order_id AND o.id = ANY($3::int[]) AND ${at} AND p.status <> 'COMPLETED' AND p.blocked_by_failure_id IS NULL`,
    [...params, ids, failureId],
  );
  return tx.query<BlockedOperation>(
    `SELECT ${COLUMNS} FROM work_order_operation p JOIN work_order o ON o.id = p.work_order_id
      WHERE o.id = ANY($3::int[]) AND ${at} AND p.status <> 'COMPLETED' ORDER BY o.id, p.sequence`,
    [...params, ids],
  );
}

/** Blocks a new order's operations at a work center by `failureId` (the center was down when the order was made); returns their sequences. */
export async function blockOrderOperationsAt(tx: Tx, failureId: number, workOrderId: number, workCenterCode: string): Promise<number[]> {
  const rows = await tx.query<{ sequence: number }>(
    `UPDATE work_order_operation SET blocked_by_failure_id = $1
      WHERE work_order_id = $2 AND upper(work_center) = $3 AND status <> 'COMPLETED' AND blocked_by_failure_id IS NULL RETURNING sequence`,
    [failureId, workOrderId, workCenterCode.toUpperCase()],
  );
  return rows.map((r) => r.sequence).sort((a, b) => a - b);
}

/** Hands the operations `failureId` blocks on to `next` (another open failure there), or frees them (null); returns them. */
export function unblockOperations(tx: Tx, failureId: number, next: number | null): Promise<BlockedOperation[]> {
  return tx.query<BlockedOperation>(
    `UPDATE work_order_operation p SET blocked_by_failure_id = $2 FROM work_order o
      WHERE o.id = p.work_order_id AND p.blocked_by_failure_id = $1
      RETURNING ${COLUMNS}`,
    [failureId, next],
  );
}

/** An operation of an order, with the work center it runs at (as the order copied it), if it has that sequence. */
export async function operationOf(tx: Tx, workOrderId: number, sequence: number) {
  const [op] = await tx.query<{ sequence: number; name: string; status: string; workCenter: string | null; orderStatus: string }>(
    `SELECT p.sequence, p.name, p.status::text AS status, upper(p.work_center) AS "workCenter", o.status::text AS "orderStatus"
       FROM work_order_operation p JOIN work_order o ON o.id = p.work_order_id WHERE p.work_order_id = $1 AND p.sequence = $2`,
    [workOrderId, sequence],
  );
  return op ?? null;
}

/** What the orders still hold reserved, per component (material ids: the caller names them). */
export function reservedMaterialsOf(tx: Tx, workOrderIds: readonly number[]) {
  return tx.query<{ workOrderId: number; materialId: number; reserved: string }>(
    `SELECT work_order_id AS "workOrderId", material_id AS "materialId", reserved::text AS reserved
       FROM work_order_material WHERE work_order_id = ANY($1::int[]) AND reserved > 0 ORDER BY work_order_id, id`,
    [workOrderIds],
  );
}
