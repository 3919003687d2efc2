import { BucketCalendar, utcDay } from "./buckets";
import type { DayString, DecimalString, MrpDemand, MrpInput, MrpPlan, MrpScheduledReceipt, MrpStep, Peg } from "./mrp.types";
import { planMrpInSteps } from "./plan-mrp";
import { formatQuantity, parseQuantity, type Micro } from "./quantity";
import { badInput } from "../shared/domain-error";
import { SourceSurplus } from "./source-surplus";
import { checkLanes, laneOrder, lanesInto, type TransferLane } from "./transfer-lanes";

/** One warehouse of a multi-warehouse run: its own planning input (all with the same parameters). */
export interface WarehouseInput {
  warehouseId: number;
  input: MrpInput;
}

/** Stock planned to move from a source's surplus to cover a destination's shortage; its pegs add up to its quantity. */
export interface PlannedTransfer {
  materialId: number;
  fromWarehouseId: number;
  toWarehouseId: number;
  quantity: DecimalString;
  /** when it leaves the source: dueDate − transitDays, never before the start date */
  shipDate: DayString;
  /** when the destination needs it (the start of the bucket whose shortage it covers) */
  dueDate: DayString;
  shipBucket: number;
  dueBucket: number;
  transitDays: number;
  /** the destination's demands it serves */
  pegs: Peg[];
}

export interface WarehousesPlan {
  /** Each warehouse's plan, transfers included: into it as scheduled receipts, out of it as demand. */
  plans: ReadonlyMap<number, MrpPlan>;
  transfers: PlannedTransfer[];
  /** The order warehouses were settled in (sources before their destinations). */
  order: number[];
}

/**
 * Ids of the demand an outbound transfer puts on its source's plan: below the what-if's extra demand
 * (−1, −2, …) and above the forecast's (≤ −2^40), so none collide. A plan's pegs name them TRANSFER.
 */
const TRANSFER_DEMAND_ID = -(2 ** 30);
export const isTransferDemand = (id: number | string): boolean => typeof id === "number" && id <= TRANSFER_DEMAND_ID && id > -(2 ** 40);

interface Transfer {
  materialId: number;
  from: number;
  to: number;
  quantity: Micro;
  shipDay: number;
  dueDay: number;
  shipBucket: number;
  dueBucket: number;
  transitDays: number;
  pegs: Peg[];
}

/** A destination's shortage: what its planned supplies of a material due in one bucket serve (lot-size rounding left out). */
interface Shortage {
  materialId: number;
  dueBucket: number;
  dueDay: number;
  need: Micro;
  pegs: { demandId: Peg["demandId"]; quantity: Micro }[];
}

interface Site {
  id: number;
  base: MrpInput;
  plan: MrpPlan;
  /** per material, what the warehouse can still send (reset when it is planned again) */
  surplus: Map<number, SourceSurplus>;
  /** how many of the run's transfers its plan was made with */
  plannedWith: number;
}

