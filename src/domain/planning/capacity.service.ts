/**
 * Rough-cut capacity over the stored data: the current plans' planned orders (routing × quantity) and the
 * open work orders (their own operations, what is left of each) load the work centers (capacity-load.ts).
 * Work centers are plant-wide, so loads are the plant's; the orders behind a load are each of a warehouse
 * and listed only to identities that may see it. `check` raises one CAPACITY exception per work center and
 * ISO week overloaded in the next weeks, and resolves those whose load fell back (after every completed
 * MRP run, and on demand).
 */
import { groupBy } from "../shared/group-by";
import { canSee, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Principal } from "../../auth/principal";
import type { Database, Sql } from "../../db/database";
import { raise, resolveException, unresolvedOfType } from "../exceptions/exception.store";
import { runCommand, unkeyed } from "../idempotency/command";
import { materialColumnsByIds } from "../materials/material.queries";
import { MAX_HORIZON_BUCKETS, type PlanningBucket } from "../mrp";
import { utcDay } from "../mrp/buckets";
import { allWorkCenters, routingsOf } from "../routings/routings.store";
import { badInput, notFound } from "../shared/domain-error";
import { openWorkOrders, operationsOfWorkOrders } from "../work-orders/work-order.queries";
import { capacityLoad, isoWeekday, operationMinutes, workOrderOperations, type CapacityCenter, type LoadOrder } from "./capacity-load";
import { currentPlannedOrders } from "./plan.queries";
import { lockCapacityCheck } from "./planning.store";

/** How far ahead `check` looks: this many ISO weeks, the current one included. */
export const CAPACITY_CHECK_WEEKS = 13;

const DAY_MS = 86_400_000;
const asDate = (day: number) => new Date(day * DAY_MS);
const dayText = (day: number) => asDate(day).toISOString().slice(0, 10);
const hours = (minutes: number) => Math.round((minutes / 60) * 10_000) / 10_000;

/** An order with what the drill-down shows of it. */
export interface CapacityOrder extends LoadOrder {
  warehouseCode: string;
  /** a work order's number (null: a planned order) */
  number: string | null;
  quantity: string;
}

export interface CapacityRequest {
  workCenterCode?: string | null;
  from: Date;
  to: Date;
  bucket: PlanningBucket;
}

export interface CapacityBucketView {
  start: Date;
  end: Date;
  loadHours: number;
  availableHours: number;
  utilisation: number | null;
  overloaded: boolean;
  orders: { order: CapacityOrder; hours: number; date: Date }[];
}

export interface WorkCenterLoadView {
  workCenter: { id: number; code: string; name: string; hoursPerDay: string; workingDays: number[]; active: boolean };
  buckets: CapacityBucketView[];
}

export interface CapacityCheck {
  overloaded: number;
  raised: number;
  resolved: number;
}

export class CapacityService {
  constructor(private readonly db: Database) {}

  /** Load per work center (one, or all active) and bucket over [from, to]; the drill-down within `scope`. */
  async load(request: CapacityRequest, scope: WarehouseScope): Promise<WorkCenterLoadView[]> {
    const { from, to } = validRange(request);
    const today = utcDay(new Date());
    const { centers, rows, orders } = await loadOrders(this.db.sql, today);
    const code = request.workCenterCode?.trim().toUpperCase();
    const wanted = code ? rows.filter((w) => w.code === code) : rows.filter((w) => w.active);
    if (code && wanted.length === 0) throw notFound("WorkCenter", request.workCenterCode!);
    const loads = capacityLoad(centers.filter((c) => wanted.some((w) => w.id === c.id)), orders, from, to, request.bucket);
    return loads.map(({ center, buckets }) => ({
      workCenter: rows.find((w) => w.id === center.id)!,
      buckets: buckets.map((b) => ({
        start: asDate(b.start),
        end: asDate(b.end),
        loadHours: hours(b.loadMinutes),
        availableHours: hours(b.availableMinutes),
        utilisation: b.utilisation === null ? null : Math.round(b.utilisation * 10_000) / 10_000,
        overloaded: b.overloaded,
        orders: b.orders
          .filter((o) => canSee(scope, o.order.warehouseCode))
          .map((o) => ({ order: o.order, hours: hours(o.minutes), date: asDate(o.day) })),
      })),
    }));
  }

