import { badInput, DomainError } from "../shared/domain-error";
import { Decimal, QUANTITY_LIMIT } from "../shared/quantity";
import type { StockCandidate } from "./allocate";
import { appendLedger, type NewLedgerEntry } from "./ledger-writer";
import { assertNotBeingCounted, NOT_BEING_COUNTED } from "./location-block.store";
import { emitLowStock, type AvailabilityDrop } from "./low-stock";
import type { Tx } from "../../db/transaction";
import { BALANCES_WITH_LOTS, USABLE_STOCK } from "./usable-stock";

export interface BalanceChange {
  materialId: number;
  /** only to tell where availability changed (stock.low); rows are keyed by location */
  warehouseId?: number;
  locationId: number;
  lotId: number | null;
  onHand?: Decimal;
  reserved?: Decimal;
  inTransit?: Decimal;
}

export interface LockedBalance extends StockCandidate {
  materialId: number;
  onHand: Decimal;
  reserved: Decimal;
  inTransit: Decimal;
}

export interface CandidateFilter {
  materialIds: readonly number[];
  warehouseId: number;
  locationId?: number | null;
  lotId?: number | null;
  /** free = on hand not reserved; inTransit = stock on its way to this warehouse */
  source: "free" | "inTransit";
  /** quarantined/rejected/expired lots and quarantine locations too (moves may take them; issues may not) */
  includeBlocked?: boolean;
  /** balance rows to lock whatever their free quantity (a work order's reserved rows) */
  alsoIds?: readonly number[];
}

const ZERO = new Decimal(0);
const key = (c: { materialId: number; locationId: number; lotId: number | null }) => `${c.materialId}:${c.locationId}:${c.lotId ?? 0}`;

/**
 * Locks (FOR UPDATE, in id order so concurrent movers cannot deadlock on them) the balance rows a movement
 * may take from, and returns them with what each has available under the lock. Stock at locations being
 * counted is left out unless the movement names the location (then postMovement refuses it, saying why).
 */
export async function lockCandidates(tx: Tx, f: CandidateFilter): Promise<LockedBalance[]> {
  const has = `${f.source === "free" ? "b.on_hand > b.reserved" : "b.in_transit > 0"}${f.locationId == null ? ` AND ${NOT_BEING_COUNTED}` : ""}`;
  const usable = f.includeBlocked ? "TRUE" : USABLE_STOCK;
  const rows = await tx.query<{ id: number; materialId: number; locationId: number; lotId: number | null; onHand: string; reserved: string; inTransit: string; expiresAt: Date | null }>(
    `SELECT b.id, b.material_id AS "materialId", b.location_id AS "locationId", b.lot_id AS "lotId", b.on_hand::text AS "onHand",
            b.reserved::text AS reserved, b.in_transit::text AS "inTransit", lot.expires_at AS "expiresAt"
       FROM ${BALANCES_WITH_LOTS}
      WHERE b.material_id = ANY($1::int[]) AND l.warehouse_id = $2 AND ($3::int IS NULL OR b.location_id = $3) AND ($4::int IS NULL OR b.lot_id = $4)
        AND ((${has} AND ${usable}) OR b.id = ANY($5::int[]))
      ORDER BY b.id FOR UPDATE OF b`,
    [f.materialIds, f.warehouseId, f.locationId ?? null, f.lotId ?? null, f.alsoIds ?? []],
  );
  return rows.map((r) => {
    const onHand = new Decimal(r.onHand);
    const reserved = new Decimal(r.reserved);
    const inTransit = new Decimal(r.inTransit);
    return {
      balanceId: r.id, materialId: r.materialId, locationId: r.locationId, lotId: r.lotId, onHand, reserved, inTransit, expiresAt: r.expiresAt,
      available: f.source === "free" ? onHand.minus(reserved) : inTransit,
    };
  });
}

/**
 * Applies signed changes to balance rows: creates missing rows, locks them in id order, re-checks that no
 * value goes negative and reserved stays within on hand, then updates them all in one statement.
 */
