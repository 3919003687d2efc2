import type { Tx } from "../../db/transaction";
import { Decimal } from "../shared/quantity";
import { changeBalances } from "./balances";

/** A work order's reservations as other areas need them (pick lists): the stock area's SQL on reservation. */

export interface OpenReservation { id: number; materialId: number; locationId: number; lotId: number | null; open: string }

/** What a work order still holds reserved, per reservation (reserved less consumed), in id order. */
export function openReservationsOf(tx: Tx, workOrderId: number): Promise<OpenReservation[]> {
  return tx.query<OpenReservation>(
    `SELECT id, material_id AS "materialId", location_id AS "locationId", lot_id AS "lotId", (quantity - consumed)::text AS open
       FROM reservation WHERE work_order_id = $1 AND status = 'OPEN' AND quantity > consumed ORDER BY id`,
    [workOrderId],
  );
}

/**
 * Gives back up to `quantity` of what a work order holds reserved of a material at one location (and lot):
 * its open reservations there shrink (newest first) and the balance's reserved quantity with them. A
 * reservation left with nothing open ends CONSUMED when some of it was used, else RELEASED. Returns what was released.
 */
export async function releaseReservedAt(
  tx: Tx,
  at: { workOrderId: number; materialId: number; locationId: number; lotId: number | null; quantity: Decimal },
): Promise<Decimal> {
  const open = await tx.query<{ id: number; open: string }>(
    `SELECT id, (quantity - consumed)::text AS open FROM reservation
      WHERE work_order_id = $1 AND material_id = $2 AND location_id = $3 AND lot_id IS NOT DISTINCT FROM $4 AND status = 'OPEN'
      ORDER BY id DESC FOR UPDATE`,
    [at.workOrderId, at.materialId, at.locationId, at.lotId],
  );
  let left = at.quantity;
  const cuts: { id: number; q: string }[] = [];
  for (const r of open) {
    if (left.lte(0)) break;
    const q = Decimal.min(left, r.open);
    if (q.lte(0)) continue;
    cuts.push({ id: r.id, q: q.toFixed(6) });
    left = left.minus(q);
  }
  if (cuts.length === 0) return new Decimal(0);
  await tx.query(
    `UPDATE reservation r SET quantity = r.quantity - d.q,
            status = CASE WHEN r.quantity - d.q > r.consumed THEN r.status WHEN r.consumed > 0 THEN 'CONSUMED'::"ReservationStatus" ELSE 'RELEASED'::"ReservationStatus" END
       FROM unnest($1::int[], $2::numeric[]) AS d(id, q) WHERE r.id = d.id`,
    [cuts.map((c) => c.id), cuts.map((c) => c.q)],
  );
  const released = at.quantity.minus(left);
  await changeBalances(tx, [{ materialId: at.materialId, locationId: at.locationId, lotId: at.lotId, reserved: released.neg() }]);
  return released;
}