/** Plans several warehouses together; see `planWarehousesInSteps`. */
export function planWarehouses(warehouses: readonly WarehouseInput[], lanes: readonly TransferLane[]): WarehousesPlan {
  const steps = planWarehousesInSteps(warehouses, lanes);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Multi-warehouse MRP, pure, paused between its plans like `planMrpInSteps`. Each warehouse is first planned
 * alone. Then, destination by destination (sources first, see `laneOrder`) and BOM level by level (a
 * transfer of a parent lowers its components' requirements), a destination's shortages — the need its
 * planned orders and purchase suggestions serve — are covered as far as possible by PLANNED TRANSFERS from
 * the sources with a lane to it, quickest lane first: from a source's surplus (`SourceSurplus`) in the bucket
 * the transfer must leave to arrive in time (due date − transit days; a transfer that would have to leave
 * before the start date is not planned). The destination is then planned again with the transfers as
 * scheduled receipts, so only the rest is bought or made; a source is planned again with them as demand
 * (its supplies do not change, its projected stock does).
 */
export function* planWarehousesInSteps(warehouses: readonly WarehouseInput[], lanes: readonly TransferLane[]): Generator<MrpStep, WarehousesPlan> {
  const ids = warehouses.map((w) => w.warehouseId);
  checkLanes(ids, lanes);
  checkSameParameters(warehouses);
  const order = laneOrder(ids, lanes);
  const rank = new Map(order.map((id, i) => [id, i]));
  const transfers: Transfer[] = [];
  const sites = new Map<number, Site>();
  let planned = 0;
  let percent = 0;
  const expected = 2 * warehouses.length;
  function* plan(id: number, base: MrpInput): Generator<MrpStep, MrpPlan> {
    const steps = planMrpInSteps(withTransfers(base, id, transfers));
    for (;;) {
      const step = steps.next();
      if (step.done) {
        percent = Math.max(percent, Math.min(99, Math.floor((100 * ++planned) / expected)));
        return step.value;
      }
      // without its supplies: a warehouse may be planned again, with the transfers found since
      yield { phase: step.value.phase, percent };
    }
  }

  for (const w of warehouses) sites.set(w.warehouseId, { id: w.warehouseId, base: w.input, plan: yield* plan(w.warehouseId, w.input), surplus: new Map(), plannedWith: 0 });
  const first = sites.get(ids[0])!.plan;
  const calendar = BucketCalendar.from(first.startDate, first.bucket, first.horizonBuckets);

  for (const to of order) {
    const sources = lanesInto(to, lanes, rank);
    if (sources.length === 0) continue;
    const dest = sites.get(to)!;
    let levels = shortagesByLevel(dest.plan);
    for (const level of [...levels.keys()].sort((a, b) => a - b)) {
      // a transfer changes the requirements of lower levels only: they are read again from the new plan
      const shortages = levels.get(level);
      if (!shortages) continue;
      const before = transfers.length;
      for (const shortage of shortages) {
        let left = shortage.need;
        for (const lane of sources) {
          const shipDay = shortage.dueDay - lane.transitDays;
          if (shipDay < calendar.startDay || left === 0) continue;
          const source = sites.get(lane.fromWarehouseId)!;
          const surplus = surplusOf(source, shortage.materialId, transfers);
          const shipBucket = calendar.bucketOfDay(shipDay);
          const quantity = Math.min(left, surplus.availableAt(shipBucket));
          if (quantity <= 0) continue;
          surplus.take(shipBucket, quantity);
          left -= quantity;
          transfers.push({
            materialId: shortage.materialId, from: lane.fromWarehouseId, to, quantity, shipDay, dueDay: shortage.dueDay, shipBucket,
            dueBucket: shortage.dueBucket, transitDays: lane.transitDays, pegs: takePegs(shortage, quantity),
          });
        }
      }
      if (transfers.length > before) {
        dest.plan = yield* plan(to, dest.base);
        dest.plannedWith = transfers.length;
        dest.surplus.clear();
        levels = shortagesByLevel(dest.plan);
      }
    }
  }
  // every warehouse's plan counts all its transfers
  for (const site of sites.values()) {
    if (transfers.some((t, i) => i >= site.plannedWith && (t.from === site.id || t.to === site.id))) site.plan = yield* plan(site.id, site.base);
  }
  return {
    plans: new Map([...sites].map(([id, s]) => [id, s.plan])),
    transfers: transfers.map((t) => ({
      materialId: t.materialId, fromWarehouseId: t.from, toWarehouseId: t.to, quantity: formatQuantity(t.quantity), shipDate: iso(t.shipDay),
      dueDate: iso(t.dueDay), shipBucket: t.shipBucket, dueBucket: t.dueBucket, transitDays: t.transitDays, pegs: t.pegs,
    })),
    order,
  };
}

/** The warehouse's input with its transfers: those into it as scheduled receipts, those out of it as demand. */
function withTransfers(base: MrpInput, id: number, transfers: readonly Transfer[]): MrpInput {
  const receipts: MrpScheduledReceipt[] = [];
  const demands: MrpDemand[] = [];
  transfers.forEach((t, i) => {
    if (t.to === id) receipts.push({ materialId: t.materialId, quantity: formatQuantity(t.quantity), dueDate: iso(t.dueDay) });
    if (t.from === id) demands.push({ id: TRANSFER_DEMAND_ID - i, materialId: t.materialId, quantity: formatQuantity(t.quantity), dueDate: iso(t.shipDay), source: "MPS" });
  });
  if (receipts.length === 0 && demands.length === 0) return base;
  return { ...base, demands: [...base.demands, ...demands], scheduledReceipts: [...base.scheduledReceipts, ...receipts] };
}

/** What a source can still send of a material: from its current plan, less what was promised since. */
function surplusOf(site: Site, materialId: number, transfers: readonly Transfer[]): SourceSurplus {
  let surplus = site.surplus.get(materialId);
  if (!surplus) {
    const periods = site.plan.periods(materialId);
    const inbound: Micro[] = new Array(periods.gross.length).fill(0);
    for (const t of transfers) if (t.to === site.id && t.materialId === materialId) inbound[t.dueBucket] += t.quantity;
    site.surplus.set(materialId, (surplus = new SourceSurplus(periods, inbound)));
  }
  return surplus;
}

/** A plan's shortages by BOM level: its materials' planned supplies per due bucket (supplies come by material, then due date). */
function shortagesByLevel(plan: MrpPlan): Map<number, Shortage[]> {
  const levels = new Map<number, Shortage[]>();
  let last: Shortage | undefined;
  for (const s of plan.supplies()) {
    if (last?.materialId !== s.materialId || last.dueBucket !== s.dueBucket) {
      const level = plan.lowLevelCodes.get(s.materialId)!;
      if (!levels.has(level)) levels.set(level, []);
      levels.get(level)!.push((last = { materialId: s.materialId, dueBucket: s.dueBucket, dueDay: utcDay(s.dueDate), need: 0, pegs: [] }));
    }
    for (const p of s.pegs) {
      if (p.demandId === "LOT_SIZE") continue;
      const q = parseQuantity(p.quantity, "pegs");
      last.need += q;
      last.pegs.push({ demandId: p.demandId, quantity: q });
    }
  }
  for (const [level, shortages] of levels) levels.set(level, shortages.filter((x) => x.need > 0));
  return levels;
}

/** The first `quantity` of the shortage's pegs (first in, first out), taken off it. */
function takePegs(shortage: Shortage, quantity: Micro): Peg[] {
  const pegs: Peg[] = [];
  while (quantity > 0) {
    const p = shortage.pegs[0];
    const q = Math.min(p.quantity, quantity);
    const same = pegs.find((x) => x.demandId === p.demandId);
    if (same) same.quantity = formatQuantity(parseQuantity(same.quantity, "pegs") + q);
    else pegs.push({ demandId: p.demandId, quantity: formatQuantity(q) });
    quantity -= q;
    p.quantity -= q;
    if (p.quantity === 0) shortage.pegs.shift();
  }
  return pegs;
}

const iso = (day: number): DayString => BucketCalendar.toDate(day).toISOString().slice(0, 10);

/** Warehouses planned together share their calendar. */
function checkSameParameters(warehouses: readonly WarehouseInput[]): void {
  const key = ({ input: { parameters: p } }: WarehouseInput) => `${utcDay(p?.startDate)}/${p?.bucket}/${p?.horizonBuckets}`;
  warehouses.forEach((w, i) => {
    if (key(w) !== key(warehouses[0])) throw badInput(`warehouses[${i}] is planned with other parameters than warehouses[0]`, { field: `warehouses[${i}].parameters` });
  });
}