export async function changeBalances(tx: Tx, changes: readonly BalanceChange[]): Promise<void> {
  const merged = new Map<string, Required<Omit<BalanceChange, "warehouseId">>>();
  for (const c of changes) {
    const m = merged.get(key(c)) ?? { materialId: c.materialId, locationId: c.locationId, lotId: c.lotId, onHand: ZERO, reserved: ZERO, inTransit: ZERO };
    merged.set(key(c), { ...m, onHand: m.onHand.plus(c.onHand ?? 0), reserved: m.reserved.plus(c.reserved ?? 0), inTransit: m.inTransit.plus(c.inTransit ?? 0) });
  }
  const all = [...merged.values()];
  const mats = all.map((c) => c.materialId);
  const locs = all.map((c) => c.locationId);
  const lots = all.map((c) => c.lotId);
  await tx.query(
    `INSERT INTO stock_balance (material_id, location_id, lot_id, lot_key, updated_at)
     SELECT m, l, lot, COALESCE(lot, 0), now() FROM unnest($1::int[], $2::int[], $3::int[]) AS u(m, l, lot)
     ON CONFLICT (material_id, location_id, lot_key) DO NOTHING`,
    [mats, locs, lots],
  );
  const locked = await tx.query<{ id: number; materialId: number; locationId: number; lotId: number | null; onHand: string; reserved: string; inTransit: string }>(
    `SELECT b.id, b.material_id AS "materialId", b.location_id AS "locationId", b.lot_id AS "lotId", b.on_hand::text AS "onHand",
            b.reserved::text AS reserved, b.in_transit::text AS "inTransit"
       FROM stock_balance b JOIN unnest($1::int[], $2::int[], $3::int[]) AS u(m, l, lk)
         ON b.material_id = u.m AND b.location_id = u.l AND b.lot_key = u.lk
      ORDER BY b.id FOR UPDATE OF b`,
    [mats, locs, all.map((c) => c.lotId ?? 0)],
  );
  const ids: number[] = [];
  const dOnHand: string[] = [];
  const dReserved: string[] = [];
  const dTransit: string[] = [];
  for (const row of locked) {
    const c = merged.get(key(row))!;
    const onHand = new Decimal(row.onHand).plus(c.onHand);
    const reserved = new Decimal(row.reserved).plus(c.reserved);
    const inTransit = new Decimal(row.inTransit).plus(c.inTransit);
    if (onHand.isNegative() || reserved.isNegative() || reserved.gt(onHand) || inTransit.isNegative()) {
      throw new DomainError("INSUFFICIENT_STOCK", "not enough stock for this movement", {
        materialId: row.materialId, locationId: row.locationId, lotId: row.lotId,
        onHand: row.onHand, reserved: row.reserved, inTransit: row.inTransit,
      });
    }
    if (onHand.gte(QUANTITY_LIMIT) || inTransit.gte(QUANTITY_LIMIT)) {
      throw badInput("quantity would take the stock past the largest quantity stored (12 digits before the point)", { field: "quantity" });
    }
    ids.push(row.id);
    dOnHand.push(c.onHand.toFixed(6));
    dReserved.push(c.reserved.toFixed(6));
    dTransit.push(c.inTransit.toFixed(6));
  }
  await tx.query(
    `UPDATE stock_balance b SET on_hand = b.on_hand + d.oh, reserved = b.reserved + d.r, in_transit = b.in_transit + d.t, updated_at = now()
       FROM unnest($1::int[], $2::numeric[], $3::numeric[], $4::numeric[]) AS d(id, oh, r, t) WHERE b.id = d.id`,
    [ids, dOnHand, dReserved, dTransit],
  );
}

/**
 * Posts a movement: balances (plus any reservation changes riding along), then the chained ledger entries,
 * then `stock.low` for each material whose available stock in a warehouse fell below its safety stock.
 * Nothing moves in or out of a location being counted (LOCATION_BEING_COUNTED).
 */
export async function postMovement(tx: Tx, entries: readonly NewLedgerEntry[], postedBy: string, reservedChanges: readonly BalanceChange[] = []): Promise<string[]> {
  if (entries.length === 0 && reservedChanges.length === 0) return [];
  await assertNotBeingCounted(tx, [...new Set(entries.filter((e) => !e.quantity.isZero()).map((e) => e.locationId))]);
  await changeBalances(tx, [
    ...entries.map((e) => ({ materialId: e.materialId, locationId: e.locationId, lotId: e.lotId, onHand: e.quantity, inTransit: e.inTransitDelta })),
    ...reservedChanges,
  ]);
  const ids = await appendLedger(tx, entries, postedBy);
  const drops: AvailabilityDrop[] = [
    ...entries.map((e) => ({ materialId: e.materialId, warehouseId: e.warehouseId, delta: e.quantity })),
    ...reservedChanges.map((c) => ({ materialId: c.materialId, warehouseId: c.warehouseId!, delta: (c.reserved ?? ZERO).neg() })),
  ];
  await emitLowStock(tx, drops);
  return ids;
}
