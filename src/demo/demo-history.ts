/**
 * The living demo: the demo plant (seed-demo.ts) as if it had been running for DEMO_HISTORY_DAYS days, so
 * that a first `npm start` already shows a working plant —
 * - its opening stock posted the day it opened, then every working day since: the plant's consumption of its
 *   main parts, refilled by supplier receipts, and the distribution centre's shipments of toasters and
 *   kettles, refilled from the plant (a ledger of receipts and issues for KPIs and forecasts); and its
 *   operations (demo-operations-history.ts): purchase orders, work orders, equipment failures, counts;
 * - today: demand for the coming weeks (forecast and sales orders), open purchase orders, a completed MRP run,
 *   work orders in every state (released, short, in progress, completed, closed, cancelled), the demo devices
 *   (seed-demo-devices.ts) with a sensor in alarm in each warehouse, and the exceptions all these raise.
 * Everything goes through the areas' services, as the graph's mutations do (audited as `system`); the history
 * is posted `atTime` its day (src/runtime/clock.ts). Deterministic: a seeded random sequence, from today's date.
 */
import type { Logger } from "pino";
import { SYSTEM } from "../auth/principal";
import type { Database } from "../db/database";
import type { Tx } from "../db/transaction";
import { runCommand, unkeyed } from "../domain/idempotency/command";
import { findMaterials } from "../domain/materials/material.queries";
import { MemoryEventBus } from "../events/event-bus";
import { atTime } from "../runtime/clock";
import type { Config } from "../runtime/config";
import { createServices, type Services } from "../services";
import { STOCK } from "./demo-plant";
import { seedDemoPlant } from "./seed-demo";
import { demoDevicesRegistered, seedDemoDevices } from "./seed-demo-devices";
import { operationsHistory, type OperationsHistory } from "./demo-operations-history";
import { seededRandom } from "../runtime/seeded-random";

export const DEMO_HISTORY_DAYS = 90;
const DAY = 86_400_000;
const by = SYSTEM;

/** What the plant uses each working day: [material, where receipts go, mean use per day, reorder point, order quantity, lot prefix] */
const CONSUMED: [string, string, number, number, number, string?][] = [
  ["STEEL-SHEET-06", "A-01", 24, 250, 600, "SS"],
  ["STAINLESS-08", "A-01", 12, 120, 350, "SX"],
  ["CABLE-3X075", "A-02", 26, 250, 800, "CB"],
  ["MCU-8BIT", "A-03", 32, 500, 980],
  ["RELAY-10A", "A-03", 32, 200, 600],
  ["THERMOSTAT-BI", "A-03", 20, 120, 400],
  ["SCREW-M3X8", "A-03", 520, 6000, 20000],
  ["CARTON-T", "A-01", 14, 100, 400],
  ["CARTON-K", "A-01", 12, 80, 300],
];

/** What the distribution centre ships each working day: [material, its location, mean per day, reorder point, refill from the plant] */
const SHIPPED: [string, string, number, number, number][] = [
  ["TOASTER-2S", "B-01", 14, 50, 120],
  ["KETTLE-17", "B-02", 11, 40, 100],
];

/**
 * Loads the living demo into an empty database, once (false when the plant was there already): the plant
 * opened DEMO_HISTORY_DAYS days ago, its history since, and today's state.
 */
export async function seedLivingDemo(db: Database, config: Config, log: Logger): Promise<boolean> {
  const today = startOfDay(new Date());
  const opened = new Date(today.getTime() - DEMO_HISTORY_DAYS * DAY);
  if (!(await atTime(opened, () => seedDemoPlant(db)))) return false;
  await seedDemoDevices(db, config);
  // the services of a hub that is not serving yet; events go to the outbox, published once the hub starts
  const services = createServices(db, new MemoryEventBus(), config, log);
  const random = seededRandom(today.getTime() / DAY);
  const operations = await operationsHistory(db, services, DEMO_HISTORY_DAYS, seededRandom(today.getTime() / DAY + 1));
  await postHistory(db, services, opened, today, random, operations);
  await seedToday(services, today, random);
  return true;
}

/**
 * What `npm start` does with the demo on every start: the living demo the first time; later only a check (two
 * reads, outside any transaction: on the embedded database the first one makes the Prisma client, seconds at load)
 * and the demo devices a database from before they existed lacks.
 */
