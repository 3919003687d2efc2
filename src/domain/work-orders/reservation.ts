import { Decimal } from "../shared/quantity";
import { allocate, type Take } from "../stock/allocate";
import { lockCandidates } from "../stock/balances";
import { emitLowStock } from "../stock/low-stock";
import type { Tx } from "../stock/transaction";

export interface OpenRequirement { materialId: number; code: string; quantity: Decimal }
export interface Shortage { materialId: number; code: string; required: Decimal; available: Decimal; short: Decimal }

/**
 * All or nothing: locks the free stock of every component in the warehouse (one statement, id order),
 * and reserves each requirement against specific balance rows (FEFO) only when every one is covered.
 * Otherwise writes nothing and returns the shortages.
 */
export async function reserveComponents(tx: Tx, workOrderId: number, warehouseId: number, needs: readonly OpenRequirement[]): Promise<Shortage[]> {
  const open = needs.filter((n) => n.quantity.gt(0));
  if (open.length === 0) return [];
  const rows = await lockCandidates(tx, { materialIds: open.map((n) => n.materialId), warehouseId, source: "free" });
  const takes: (Take & { materialId: number })[] = [];
  const shortages: Shortage[] = [];
  for (const need of open) {
    const { takes: t, shortfall } = allocate(rows.filter((r) => r.materialId === need.materialId), need.quantity);
    if (shortfall.gt(0)) shortages.push({ materialId: need.materialId, code: need.code, required: need.quantity, available: need.quantity.minus(shortfall), short: shortfall });
    takes.push(...t.map((x) => ({ ...x, materialId: need.materialId })));
  }
  if (shortages.length > 0) return shortages;
  const ids = takes.map((t) => t.candidate.balanceId);
  const qs = takes.map((t) => t.quantity.toFixed(6));
  // The rows are locked and the quantities were checked against them; the CHECK backs this up.
  await tx.query(
    `UPDATE stock_balance b SET reserved = b.reserved + d.q, updated_at = now() FROM unnest($1::int[], $2::numeric[]) AS d(id, q) WHERE b.id = d.id`,
    [ids, qs],
  );
  await tx.query(
    `INSERT INTO reservation (material_id, warehouse_id, location_id, lot_id, work_order_id, quantity)
     SELECT b.material_id, $3, b.location_id, b.lot_id, $4, d.q FROM unnest($1::int[], $2::numeric[]) AS d(id, q) JOIN stock_balance b ON b.id = d.id`,
    [ids, qs, warehouseId, workOrderId],
  );
  await tx.query(
    `UPDATE work_order_material m SET reserved = m.reserved + d.q, short_quantity = 0
       FROM unnest($2::int[], $3::numeric[]) AS d(material_id, q) WHERE m.work_order_id = $1 AND m.material_id = d.material_id`,
    [workOrderId, open.map((n) => n.materialId), open.map((n) => n.quantity.toFixed(6))],
  );
  await emitLowStock(tx, takes.map((t) => ({ materialId: t.materialId, warehouseId, delta: t.quantity.neg() })));
  return [];
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
