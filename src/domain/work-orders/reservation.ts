import { Decimal } from "../shared/quantity";
import { allocate, type Take } from "../stock/allocate";
import { lockCandidates } from "../stock/balances";
import { emitLowStock } from "../stock/low-stock";
import type { Tx } from "../../db/transaction";

export interface OpenRequirement {
  materialId: number;
  code: string;
  quantity: Decimal;
  /** only materials with a safety stock can fall below it (saves the stock.low check for the others) */
  hasSafetyStock: boolean;
}
export interface Shortage { materialId: number; code: string; required: Decimal; available: Decimal; short: Decimal }
export interface ReservationPlan { takes: (Take & { need: OpenRequirement })[]; shortages: Shortage[] }

/**
 * Locks the free stock of every component in the warehouse (one statement, id order) and allocates each
 * requirement over it (FEFO), leaving out `excludeLocationIds` (where a pick just came up short). Writes
 * nothing: the caller reserves the plan only when nothing is short.
 */
export async function planReservation(tx: Tx, warehouseId: number, needs: readonly OpenRequirement[], excludeLocationIds: readonly number[] = []): Promise<ReservationPlan> {
  const open = needs.filter((n) => n.quantity.gt(0));
  if (open.length === 0) return { takes: [], shortages: [] };
  const locked = await lockCandidates(tx, { materialIds: open.map((n) => n.materialId), warehouseId, source: "free" });
  const rows = locked.filter((r) => !excludeLocationIds.includes(r.locationId));
  const plan: ReservationPlan = { takes: [], shortages: [] };
  for (const need of open) {
    const { takes, shortfall } = allocate(rows.filter((r) => r.materialId === need.materialId), need.quantity);
    if (shortfall.gt(0)) plan.shortages.push({ materialId: need.materialId, code: need.code, required: need.quantity, available: need.quantity.minus(shortfall), short: shortfall });
    plan.takes.push(...takes.map((t) => ({ ...t, need })));
  }
  return plan;
}

/** Reserves a plan's takes on their (locked) balance rows and records them as the order's reservations. */
export async function applyReservation(tx: Tx, workOrderId: number, warehouseId: number, takes: ReservationPlan["takes"]): Promise<void> {
  if (takes.length === 0) return;
  // The rows are locked and the quantities were checked against them; the CHECK backs this up.
  await tx.query(
    `WITH u AS (UPDATE stock_balance b SET reserved = b.reserved + d.q, updated_at = now()
                  FROM unnest($1::int[], $2::numeric[]) AS d(id, q) WHERE b.id = d.id
                RETURNING b.material_id, b.location_id, b.lot_id, d.q)
     INSERT INTO reservation (material_id, warehouse_id, location_id, lot_id, work_order_id, quantity)
     SELECT material_id, $3, location_id, lot_id, $4, q FROM u`,
    [takes.map((t) => t.candidate.balanceId), takes.map((t) => t.quantity.toFixed(6)), warehouseId, workOrderId],
  );
  const watched = takes.filter((t) => t.need.hasSafetyStock);
  await emitLowStock(tx, watched.map((t) => ({ materialId: t.need.materialId, warehouseId, delta: t.quantity.neg() })));
}

/** Gives back what a work order still holds reserved (close, cancel). */
export async function releaseReservations(tx: Tx, workOrderId: number): Promise<void> {
  const open = await tx.query<{ id: number; balanceId: number; q: string }>(
    `SELECT r.id, b.id AS "balanceId", (r.quantity - r.consumed)::text AS q
       FROM reservation r JOIN stock_balance b ON b.material_id = r.material_id AND b.location_id = r.location_id AND b.lot_key = COALESCE(r.lot_id, 0)
      WHERE r.work_order_id = $1 AND r.status = 'OPEN' ORDER BY b.id`,
    [workOrderId],
  );
  if (open.length > 0) {
    await tx.query(`SELECT id FROM stock_balance WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [open.map((r) => r.balanceId)]);
    await tx.query(
      `UPDATE stock_balance b SET reserved = b.reserved - d.q, updated_at = now()
         FROM (SELECT id, sum(q) AS q FROM unnest($1::int[], $2::numeric[]) AS u(id, q) GROUP BY id) AS d WHERE b.id = d.id`,
      [open.map((r) => r.balanceId), open.map((r) => r.q)],
    );
    await tx.query(`UPDATE reservation SET status = 'RELEASED' WHERE id = ANY($1::int[])`, [open.map((r) => r.id)]);
  }
  await tx.query(`UPDATE work_order_material SET reserved = 0 WHERE work_order_id = $1`, [workOrderId]);
}
