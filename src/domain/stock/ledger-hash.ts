import { createHash } from "node:crypto";

/** The fields of a ledger entry that its hash covers, as stored (decimals with 6 places, time in UTC ISO). */
export interface HashedEntry {
  id: string;
  postedAt: string;
  type: string;
  materialId: number;
  warehouseId: number;
  locationId: number;
  lotId: number | null;
  quantity: string;
  inTransitDelta: string;
  reasonCode: string | null;
  note: string | null;
  workOrderId: number | null;
  transferOrderId: number | null;
  purchaseOrderId: number | null;
  /** covered only when set, so that entries written before the column existed keep their hashes */
  countSessionId?: number | null;
  postedBy: string;
  prevHash: string | null;
}

/** sha-256 over the entry's canonical content including the previous entry's hash: changing any field, or
 * removing or reordering entries, breaks the chain from there on. */
export function entryHash(e: HashedEntry): string {
  const canonical = JSON.stringify([
    e.id, e.postedAt, e.type, e.materialId, e.warehouseId, e.locationId, e.lotId, e.quantity, e.inTransitDelta,
    e.reasonCode, e.note, e.workOrderId, e.transferOrderId, e.purchaseOrderId, e.postedBy, e.prevHash,
    ...(e.countSessionId == null ? [] : [e.countSessionId]),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
