import type { PlanState } from "./plan-state";

/**
 * Reusable buffers for pegging, sized once per run: `acc`/`touched` merge an order's pegs per demand,
 * `sorted` holds a material's requirements ordered by bucket.
 */
export class PegScratch {
  readonly acc: Float64Array;
  readonly touched: Int32Array;
  touchedCount = 0;
  sorted = new Int32Array(1024);
  readonly bucketStart: Int32Array;

  constructor(demandSlots: number, horizon: number) {
    this.acc = new Float64Array(demandSlots);
    this.touched = new Int32Array(demandSlots);
    this.bucketStart = new Int32Array(horizon + 1);
  }
}

/**
 * Pegs the planned supplies of material m (already netted) to the requirements they serve, first in,
 * first out. Requirements in time order, preceded by two standing ones at bucket 0 — reservations
 * exceeding on hand (RESERVED) and safety stock (SAFETY_STOCK) — are matched against supply in time
 * order: the initial available stock, then per bucket the scheduled receipts and the planned supplies.
 * Netting guarantees that supply up to any bucket covers those requirements up to it, so every
 * requirement is served by supply due no later than it. Only planned supplies record pegs; what is left
 * of a planned supply when the requirements run out is lot-size rounding, pegged to LOT_SIZE. Hence an
 * order's pegs add up exactly to its quantity. Pegs to the same demand within an order are merged.
 */
export function pegMaterial(s: PlanState, m: number, scratch: PegScratch): void {
  const { input, horizon } = s;
  const sorted = sortRequirements(s, m, scratch);
  const count = s.elCount[m];
  const elDemand = s.elDemand.data;
  const elQty = s.elQty.data;
  const acc = scratch.acc;
  const touched = scratch.touched;

  // The requirement being served: its demand index and what it still needs. next = position in `sorted`.
  let demand = -1;
  let left = 0;
  let next = 0;
  const initial = input.initialAvailable[m];
  let reservedLeft = initial < 0 ? -initial : 0;
  let safetyLeft = input.safetyStock[m];

  // Consumes `amount` of supply; when `record`, accumulates what it serves into acc. Returns the rest.
  const consume = (amount: number, record: boolean): number => {
    while (amount > 0) {
      if (left === 0) {
        if (reservedLeft > 0) {
          demand = s.RESERVED;
          left = reservedLeft;
          reservedLeft = 0;
        } else if (safetyLeft > 0) {
          demand = s.SAFETY_STOCK;
          left = safetyLeft;
          safetyLeft = 0;
        } else if (next < count) {
          const el = sorted[next++];
          demand = elDemand[el];
          left = elQty[el];
        } else return amount;
      }
      const take = amount < left ? amount : left;
      amount -= take;
      left -= take;
      if (record) {
        if (acc[demand] === 0) touched[scratch.touchedCount++] = demand;
        acc[demand] += take;
      }
    }
    return 0;
  };

  if (initial > 0) consume(initial, false);
  const scheduled = input.scheduledReceipts;
  const base = m * horizon;
  let o = s.firstOrder[m];
  const end = s.endOrder[m];
  const orderDue = s.orderDue.data;
  const orderQty = s.orderQty.data;
  for (let t = 0; t < horizon && o < end; t++) {
    if (scheduled[base + t] > 0) consume(scheduled[base + t], false);
    for (; o < end && orderDue[o] === t; o++) {
      const rest = consume(orderQty[o], true);
      if (rest > 0) {
        if (acc[s.LOT_SIZE] === 0) touched[scratch.touchedCount++] = s.LOT_SIZE;
        acc[s.LOT_SIZE] += rest;
      }
      s.pegStart.data[o] = s.pegDemand.length;
      for (let k = 0; k < scratch.touchedCount; k++) {
        const d = touched[k];
        s.pegDemand.push(d);
        s.pegQty.push(acc[d]);
        acc[d] = 0;
      }
      scratch.touchedCount = 0;
      s.pegEnd.data[o] = s.pegDemand.length;
    }
  }
}

/** Element indices of m's requirements, by bucket, insertion order within a bucket (counting sort). */
function sortRequirements(s: PlanState, m: number, scratch: PegScratch): Int32Array {
  const count = s.elCount[m];
  if (scratch.sorted.length < count) scratch.sorted = new Int32Array(Math.max(count, scratch.sorted.length * 2));
  const sorted = scratch.sorted;
  const start = scratch.bucketStart;
  start.fill(0);
  const next = s.elNext.data;
  const bucket = s.elBucket.data;
  for (let el = s.elHead[m]; el !== -1; el = next[el]) start[bucket[el] + 1]++;
  for (let t = 0; t < s.horizon; t++) start[t + 1] += start[t];
  for (let el = s.elHead[m]; el !== -1; el = next[el]) sorted[start[bucket[el]]++] = el;
  return sorted;
}
