/**
 * The living demo's operations over its history (beside demo-history.ts's consumption and refills), so that
 * every KPI (docs/kpis.md) has a curve from the first `npm start`: purchase orders placed and received on
 * time or late, a weekly MRP run whose suggestions for spare parts sold to service partners are released
 * days later as purchase orders and received (the purchasing cycle, suggested → ordered → received), work orders for bare boards completed by or after their due day, equipment failures
 * acknowledged and repaired ever faster over the quarter, weekly counts in the distribution centre (now and
 * then a unit found that the book did not have), and spare microcontrollers sold from the distribution centre
 * until they run out for a few days. Posted `atTime` their hour, day after day, with its own seeded sequence.
 */
import { SYSTEM } from "../auth/principal";
import type { Database } from "../db/database";
import { runCommand, unkeyed } from "../domain/idempotency/command";
import { stockOnHand } from "../domain/stock";
import { atTime } from "../runtime/clock";
import type { Services } from "../services";

const DAY = 86_400_000;
const by = SYSTEM;
/** bought parts nobody's history consumes: [material, supplier, lead days, order quantity] */
const ORDERED: [string, string, number, number][] = [
  ["RES-10K", "DigiPart Distribution B.V.", 7, 5000],
  ["CAP-100UF", "DigiPart Distribution B.V.", 7, 1000],
  ["NTC-THERM", "Elektron Components GmbH", 12, 100],
  ["TERMINAL-4P", "Elektron Components GmbH", 12, 100],
  ["LABEL-RATING", "Polypack Mouldings & Packaging Ltd", 8, 500],
  ["FEET-RUBBER", "Polypack Mouldings & Packaging Ltd", 8, 400],
];
const WORK_CENTERS = ["SMT-1", "TEST-1", "ASSY-1", "EOL-1"];
/** spare parts sold from the plant to service partners, planned by MRP and bought on its suggestion: [material, mean weekly quantity] */
const SPARES: [string, number][] = [
  ["FILTER-SCALE", 60],
  ["GAUGE-WATER", 40],
];
/** days from a spare-parts order to its due day; its suggestion is released in 1–3 working days, the supplier (9 days) is up to 3 late */
const SPARES_DUE_DAYS = 14;
/** no spare-parts orders in the history's last days: each is received and shipped before today (due, 3 late, a weekend) */
const SPARES_LAST_DAYS = SPARES_DUE_DAYS + 3 + 2 + 7;

export interface OperationsHistory {
  /** what happened on a working day (`d` days after the opening), after its consumption and refills */
  day(day: Date, d: number): Promise<void>;
}

