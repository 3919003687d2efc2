import type { Tx } from "../../db/transaction";
import { Decimal } from "../shared/quantity";

/** The SQL on reservation rows (and the reserved quantity of their balance rows): work orders' holds on stock. */

/**
 * Reserves on locked balance rows and records each take as a reservation of the work order: two CTEs named
 * `reserved_on` and `reservations` for a caller's statement, given SQL expressions for the order's and the
 * warehouse's ids and two array parameters (balance ids `int[]`, quantities `numeric[]`). The rows are locked
 * and the quantities were checked against them; the CHECK backs this up.
 */
export const reserveOnBalancesCtes = (workOrderId: string, warehouseId: string, balanceIds: string, quantities: string) =>
  `reserved_on AS (UPDATE stock_balance b SET reserved = b.reserved + d.q, updated_at = now()
                     FROM unnest(${balanceIds}::int[], ${quantities}::numeric[]) AS d(id, q) WHERE b.id = d.id
                   RETURNING b.material_id, b.location_id, b.lot_id, d.q),
   reservations AS (INSERT INTO reservation (material_id, warehouse_id, location_id, lot_id, work_order_id, quantity)
                    SELECT material_id, ${warehouseId}, location_id, lot_id, ${workOrderId}, q FROM reserved_on)`;

/** Reserves on locked balance rows and records each take as a reservation of the work order, in one statement. */
export async function reserveOnBalances(tx: Tx, workOrderId: number, warehouseId: number, takes: readonly { balanceId: number; quantity: string }[]): Promise<void> {
  await tx.query(`WITH ${reserveOnBalancesCtes("$4::int", "$3::int", "$1", "$2")} SELECT NULL`, [takes.map((t) => t.balanceId), takes.map((t) => t.quantity), warehouseId, workOrderId]);
}

export interface OpenReservation { id: number; balanceId: number; locationId: number; lotId: number | null; open: string; expiresAt: Date | null }

/** A work order's open reservations of a material (at a location, of a lot, when given), locked in id order, with their balance rows. */
export function lockOpenReservations(tx: Tx, workOrderId: number, materialId: number, locationId: number | null, lotId: number | null): Promise<OpenReservation[]> {
  return tx.query<OpenReservation>(
    `SELECT r.id, b.id AS "balanceId", r.location_id AS "locationId", r.lot_id AS "lotId", (r.quantity - r.consumed)::text AS open,
            lot.expires_at AS "expiresAt"
       FROM reservation r JOIN stock_balance b ON b.material_id = r.material_id AND b.location_id = r.location_id AND b.lot_key = COALESCE(r.lot_id, 0)
       LEFT JOIN lot ON lot.id = r.lot_id
      WHERE r.work_order_id = $1 AND r.material_id = $2 AND r.status = 'OPEN'
        AND ($3::int IS NULL OR r.location_id = $3) AND ($4::int IS NULL OR r.lot_id = $4)
      ORDER BY r.id FOR UPDATE OF r`,
    [workOrderId, materialId, locationId, lotId],
  );
}

/** Adds what was consumed of each reservation; one consumed in full becomes CONSUMED. */
export async function consumeReservations(tx: Tx, consumed: readonly { id: number; quantity: string }[]): Promise<void> {
  await tx.query(
    `UPDATE reservation r SET consumed = r.consumed + d.q,
            status = CASE WHEN r.consumed + d.q >= r.quantity THEN 'CONSUMED'::"ReservationStatus" ELSE r.status END
       FROM unnest($1::int[], $2::numeric[]) AS d(id, q) WHERE r.id = d.id`,
    [consumed.map((c) => c.id), consumed.map((c) => c.quantity)],
  );
}