export async function loadDemoOnce(db: Database, config: Config, log: Logger): Promise<{ plant: boolean; devices: number }> {
  const loaded = (await findMaterials(db.sql, { includeArchived: true }, 0, 1)).rows.length > 0 && (await demoDevicesRegistered(db));
  if (loaded) return { plant: false, devices: 0 };
  const plant = await seedLivingDemo(db, config, log);
  return { plant, devices: plant ? 0 : await seedDemoDevices(db, config) };
}

/** The working days (Monday to Friday) after `opened`, up to yesterday: consumption, shipments and their refills. */
async function postHistory(db: Database, s: Services, opened: Date, today: Date, random: () => number, operations: OperationsHistory) {
  const onHand = new Map<string, number>();
  for (const [material, warehouse, location, quantity] of STOCK) {
    if (location !== "QUAR") onHand.set(`${warehouse}/${material}`, (onHand.get(`${warehouse}/${material}`) ?? 0) + Number(quantity));
  }
  const days = Math.round((today.getTime() - opened.getTime()) / DAY);
  let boardsIn = false;
  for (let d = 1; d < days; d++) {
    const day = new Date(opened.getTime() + d * DAY);
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    // business grows over the quarter (up to +30 %), which forecasts can pick up
    const growth = 1 + (0.3 * d) / days;
    const at = (hour: number) => new Date(day.getTime() + hour * 3_600_000);
    const movements: { at: Date; post: (tx: Tx) => Promise<unknown> }[] = [];
    const use = (warehouseCode: string, materialCode: string, wanted: number, reasonCode: string, hour: number) => {
      const key = `${warehouseCode}/${materialCode}`;
      const quantity = Math.min(wanted, onHand.get(key) ?? 0);
      if (quantity <= 0) return;
      onHand.set(key, (onHand.get(key) ?? 0) - quantity);
      movements.push({ at: at(hour), post: (tx) => s.stock.postIssue(tx, { materialCode, warehouseCode, quantity: String(quantity), reasonCode }, by) });
    };
    const refill = (warehouseCode: string, materialCode: string, locationCode: string, quantity: number, reasonCode: string, hour: number, lotCode?: string, note?: string) => {
      onHand.set(`${warehouseCode}/${materialCode}`, (onHand.get(`${warehouseCode}/${materialCode}`) ?? 0) + quantity);
      movements.push({ at: at(hour), post: (tx) => s.stock.postReceipt(tx, { materialCode, warehouseCode, locationCode, quantity: String(quantity), lotCode, reasonCode, note }, by) });
    };
    for (const [material, location, mean, reorderAt, order, lotPrefix] of CONSUMED) {
      if ((onHand.get(`PLANT-1/${material}`) ?? 0) < reorderAt) refill("PLANT-1", material, location, order, "PURCHASE", 7, lotPrefix && `${lotPrefix}-${yymmdd(day)}`, "supplier delivery");
      use("PLANT-1", material, Math.round(mean * growth * (0.6 + 0.8 * random())), "PRODUCTION", 9 + random() * 7);
    }
    for (const [material, location, mean, reorderAt, refillBy] of SHIPPED) {
      if ((onHand.get(`DC-1/${material}`) ?? 0) < reorderAt) refill("DC-1", material, location, refillBy, "PRODUCTION", 6, undefined, "from the plant");
      use("DC-1", material, Math.round(mean * growth * (0.5 + random())), "SALES", 10 + random() * 6);
    }
    // bare boards from the PCB line, in the last week, for the control boards made today
    if (!boardsIn && d >= days - 7) {
      refill("PLANT-1", "PCB-BLANK", "A-03", 80, "PRODUCTION", 15, undefined, "from the PCB line");
      boardsIn = true;
    }
    movements.sort((a, b) => a.at.getTime() - b.at.getTime());
    // one command per day: its movements all or none
    await runCommand(db, unkeyed(by, "demoHistoryDay"), async (tx) => {
      for (const m of movements) await atTime(m.at, () => m.post(tx));
      return {};
    });
    await operations.day(day, d);
  }
}

