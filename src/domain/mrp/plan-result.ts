import { BucketCalendar } from "./buckets";
import { overshootAllowance } from "./lot-size";
import type { MaterialPeriods, MrpException, MrpPlan, Peg, PlannedSupply, PseudoDemand } from "./mrp.types";
import type { PlanState } from "./plan-state";
import type { PlanningInput } from "./planning-input";
import type { PlanningSequence } from "./planning-sequence";
import { checkExact, formatQuantity } from "./quantity";
import { notFound } from "../shared/domain-error";

/**
 * Turns the run's columns into the public plan. Exceptions are built at once; supplies are objects made
 * from the columns on demand — streamed by `supplies()`, or built once into the two arrays on first
 * access — because a large run has hundreds of thousands of supplies and pegs, and holding them all as
 * objects costs more (mostly garbage collection) than the whole netting.
 */
export function assemblePlan(s: PlanState, sequence: PlanningSequence, made = new SuppliesFromColumns(s)): MrpPlan {
  const { input, horizon } = s;
  const { calendar, materialIds, materialCodes } = input;
  const iso = (day: number) => made.maker.iso(day);
  const orderDue = s.orderDue.data;
  const orderQty = s.orderQty.data;
  const supplies = () => made.of(sequence.order, 0, sequence.order.length);
  let built: { make: PlannedSupply[]; buy: PlannedSupply[] } | undefined;
  const build = () => {
    if (built) return built;
    built = { make: [], buy: [] };
    for (const x of supplies()) (x.kind === "PLANNED_ORDER" ? built.make : built.buy).push(x);
    return built;
  };

  const exceptions: MrpException[] = [];
  let makeCount = 0;
  for (let k = 0; k < sequence.order.length; k++) {
    const m = sequence.order[k];
    if (input.isMake[m]) makeCount += s.endOrder[m] - s.firstOrder[m];
    for (let o = s.firstOrder[m]; o < s.endOrder[m]; o++) {
      const dueDay = calendar.dayOf(orderDue[o]);
      const requiredDay = dueDay - input.leadTimeDays[m];
      if (requiredDay >= calendar.startDay) continue;
      const quantity = formatQuantity(orderQty[o]);
      exceptions.push({
        type: "LATE",
        severity: "WARNING",
        materialId: materialIds[m],
        message: `${materialCodes[m]}: ${quantity} due ${iso(dueDay)} should have been released on ${iso(requiredDay)}`,
        details: { quantity, dueDate: iso(dueDay), requiredReleaseDate: iso(requiredDay), daysLate: calendar.startDay - requiredDay },
      });
    }
    // EXCESS: stock left above safety stock at the end of the horizon, by at least what lot-size
    // rounding of the last order can explain (by anything at all for policies that never round up).
    const excess = s.projectedEnd[m] - input.safetyStock[m];
    const allowance = overshootAllowance(input.policies[m]);
    if (excess > 0 && excess >= allowance) {
      const quantity = formatQuantity(excess);
      exceptions.push({
        type: "EXCESS",
        severity: "INFO",
        materialId: materialIds[m],
        message: `${materialCodes[m]}: ${quantity} above safety stock at the end of the horizon, not consumed by any demand`,
        details: { quantity, allowance: formatQuantity(allowance) },
      });
    }
  }
  for (const d of input.beyondHorizon) {
    const quantity = formatQuantity(d.quantity);
    exceptions.push({
      type: "UNCOVERED_DEMAND",
      severity: "WARNING",
      materialId: materialIds[d.material],
      message: `${materialCodes[d.material]}: demand ${d.id} of ${quantity} due ${iso(d.dueDay)} is beyond the planning horizon`,
      details: { demandId: d.id, quantity, dueDate: iso(d.dueDay), reason: "BEYOND_HORIZON" },
    });
  }

  const lowLevelCodes = new Map<number, number>();
  for (let m = 0; m < materialIds.length; m++) lowLevelCodes.set(materialIds[m], sequence.lowLevelCode[m]);

  return {
    startDate: iso(calendar.startDay),
    bucket: calendar.bucket,
    horizonBuckets: horizon,
    // formatted when asked for (net change assembles a plan per material and never asks)
    get bucketStarts() {
      return Array.from({ length: horizon }, (_, t) => iso(calendar.dayOf(t)));
    },
    planningSequence: Array.from(sequence.order, (m) => materialIds[m]),
    lowLevelCodes,
    get plannedOrders() {
      return build().make;
    },
    get purchaseSuggestions() {
      return build().buy;
    },
    supplies,
    exceptions,
    counts: {
      materials: materialIds.length,
      plannedOrders: makeCount,
      purchaseSuggestions: s.orderQty.length - makeCount,
      pegs: s.pegDemand.length,
      exceptions: exceptions.length,
    },
    periods: (materialId) => periodsOf(s, sequence, materialId),
  };
}

/**
 * A run's planned supplies, made as objects from its columns, material by material. A material's orders and pegs
 * are final once it is netted and pegged, so its supplies can be made (and stored) while later materials are still
 * being planned (MrpStep.supplies); the columns are read afresh for each material, as they grow (and move) while
 * the run goes on.
 */
