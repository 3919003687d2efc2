/**
 * Equipment failures over the real server: a failed work center blocks the operations not finished there
 * (OPERATION_BLOCKED, nothing written) and raises an EQUIPMENT exception listing the stopped work orders
 * and their reservations; the repair unblocks them and resolves it. A CRITICAL alarm (over MQTT) of a
 * device that watches a work center reports a failure, once. Bad input and other warehouses write nothing.
 */
import { randomUUID } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";
import { codeOf, errorOf, fingerprint, outboxEnd, updates } from "./exception-fixture";

const BROKER = "mqtt://127.0.0.1:1883";
const PREFIX = `equipment-${randomUUID().slice(0, 8)}`;

let t: TestHub;
let device: MqttClient;
let floor: string;
beforeAll(async () => {
  device = await mqtt.connectAsync(BROKER, { connectTimeout: 5000, reconnectPeriod: 0 });
  t = await startTestHub({ demo: true, env: { MQTT_URL: BROKER, MQTT_TOPIC_PREFIX: PREFIX } });
  floor = await t.token([Role.STOREKEEPER], ["PLANT-1"]);
  await t.gql(`mutation { receiveStock(input: { materialCode: "PCB-BLANK", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "50" }) { replayed } }`);
}, 120_000);
afterAll(async () => {
  await device?.endAsync();
  await t?.stop();
});

const FAILURE = `failure { id workCenterCode warehouseCode workOrderId sequence description exceptionId alarmId reportedBy repairedAt repairedBy repairNote }
  exception { id type status severity cause message details resolutionNote links { kind ref } actions { action actor details } } replayed`;
const REPORT = `mutation($input: ReportEquipmentFailureInput!) { reportEquipmentFailure(input: $input) { ${FAILURE} } }`;
const REPAIRED = `mutation($id: ID!, $note: String) { reportEquipmentRepaired(id: $id, note: $note) { ${FAILURE} } }`;
const START = `mutation($n: String!, $s: Int!) { startOperation(number: $n, sequence: $s) { workOrder { status } } }`;
const COMPLETE = `mutation($n: String!, $s: Int!) { completeOperation(input: { number: $n, sequence: $s, goodQuantity: "2" }) { workOrder { status } } }`;
const ORDER = `query($n: String!) { workOrder(number: $n) { number operations { sequence status blockedByFailureId } materials { material { code } reserved } } }`;

async function workOrder(warehouseCode: string, operations?: { sequence: number; name: string }[]) {
  const res = await t.gql(`mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { workOrder { number status } } }`, {
    input: { materialCode: "PCBA-CTRL", warehouseCode, quantity: "2", operations },
  });
  expect(res.errors).toBeUndefined();
  return res.data.createWorkOrder.workOrder as { number: string; status: string };
}
const order = async (number: string) => (await t.gql(ORDER, { n: number })).data.workOrder;
const blockedBy = async (number: string) => Object.fromEntries((await order(number)).operations.map((o: any) => [o.sequence, o.blockedByFailureId]));

