import type { PlanState } from "./plan-state";

/**
 * Reusable buffers for pegging, sized once per run. `demand`/`quantity` hold the requirement sequence of
 * the material being pegged; `next`/`left` the FIFO position in it; `acc`/`touched` merge an order's pegs
 * per demand.
 */
export class PegScratch {
  demand = new Int32Array(1024);
  quantity = new Float64Array(1024);
  length = 0;
  next = 0;
  left = 0;
  readonly acc: Float64Array;
  readonly touched: Int32Array;
  touchedCount = 0;
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
  const end = s.endOrder[m];
  let o = s.firstOrder[m];
  if (o === end) return;
  loadRequirements(s, m, scratch);
  const initial = input.initialAvailable[m];
  if (initial > 0) consume(scratch, initial, false);
  const scheduled = input.scheduledReceipts;
  const base = m * horizon;
  const orderDue = s.orderDue.data;
  const orderQty = s.orderQty.data;
  const { acc, touched } = scratch;
  for (let t = 0; o < end; t++) {
    if (scheduled[base + t] > 0) consume(scratch, scheduled[base + t], false);
    for (; o < end && orderDue[o] === t; o++) {
      const rest = consume(scratch, orderQty[o], true);
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

/** Serves requirements with `amount` of supply, recording what it serves when `record`; returns the rest. */
function consume(sc: PegScratch, amount: number, record: boolean): number {
  const { demand, quantity, acc, touched } = sc;
  let next = sc.next;
  let left = sc.left;
  while (amount > 0) {
    if (left === 0) {
      if (next === sc.length) break;
      left = quantity[next++];
    }
    const take = amount < left ? amount : left;
    amount -= take;
    left -= take;
    if (record) {
      const d = demand[next - 1];
      if (acc[d] === 0) touched[sc.touchedCount++] = d;
      acc[d] += take;
    }
  }
  sc.next = next;
  sc.left = left;
  return amount;
}

/**
 * Loads m's requirement sequence into the scratch: RESERVED and SAFETY_STOCK first (when non-zero), then
 * its requirements by bucket, in insertion order within a bucket (a counting sort over the chain).
 */
function loadRequirements(s: PlanState, m: number, sc: PegScratch): void {
  const size = s.elCount[m] + 2;
  if (sc.demand.length < size) {
    sc.demand = new Int32Array(Math.max(size, sc.demand.length * 2));
    sc.quantity = new Float64Array(sc.demand.length);
  }
  const { demand, quantity, bucketStart: start } = sc;
  let head = 0;
  const initial = s.input.initialAvailable[m];
  if (initial < 0) {
    demand[head] = s.RESERVED;
    quantity[head++] = -initial;
  }
  if (s.input.safetyStock[m] > 0) {
    demand[head] = s.SAFETY_STOCK;
    quantity[head++] = s.input.safetyStock[m];
  }
  const next = s.elNext.data;
  const bucket = s.elBucket.data;
  const elDemand = s.elDemand.data;
  const elQty = s.elQty.data;
  start.fill(0);
  for (let el = s.elHead[m]; el !== -1; el = next[el]) start[bucket[el] + 1]++;
  start[0] = head;
  for (let t = 0; t < s.horizon; t++) start[t + 1] += start[t];
  for (let el = s.elHead[m]; el !== -1; el = next[el]) {
    const at = start[bucket[el]]++;
    demand[at] = elDemand[el];
    quantity[at] = elQty[el];
  }
  sc.length = head + s.elCount[m];
  sc.next = 0;
  sc.left = 0;
}