/** Today's plant: demand, open orders, a plan, work orders in every state, sensors in alarm. */
/** Two rules the plant runs on: low A items get a suggestion to max in the current plan, shortages open two hours are escalated. */
async function seedRules(s: Services) {
  await s.rules.create({
    name: "Low A item at the plant: suggest to max and tell the buyer",
    warehouseCode: "PLANT-1",
    topic: "stock.low",
    conditions: JSON.stringify({ all: [{ fact: "material.abcClass", operator: "equal", value: "A" }, { fact: "material.type", operator: "equal", value: "BUY" }] }),
    actions: [
      { type: "PURCHASE_SUGGESTION", quantityPolicy: "TO_MAX", release: false },
      { type: "NOTIFY", message: "{material.code} is low in {warehouse.code} ({event.available} left): a purchase suggestion up to max was added" },
    ],
  }, by);
  await s.rules.create({
    name: "Shortage open for two hours: escalate to the planning lead",
    warehouseCode: "PLANT-1",
    topic: "exception.aging",
    triggerMinutes: 120,
    conditions: JSON.stringify({ fact: "event.type", operator: "equal", value: "SHORTAGE" }),
    actions: [{ type: "ESCALATE_EXCEPTION", assignee: "planning-lead" }],
  }, by);
}

async function seedToday(s: Services, today: Date, random: () => number) {
  const week = (n: number) => new Date(today.getTime() + n * 7 * DAY);
  for (const [material, , mean] of SHIPPED) {
    for (let w = 1; w <= 8; w++) {
      const quantity = String(Math.round(mean * 5 * 1.3 * (0.9 + 0.2 * random())));
      await s.mps.create({ materialCode: material, warehouseCode: "PLANT-1", quantity, dueDate: week(w), source: "FORECAST", reference: `FC-${material}-W${w}` }, by);
    }
    for (const [w, quantity, customer] of [[1, 40, "4711"], [2, 65, "4718"], [3, 30, "4730"]] as const) {
      await s.mps.create({ materialCode: material, warehouseCode: "PLANT-1", quantity: String(quantity), dueDate: week(w), source: "SALES_ORDER", reference: `SO-${customer}` }, by);
    }
  }
  await s.purchaseOrders.sync({ number: "PO-DEMO-1001", materialCode: "RELAY-10A", warehouseCode: "PLANT-1", quantity: "600", dueDate: week(2), supplier: "Elektron Components GmbH" }, by);
  await s.purchaseOrders.sync({ number: "PO-DEMO-1002", materialCode: "STAINLESS-08", warehouseCode: "PLANT-1", quantity: "350", dueDate: week(1), supplier: "Nordic Metals AB" }, by);
  // classes, safety stocks and reorder points from the history, before the plan that uses them
  await s.inventoryPolicies.recomputeAll(by);
  await s.mrp.start({ warehouseCode: "PLANT-1", bucket: "WEEK", horizonBuckets: 12, startDate: today }, by);
  await s.mrp.drain();
  await seedRules(s);

  const board = (quantity: string) => s.workOrders.create({ materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity, dueDate: week(1) }, by);
  const through = async (workOrderId: number, quantity: string, sequences: number[]) => {
    for (const sequence of sequences) {
      await s.workOrders.startOperation({ id: workOrderId }, sequence, by);
      await s.workOrders.completeOperation({ id: workOrderId, sequence, goodQuantity: quantity }, by);
    }
  };
  const closed = await board("10");
  await through(closed.workOrderId, "10", [10, 20]);
  await s.workOrders.close({ id: closed.workOrderId }, by);
  await through((await board("8")).workOrderId, "8", [10, 20]); // completed
  await through((await board("12")).workOrderId, "12", [10]); // in progress
  await board("15"); // released
  await s.workOrders.cancel({ id: (await board("5")).workOrderId }, by);
  // too few components for a batch of toasters: SHORT, with a SHORTAGE exception
  await s.workOrders.create({ materialCode: "TOASTER-2S", warehouseCode: "PLANT-1", quantity: "50", dueDate: week(1) }, by);

  // two of the demo devices (demo-plant.ts DEVICES) past their thresholds: the SMT line too humid, the DC hall too warm
  await sensorInAlarm(s, "CLIMATE-SMT", "PLANT-1", "humidity", "%", [52, 55, 58, 61, 64]);
  await sensorInAlarm(s, "TEMP-DC", "DC-1", "temperature", "C", [24, 26, 28, 31, 33]);
}

/** A registered sensor's last readings, one every ten minutes up to now; the last ones out of its threshold's range. */
async function sensorInAlarm(s: Services, deviceCode: string, warehouseCode: string, metric: string, unit: string, values: number[]) {
  const sensor = await s.devices.forMessage(deviceCode, warehouseCode);
  const start = Date.now() - values.length * 600_000;
  await s.devices.recordReadings(sensor, values.map((value, i) => ({ metric, value, unit, recordedAt: new Date(start + (i + 1) * 600_000) })));
}

const startOfDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const yymmdd = (d: Date) => d.toISOString().slice(2, 10).replace(/-/g, "");
