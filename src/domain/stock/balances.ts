import { badInput } from "../shared/domain-error";
import { Decimal, QUANTITY_LIMIT } from "../shared/quantity";
import type { Tx } from "../../db/transaction";
import { addToBalances, createMissingBalances, lockBalances } from "./balance.store";
import { appendLedger, type NewLedgerEntry } from "./ledger-writer";
import { assertNotBeingCounted } from "./location-block.store";
import { emitLowStock, type AvailabilityDrop } from "./low-stock";
import { emitStockChanged } from "./stock-changed";
import { insufficientStock } from "./stock.errors";

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

const ZERO = new Decimal(0);
const key = (c: { materialId: number; locationId: number; lotId: number | null }) => `${c.materialId}:${c.locationId}:${c.lotId ?? 0}`;

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
  await createMissingBalances(tx, all);
  const locked = await lockBalances(tx, all);
  const update = { ids: [] as number[], onHand: [] as string[], reserved: [] as string[], inTransit: [] as string[] };
  for (const row of locked) {
    const c = merged.get(key(row))!;
    const onHand = new Decimal(row.onHand).plus(c.onHand);
    const reserved = new Decimal(row.reserved).plus(c.reserved);
    const inTransit = new Decimal(row.inTransit).plus(c.inTransit);
    if (onHand.isNegative() || reserved.isNegative() || reserved.gt(onHand) || inTransit.isNegative()) {
      throw insufficientStock("not enough stock for this movement", {
        materialId: row.materialId, locationId: row.locationId, lotId: row.lotId,
        onHand: row.onHand, reserved: row.reserved, inTransit: row.inTransit,
      });
    }
    if (onHand.gte(QUANTITY_LIMIT) || inTransit.gte(QUANTITY_LIMIT)) {
      throw badInput("quantity would take the stock past the largest quantity stored (12 digits before the point)", { field: "quantity" });
    }
    update.ids.push(row.id);
    update.onHand.push(c.onHand.toFixed(6));
    update.reserved.push(c.reserved.toFixed(6));
    update.inTransit.push(c.inTransit.toFixed(6));
  }
  await addToBalances(tx, update);
}

/**
 * Posts a movement: balances (plus any reservation changes riding along), then the chained ledger entries,
 * then `stock.changed` per material and movement type (stock-changed.ts) and `stock.low` for each material whose
 * available stock in a warehouse fell below its safety stock.
 * Nothing moves in or out of a location being counted (LOCATION_BEING_COUNTED).
 */
export async function postMovement(tx: Tx, entries: readonly NewLedgerEntry[], postedBy: string, reservedChanges: readonly BalanceChange[] = []): Promise<string[]> {
  if (entries.length === 0 && reservedChanges.length === 0) return [];
  await assertNotBeingCounted(tx, [...new Set(entries.filter((e) => !e.quantity.isZero()).map((e) => e.locationId))]);
  await changeBalances(tx, [
    ...entries.map((e) => ({ materialId: e.materialId, locationId: e.locationId, lotId: e.lotId, onHand: e.quantity, inTransit: e.inTransitDelta })),
    ...reservedChanges,
  ]);
  const posted = await appendLedger(tx, entries, postedBy);
  const drops: AvailabilityDrop[] = [
    ...entries.map((e) => ({ materialId: e.materialId, warehouseId: e.warehouseId, delta: e.quantity })),
    ...reservedChanges.map((c) => ({ materialId: c.materialId, warehouseId: c.warehouseId!, delta: (c.reserved ?? ZERO).neg() })),
  ];
  await emitStockChanged(tx, posted);
  await emitLowStock(tx, drops);
  return posted.map((e) => e.entryId);
}
