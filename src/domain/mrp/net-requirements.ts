import { sizeLots } from "./lot-size";
import type { PlanState } from "./plan-state";
import { MAX_MICRO, checkExact } from "./quantity";

/**
 * Gross-to-net for one material whose gross requirements are complete (all parents netted):
 * bucket by bucket, projected available = previous + scheduled receipts − gross; when that falls below
 * safety stock the shortfall is the net requirement, covered by planned receipts sized by the
 * lot-sizing policy and released lead-time buckets earlier (clamped to bucket 0). Appends the planned
 * supplies to the state and sets projectedEnd. `lots` is a reusable scratch list.
 */
export function netMaterial(s: PlanState, m: number, lots: number[]): void {
  const { input, horizon, gross } = s;
  const scheduled = input.scheduledReceipts;
  const policy = input.policies[m];
  const ss = input.safetyStock[m];
  const leadBuckets = input.calendar.leadTimeBuckets(input.leadTimeDays[m]);
  const base = m * horizon;
  s.firstOrder[m] = s.orderQty.length;
  let available = input.initialAvailable[m];
  for (let t = 0; t < horizon; t++) {
    // Every intermediate is checked: a sum beyond 2^53 would have been rounded.
    const supply = available + scheduled[base + t];
    let x = supply - gross[base + t];
    if (supply > MAX_MICRO || x < -MAX_MICRO) checkExact(supply > MAX_MICRO ? supply : x, "projected available", input.materialCodes[m]);
    if (x < ss) {
      let need = ss - x;
      if (policy.periods > 1) need += shortfallAhead(s, m, t, Math.min(t + policy.periods, horizon), ss);
      checkExact(need, "the net requirement", input.materialCodes[m]);
      lots.length = 0;
      const total = sizeLots(policy, need, lots);
      for (let k = 0; k < lots.length; k++) s.addOrder(t, t - leadBuckets, lots[k]);
      checkExact(total, "planned receipts", input.materialCodes[m]);
      x = checkExact(x + total, "projected available", input.materialCodes[m]);
    }
    available = x;
  }
  s.endOrder[m] = s.orderQty.length;
  s.projectedEnd[m] = available;
}

/**
 * Periods of supply: the net requirements of buckets t+1 ‥ end−1 as lot-for-lot would plan them,
 * starting from safety stock at the end of bucket t, so one order covers them all.
 */
function shortfallAhead(s: PlanState, m: number, t: number, end: number, ss: number): number {
  const base = m * s.horizon;
  const scheduled = s.input.scheduledReceipts;
  let y = ss;
  let extra = 0;
  for (let k = t + 1; k < end; k++) {
    y += scheduled[base + k] - s.gross[base + k];
    if (y < ss) {
      extra += ss - y;
      y = ss;
    }
  }
  return checkExact(extra, "a periods-of-supply lot");
}
