import { locationJoin } from "../sites/sites.store";

/**
 * Usable stock — what may be reserved, issued, counted as available and planned with: outside quarantine
 * locations, and without a lot or in a RELEASED lot that has not expired. The one definition; everything
 * else (availability, allocation, low-stock events, shortage suggestions, MRP) uses these: in SQL, a condition
 * on balance rows joined to their location and lot; in code, the lot part for a lot at hand.
 */

/** Balance rows with their location and lot, under the aliases `USABLE_STOCK` expects: b, l, lot. */
export const BALANCES_WITH_LOTS = `stock_balance b ${locationJoin("l", "b.location_id")} LEFT JOIN lot ON lot.id = b.lot_id`;

/** SQL condition on a row of `BALANCES_WITH_LOTS`: the row is usable stock (expiry judged at the statement's now()). */
export const USABLE_STOCK = `(l.kind <> 'QUARANTINE' AND (b.lot_id IS NULL OR (lot.qc_status = 'RELEASED' AND (lot.expires_at IS NULL OR lot.expires_at > now()))))`;

/** The lot part of the rule in code: why a lot may not be used (its QC status, or EXPIRED), or null when it may. */
export function lotBlock(lot: { qcStatus: string; expiresAt: Date | null }, now = Date.now()): string | null {
  if (lot.qcStatus !== "RELEASED") return lot.qcStatus;
  if (lot.expiresAt && lot.expiresAt.getTime() <= now) return "EXPIRED";
  return null;
}