describe("a work center down in a warehouse", () => {
  let idle: string; // RELEASED, nothing started
  let running: string; // its SMT operation started
  let elsewhere: string; // DC-1's order at the same work center
  let first: any;

  beforeAll(async () => {
    idle = (await workOrder("PLANT-1")).number;
    running = (await workOrder("PLANT-1")).number;
    elsewhere = (await workOrder("DC-1")).number;
    expect((await t.gql(START, { n: running, s: 10 })).errors).toBeUndefined();
  });

  test("blocks the operations not finished there and raises an EQUIPMENT exception with the stopped orders and their reservations", async () => {
    const heard = updates(t.ws(), await outboxEnd(t), 1);
    const res = await t.gql(REPORT, { input: { workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: "reflow oven heater failed" } }, { auth: floor });
    expect(res.errors).toBeUndefined();
    first = res.data.reportEquipmentFailure;
    expect(first.failure).toMatchObject({ workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: "reflow oven heater failed", reportedBy: "user:test-storekeeper", repairedAt: null });
    expect(first.exception).toMatchObject({ type: "EQUIPMENT", status: "OPEN", severity: "CRITICAL", cause: "EQUIPMENT_BREAKDOWN" });
    expect(first.exception.message).toBe("work center SMT-1 in PLANT-1 is down: reflow oven heater failed (2 work order(s) stopped)");
    const reserved = async (n: string) => (await order(n)).materials.filter((m: any) => m.reserved !== "0").map((m: any) => ({ materialCode: m.material.code, reserved: m.reserved }));
    expect(first.exception.details).toEqual({
      workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: "reflow oven heater failed",
      affectedWorkOrders: [
        { workOrderNumber: idle, operations: [{ sequence: 10, name: "SMT placement and reflow", status: "PENDING" }], reservedMaterials: await reserved(idle) },
        { workOrderNumber: running, operations: [{ sequence: 10, name: "SMT placement and reflow", status: "STARTED" }], reservedMaterials: await reserved(running) },
      ],
    });
    expect((await reserved(idle)).length).toBeGreaterThan(3);
    expect(first.exception.links).toEqual([{ kind: "WORK_CENTER", ref: "SMT-1" }, { kind: "WORK_ORDER", ref: idle }, { kind: "WORK_ORDER", ref: running }]);
    expect(first.exception.actions).toEqual([
      { action: "FAILURE_REPORTED", actor: "user:test-storekeeper", details: { equipmentFailureId: Number(first.failure.id), description: "reflow oven heater failed", blocked: [{ workOrderNumber: idle, sequence: 10 }, { workOrderNumber: running, sequence: 10 }] } },
    ]);
    expect((await heard)[0].exceptionUpdated).toMatchObject({ exceptionId: first.exception.id, action: "FAILURE_REPORTED" });
    expect(await blockedBy(idle)).toEqual({ 10: first.failure.id, 20: null });
    expect(await blockedBy(running)).toEqual({ 10: first.failure.id, 20: null });
    expect(await blockedBy(elsewhere)).toEqual({ 10: null, 20: null });
  });

  test("a blocked operation neither starts nor completes: OPERATION_BLOCKED, nothing written", async () => {
    const before = await fingerprint(t);
    expect(errorOf(await t.gql(START, { n: idle, s: 10 }))).toMatchObject({ code: "OPERATION_BLOCKED", sequence: 10, equipmentFailureId: Number(first.failure.id) });
    expect(errorOf(await t.gql(COMPLETE, { n: running, s: 10 }))).toMatchObject({ code: "OPERATION_BLOCKED", equipmentFailureId: Number(first.failure.id) });
    expect(await fingerprint(t)).toEqual(before);
    expect((await t.gql(START, { n: elsewhere, s: 10 })).errors?.[0]?.extensions?.code).not.toBe("OPERATION_BLOCKED");
  });

  test("its exception cannot be resolved by hand while the failure is open", async () => {
    const before = await fingerprint(t);
    const res = await t.gql(`mutation($id: ID!) { resolveException(id: $id, note: "fine now") { status } }`, { id: first.exception.id });
    expect(errorOf(res)).toMatchObject({ code: "INVALID_STATE", openFailures: 1 });
    expect(await fingerprint(t)).toEqual(before);
  });

  test("a second failure there joins the exception; repairing the first leaves the operations to the second", async () => {
    const second = (await t.gql(REPORT, { input: { workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: "conveyor jammed too" } })).data.reportEquipmentFailure;
    expect(second.exception.id).toBe(first.exception.id);
    expect(second.exception.actions.map((a: any) => a.action)).toEqual(["FAILURE_REPORTED", "FAILURE_REPORTED"]);
    expect(second.exception.actions[1].details.blocked).toEqual([]); // already blocked by the first

    const repaired = (await t.gql(REPAIRED, { id: first.failure.id, note: "new heater element" }, { auth: floor })).data.reportEquipmentRepaired;
    expect(repaired.failure).toMatchObject({ repairedBy: "user:test-storekeeper", repairNote: "new heater element" });
    expect(repaired.exception.status).toBe("OPEN");
    expect(repaired.exception.actions[2]).toEqual({
      action: "EQUIPMENT_REPAIRED", actor: "user:test-storekeeper",
      details: { equipmentFailureId: Number(first.failure.id), note: "new heater element", stillBlockedBy: Number(second.failure.id), operations: [{ workOrderNumber: idle, sequence: 10 }, { workOrderNumber: running, sequence: 10 }] },
    });
    expect(await blockedBy(idle)).toEqual({ 10: second.failure.id, 20: null });
    expect(codeOf(await t.gql(START, { n: idle, s: 10 }))).toBe("OPERATION_BLOCKED");

    const heard = updates(t.ws(), await outboxEnd(t), 2, first.exception.id);
    const done = (await t.gql(REPAIRED, { id: second.failure.id })).data.reportEquipmentRepaired;
    expect(done.exception).toMatchObject({ status: "RESOLVED", resolutionNote: "repaired: conveyor jammed too" });
    expect((await heard).map((u) => u.exceptionUpdated.action)).toEqual(["EQUIPMENT_REPAIRED", "RESOLVED"]);
    expect(await blockedBy(idle)).toEqual({ 10: null, 20: null });
    expect((await t.gql(START, { n: idle, s: 10 })).errors).toBeUndefined();
    expect((await t.gql(COMPLETE, { n: running, s: 10 })).errors).toBeUndefined();

    const before = await fingerprint(t);
    expect(errorOf(await t.gql(REPAIRED, { id: second.failure.id }))).toMatchObject({ code: "INVALID_STATE" });
    expect(await fingerprint(t)).toEqual(before);
  });
});