  /**
   * Raises a CAPACITY exception for each work center and ISO week overloaded from today over the next
   * CAPACITY_CHECK_WEEKS weeks (one while it stays overloaded), and resolves each open one whose week is no
   * longer overloaded (or is past). Checks run one at a time.
   */
  check(principal: Principal): Promise<CapacityCheck> {
    return runCommand(this.db, unkeyed(principal, "checkCapacity"), async (tx) => {
      await lockCapacityCheck(tx);
      const today = utcDay(new Date());
      const { centers, orders } = await loadOrders(tx, today);
      const monday = today - (isoWeekday(today) - 1);
      const loads = capacityLoad(centers, orders, today, monday + CAPACITY_CHECK_WEEKS * 7 - 1, "WEEK");
      const overloaded = new Map<string, { center: CapacityCenter; weekStart: number; loadMinutes: number; availableMinutes: number }>();
      for (const { center, buckets } of loads) {
        for (const b of buckets.filter((x) => x.overloaded)) {
          const weekStart = b.start - (isoWeekday(b.start) - 1);
          overloaded.set(`${center.code}@${dayText(weekStart)}`, { center, weekStart, loadMinutes: b.loadMinutes, availableMinutes: b.availableMinutes });
        }
      }
      const open = new Map((await unresolvedOfType(tx, "CAPACITY")).map((e) => [`${e.details.workCenterCode}@${e.details.weekStart}`, e.id]));
      let raised = 0;
      let resolved = 0;
      for (const [key, o] of overloaded) {
        if (open.has(key)) continue;
        const week = dayText(o.weekStart);
        await raise(tx, {
          type: "CAPACITY",
          message: `Work center ${o.center.code} is overloaded in the week of ${week}: ${hours(o.loadMinutes)} h of work for ${hours(o.availableMinutes)} h available`,
          details: { workCenterCode: o.center.code, weekStart: week, loadHours: hours(o.loadMinutes), availableHours: hours(o.availableMinutes) },
          links: [{ kind: "WORK_CENTER", targetId: o.center.id, ref: o.center.code }],
        });
        raised++;
      }
      for (const [key, id] of open) {
        if (overloaded.has(key)) continue;
        await resolveException(tx, id, "the work center's load fell back within its available hours");
        resolved++;
      }
      return { overloaded: overloaded.size, raised, resolved };
    });
  }

  /** Free minutes per active work center and day, from today for `days` days (for capable-to-promise). */
  async freeMinutes(sql: Sql, today: number, days: number): Promise<Map<string, number[]>> {
    const { centers, orders } = await loadOrders(sql, today);
    const loads = capacityLoad(centers, orders, today, today + days - 1, "DAY");
    return new Map(loads.map(({ center, buckets }) => [center.code, buckets.map((b) => Math.max(0, b.availableMinutes - b.loadMinutes))]));
  }
}

/** A range of buckets the graph may ask for: from ≤ to, at most MAX_HORIZON_BUCKETS buckets. */
function validRange(r: CapacityRequest): { from: number; to: number } {
  if (r.bucket !== "DAY" && r.bucket !== "WEEK") throw badInput("bucket must be DAY or WEEK", { field: "bucket" });
  const from = utcDay(r.from);
  const to = utcDay(r.to);
  if (!Number.isFinite(from)) throw badInput("from is not a date", { field: "from" });
  if (!Number.isFinite(to)) throw badInput("to is not a date", { field: "to" });
  if (from > to) throw badInput("to must not be before from", { field: "to" });
  const max = MAX_HORIZON_BUCKETS[r.bucket];
  const count = r.bucket === "DAY" ? to - from + 1 : Math.floor((to - (from - (isoWeekday(from) - 1))) / 7) + 1;
  if (count > max) {
    throw badInput(`from to to spans more than ${max} ${r.bucket === "DAY" ? "days" : "weeks"}`, { field: "to", max });
  }
  return { from, to };
}

/**
 * The active work centers and every order that loads them, placed on its day: a planned order on its release
 * date, a work order on its due date less the product's lead time (no due date: today); never before today.
 */
async function loadOrders(sql: Sql, today: number) {
  const [rows, planned, workOrders] = [await allWorkCenters(sql), await currentPlannedOrders(sql), await openWorkOrders(sql)];
  const centers: CapacityCenter[] = rows
    .filter((w) => w.active)
    .map((w) => ({ id: w.id, code: w.code, hoursPerDay: Number(w.hoursPerDay), workingDays: w.workingDays ?? [1, 2, 3, 4, 5] }));
  const routings = groupBy(await routingsOf(sql, [...new Set(planned.map((p) => p.materialId))]), (r) => r.materialId);
  const operations = groupBy(await operationsOfWorkOrders(sql, workOrders.map((w) => w.id)), (o) => o.workOrderId);
  const leadTimes = new Map(
    (await materialColumnsByIds(sql, [...new Set(workOrders.map((w) => w.materialId))], ["id", "leadTimeDays"])).map((m) => [m.id, m.leadTimeDays]),
  );
  const orders: CapacityOrder[] = [];
  for (const p of planned) {
    const quantity = Number(p.quantity);
    orders.push({
      kind: "PLANNED_ORDER", id: p.id, warehouseId: p.warehouseId, warehouseCode: p.warehouseCode, materialId: p.materialId, number: null, quantity: p.quantity,
      day: Math.max(today, utcDay(p.releaseDate)),
      operations: (routings.get(p.materialId) ?? []).map((r) => ({ workCenterCode: r.workCenterCode, minutes: operationMinutes({ setupMinutes: Number(r.setupMinutes), runMinutesPerUnit: Number(r.runMinutesPerUnit) }, quantity) })),
    });
  }
  for (const w of workOrders) {
    const ops = (operations.get(w.id) ?? []).map((o) => ({ ...o, workCenterCode: o.workCenter, setupMinutes: Number(o.setupMinutes), runMinutesPerUnit: Number(o.runMinutesPerUnit), goodQuantity: Number(o.goodQuantity), scrapQuantity: Number(o.scrapQuantity) }));
    orders.push({
      kind: "WORK_ORDER", id: w.id, warehouseId: w.warehouseId, warehouseCode: w.warehouseCode, materialId: w.materialId, number: w.number, quantity: w.quantity,
      day: w.dueDate ? Math.max(today, utcDay(w.dueDate) - (leadTimes.get(w.materialId) ?? 0)) : today,
      operations: workOrderOperations(Number(w.quantity), ops),
    });
  }
  return { centers, rows, orders };
}

