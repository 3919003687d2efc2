import type { Tx } from "../../db/transaction";
import { Decimal } from "../shared/quantity";
import { postMovement } from "./balances";
import { lockBalances, type BalanceKey } from "./balance.store";

/** The reason code of a short pick's book-off. */
export const SHORT_PICK_REASON = "SHORT_PICK";

/**
 * A pick found less at a bin than the books say: what is still free there of that material (and lot) is not
 * on the shelf either, so it is booked off (ADJUSTMENT, reason SHORT_PICK) and cannot be reserved again until
 * stock is put there. What other orders hold reserved there stays booked: their own picks will tell. The
 * balance row is locked first. Returns the quantity booked off and the ledger entries.
 */
export async function bookOffShortPick(tx: Tx, at: BalanceKey & { warehouseId: number }, note: string, postedBy: string): Promise<{ quantity: Decimal; entryIds: string[] }> {
  const [row] = await lockBalances(tx, [at]);
  const free = row ? new Decimal(row.onHand).minus(row.reserved) : new Decimal(0);
  if (free.lte(0)) return { quantity: new Decimal(0), entryIds: [] };
  const entryIds = await postMovement(tx, [{ ...at, type: "ADJUSTMENT", quantity: free.neg(), reasonCode: SHORT_PICK_REASON, note }], postedBy);
  return { quantity: free, entryIds };
}