describe("a work order made while its work center is down", () => {
  test("is blocked there from the start, named on the failure's exception, and freed by the repair", async () => {
    const down = (await t.gql(REPORT, { input: { workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: "pick-and-place nozzle broken" } })).data.reportEquipmentFailure;
    const made = (await workOrder("PLANT-1")).number;
    expect(await blockedBy(made)).toEqual({ 10: down.failure.id, 20: null });
    expect(errorOf(await t.gql(START, { n: made, s: 10 }))).toMatchObject({ code: "OPERATION_BLOCKED", equipmentFailureId: Number(down.failure.id) });
    const seen = (await t.gql(`query($id: ID!) { exception(id: $id) { links { kind ref } actions { action details } } }`, { id: down.exception.id })).data.exception;
    expect(seen.links).toContainEqual({ kind: "WORK_ORDER", ref: made });
    expect(seen.actions.at(-1)).toEqual({
      action: "WORK_ORDER_BLOCKED", details: { equipmentFailureId: Number(down.failure.id), workOrder: made, workCenterCode: "SMT-1", sequences: [10] },
    });
    // another warehouse's order at the same work center is not stopped
    expect(await blockedBy((await workOrder("DC-1")).number)).toEqual({ 10: null, 20: null });

    await t.gql(REPAIRED, { id: down.failure.id, note: "nozzle replaced" });
    expect(await blockedBy(made)).toEqual({ 10: null, 20: null });
    expect((await t.gql(START, { n: made, s: 10 })).errors).toBeUndefined();
  });
});

describe("many reports and repairs at once", () => {
  test("failures reported together at one work center share one exception; repaired together, it is resolved once", async () => {
    const { number } = await workOrder("DC-1");
    const reports = await Promise.all(
      Array.from({ length: 6 }, (_, i) => t.gql(REPORT, { input: { workCenterCode: "SMT-1", warehouseCode: "DC-1", description: `fault ${i}` } })),
    );
    expect(reports.map((r) => r.errors)).toEqual(reports.map(() => undefined));
    const failures = reports.map((r) => r.data.reportEquipmentFailure.failure.id);
    const exceptions = new Set(reports.map((r) => r.data.reportEquipmentFailure.exception.id));
    expect(exceptions.size).toBe(1);
    const [exceptionId] = exceptions;
    expect(failures).toContain((await blockedBy(number))[10]);

    const repairs = await Promise.all(failures.map((id) => t.gql(REPAIRED, { id, note: `fixed ${id}` })));
    expect(repairs.map((r) => r.errors)).toEqual(repairs.map(() => undefined));
    const e = (await t.gql(`query($id: ID!) { exception(id: $id) { status actions { action } equipmentFailures { repairedAt } } }`, { id: exceptionId })).data.exception;
    expect(e.status).toBe("RESOLVED");
    expect(e.actions.filter((a: any) => a.action === "RESOLVED")).toHaveLength(1);
    expect(e.actions.filter((a: any) => a.action === "FAILURE_REPORTED")).toHaveLength(6);
    expect(e.equipmentFailures.filter((f: any) => f.repairedAt === null)).toEqual([]);
    expect(await blockedBy(number)).toEqual({ 10: null, 20: null });
  });
});

