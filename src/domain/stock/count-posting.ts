import type { Tx } from "../../db/transaction";
import type { Decimal } from "../shared/quantity";
import { postMovement } from "./balances";
import type { NewLedgerEntry } from "./ledger-writer";

export interface CountDifference { materialId: number; warehouseId: number; locationId: number; lotId: number | null; delta: Decimal }

/**
 * Posts an approved count's differences (counted − book) as COUNT entries with reason CYCLE_COUNT, each
 * linked to the count session; the locations must no longer be blocked by it.
 */
export function postCountDifferences(tx: Tx, differences: readonly CountDifference[], countSessionId: number, postedBy: string): Promise<string[]> {
  const entries = differences
    .filter((d) => !d.delta.isZero())
    .map((d): NewLedgerEntry => ({ type: "COUNT", materialId: d.materialId, warehouseId: d.warehouseId, locationId: d.locationId, lotId: d.lotId, quantity: d.delta, reasonCode: "CYCLE_COUNT", countSessionId }));
  return postMovement(tx, entries, postedBy);
}
