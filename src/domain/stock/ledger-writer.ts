import { now } from "../../runtime/clock";
import { Decimal } from "../shared/quantity";
import { entryHash } from "./ledger-hash";
import type { Tx } from "../../db/transaction";
import { chainHead, insertEntries, lockChain, nextEntryIds, type PostedEntry, type StoredEntry } from "./ledger.store";

export type MovementType =
  | "RECEIPT" | "ISSUE" | "MOVE_OUT" | "MOVE_IN" | "TRANSFER_SHIP" | "TRANSFER_RECEIVE"
  | "ADJUSTMENT" | "SCRAP" | "BACKFLUSH" | "PRODUCTION_RECEIPT" | "COUNT";

/** What a movement command returns (and what a replay returns again): the ledger entries it posted. */
export interface MovementResult { entryIds: string[]; transferOrderId?: number; workOrderId?: number }

export interface NewLedgerEntry {
  type: MovementType;
  materialId: number;
  warehouseId: number;
  locationId: number;
  lotId: number | null;
  /** signed change of on-hand */
  quantity: Decimal;
  /** signed change of in-transit */
  inTransitDelta?: Decimal;
  reasonCode?: string | null;
  note?: string | null;
  workOrderId?: number | null;
  transferOrderId?: number | null;
  purchaseOrderId?: number | null;
  /** the count session whose approval posts it */
  countSessionId?: number | null;
}

const ZERO = new Decimal(0);

/**
 * Appends entries to the ledger, chained: each hash covers the entry and the previous entry's hash. Ids
 * are drawn under the chain lock, so id order is chain order. Returns the entries as posted, in input (= id) order.
 */
export async function appendLedger(tx: Tx, entries: readonly NewLedgerEntry[], postedBy: string): Promise<PostedEntry[]> {
  if (entries.length === 0) return [];
  await lockChain(tx);
  let prevHash = await chainHead(tx);
  const ids = await nextEntryIds(tx, entries.length);
  const postedAt = now().toISOString();
  const rows = entries.map((e, i): StoredEntry => {
    const row = {
      id: ids[i], postedAt, type: e.type, materialId: e.materialId, warehouseId: e.warehouseId, locationId: e.locationId,
      lotId: e.lotId, quantity: e.quantity.toFixed(6), inTransitDelta: (e.inTransitDelta ?? ZERO).toFixed(6),
      reasonCode: e.reasonCode ?? null, note: e.note ?? null, workOrderId: e.workOrderId ?? null,
      transferOrderId: e.transferOrderId ?? null, purchaseOrderId: e.purchaseOrderId ?? null, countSessionId: e.countSessionId ?? null, postedBy, prevHash,
    };
    const hash = entryHash(row);
    prevHash = hash;
    return { ...row, hash };
  });
  return insertEntries(tx, rows, postedAt, postedBy);
}
