import type { Sql } from "../../db/database";
import { costHistory } from "../costs/costs.store";
import type { CountingService } from "../counting/counting.service";
import { responsesOnDays } from "../exceptions/exception.store";
import { materialSummaries } from "../materials/material.store";
import { purchaseOrdersOfSuggestionsPlaced, purchaseOrderTimes } from "../purchasing/purchase-order.queries";
import { demandHistory } from "../stock/demand-history.queries";
import { demandSeries } from "../stock/demand-series";
import { lastReceiptsOfOrders, onHandChanges } from "../stock/stock-history.queries";
import { completedWorkOrderDueDays } from "../work-orders/work-order.queries";
import { addDays, daysBetween, WINDOW_DAYS, type Measure } from "./kpi-formulas";

/** One stored snapshot row: a measure's numerator and denominator for a day, warehouse and material (0: none). */
export interface Cell { day: string; measure: Measure; warehouseId: number; materialId: number; abcClass: string | null; numerator: number; denominator: number }

const DAY_SECONDS = 86_400;

/**
 * Every measure of days [fromDay, toDay] from the owners' history: the ledger (on hand, demand, receipts),
 * standard costs, approved counts, exceptions, purchase orders and their suggestions, work orders.
 */
export async function collectMeasures(sql: Sql, counting: CountingService, fromDay: string, toDay: string): Promise<Cell[]> {
  const cells = new Map<string, Cell>();
  const add = (day: string, measure: Measure, warehouseId: number, materialId: number | null, numerator: number, denominator: number) => {
    const key = `${day}|${measure}|${warehouseId}|${materialId ?? 0}`;
    const c = cells.get(key);
    if (c) {
      c.numerator += numerator;
      c.denominator += denominator;
    } else cells.set(key, { day, measure, warehouseId, materialId: materialId ?? 0, abcClass: null, numerator, denominator });
  };
  await stockMeasures(sql, fromDay, toDay, add);
  for (const l of await counting.judgedLines(sql, fromDay, toDay)) add(l.day, "COUNT_ACCURACY", l.warehouseId, l.materialId, l.withinTolerance ? 1 : 0, 1);
  for (const e of await responsesOnDays(sql, fromDay, toDay)) {
    if (e.acknowledgedDay) add(e.acknowledgedDay, "EXCEPTION_ACKNOWLEDGE", e.warehouseId, e.materialId, e.acknowledgeHours!, 1);
    if (e.resolvedDay) add(e.resolvedDay, "EXCEPTION_RESOLVE", e.warehouseId, e.materialId, e.resolveHours!, 1);
  }
  await purchasingMeasures(sql, fromDay, toDay, add);
  const completions = await lastReceiptsOfOrders(sql, "WORK_ORDER", fromDay, toDay);
  const completedOn = new Map(completions.map((c) => [c.orderId, c.day]));
  for (const o of await completedWorkOrderDueDays(sql, completions.map((c) => c.orderId))) {
    const day = completedOn.get(o.id)!;
    add(day, "SCHEDULE_ADHERENCE", o.warehouseId, o.materialId, o.dueDay === null || day <= o.dueDay ? 1 : 0, 1);
  }
  const all = [...cells.values()];
  const classOf = new Map((await materialSummaries(sql, [...new Set(all.map((c) => c.materialId))])).map((m) => [m.id, m.abcClass]));
  for (const c of all) c.abcClass = classOf.get(c.materialId) ?? null;
  return all;
}

type Add = (day: string, measure: Measure, warehouseId: number, materialId: number | null, numerator: number, denominator: number) => void;