describe("a failure named by its operation", () => {
  test("of an operation at a work center: that work center is down in the order's warehouse", async () => {
    const { number } = await workOrder("PLANT-1");
    const res = (await t.gql(REPORT, { input: { workOrderNumber: number, sequence: 20, description: "test bench probe broken" } })).data.reportEquipmentFailure;
    expect(res.failure).toMatchObject({ workCenterCode: "TEST-1", warehouseCode: "PLANT-1", workOrderId: null, sequence: null });
    expect(await blockedBy(number)).toEqual({ 10: null, 20: res.failure.id });
    expect((await t.gql(REPAIRED, { id: res.failure.id, note: "probe replaced" })).data.reportEquipmentRepaired.exception.status).toBe("RESOLVED");
  });

  test("of an operation without a work center: that operation alone", async () => {
    const { number } = await workOrder("PLANT-1", [{ sequence: 10, name: "Hand soldering" }]);
    const res = (await t.gql(REPORT, { input: { workOrderNumber: number, sequence: 10, description: "soldering iron dead" } })).data.reportEquipmentFailure;
    expect(res.failure).toMatchObject({ workCenterCode: null, sequence: 10 });
    expect(res.exception.message).toBe(`operation 10 of ${number} in PLANT-1 is down: soldering iron dead (1 work order(s) stopped)`);
    expect(codeOf(await t.gql(START, { n: number, s: 10 }))).toBe("OPERATION_BLOCKED");
    await t.gql(REPAIRED, { id: res.failure.id, note: "new iron" });
    expect((await t.gql(START, { n: number, s: 10 })).errors).toBeUndefined();
  });
});

describe("bad input and other warehouses: a typed error, nothing written", () => {
  let plantFailure: string;
  beforeAll(async () => {
    plantFailure = (await t.gql(REPORT, { input: { workCenterCode: "ASSY-1", warehouseCode: "PLANT-1", description: "torque driver broken" } })).data.reportEquipmentFailure.failure.id;
  });

  test.each([
    ["an unknown work center", { workCenterCode: "NOPE-9", warehouseCode: "PLANT-1", description: "x" }, { code: "NOT_FOUND", entity: "WorkCenter", key: "NOPE-9" }],
    ["a work center without its warehouse", { workCenterCode: "SMT-1", description: "x" }, { code: "BAD_USER_INPUT", field: "warehouseCode" }],
    ["neither a work center nor an operation", { description: "x" }, { code: "BAD_USER_INPUT", field: "workCenterCode" }],
    ["both", { workCenterCode: "SMT-1", warehouseCode: "PLANT-1", workOrderNumber: "WO-000001", sequence: 10, description: "x" }, { code: "BAD_USER_INPUT", field: "workOrderNumber" }],
    ["no description", { workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: "  " }, { code: "BAD_USER_INPUT", field: "description" }],
    ["an operation the order does not have", { workOrderNumber: "WO-000001", sequence: 99, description: "x" }, { code: "BAD_USER_INPUT", field: "sequence" }],
    ["an unknown work order", { workOrderNumber: "WO-999999", sequence: 10, description: "x" }, { code: "NOT_FOUND", entity: "WorkOrder" }],
    ["an unknown warehouse", { workCenterCode: "SMT-1", warehouseCode: "NOWHERE", description: "x" }, { code: "FORBIDDEN" }],
  ])("reporting %s", async (_what, input, expected) => {
    const before = await fingerprint(t);
    expect(errorOf(await t.gql(REPORT, { input }, { auth: floor }))).toMatchObject(expected);
    expect(await fingerprint(t)).toEqual(before);
  });

  test("an unknown failure, or another warehouse's, is NOT_FOUND; another warehouse named by code is FORBIDDEN", async () => {
    const dc = await t.token([Role.STOREKEEPER, Role.PLANNER], ["DC-1"]);
    const before = await fingerprint(t);
    expect(errorOf(await t.gql(REPAIRED, { id: "999999" }))).toMatchObject({ code: "NOT_FOUND", entity: "EquipmentFailure" });
    expect(errorOf(await t.gql(REPAIRED, { id: plantFailure }, { auth: dc }))).toMatchObject({ code: "NOT_FOUND", message: `EquipmentFailure "${plantFailure}" does not exist` });
    expect(codeOf(await t.gql(REPORT, { input: { workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: "x" } }, { auth: dc }))).toBe("FORBIDDEN");
    expect(codeOf(await t.gql(REPORT, { input: { workOrderNumber: "WO-000001", sequence: 10, description: "x" } }, { auth: dc }))).toBe("NOT_FOUND");
    expect(codeOf(await t.gql(REPORT, { input: { workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: "x" } }, { auth: await t.token([Role.VIEWER]) }))).toBe("FORBIDDEN");
    expect(await fingerprint(t)).toEqual(before);
  });
});

