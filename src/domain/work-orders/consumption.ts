import type { Principal } from "../../auth/principal";
import { DomainError, badInput } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import type { Ref } from "../shared/ref";
import { allocate, type StockCandidate } from "../stock/allocate";
import { lockCandidates, postMovement, type BalanceChange } from "../stock/balances";
import type { MovementResult, NewLedgerEntry } from "../stock/ledger-writer";
import type { MaterialRef, WarehouseRef } from "../stock/stock-refs";
import type { Tx } from "../../db/transaction";
import { assertStatus, lockWorkOrder, type LockedWorkOrder } from "./work-order-lock";

export interface Consumption {
  material: Pick<MaterialRef, "id" | "code">;
  quantity: Decimal;
  locationId?: number | null;
  lotId?: number | null;
  type: "ISSUE" | "BACKFLUSH";
  note?: string | null;
}

interface OpenReservation { id: number; balanceId: number; locationId: number; lotId: number | null; open: string; expiresAt: Date | null }

/** A manual issue against a work order: within what it may use (reserved + tolerance), or OVER_ISSUE. */
export async function issueToWorkOrder(
  tx: Tx,
  req: Consumption & { warehouse: WarehouseRef; workOrder: Ref; tolerancePct: number },
  principal: Principal,
): Promise<MovementResult> {
  const wo = await lockWorkOrder(tx, req.workOrder, principal);
  if (wo.warehouseId !== req.warehouse.id) throw badInput(`work order ${wo.number} is in warehouse ${wo.warehouseCode}`, { field: "warehouseCode" });
  assertStatus(wo, ["RELEASED", "IN_PROGRESS"], "issue to");
  const limit = await componentLimit(tx, wo, req.material, req.tolerancePct);
  if (limit.issued.plus(req.quantity).gt(limit.allowed)) {
    throw new DomainError("OVER_ISSUE", `issuing ${req.quantity} ${req.material.code} would exceed what work order ${wo.number} may use`, {
      requested: req.quantity.toString(), issued: limit.issued.toString(), allowed: limit.allowed.toString(),
    });
  }
  const { entries, reservedChanges } = await consume(tx, wo, req);
  return { entryIds: await postMovement(tx, entries, principal.id, reservedChanges), workOrderId: wo.id };
}

/** Required × (1 + tolerance) and what is already issued, for one component of a locked order. */
export async function componentLimit(tx: Tx, wo: LockedWorkOrder, material: Pick<MaterialRef, "id" | "code">, tolerancePct: number) {
  const [line] = await tx.query<{ required: string; issued: string }>(
    `SELECT required::text AS required, issued::text AS issued FROM work_order_material WHERE work_order_id = $1 AND material_id = $2`,
    [wo.id, material.id],
  );
  if (!line) throw badInput(`${material.code} is not a component of work order ${wo.number}`, { field: "materialCode" });
  return { allowed: new Decimal(line.required).mul(100 + tolerancePct).div(100), issued: new Decimal(line.issued) };
}

/** Ledger entries and the reservation changes riding along, to post in one go (see postMovement). */
export interface Posting { entries: NewLedgerEntry[]; reservedChanges: BalanceChange[] }

/**
 * Plans taking a component out of stock for a locked work order: first from its own reservations
 * (consuming them), then from free stock; balance rows are locked in id order before anything is
 * decided. Updates the reservations and the order's line; the caller posts the returned entries, so a
 * command consuming several components appends to the ledger once, at its end.
 */
export async function consume(tx: Tx, wo: LockedWorkOrder, c: Consumption): Promise<Posting> {
  const reservations = await tx.query<OpenReservation>(
    `SELECT r.id, b.id AS "balanceId", r.location_id AS "locationId", r.lot_id AS "lotId", (r.quantity - r.consumed)::text AS open,
            lot.expires_at AS "expiresAt"
       FROM reservation r JOIN stock_balance b ON b.material_id = r.material_id AND b.location_id = r.location_id AND b.lot_key = COALESCE(r.lot_id, 0)
       LEFT JOIN lot ON lot.id = r.lot_id
      WHERE r.work_order_id = $1 AND r.material_id = $2 AND r.status = 'OPEN'
        AND ($3::int IS NULL OR r.location_id = $3) AND ($4::int IS NULL OR r.lot_id = $4)
      ORDER BY r.id FOR UPDATE OF r`,
    [wo.id, c.material.id, c.locationId ?? null, c.lotId ?? null],
  );
  const rows = await lockCandidates(tx, {
    materialIds: [c.material.id], warehouseId: wo.warehouseId, locationId: c.locationId, lotId: c.lotId, source: "free",
    alsoIds: reservations.map((r) => r.balanceId),
  });
  const reservedCandidates = reservations.map((r): StockCandidate & { reservationId: number } => ({
    balanceId: r.balanceId, locationId: r.locationId, lotId: r.lotId, available: new Decimal(r.open), expiresAt: r.expiresAt, reservationId: r.id,
  }));
  const fromReservations = allocate(reservedCandidates, c.quantity);
  const fromFree = allocate(rows, fromReservations.shortfall);
  if (fromFree.shortfall.gt(0)) {
    throw new DomainError("INSUFFICIENT_STOCK", `not enough ${c.material.code} for work order ${wo.number}`, {
      material: c.material.code, requested: c.quantity.toString(), available: c.quantity.minus(fromFree.shortfall).toString(),
    });
  }
  const takes = [...fromReservations.takes, ...fromFree.takes];
  const entries = takes.map((t): NewLedgerEntry => ({
    type: c.type, materialId: c.material.id, warehouseId: wo.warehouseId, locationId: t.candidate.locationId, lotId: t.candidate.lotId,
    quantity: t.quantity.neg(), workOrderId: wo.id, note: c.note,
  }));
  const reservedChanges = fromReservations.takes.map((t): BalanceChange => ({
    materialId: c.material.id, warehouseId: wo.warehouseId, locationId: t.candidate.locationId, lotId: t.candidate.lotId, reserved: t.quantity.neg(),
  }));
  const consumed = fromReservations.takes.map((t) => ({ id: (t.candidate as (typeof reservedCandidates)[number]).reservationId, q: t.quantity.toFixed(6) }));
  if (consumed.length > 0) {
    await tx.query(
      `UPDATE reservation r SET consumed = r.consumed + d.q,
              status = CASE WHEN r.consumed + d.q >= r.quantity THEN 'CONSUMED'::"ReservationStatus" ELSE r.status END
         FROM unnest($1::int[], $2::numeric[]) AS d(id, q) WHERE r.id = d.id`,
      [consumed.map((x) => x.id), consumed.map((x) => x.q)],
    );
  }
  const fromReserved = fromReservations.takes.reduce((s, t) => s.plus(t.quantity), new Decimal(0));
  await tx.query(
    `UPDATE work_order_material SET issued = issued + $3::numeric, reserved = reserved - $4::numeric WHERE work_order_id = $1 AND material_id = $2`,
    [wo.id, c.material.id, c.quantity.toFixed(6), fromReserved.toFixed(6)],
  );
  return { entries, reservedChanges };
}
