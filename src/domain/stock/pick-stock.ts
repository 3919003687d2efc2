import type { Decimal } from "../shared/quantity";
import { allocate, type Take } from "./allocate";
import { lockCandidates, type CandidateFilter } from "./balance.store";
import { insufficientStock } from "./stock.errors";
import type { Tx } from "../../db/transaction";

/**
 * Locks the rows a movement may take from and allocates `quantity` over them (FEFO, then FIFO), or refuses
 * with INSUFFICIENT_STOCK when the locked rows do not cover it.
 */
export async function pickStock(tx: Tx, filter: CandidateFilter, quantity: Decimal, materialCode: string): Promise<Take[]> {
  const candidates = await lockCandidates(tx, filter);
  const { takes, shortfall } = allocate(candidates, quantity);
  if (shortfall.gt(0)) {
    throw insufficientStock(`not enough ${materialCode} available`, {
      material: materialCode, requested: quantity.toString(), available: quantity.minus(shortfall).toString(),
    });
  }
  return takes;
}
