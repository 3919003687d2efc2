import type { Tx } from "../../db/transaction";
import { Decimal } from "../shared/quantity";
import { allocate, type StockCandidate, type Take } from "./allocate";
import { lockCandidates } from "./balance.store";
import { changeBalances, type BalanceChange } from "./balances";
import type { NewLedgerEntry } from "./ledger-writer";
import { emitLowStock } from "./low-stock";
import { consumeReservations, lockOpenReservations, reserveOnBalances, shrinkReservationsAt, type ReservedAt } from "./reservation.store";
import { insufficientStock } from "./stock.errors";

/**
 * Stock held for work orders, for the work-orders area to call inside its transaction: plan and reserve
 * (all or nothing), take what an order consumes (its reservations first), give back part of what it holds
 * at a location (a short pick). Giving back all an order still holds is one statement group:
 * releaseReservations in reservation.store.ts.
 */

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
 * requirement over it (FEFO). Writes nothing: the caller reserves the plan only when nothing is short.
 */
export async function planReservation(tx: Tx, warehouseId: number, needs: readonly OpenRequirement[]): Promise<ReservationPlan> {
  const open = needs.filter((n) => n.quantity.gt(0));
  if (open.length === 0) return { takes: [], shortages: [] };
  const rows = await lockCandidates(tx, { materialIds: open.map((n) => n.materialId), warehouseId, source: "free" });
  const plan: ReservationPlan = { takes: [], shortages: [] };
  for (const need of open) {
    const { takes, shortfall } = allocate(rows.filter((r) => r.materialId === need.materialId), need.quantity);
    if (shortfall.gt(0)) plan.shortages.push({ materialId: need.materialId, code: need.code, required: need.quantity, available: need.quantity.minus(shortfall), short: shortfall });
    plan.takes.push(...takes.map((t) => ({ ...t, need })));
  }
  return plan;
}

/** Reserves a plan's takes on their (locked) balance rows and records them as the order's reservations. */
export async function reserve(tx: Tx, workOrderId: number, warehouseId: number, takes: ReservationPlan["takes"]): Promise<void> {
  if (takes.length === 0) return;
  const { balanceIds, quantities } = reservationWrites(takes);
  await reserveOnBalances(tx, workOrderId, warehouseId, balanceIds.map((balanceId, i) => ({ balanceId, quantity: quantities[i] })));
  await afterReserved(tx, warehouseId, takes);
}

/** A plan's takes as reserveOnBalancesCtes writes them, for a statement of the caller's that reserves as it writes the order. */
export function reservationWrites(takes: ReservationPlan["takes"]): { balanceIds: number[]; quantities: string[] } {
  return { balanceIds: takes.map((t) => t.candidate.balanceId), quantities: takes.map((t) => t.quantity.toFixed(6)) };
}

/** What follows a reservation in its transaction: `stock.low` where available stock fell below the reorder point. */
export async function afterReserved(tx: Tx, warehouseId: number, takes: ReservationPlan["takes"]): Promise<void> {
  const watched = takes.filter((t) => t.need.hasSafetyStock);
  await emitLowStock(tx, watched.map((t) => ({ materialId: t.need.materialId, warehouseId, delta: t.quantity.neg() })));
}

/**
 * Gives back up to `quantity` of what a work order holds reserved of a material at one location (and lot):
 * its open reservations there shrink (newest first) and the balance's reserved quantity with them.
 * Returns what was released.
 */
export async function releaseReservedAt(tx: Tx, at: ReservedAt, quantity: Decimal): Promise<Decimal> {
  const released = await shrinkReservationsAt(tx, at, quantity);
  if (released.gt(0)) await changeBalances(tx, [{ materialId: at.materialId, locationId: at.locationId, lotId: at.lotId, reserved: released.neg() }]);
  return released;
}

/** A component taken out of stock for a work order. */
export interface Consumption {
  material: { id: number; code: string };
  quantity: Decimal;
  locationId?: number | null;
  lotId?: number | null;
  type: "ISSUE" | "BACKFLUSH";
  note?: string | null;
}

/** Ledger entries and the reservation changes riding along, to post in one go (see postMovement). */
export interface Posting { entries: NewLedgerEntry[]; reservedChanges: BalanceChange[] }

/**
 * Plans taking a component out of stock for a locked work order: first from its own reservations
 * (consuming them), then from free stock; balance rows are locked in id order before anything is
 * decided. Updates the reservations; the caller posts the returned entries (so a command consuming
 * several components appends to the ledger once, at its end) and books `fromReserved` on its line.
 */
export async function takeForWorkOrder(tx: Tx, wo: { id: number; number: string; warehouseId: number }, c: Consumption): Promise<Posting & { fromReserved: Decimal }> {
  const reservations = await lockOpenReservations(tx, wo.id, c.material.id, c.locationId ?? null, c.lotId ?? null);
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
    throw insufficientStock(`not enough ${c.material.code} for work order ${wo.number}`, {
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
  const consumed = fromReservations.takes.map((t) => ({ id: (t.candidate as (typeof reservedCandidates)[number]).reservationId, quantity: t.quantity.toFixed(6) }));
  if (consumed.length > 0) await consumeReservations(tx, consumed);
  const fromReserved = fromReservations.takes.reduce((s, t) => s.plus(t.quantity), new Decimal(0));
  return { entries, reservedChanges, fromReserved };
}
