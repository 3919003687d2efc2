/**
 * The demo plant with data of every kind in the warehouses a DC-1-limited identity must not see: PLANT-1
 * (work orders, one SHORT with its SHORTAGE exception, lot genealogy, an MRP run with its plan, demand, a
 * purchase order, a device with an alarm and an EQUIPMENT exception, a shelf scale with a STOCK_MISMATCH, a work center
 * down with its EQUIPMENT exception, a dead-lettered scan, a count session in review, a pick list) and a third
 * warehouse STORE-9 with a transfer from PLANT-1; standard costs that give the plant's stock a value; PLANT-1's
 * shortage policy, a global one naming PLANT-1 as a transfer source, a lane PLANT-1 → STORE-9; weeks of demand in
 * PLANT-1 (posted at their dates, as the demo's history) and the inventory policies and classes computed from it.
 * All made through the real hub (admin token, MQTT).
 * `markers` lists what belongs only to them: texts, and ids by GraphQL type.
 */
import { randomUUID } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import { SYSTEM } from "../../src/auth/principal";
import { atTime } from "../../src/runtime/clock";
import { until } from "../support/until";
import { startTestHub, type TestHub } from "../support/test-hub";

export const BROKER = "mqtt://127.0.0.1:1883";

export interface OtherWarehouses {
  t: TestHub;
  device: MqttClient;
  prefix: string;
  /** values of the other warehouses, to send as arguments */
  refs: {
    workOrder: string; workOrderId: number; shortWorkOrder: string; transfer: string; runId: number; forecastRunId: number; mpsLineId: number;
    exceptionId: number; alarmId: number; deadLetterId: number; purchaseOrder: string; plannedOrderId: number; equipmentFailureId: number; equipmentExceptionId: number;
    purchaseSuggestionId: number; plannedTransferId: number; deviceCode: string; scannerCode: string; shelfCode: string; lot: { materialCode: string; lotCode: string }; producedLot: { materialCode: string; lotCode: string };
    countSession: string; countSessionId: number; pickList: string; pickListId: number; ruleId: number;
  };
  /** texts that appear only in the other warehouses' data */
  texts: string[];
  /** ids by GraphQL type that belong only to the other warehouses */
  ids: Map<string, Set<string>>;
}

const ok = <T>(res: { errors?: readonly unknown[]; data?: T | null }, what: string): T => {
  if (res.errors) throw new Error(`${what}: ${JSON.stringify(res.errors)}`);
  return res.data!;
};

export async function startOtherWarehouses(extraEnv: Record<string, string> = {}): Promise<OtherWarehouses> {
  const prefix = `scope-${randomUUID().slice(0, 8)}`;
  const device = await mqtt.connectAsync(BROKER, { connectTimeout: 5000, reconnectPeriod: 0 });
  const t = await startTestHub({ demo: true, env: { MQTT_URL: BROKER, MQTT_TOPIC_PREFIX: prefix, ...extraEnv } });
  try {
    return await fillOtherWarehouses(t, device, prefix);
  } catch (e) {
    // a failed set-up must not leave the hub and the device client running into the next test file
    await stopOtherWarehouses({ t, device } as OtherWarehouses);
    throw e;
  }
}

