import type { MaterialPeriods } from "./mrp.types";
import { parseQuantity, type Micro } from "./quantity";

/** A period record's quantity (may be negative: projected available, initial available) in micro-units. */
const signed = (s: string): Micro => (s.startsWith("-") ? -parseQuantity(s.slice(1), "periods") : parseQuantity(s, "periods"));

/**
 * What a warehouse can send of one material without buying or making any more of it: its stock and
 * scheduled receipts above its own gross requirements and safety stock, bucket by bucket. Its own planned
 * receipts are left out (nothing is bought to be sent on), and so are transfers planned INTO it (nothing is
 * passed on). `take` removes what has been promised since the plan was made.
 *
 * Stock taken in bucket t is missing in every bucket from t on, so what may leave in t is the least free
 * stock over t‥end: taking no more than that never brings the warehouse below its safety stock where its own
 * plan did not, and so never changes its planned supplies.
 */
export class SourceSurplus {
  /** free[k]: projected stock above safety stock at the end of bucket k, own planned receipts left out */
  private readonly free: Micro[];

  /** `inbound[k]`: transfers planned into the warehouse that the plan counted as receipts in bucket k. */
  constructor(periods: MaterialPeriods, inbound: readonly Micro[] = []) {
    const ss = signed(periods.safetyStock);
    let q = signed(periods.initialAvailable);
    this.free = periods.gross.map((gross, k) => {
      q += signed(periods.scheduledReceipts[k]) - (inbound[k] ?? 0) - signed(gross);
      return q - ss;
    });
  }

  /** What may leave in bucket t (≥ 0). */
  availableAt(t: number): Micro {
    let least = Infinity;
    for (let k = t; k < this.free.length; k++) if (this.free[k] < least) least = this.free[k];
    return least > 0 && least !== Infinity ? least : 0;
  }

  /** Promises `quantity` leaving in bucket t (no more than `availableAt(t)`). */
  take(t: number, quantity: Micro): void {
    for (let k = t; k < this.free.length; k++) this.free[k] -= quantity;
  }
}