/** Inventory value, consumption value and stockouts: the ledger's on hand and demand day by day, at the standard cost of each day. */
async function stockMeasures(sql: Sql, fromDay: string, toDay: string, add: Add) {
  const days = daysBetween(fromDay, toDay);
  const lookBack = addDays(fromDay, -(WINDOW_DAYS - 1));
  const changes = await onHandChanges(sql, fromDay, toDay);
  const demand = await demandHistory(sql, { bucket: "DAY", from: new Date(`${lookBack}T00:00:00Z`), to: new Date(`${addDays(toDay, 1)}T00:00:00Z`) });
  const key = (p: { materialId: number; warehouseId: number }) => `${p.materialId}/${p.warehouseId}`;
  const series = demandSeries(demand, key, new Date(`${lookBack}T00:00:00Z`), new Date(`${addDays(toDay, 1)}T00:00:00Z`), "DAY");
  const opening = new Map<string, number>();
  const deltas = new Map<string, number>();
  for (const c of changes) {
    if (c.day === null) opening.set(key(c), Number(c.quantity));
    else deltas.set(`${key(c)}|${c.day}`, Number(c.quantity));
  }
  const keys = new Set([...changes.map(key), ...series.keys()]);
  const costs = await costsByDay(sql, [...new Set([...keys].map((k) => Number(k.split("/")[0])))]);
  for (const k of keys) {
    const [materialId, warehouseId] = k.split("/").map(Number);
    const used = series.get(k) ?? [];
    let onHand = opening.get(k) ?? 0;
    let inWindow = used.slice(0, WINDOW_DAYS - 1).reduce((t, q) => t + q, 0);
    days.forEach((day, i) => {
      onHand += deltas.get(`${k}|${day}`) ?? 0;
      const usedToday = used[WINDOW_DAYS - 1 + i] ?? 0;
      inWindow += usedToday;
      const cost = costs(materialId, day);
      if (cost !== null && onHand !== 0) add(day, "INVENTORY_VALUE", warehouseId, materialId, onHand * cost, 1);
      if (cost !== null && usedToday !== 0) add(day, "CONSUMPTION_VALUE", warehouseId, materialId, usedToday * cost, 1);
      if (inWindow > 0) add(day, "STOCKOUT", warehouseId, materialId, onHand <= 0 ? 1 : 0, 1);
      inWindow -= used[i] ?? 0;
    });
  }
}

/** A lookup of each material's standard cost in effect on a day (null: none yet). */
async function costsByDay(sql: Sql, materialIds: number[]) {
  const history = new Map<number, { from: string; cost: number }[]>();
  // newest first; a date column reads as local midnight, hence the local calendar fields
  for (const c of await costHistory(sql, materialIds)) {
    const from = `${c.validFrom.getFullYear()}-${String(c.validFrom.getMonth() + 1).padStart(2, "0")}-${String(c.validFrom.getDate()).padStart(2, "0")}`;
    history.set(c.materialId, [...(history.get(c.materialId) ?? []), { from, cost: Number(c.cost) }]);
  }
  return (materialId: number, day: string) => history.get(materialId)?.find((c) => c.from <= day)?.cost ?? null;
}

async function purchasingMeasures(sql: Sql, fromDay: string, toDay: string, add: Add) {
  const receipts = await lastReceiptsOfOrders(sql, "PURCHASE_ORDER", fromDay, toDay);
  const receivedAt = new Map(receipts.map((r) => [r.orderId, r]));
  const received = (await purchaseOrderTimes(sql, receipts.map((r) => r.orderId))).filter((o) => o.status === "RECEIVED");
  for (const o of received) {
    const r = receivedAt.get(o.id)!;
    const start = o.suggestedEpoch ?? o.createdEpoch;
    add(r.day, "PURCHASE_CYCLE", o.warehouseId, o.materialId, (r.epoch - start) / DAY_SECONDS, 1);
    add(r.day, "SUPPLIER_ON_TIME", o.warehouseId, o.materialId, r.day <= o.dueDay ? 1 : 0, 1);
  }
  // the suggestion's time is kept on the order (suggested_at): no need to reach into the planning area's runs
  for (const o of await purchaseOrdersOfSuggestionsPlaced(sql, fromDay, toDay)) {
    add(o.createdDay, "SUGGESTION_TO_ORDER", o.warehouseId, o.materialId, (o.createdEpoch - o.suggestedEpoch!) / DAY_SECONDS, 1);
  }
}