export class SuppliesFromColumns {
  readonly maker: SupplyMaker;
  /** a peg's demand index → what the supply says it serves: a top-level demand's id, or a pseudo-demand */
  private readonly demandKey: (number | PseudoDemand)[];

  constructor(private readonly s: PlanState) {
    this.maker = new SupplyMaker(s.input);
    this.demandKey = [...s.input.demands.ids, "SAFETY_STOCK", "RESERVED", "LOT_SIZE"];
  }

  /** The supplies of materials[from] ‥ materials[to − 1] (indices in the run), in that order, each material's by due bucket. */
  *of(materials: ArrayLike<number>, from: number, to: number): IterableIterator<PlannedSupply> {
    const { s, maker, demandKey } = this;
    for (let k = from; k < to; k++) {
      const m = materials[k];
      const pegDemand = s.pegDemand.data;
      const key = (p: number) => demandKey[pegDemand[p]];
      const { data: due } = s.orderDue;
      const { data: release } = s.orderRelease;
      const { data: qty } = s.orderQty;
      const { data: pegStart } = s.pegStart;
      const { data: pegEnd } = s.pegEnd;
      const { data: pegQty } = s.pegQty;
      for (let o = s.firstOrder[m]; o < s.endOrder[m]; o++) yield maker.supply(m, due[o], release[o], qty[o], pegStart[o], pegEnd[o], key, pegQty);
    }
  }
}

/**
 * Builds planned supplies of the input's materials from their columns — a run's, or those net change keeps
 * per material — with the dates formatted once per day.
 */
export class SupplyMaker {
  private readonly isoDays = new Map<number, string>();

  constructor(private readonly input: PlanningInput) {}

  iso(day: number): string {
    let text = this.isoDays.get(day);
    if (text === undefined) this.isoDays.set(day, (text = BucketCalendar.toDate(day).toISOString().slice(0, 10)));
    return text;
  }

  /** Material m's supply due in bucket `due` (released in `release`) of `qty` micro-units, pegged by pegs `from` ‥ `to` − 1. */
  supply(m: number, due: number, release: number, qty: number, from: number, to: number, demandOf: (peg: number) => number | PseudoDemand, pegQty: ArrayLike<number>): PlannedSupply {
    const { input } = this;
    const quantity = formatQuantity(qty);
    // Exactly sized (push would reserve 17 slots per array); a single peg shares the order's string.
    const pegs: Peg[] = new Array(to - from);
    if (pegs.length === 1) pegs[0] = { demandId: demandOf(from), quantity };
    else for (let p = from, i = 0; p < to; p++, i++) pegs[i] = { demandId: demandOf(p), quantity: formatQuantity(pegQty[p]) };
    const dueDay = input.calendar.dayOf(due);
    const planned: PlannedSupply = {
      kind: input.isMake[m] ? "PLANNED_ORDER" : "PURCHASE_SUGGESTION",
      materialId: input.materialIds[m],
      quantity,
      releaseDate: this.iso(Math.max(dueDay - input.leadTimeDays[m], input.calendar.startDay)),
      dueDate: this.iso(dueDay),
      releaseBucket: release,
      dueBucket: due,
      pegs,
    };
    const supplierCode = input.supplierCodes[m];
    if (supplierCode !== null && !input.isMake[m]) planned.supplierCode = supplierCode;
    return planned;
  }
}

function periodsOf(s: PlanState, sequence: PlanningSequence, materialId: number): MaterialPeriods {
  const { input, horizon } = s;
  const m = input.indexOf.get(materialId);
  if (m === undefined) throw notFound("Material", materialId);
  const base = m * horizon;
  const ss = input.safetyStock[m];
  const receipts = new Float64Array(horizon);
  const releases = new Float64Array(horizon);
  for (let o = s.firstOrder[m]; o < s.endOrder[m]; o++) {
    receipts[s.orderDue.data[o]] += s.orderQty.data[o];
    const r = s.orderRelease.data[o];
    releases[r] = checkExact(releases[r] + s.orderQty.data[o], "planned releases", input.materialCodes[m]);
  }
  const series = (from: Float64Array, offset = 0) => Array.from(from.subarray(offset, offset + horizon), formatQuantity);
  const net: string[] = new Array(horizon);
  const projected: string[] = new Array(horizon);
  let available = input.initialAvailable[m];
  for (let t = 0; t < horizon; t++) {
    const x = available + input.scheduledReceipts[base + t] - s.gross[base + t];
    net[t] = formatQuantity(x < ss ? ss - x : 0);
    available = x + receipts[t];
    projected[t] = formatQuantity(available);
  }
  return {
    materialId,
    lowLevelCode: sequence.lowLevelCode[m],
    initialAvailable: formatQuantity(input.initialAvailable[m]),
    safetyStock: formatQuantity(ss),
    gross: series(s.gross, base),
    scheduledReceipts: series(input.scheduledReceipts, base),
    net,
    plannedReceipts: series(receipts),
    projectedAvailable: projected,
    plannedReleases: series(releases),
  };
}