export async function operationsHistory(db: Database, s: Services, days: number, random: () => number): Promise<OperationsHistory> {
  const dc = await s.sites.requireWarehouse(db.sql, "DC-1", "warehouseCode", by);
  const plant = await s.sites.requireWarehouse(db.sql, "PLANT-1", "warehouseCode", by);
  const spareIds = new Map([...(await s.materials.materialsByCode(db.sql, SPARES.map(([code]) => code))).values()].map((m) => [m.code, m.id]));
  const mcu = (await s.materials.materialsByCode(db.sql, ["MCU-8BIT"])).get("MCU-8BIT")!.id;
  const spares = async () => Number((await stockOnHand(db.sql, dc.id)).find((x) => x.materialId === mcu)?.onHand ?? 0);
  /** receipts and completions due on a later day: day start (ms) → what to post */
  const later = new Map<number, (() => Promise<unknown>)[]>();
  const schedule = (day: Date, work: () => Promise<unknown>) => later.set(day.getTime(), [...(later.get(day.getTime()) ?? []), work]);
  let spareOutSince: number | null = null;
  let orders = 0;
  let spareOrders = 0;

  /**
   * Monday: the week's spare-parts orders enter as demand and MRP plans the plant; 1–3 working days later the
   * buyer releases the run's suggestions for them as purchase orders; each is received around its due day and
   * the spare parts shipped, the demand fulfilled (so none of it is left for today's plan).
   */
  async function planSpares(day: Date, at: (hour: number) => Date) {
    const demands: { materialCode: string; quantity: number; lineId: number }[] = [];
    const dueDate = new Date(day.getTime() + SPARES_DUE_DAYS * DAY);
    for (const [materialCode, mean] of SPARES) {
      const quantity = Math.round(mean * (0.6 + 0.8 * random()));
      const line = await atTime(at(7), () => s.mps.create({ materialCode, warehouseCode: "PLANT-1", quantity: String(quantity), dueDate, source: "SALES_ORDER", reference: `SO-S${String(++spareOrders).padStart(4, "0")}` }, by));
      demands.push({ materialCode, quantity, lineId: line.id });
    }
    await atTime(at(8), async () => {
      await s.mrp.start({ warehouseCode: "PLANT-1", bucket: "WEEK", horizonBuckets: 12, startDate: day }, by);
      await s.mrp.drain();
    });
    for (const demand of demands) {
      // each spare part's suggestion is released on a day of its own
      const released = workingDay(new Date(day.getTime() + (1 + Math.floor(random() * 3)) * DAY));
      schedule(released, () => atTime(new Date(released.getTime() + 10 * 3_600_000), async () => {
        const { rows } = await s.mrp.currentSupplies("PURCHASE_SUGGESTION", { warehouseId: plant.id, materialId: spareIds.get(demand.materialCode)! }, 0, 10);
        const orders = await Promise.all(rows.filter((r) => r.status === "SUGGESTED").map(async (r) => ({ ...(await s.releases.releasePurchaseSuggestion(r.id, by)), quantity: r.quantity })));
        // around the demand's due day (the orders' due days are their planning buckets'), a whole working day
        const arrives = workingDay(new Date(Math.max(released.getTime() + DAY, dueDate.getTime()) + (Math.floor(random() * 6) - 2) * DAY));
        schedule(arrives, () => atTime(new Date(arrives.getTime() + 7 * 3_600_000), () => runCommand(db, unkeyed(by, "demoHistorySpares"), async (tx) => {
          for (const o of orders) {
            await s.stock.postReceipt(tx, { materialCode: demand.materialCode, warehouseCode: "PLANT-1", locationCode: "A-02", quantity: o.quantity, purchaseOrderNumber: o.number, reasonCode: "PURCHASE", note: "supplier delivery" }, by);
          }
          return s.stock.postIssue(tx, { materialCode: demand.materialCode, warehouseCode: "PLANT-1", quantity: String(demand.quantity), reasonCode: "SALES" }, by);
        }).then(() => s.mps.delete(demand.lineId, by))));
      }));
    }
  }

  return {
    async day(day, d) {
      const at = (hour: number) => new Date(day.getTime() + hour * 3_600_000);
      const inDays = (n: number) => new Date(day.getTime() + n * DAY);
      const lastWeek = d >= days - 7;
      for (const work of later.get(day.getTime()) ?? []) await work();
      later.delete(day.getTime());
      if (day.getUTCDay() === 1 && d < days - SPARES_LAST_DAYS) await planSpares(day, at);

      // a purchase order every working day but Friday, received around its due day (earlier, on it, or late)
      if (day.getUTCDay() !== 5 && !lastWeek) {
        const [materialCode, supplier, lead, quantity] = ORDERED[orders % ORDERED.length];
        const number = `PO-H${String(++orders).padStart(4, "0")}`;
        await atTime(at(8 + random() * 2), () => s.purchaseOrders.sync({ number, materialCode, warehouseCode: "PLANT-1", quantity: String(quantity), dueDate: inDays(lead), supplier }, by));
        const delay = Math.floor(random() * 6) - 2;
        const arrives = workingDay(inDays(lead + delay));
        schedule(arrives, () =>
          atTime(new Date(arrives.getTime() + 7 * 3_600_000), () => runCommand(db, unkeyed(by, "demoHistoryReceipt"), (tx) => s.stock.postReceipt(tx, { materialCode, warehouseCode: "PLANT-1", locationCode: "A-03", quantity: String(quantity), purchaseOrderNumber: number, reasonCode: "PURCHASE", note: "supplier delivery" }, by))),
        );
      }

      // bare boards on Tuesdays and Thursdays, due two days on, done in one to four working days
      if ((day.getUTCDay() === 2 || day.getUTCDay() === 4) && !lastWeek) {
        const { workOrderId } = await atTime(at(7), () => s.workOrders.create({ materialCode: "PCB-BLANK", warehouseCode: "PLANT-1", quantity: "10", dueDate: inDays(2) }, by));
        const done = workingDay(inDays(1 + Math.floor(random() * 4)));
        schedule(done, () => atTime(new Date(done.getTime() + 14 * 3_600_000), async () => {
          await s.workOrders.startOperation({ id: workOrderId }, 10, by);
          await s.workOrders.completeOperation({ id: workOrderId, sequence: 10, goodQuantity: "10" }, by);
        }));
      }

      // an equipment failure every third working day or so: seen in hours early in the quarter, in minutes at its end
      if (random() < 0.35 && !lastWeek) {
        const workCenterCode = WORK_CENTERS[Math.floor(random() * WORK_CENTERS.length)];
        const raised = at(7 + random() * 4);
        const { failure, exceptionId } = await atTime(raised, () => s.equipment.reportFailure({ workCenterCode, warehouseCode: "PLANT-1", description: `${workCenterCode} stopped` }, by));
        const seenAfter = (0.25 + 5 * (1 - d / days)) * (0.5 + random());
        await atTime(new Date(raised.getTime() + seenAfter * 3_600_000), () => s.exceptions.acknowledge(exceptionId, by));
        const repairedAfter = seenAfter + 1 + random() * 6;
        await atTime(new Date(raised.getTime() + repairedAfter * 3_600_000), () => s.equipment.reportRepaired(failure.id, "repaired", by));
      }

      // spare microcontrollers sold from the distribution centre; when they run out, a refill three days later
      if (spareOutSince !== null && d - spareOutSince >= 3) {
        await atTime(at(7), () => runCommand(db, unkeyed(by, "demoHistoryReceipt"), (tx) => s.stock.postReceipt(tx, { materialCode: "MCU-8BIT", warehouseCode: "DC-1", locationCode: "B-01", quantity: "90", reasonCode: "PRODUCTION", note: "from the plant" }, by)));
        spareOutSince = null;
      }
      const sold = Math.min(Math.round(7 * (0.5 + random())), await spares());
      if (sold > 0) {
        await atTime(at(11 + random() * 4), () => runCommand(db, unkeyed(by, "demoHistorySale"), (tx) => s.stock.postIssue(tx, { materialCode: "MCU-8BIT", warehouseCode: "DC-1", quantity: String(sold), reasonCode: "SALES" }, by)));
      }
      if (spareOutSince === null && (await spares()) === 0) spareOutSince = d;

      // Friday: a count of aisle B-01 (toasters and spare microcontrollers); now and then a unit more than the book
      if (day.getUTCDay() === 5) await atTime(at(17), () => countAisle(db, s, dc.id, random));
    },
  };
}