/** Gives back what a work order still holds reserved (close, cancel): its balance rows (locked in id order) lose the reserved part, its open reservations become RELEASED. */
export async function releaseReservations(tx: Tx, workOrderId: number): Promise<void> {
  const open = await tx.query<{ id: number; balanceId: number; q: string }>(
    `SELECT r.id, b.id AS "balanceId", (r.quantity - r.consumed)::text AS q
       FROM reservation r JOIN stock_balance b ON b.material_id = r.material_id AND b.location_id = r.location_id AND b.lot_key = COALESCE(r.lot_id, 0)
      WHERE r.work_order_id = $1 AND r.status = 'OPEN' ORDER BY b.id`,
    [workOrderId],
  );
  if (open.length === 0) return;
  await tx.query(`SELECT id FROM stock_balance WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [open.map((r) => r.balanceId)]);
  await tx.query(
    `UPDATE stock_balance b SET reserved = b.reserved - d.q, updated_at = now()
       FROM (SELECT id, sum(q) AS q FROM unnest($1::int[], $2::numeric[]) AS u(id, q) GROUP BY id) AS d WHERE b.id = d.id`,
    [open.map((r) => r.balanceId), open.map((r) => r.q)],
  );
  await tx.query(`UPDATE reservation SET status = 'RELEASED' WHERE id = ANY($1::int[])`, [open.map((r) => r.id)]);
}

/** What a work order lost of a component when the lot it held became unusable. */
export interface ReleasedReservation { workOrderId: number; materialId: number; warehouseId: number; quantity: string }

/**
 * Releases every open reservation on a lot that may no longer be used (quarantined, rejected): its balance rows
 * (locked in id order) lose the reserved part, the reservations become RELEASED. Returns what each work order
 * lost, per component, in work order order.
 */
export async function releaseLotReservations(tx: Tx, lotId: number): Promise<ReleasedReservation[]> {
  const open = await tx.query<{ id: number; balanceId: number; q: string }>(
    `SELECT r.id, b.id AS "balanceId", (r.quantity - r.consumed)::text AS q
       FROM reservation r JOIN stock_balance b ON b.material_id = r.material_id AND b.location_id = r.location_id AND b.lot_key = r.lot_id
      WHERE r.lot_id = $1 AND r.status = 'OPEN' ORDER BY b.id`,
    [lotId],
  );
  if (open.length === 0) return [];
  await tx.query(`SELECT id FROM stock_balance WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [open.map((r) => r.balanceId)]);
  await tx.query(
    `UPDATE stock_balance b SET reserved = b.reserved - d.q, updated_at = now()
       FROM (SELECT id, sum(q) AS q FROM unnest($1::int[], $2::numeric[]) AS u(id, q) GROUP BY id) AS d WHERE b.id = d.id`,
    [open.map((r) => r.balanceId), open.map((r) => r.q)],
  );
  return tx.query<ReleasedReservation>(
    `WITH u AS (UPDATE reservation r SET status = 'RELEASED' FROM unnest($1::int[], $2::numeric[]) AS d(id, q) WHERE r.id = d.id
                RETURNING r.work_order_id, r.material_id, r.warehouse_id, d.q)
     SELECT work_order_id AS "workOrderId", material_id AS "materialId", warehouse_id AS "warehouseId", sum(q)::text AS quantity
       FROM u WHERE work_order_id IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2`,
    [open.map((r) => r.id), open.map((r) => r.q)],
  );
}
export interface HeldReservation { id: number; materialId: number; locationId: number; lotId: number | null; open: string }

/** What a work order still holds reserved (for its pick list), per reservation (reserved less consumed), in id order. */
export function openReservationsOf(tx: Tx, workOrderId: number): Promise<HeldReservation[]> {
  return tx.query<HeldReservation>(
    `SELECT id, material_id AS "materialId", location_id AS "locationId", lot_id AS "lotId", (quantity - consumed)::text AS open
       FROM reservation WHERE work_order_id = $1 AND status = 'OPEN' AND quantity > consumed ORDER BY id`,
    [workOrderId],
  );
}

/** A work order's holds on one material at one location (and lot), as releasing part of them needs. */
export interface ReservedAt { workOrderId: number; materialId: number; locationId: number; lotId: number | null }

/**
 * Shrinks a work order's open reservations at one location (and lot) by up to `quantity`, newest first. A
 * reservation left with nothing open ends CONSUMED when some of it was used, else RELEASED. Returns what was
 * taken off them (the caller gives it back on the balance row).
 */
export async function shrinkReservationsAt(tx: Tx, at: ReservedAt, quantity: Decimal): Promise<Decimal> {
  const open = await tx.query<{ id: number; open: string }>(
    `SELECT id, (quantity - consumed)::text AS open FROM reservation
      WHERE work_order_id = $1 AND material_id = $2 AND location_id = $3 AND lot_id IS NOT DISTINCT FROM $4 AND status = 'OPEN'
      ORDER BY id DESC FOR UPDATE`,
    [at.workOrderId, at.materialId, at.locationId, at.lotId],
  );
  let left = quantity;
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
  return quantity.minus(left);
}