describe("a CRITICAL alarm of a device that watches a work center", () => {
  const publish = (code: string, value: number) =>
    device.publishAsync(`${PREFIX}/PLANT-1/devices/${code}/readings`, JSON.stringify({ metric: "temperature", value }), { qos: 1 });
  const failuresOfAlarms = (code: string) =>
    t.db.sql.query<{ id: number; alarmId: number; exceptionId: number }>(
      `SELECT f.id, f.alarm_id AS "alarmId", f.exception_id AS "exceptionId" FROM equipment_failure f JOIN device d ON d.id = f.device_id WHERE d.code = $1`,
      [code],
    );
  const register = async (code: string, severity: "CRITICAL" | "WARNING", workCenterCode?: string) => {
    const planner = await t.token([Role.PLANNER]);
    expect((await t.gql(`mutation($c: String!) { registerDevice(input: { code: $c, name: "Oven probe", kind: SENSOR, warehouseCode: "PLANT-1", locationCode: "LINE-2" }) { id } }`, { c: code }, { auth: planner })).errors).toBeUndefined();
    expect((await t.gql(`mutation($c: String!, $s: Severity!) { setSensorThreshold(input: { deviceCode: $c, metric: "temperature", high: 80, severity: $s }) { id } }`, { c: code, s: severity }, { auth: planner })).errors).toBeUndefined();
    if (workCenterCode) {
      const tied = await t.gql(`mutation($c: String!, $w: String) { setDeviceWorkCenter(deviceCode: $c, workCenterCode: $w) { deviceCode workCenterCode } }`, { c: code, w: workCenterCode }, { auth: planner });
      expect(tied.data.setDeviceWorkCenter).toEqual({ deviceCode: code, workCenterCode });
    }
  };

  beforeAll(async () => {
    await until(async () => (await t.gql(`{ connectors { state } }`)).data.connectors[0]?.state === "UP", "the MQTT connector");
  });

  test("reports a failure there on the alarm's exception, once, and its repair resolves it", async () => {
    const { number } = await workOrder("PLANT-1");
    await register("OVEN-PROBE-1", "CRITICAL", "SMT-1");
    await publish("OVEN-PROBE-1", 99.5);
    const [failure] = await until(async () => {
      const found = await failuresOfAlarms("OVEN-PROBE-1");
      return found.length ? found : null;
    }, "the alarm's failure");
    expect(await blockedBy(number)).toEqual({ 10: String(failure.id), 20: null });
    const e = (await t.gql(`query($id: ID!) { exception(id: $id) { type cause details links { kind ref } equipmentFailures { id workCenterCode alarmId reportedBy } } }`, { id: failure.exceptionId })).data.exception;
    expect(e).toMatchObject({ type: "EQUIPMENT", cause: "EQUIPMENT_BREAKDOWN" });
    expect(e.details).toMatchObject({ alarmId: failure.alarmId, deviceCode: "OVEN-PROBE-1", workCenterCode: "SMT-1", affectedWorkOrders: expect.arrayContaining([expect.objectContaining({ workOrderNumber: number })]) });
    expect(e.links).toEqual(expect.arrayContaining([{ kind: "DEVICE", ref: "OVEN-PROBE-1" }, { kind: "ALARM", ref: String(failure.alarmId) }, { kind: "WORK_ORDER", ref: number }]));
    expect(e.equipmentFailures).toEqual([{ id: String(failure.id), workCenterCode: "SMT-1", alarmId: String(failure.alarmId), reportedBy: "system" }]);
    // the alarm raised that one exception: the failure went on it
    expect((await t.db.sql.query(`SELECT id FROM exception WHERE type = 'EQUIPMENT' AND details->>'alarmId' = $1`, [String(failure.alarmId)])).length).toBe(1);

    // the same event handled again (another instance, a replay) reports nothing more
    const [event] = await t.db.sql.query<{ payload: any }>(`SELECT payload FROM event WHERE topic = 'alarm.raised' AND (payload->>'alarmId')::int = $1`, [failure.alarmId]);
    expect(await t.hub.services.equipment.reportFromAlarm(event.payload)).toBeNull();
    expect(await failuresOfAlarms("OVEN-PROBE-1")).toHaveLength(1);

    const repaired = (await t.gql(REPAIRED, { id: String(failure.id), note: "fan replaced" })).data.reportEquipmentRepaired;
    expect(repaired.exception).toMatchObject({ status: "RESOLVED", resolutionNote: "fan replaced" });
    expect(await blockedBy(number)).toEqual({ 10: null, 20: null });
  });

  test("a WARNING alarm, or one of a device that watches no work center, reports no failure", async () => {
    await register("OVEN-PROBE-2", "WARNING", "SMT-1");
    await register("OVEN-PROBE-3", "CRITICAL");
    await publish("OVEN-PROBE-2", 95);
    await publish("OVEN-PROBE-3", 95);
    const raisedFor = async (code: string) =>
      (await t.db.sql.query<{ position: string }>(`SELECT position::text FROM event WHERE topic = 'alarm.raised' AND payload->>'deviceCode' = $1 AND position IS NOT NULL`, [code]))[0];
    const positions = await until(async () => {
      const [a, b] = [await raisedFor("OVEN-PROBE-2"), await raisedFor("OVEN-PROBE-3")];
      return a && b && Math.max(Number(a.position), Number(b.position));
    }, "both alarms published");
    await until(
      async () => Number((await t.db.sql.query<{ last: string }>(`SELECT last_event_id::text AS last FROM event_cursor WHERE name = 'alarm-failures'`))[0].last) >= positions,
      "the follower to pass both alarms",
    );
    expect(await failuresOfAlarms("OVEN-PROBE-2")).toEqual([]);
    expect(await failuresOfAlarms("OVEN-PROBE-3")).toEqual([]);
  });

  test("tying a device to a work center: an unknown work center or device is NOT_FOUND, another warehouse's device too", async () => {
    const tie = (c: string, w: string | null, auth?: string) =>
      t.gql(`mutation($c: String!, $w: String) { setDeviceWorkCenter(deviceCode: $c, workCenterCode: $w) { workCenterCode } }`, { c, w }, { auth });
    const before = await fingerprint(t);
    expect(errorOf(await tie("OVEN-PROBE-3", "NOPE-9"))).toMatchObject({ code: "NOT_FOUND", entity: "WorkCenter" });
    expect(errorOf(await tie("NO-SUCH-DEVICE", "SMT-1"))).toMatchObject({ code: "NOT_FOUND", entity: "Device" });
    expect(errorOf(await tie("OVEN-PROBE-3", "SMT-1", await t.token([Role.PLANNER], ["DC-1"])))).toMatchObject({ code: "NOT_FOUND", entity: "Device" });
    expect(await fingerprint(t)).toEqual(before);
    expect((await tie("OVEN-PROBE-1", null)).data.setDeviceWorkCenter).toEqual({ workCenterCode: null });
  });
});