async function fillOtherWarehouses(t: TestHub, device: MqttClient, prefix: string): Promise<OtherWarehouses> {
  const gql = async <T = any>(query: string, variables: Record<string, unknown> = {}) => ok<T & any>(await t.gql(query, variables), query.slice(0, 60));
  const one = async <T>(sql: string, params: unknown[] = []) => (await t.db.sql.query<T>(sql, params))[0];

  // a third warehouse, so that a transfer can run between two warehouses both outside DC-1
  const store = await one<{ id: number }>(`INSERT INTO warehouse (code, name, kind) VALUES ('STORE-9', 'Outlet store nine', 'STORE') RETURNING id`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name, kind) VALUES ($1, 'S-01', 'Store shelf', 'STORAGE')`, [store.id]);

  // lot genealogy: a PCBA-CTRL order consumes a solder paste lot and makes a PCBA-CTRL lot
  await gql(`mutation { receiveStock(input: { materialCode: "PCB-BLANK", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "10" }) { replayed } }`);
  const made = await gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "2" }) { workOrder { id number status operations { sequence } } } }`);
  const workOrder = made.createWorkOrder.workOrder;
  if (workOrder.status !== "RELEASED") throw new Error(`work order ${workOrder.number} is ${workOrder.status}`);
  // through every operation of the board's routing: the last one backflushes and receives the board
  for (const { sequence } of workOrder.operations) {
    await gql(`mutation($n: String!, $s: Int!) { startOperation(number: $n, sequence: $s) { workOrder { status } } }`, { n: workOrder.number, s: sequence });
    await gql(`mutation($n: String!, $s: Int!) { completeOperation(input: { number: $n, sequence: $s, goodQuantity: "2" }) { workOrder { status } } }`, { n: workOrder.number, s: sequence });
  }
  const consumed = await one<{ code: string }>(
    `SELECT lot.code FROM stock_ledger_entry e JOIN lot ON lot.id = e.lot_id JOIN material m ON m.id = e.material_id
      WHERE e.work_order_id = $1 AND m.code = 'SOLDER-PASTE' LIMIT 1`,
    [Number(workOrder.id)],
  );
  const produced = await one<{ code: string }>(`SELECT code FROM lot WHERE work_order_id = $1`, [Number(workOrder.id)]);
  // a SHORT order and its SHORTAGE exception
  const short = (await gql(`mutation { createWorkOrder(input: { materialCode: "TOASTER-2S", warehouseCode: "PLANT-1", quantity: "1" }) { workOrder { number status } } }`))
    .createWorkOrder.workOrder;
  // a transfer between two warehouses outside DC-1, shipped
  const transfer = (await gql(`mutation { createTransfer(input: { materialCode: "MCU-8BIT", fromWarehouseCode: "PLANT-1", toWarehouseCode: "STORE-9", quantity: "5" }) { transferOrder { number } } }`))
    .createTransfer.transferOrder.number;
  await gql(`mutation($n: String!) { shipTransfer(input: { number: $n, quantity: "2" }) { replayed } }`, { n: transfer });
  // demand, a purchase order and an MRP run with its plan
  const mps = await gql(`mutation { createMpsLine(input: { materialCode: "KETTLE-17", warehouseCode: "PLANT-1", quantity: "40", dueDate: "2030-01-07T00:00:00Z", reference: "SO-PLANT-4711" }) { id } }`);
  await gql(`mutation { syncPurchaseOrder(input: { number: "PO-PLANT-77", materialCode: "RELAY-10A", warehouseCode: "PLANT-1", quantity: "100", dueDate: "2030-01-01T00:00:00Z", supplier: "Relay Supplier GmbH" }) { number } }`);
  // planned with STORE-9 (a lane PLANT-1 → STORE-9): the store's demand is a planned transfer from the plant's surplus
  await gql(`mutation { setTransitLane(input: { fromWarehouseCode: "PLANT-1", toWarehouseCode: "STORE-9", transitDays: 2 }) { transitDays } }`);
  await gql(`mutation { createMaterial(input: { code: "LAMP-9", name: "Desk lamp", uomCode: "EA", type: BUY, leadTimeDays: 5 }) { code } }`);
  await gql(`mutation { receiveStock(input: { materialCode: "LAMP-9", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "50" }) { replayed } }`);
  await gql(`mutation { createMpsLine(input: { materialCode: "LAMP-9", warehouseCode: "STORE-9", quantity: "3", dueDate: "2030-01-14T00:00:00Z" }) { id } }`);
  const run = await gql(`mutation { startMrpRun(input: { warehouseCodes: ["PLANT-1", "STORE-9"], bucket: WEEK, horizonBuckets: 8, startDate: "2029-12-31T00:00:00Z" }) { id } }`);
  const runId = Number(run.startMrpRun.id);
  await until(async () => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM mrp_run WHERE group_id = $1 AND status = 'COMPLETED'`, [runId])).n === 2, "the PLANT-1 and STORE-9 MRP run");
  const plannedTransfer = await until(() => one<{ id: number }>(`SELECT id FROM planned_transfer WHERE source_run_id = $1`, [runId]), "the planned transfer PLANT-1 → STORE-9");
  // a forecast of PLANT-1 from 10 weeks of relay issues, with a planner's override
  for (let week = 1; week <= 10; week++) {
    await t.db.sql.query(
      `INSERT INTO stock_ledger_entry (posted_at, type, material_id, warehouse_id, location_id, quantity, posted_by)
       SELECT timestamp '2029-12-31' - make_interval(days => 7 * $1), 'ISSUE', m.id, l.warehouse_id, l.id, -12, 'history'
         FROM material m, location l JOIN warehouse w ON w.id = l.warehouse_id WHERE m.code = 'RELAY-10A' AND w.code = 'PLANT-1' AND l.code = 'A-03'`,
      [week],
    );
  }
  const forecast = await gql(`mutation { startForecastRun(input: { warehouseCodes: ["PLANT-1"], historyBuckets: 10, horizonBuckets: 4, holdOutBuckets: 3, asOf: "2029-12-31T00:00:00Z" }) { id } }`);
  const forecastRunId = Number(forecast.startForecastRun[0].id);
  await until(async () => (await one<{ status: string }>(`SELECT status::text FROM forecast_run WHERE id = $1`, [forecastRunId])).status === "COMPLETED", "the PLANT-1 forecast run");
  await gql(`mutation { setForecastOverride(input: { materialCode: "RELAY-10A", warehouseCode: "PLANT-1", bucketStart: "2030-01-07T00:00:00Z", quantity: "17", note: "PLANT-1 promotion 4711" }) { removed } }`);
  // a sensor with an alarm (and its EQUIPMENT exception), a scanner whose refused scan is a dead letter
  const deviceCode = "PLANT-SENSOR-1";
  const scannerCode = "PLANT-SCAN-1";
  await gql(`mutation($c: String!) { registerDevice(input: { code: $c, name: "Oven probe", kind: SENSOR, warehouseCode: "PLANT-1", locationCode: "LINE-1" }) { id } }`, { c: deviceCode });
  await gql(`mutation($c: String!) { setSensorThreshold(input: { deviceCode: $c, metric: "temperature", high: 80, severity: CRITICAL }) { id } }`, { c: deviceCode });
  await gql(`mutation($c: String!) { registerDevice(input: { code: $c, name: "Rack scanner", kind: BARCODE_SCANNER, warehouseCode: "PLANT-1", locationCode: "A-03" }) { id } }`, { c: scannerCode });
  await until(async () => (await gql(`{ connectors { state } }`)).connectors[0]?.state === "UP", "the MQTT connector");
  const topic = (code: string, kind: string) => `${prefix}/PLANT-1/devices/${code}/${kind}`;
  await device.publishAsync(topic(deviceCode, "readings"), JSON.stringify({ metric: "temperature", value: 99.5 }), { qos: 1 });
  await device.publishAsync(topic(scannerCode, "scans"), JSON.stringify({ scanId: "plant-scan-1", code: "RELAY-10A", action: "ISSUE", quantity: "1500" }), { qos: 1 });
  // a shelf scale that reports its battery and disagrees with the stock booked under it (a STOCK_MISMATCH)
  const shelfCode = "PLANT-SHELF-1";
  await gql(`mutation { updateMaterial(code: "RELAY-10A", input: { unitWeight: "0.012" }) { unitWeight } }`);
  await gql(`mutation($c: String!) { registerDevice(input: { code: $c, name: "Relay shelf scale", kind: WEIGHT_SENSOR, warehouseCode: "PLANT-1", locationCode: "A-03", materialCode: "RELAY-10A", expectedIntervalSeconds: 3600 }) { id } }`, { c: shelfCode });
  await device.publishAsync(topic(shelfCode, "readings"), JSON.stringify({ metric: "weight", value: 1.5, unit: "kg", battery: 57.5 }), { qos: 1 });
  const alarm = await until(() => one<{ id: number }>(`SELECT id FROM alarm`), "the PLANT-1 alarm");
  await until(() => one<{ id: number }>(`SELECT id FROM exception WHERE type = 'STOCK_MISMATCH'`), "the PLANT-1 stock mismatch");
  // the toaster line's packing station down: the SHORT toaster order's packing operation is blocked
  const failure = await gql(`mutation { reportEquipmentFailure(input: { workCenterCode: "EOL-1", warehouseCode: "PLANT-1", description: "PLANT-1 carton sealer jammed" }) { failure { id exceptionId } } }`);
  const letter = await until(() => one<{ id: number }>(`SELECT id FROM dead_letter WHERE payload->>'topic' = $1`, [topic(scannerCode, "scans")]), "the dead-lettered scan");

  // standard costs on a material stocked only in PLANT-1 and on one stocked in both: the stock values that
  // the plant's stock adds (by material, by ABC class) must not reach DC-1 (nor must the warehouse's own line)
  for (const [code, cost] of [["COPPER-FOIL", "0.4173"], ["MCU-8BIT", "2.0719"]]) {
    await gql(`mutation($c: String!, $v: Decimal!) { setStandardCost(input: { materialCode: $c, cost: $v, currency: "EUR" }) { cost } }`, { c: code, v: cost });
  }
  const values = async (filter: string) =>
    (await Promise.all(["MATERIAL", "ABC_CLASS"].map(async (g) => (await gql(`{ inventoryValue(groupBy: ${g}${filter}) { value } }`)).inventoryValue)))
      .flat()
      .map((l: { value: string }) => l.value);
  const dcValues = new Set(await values(`, warehouseCode: "DC-1"`));
  // only values with three or more decimals are searched for: a short number could turn up anywhere
  const plantValues = [...new Set((await values("")).filter((v) => !dcValues.has(v) && /\.\d{3,}$/.test(v)))];
  if (plantValues.length < 2) throw new Error(`no stock values that tell the plant's apart: ${plantValues}`);

  // a count session in review (its bin blocked) and a pick list of a released order
  await gql(`mutation { createLocation(input: { warehouseCode: "PLANT-1", code: "CNT-1", name: "Counted bin" }) { code } }`);
  await gql(`mutation { receiveStock(input: { materialCode: "RELAY-10A", warehouseCode: "PLANT-1", locationCode: "CNT-1", quantity: "3" }) { replayed } }`);
  const count = (await gql(`mutation { createCountSession(input: { warehouseCode: "PLANT-1", locationCodes: ["CNT-1"], note: "Plant recount 4711" }) { countSession { id number } } }`))
    .createCountSession.countSession;
  await gql(`mutation($n: String!) { startCountSession(number: $n) { replayed } }`, { n: count.number });
  for (let round = 0; round < 2; round++) {
    await gql(`mutation($n: String!) { recordCount(input: { number: $n, locationCode: "CNT-1", materialCode: "RELAY-10A", countedQuantity: "2" }) { replayed } }`, { n: count.number });
    await gql(`mutation($n: String!) { submitCountSession(number: $n) { replayed } }`, { n: count.number });
  }
  const picked = (await gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "1" }) { workOrder { number status } } }`)).createWorkOrder.workOrder;
  if (picked.status !== "RELEASED") throw new Error(`work order ${picked.number} is ${picked.status}`);
  const pick = (await gql(`mutation($n: String!) { createPickList(input: { workOrderNumber: $n }) { pickList { id number } } }`, { n: picked.number })).createPickList.pickList;
  // shortage policies: PLANT-1's own, and a global one naming PLANT-1 as a transfer source (SUGGEST_ONLY: nothing
  // acts on DC-1's shortages); the lane between two warehouses outside DC-1 is set above
  await gql(`mutation { setShortagePolicy(input: { warehouseCode: "PLANT-1", mode: AUTO, transferSources: ["STORE-9"] }) { id } }`);
  await gql(`mutation { setShortagePolicy(input: { mode: SUGGEST_ONLY, transferSources: ["PLANT-1", "DC-1"] }) { id } }`);
  // four past weeks of cable used in PLANT-1, and its safety stock and reorder point computed (with every material's classes)
  for (let week = 1; week <= 4; week++) {
    await atTime(new Date(Date.now() - week * 7 * 86_400_000), () =>
      t.hub.services.stock.issue({ materialCode: "CABLE-3X075", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: String(10 * week) }, SYSTEM));
  }
  const policies = await gql(`mutation { recomputeInventoryPolicies(input: { historyBuckets: 8 }) { policies } }`);
  if (policies.recomputeInventoryPolicies.policies < 1) throw new Error("no inventory policy computed in PLANT-1");

  const ids = new Map<string, Set<string>>();
  const add = async (type: string, sql: string) => ids.set(type, new Set([...(ids.get(type) ?? []), ...(await t.db.sql.query<{ id: number }>(sql)).map((r) => String(r.id))]));
  const OTHER = `(SELECT id FROM warehouse WHERE code <> 'DC-1')`;
  await add("Warehouse", `SELECT id FROM warehouse WHERE id IN ${OTHER}`);
  await add("Location", `SELECT id FROM location WHERE warehouse_id IN ${OTHER}`);
  await add("StockBalance", `SELECT b.id FROM stock_balance b JOIN location l ON l.id = b.location_id WHERE l.warehouse_id IN ${OTHER}`);
  // a PLANT-1 rule that has fired once (on a stock.low of PLANT-1, written as the stock area writes it)
  const rule = ok(await t.gql(`mutation($input: RuleInput!) { createRule(input: $input) { id } }`, {
    input: { name: "Plant reorder rule 4711", warehouseCode: "PLANT-1", topic: "stock.low", actions: [{ type: "NOTIFY", message: "plant rule note 4711" }] },
  }), "plant rule") as { createRule: { id: string } };
  await t.db.sql.query(
    `INSERT INTO event (topic, payload) SELECT 'stock.low', jsonb_build_object('materialId', m.id, 'materialCode', m.code, 'warehouseId', w.id, 'warehouseCode', w.code, 'available', '1', 'safetyStock', '5')
       FROM material m, warehouse w WHERE m.code = 'RELAY-10A' AND w.code = 'PLANT-1'`,
  );
  await until(async () => (await t.db.sql.query(`SELECT 1 FROM rule_firing WHERE rule_id = $1`, [Number(rule.createRule.id)])).length > 0, "the plant rule's firing");
  await add("Rule", `SELECT id FROM rule WHERE warehouse_id IN ${OTHER}`);
  await add("RuleFiring", `SELECT id FROM rule_firing WHERE warehouse_id IN ${OTHER}`);
  await add("StockLedgerEntry", `SELECT id FROM stock_ledger_entry WHERE warehouse_id IN ${OTHER}`);
  await add("WorkOrder", `SELECT id FROM work_order WHERE warehouse_id IN ${OTHER}`);
  await add("TransferOrder", `SELECT id FROM transfer_order WHERE from_warehouse_id IN ${OTHER} AND to_warehouse_id IN ${OTHER}`);
  await add("MrpRun", `SELECT id FROM mrp_run WHERE warehouse_id IN ${OTHER}`);
  await add("ForecastRun", `SELECT id FROM forecast_run WHERE warehouse_id IN ${OTHER}`);
  await add("MpsLine", `SELECT id FROM mps_line WHERE warehouse_id IN ${OTHER}`);
  await add("Exception", `SELECT id FROM exception WHERE warehouse_id IN ${OTHER}`);
  await add("PurchaseOrder", `SELECT id FROM purchase_order WHERE warehouse_id IN ${OTHER}`);
  await add("PlannedSupply", `SELECT id FROM planned_order WHERE warehouse_id IN ${OTHER} UNION SELECT id FROM purchase_suggestion WHERE warehouse_id IN ${OTHER}`);
  await add("Device", `SELECT id FROM device WHERE warehouse_id IN ${OTHER}`);
  await add("SensorThreshold", `SELECT s.id FROM sensor_threshold s JOIN device d ON d.id = s.device_id WHERE d.warehouse_id IN ${OTHER}`);
  await add("Alarm", `SELECT a.id FROM alarm a JOIN device d ON d.id = a.device_id WHERE d.warehouse_id IN ${OTHER}`);
  await add("EquipmentFailure", `SELECT id FROM equipment_failure WHERE warehouse_id IN ${OTHER}`);
  await add("DeadLetter", `SELECT id FROM dead_letter`);
  await add("ShortagePolicy", `SELECT id FROM shortage_policy WHERE warehouse_id IN ${OTHER}`);
  await add("CountSession", `SELECT id FROM count_session WHERE warehouse_id IN ${OTHER}`);
  await add("CountLine", `SELECT l.id FROM count_line l JOIN count_session s ON s.id = l.count_session_id WHERE s.warehouse_id IN ${OTHER}`);
  await add("PickList", `SELECT id FROM pick_list WHERE warehouse_id IN ${OTHER}`);
  await add("PlannedTransfer", `SELECT id FROM planned_transfer WHERE from_warehouse_id IN ${OTHER} OR to_warehouse_id IN ${OTHER}`);
  await add("PickLine", `SELECT l.id FROM pick_line l JOIN pick_list p ON p.id = l.pick_list_id WHERE p.warehouse_id IN ${OTHER}`);
  const plannedOrder = await one<{ id: number }>(`SELECT id FROM planned_order WHERE mrp_run_id = $1 ORDER BY id LIMIT 1`, [runId]);
  const suggestion = await one<{ id: number }>(`SELECT id FROM purchase_suggestion WHERE mrp_run_id = $1 ORDER BY id LIMIT 1`, [runId]);
  const exception = await one<{ id: number }>(`SELECT id FROM exception WHERE work_order_id IS NOT NULL AND warehouse_id IN ${OTHER} LIMIT 1`);
  const numbers = (await t.db.sql.query<{ n: string }>(
    `SELECT number AS n FROM work_order WHERE warehouse_id IN ${OTHER} UNION SELECT number FROM transfer_order UNION SELECT number FROM purchase_order`,
  )).map((r) => r.n);
  return {
    t,
    device,
    prefix,
    refs: {
      workOrder: workOrder.number, workOrderId: Number(workOrder.id), shortWorkOrder: short.number, transfer, runId, forecastRunId, mpsLineId: Number(mps.createMpsLine.id),
      exceptionId: exception.id, alarmId: alarm.id, deadLetterId: letter.id, purchaseOrder: "PO-PLANT-77", plannedOrderId: plannedOrder.id,
      purchaseSuggestionId: suggestion.id, plannedTransferId: plannedTransfer.id, equipmentFailureId: Number(failure.reportEquipmentFailure.failure.id),
      equipmentExceptionId: Number(failure.reportEquipmentFailure.failure.exceptionId), deviceCode, scannerCode, shelfCode, lot: { materialCode: "SOLDER-PASTE", lotCode: consumed.code },
      producedLot: { materialCode: "PCBA-CTRL", lotCode: produced.code },
      countSession: count.number, countSessionId: Number(count.id), pickList: pick.number, pickListId: Number(pick.id), ruleId: Number(rule.createRule.id),
    },
    texts: [
      "PLANT-1", "Main plant", "carton sealer", "STORE-9", "Outlet store nine", "SO-PLANT-4711", "Relay Supplier GmbH", "Plant recount 4711", "CNT-1", "PLANT-1 promotion 4711",
      deviceCode, scannerCode, shelfCode, "Relay shelf scale", "Plant reorder rule 4711", "plant rule note 4711", count.number, pick.number, ...numbers, ...plantValues,
    ],
    ids,
  };
}

export async function stopOtherWarehouses(o: OtherWarehouses | undefined): Promise<void> {
  await o?.device.endAsync();
  await o?.t.stop();
}