async function countAisle(db: Database, s: Services, warehouseId: number, random: () => number) {
  const { countSessionId } = await s.counting.create({ warehouseCode: "DC-1", locationCodes: ["B-01"], blind: false, note: "weekly count" }, by);
  await s.counting.start({ id: countSessionId }, by);
  const codes = new Map([...(await s.materials.materialsByCode(db.sql, ["TOASTER-2S", "MCU-8BIT"])).values()].map((m) => [m.id, m.code]));
  const counts: [string, string][] = [];
  for (const { materialId, onHand } of await stockOnHand(db.sql, warehouseId)) {
    const materialCode = codes.get(materialId);
    if (materialCode && Number(onHand) !== 0) counts.push([materialCode, String(Number(onHand) + (random() < 0.25 ? 1 : 0))]);
  }
  const record = () => Promise.all(counts.map(([materialCode, countedQuantity]) => s.counting.recordCount({ id: countSessionId, locationCode: "B-01", materialCode, countedQuantity }, by)));
  await record();
  // a difference is counted again (COUNT_MAX_RECOUNTS): the counter finds the same
  if ((await s.counting.submit({ id: countSessionId }, by)).recountLines) {
    await record();
    await s.counting.submit({ id: countSessionId }, by);
  }
  await s.counting.approve({ id: countSessionId }, by);
}

/** The day itself, or the Monday after when it falls on a weekend. */
function workingDay(d: Date): Date {
  const weekday = d.getUTCDay();
  return weekday === 6 ? new Date(d.getTime() + 2 * DAY) : weekday === 0 ? new Date(d.getTime() + DAY) : d;
}
