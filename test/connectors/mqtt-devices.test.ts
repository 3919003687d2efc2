/**
 * Plant devices over MQTT, end to end: a real client publishes to Mosquitto (127.0.0.1:1883, started by
 * CI), the hub's MQTT connector handles the messages against a real database, and the results are read
 * through the graph, the WebSocket subscriptions, the scan result topic and the tables.
 * Without a broker these tests fail: the client below cannot connect and the connector is not UP.
 */
import { randomUUID } from "node:crypto";
import type { Client } from "graphql-ws";
import mqtt, { type MqttClient } from "mqtt";
import { Role } from "../../src/auth/roles";
import { loadConfig } from "../../src/runtime/config";
import { forgetSession } from "../../src/connectors/mqtt/mqtt-sessions";
import { DEFAULT_RETRY } from "../../src/connectors/retry";
import { openDatabase } from "../../src/db/database";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { onHand } from "../stock/stock-fixture";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const BROKER = "mqtt://127.0.0.1:1883";
const PREFIX = `test-${randomUUID().slice(0, 8)}`;

let t: TestHub;
let device: MqttClient;
/** everything the hub answered on scan result topics */
const results: { topic: string; body: { scanId: string | null; ok: boolean; code?: string; message?: string } }[] = [];

beforeAll(async () => {
  device = await mqtt.connectAsync(BROKER, { connectTimeout: 5000, reconnectPeriod: 0 }).catch((err: Error) => {
    throw new Error(`Mosquitto is not reachable at ${BROKER} (CI starts it): ${err.message}`);
  });
  device.on("message", (topic, payload) => results.push({ topic, body: JSON.parse(payload.toString()) }));
  await device.subscribeAsync(`${PREFIX}/+/devices/+/scans/result`, { qos: 1 });
  t = await startTestHub({ demo: true, env: { MQTT_URL: BROKER, MQTT_TOPIC_PREFIX: PREFIX } });
}, 120_000);
afterAll(async () => {
  await device?.endAsync();
  await t?.stop();
});

const topic = (warehouse: string, deviceCode: string, kind: "readings" | "scans") => `${PREFIX}/${warehouse}/devices/${deviceCode}/${kind}`;
const publish = (to: string, body: unknown) => device.publishAsync(to, typeof body === "string" ? body : JSON.stringify(body), { qos: 1 });
const count = async (sql: string, params: unknown[] = []) => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
const readingsOf = (deviceCode: string) => count(`sensor_reading r JOIN device d ON d.id = r.device_id WHERE d.code = $1`, [deviceCode]);
const deadLettersAbout = (message: string) =>
  t.db.sql.query<{ id: number; payload: { topic: string; message: string }; error: string; attempts: number }>(
    `SELECT id, payload, error, attempts FROM dead_letter WHERE connector = 'mqtt' AND payload->>'message' = $1 ORDER BY id`,
    [message],
  );
const codes = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.map((e) => e.extensions?.code);
const health = async () => (await t.gql(`{ connectors { name state target succeeded failed deadLettered lastError } }`)).data.connectors;

const REGISTER = `mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { code name kind warehouseCode locationCode lastSeenAt } }`;
const THRESHOLD = `mutation($input: SetSensorThresholdInput!) { setSensorThreshold(input: $input) { deviceCode metric low high severity updatedBy } }`;
const REPLAY = `mutation($id: ID!) { replayDeadLetter(id: $id) { delivered deadLetter { error attempts } } }`;

async function register(code: string, kind: string, warehouseCode = "PLANT-1", locationCode?: string) {
  const res = await t.gql(REGISTER, { input: { code, name: `Device ${code}`, kind, warehouseCode, locationCode } }, { auth: await t.token([Role.PLANNER]) });
  expect(res.errors).toBeUndefined();
  return res.data.registerDevice;
}

/** Collects events of a subscription as they arrive. */
function collect(client: Client, query: string, variables: Record<string, unknown>) {
  const events: any[] = [];
  const errors: unknown[] = [];
  client.subscribe({ query, variables }, { next: (r) => (r.errors ? errors.push(r.errors) : events.push(r.data)), error: (e) => errors.push(e), complete: () => undefined });
  return { events, errors };
}
const lastEventId = async () => String((await t.db.sql.query<{ id: string }>(`SELECT COALESCE(max(position), 0)::text AS id FROM event`))[0].id);

test("the connector is UP and subscribed once the hub has started", async () => {
  expect(await health()).toEqual([{ name: "mqtt", state: "UP", target: BROKER, succeeded: 0, failed: 0, deadLettered: 0, lastError: null }]);
  const exposed = await (await fetch(t.hub.url.replace(/\/graphql$/, "/metrics"))).text();
  expect(exposed).toMatch(/^hub_connector_up\{connector="mqtt"\} 1$/m);
});

describe("devices and thresholds (master data)", () => {
  test("a device is registered, then updated by its code; the list shows it with its place", async () => {
    expect(await register("t-1", "SENSOR", "PLANT-1", "LINE-1")).toEqual({
      code: "T-1", name: "Device t-1", kind: "SENSOR", warehouseCode: "PLANT-1", locationCode: "LINE-1", lastSeenAt: null,
    });
    expect((await register("T-1", "SENSOR", "PLANT-1", "LINE-2")).locationCode).toBe("LINE-2");
    const list = await t.gql(`{ devices(warehouseCode: "PLANT-1") { code locationCode } }`, {}, { auth: await t.token([Role.VIEWER]) });
    expect(list.data.devices).toEqual([{ code: "T-1", locationCode: "LINE-2" }]);
    expect(await count(`audit_log WHERE entity = 'Device'`)).toBe(2);
  });

  test("bad registrations and thresholds are refused with the field at fault", async () => {
    const auth = await t.token([Role.PLANNER]);
    const bad = async (query: string, input: object) => {
      const res = await t.gql(query, { input }, { auth });
      return [res.errors?.[0].extensions?.code, res.errors?.[0].extensions?.field ?? res.errors?.[0].extensions?.entity];
    };
    expect(await bad(REGISTER, { code: "A/B", name: "x", kind: "SENSOR", warehouseCode: "PLANT-1" })).toEqual(["BAD_USER_INPUT", "code"]);
    expect(await bad(REGISTER, { code: "X-1", name: "x", kind: "SENSOR", warehouseCode: "NOWHERE" })).toEqual(["NOT_FOUND", "Warehouse"]);
    expect(await bad(REGISTER, { code: "X-1", name: "x", kind: "SENSOR", warehouseCode: "PLANT-1", locationCode: "B-01" })).toEqual(["NOT_FOUND", "Location"]);
    expect(await bad(THRESHOLD, { deviceCode: "T-1", metric: "temperature" })).toEqual(["BAD_USER_INPUT", "low"]);
    expect(await bad(THRESHOLD, { deviceCode: "T-1", metric: "temperature", low: 90, high: 80 })).toEqual(["BAD_USER_INPUT", "low"]);
    expect(await bad(THRESHOLD, { deviceCode: "T-1", metric: " ", high: 80 })).toEqual(["BAD_USER_INPUT", "metric"]);
    expect(await bad(THRESHOLD, { deviceCode: "NOPE", metric: "temperature", high: 80 })).toEqual(["NOT_FOUND", "Device"]);
    expect(await count(`device WHERE code = 'X-1'`)).toBe(0);
    expect(await count(`sensor_threshold`)).toBe(0);
  });

  test("who may do what: reading for all roles, master data for planners and integrations, acknowledging for the floor", async () => {
    const viewer = await t.token([Role.VIEWER]);
    const storekeeper = await t.token([Role.STOREKEEPER]);
    const register = { input: { code: "X-2", name: "x", kind: "SENSOR", warehouseCode: "PLANT-1" } };
    expect(codes(await t.gql(`{ devices { code } }`, {}, { auth: null }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await t.gql(`{ alarms { totalCount } }`, {}, { auth: null }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await t.gql(REGISTER, register, { auth: viewer }))).toEqual(["FORBIDDEN"]);
    expect(codes(await t.gql(REGISTER, register, { auth: storekeeper }))).toEqual(["FORBIDDEN"]);
    expect(codes(await t.gql(THRESHOLD, { input: { deviceCode: "T-1", metric: "temperature", high: 80 } }, { auth: storekeeper }))).toEqual(["FORBIDDEN"]);
    for (const role of [Role.VIEWER, Role.INTEGRATION]) {
      expect(codes(await t.gql(`mutation { acknowledgeAlarm(id: "1") { id } }`, {}, { auth: await t.token([role]) }))).toEqual(["FORBIDDEN"]);
    }
    expect(codes(await wsOnce(t.ws(null), `subscription { alarmRaised { eventId } }`))).toEqual(["UNAUTHENTICATED"]);
    // a planner limited to the distribution centre neither places devices in the plant nor sees them
    const dcPlanner = await t.token([Role.PLANNER], ["DC-1"]);
    expect(codes(await t.gql(REGISTER, register, { auth: dcPlanner }))).toEqual(["FORBIDDEN"]);
    expect((await t.gql(`{ devices { code } }`, {}, { auth: dcPlanner })).data.devices).toEqual([]);
    expect(await count(`device WHERE code = 'X-2'`)).toBe(0);
  });
});

describe("sensor readings", () => {
  test("a reading and a batch of readings are stored and the device is seen", async () => {
    await publish(topic("PLANT-1", "T-1", "readings"), { metric: "humidity", value: 41.5, unit: "%" });
    await publish(topic("PLANT-1", "T-1", "readings"), [
      { metric: "humidity", value: 42, unit: "%", at: "2026-01-05T10:00:00.000Z" },
      { metric: "pressure", value: 1013.2 },
    ]);
    await until(async () => (await readingsOf("T-1")) === 3, "3 readings of T-1");
    const rows = await t.db.prisma.sensorReading.findMany({ where: { device: { code: "T-1" } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.metric, r.value, r.unit])).toEqual([["humidity", 41.5, "%"], ["humidity", 42, "%"], ["pressure", 1013.2, null]]);
    expect(rows[1].recordedAt.toISOString()).toBe("2026-01-05T10:00:00.000Z");
    const [seen] = (await t.gql(`{ devices { code lastSeenAt } }`)).data.devices;
    expect(Date.parse(seen.lastSeenAt)).not.toBeNaN();
    expect(await health()).toMatchObject([{ state: "UP", succeeded: 2, failed: 0 }]);
  });

  test("bad messages go to the dead letters at once with a clear error, and nothing is stored", async () => {
    await register("DC-T-1", "SENSOR", "DC-1");
    await register("RF-PLAIN", "RFID_READER");
    // the earlier tests' readings are announced up to a second after they were stored (ReadingsAnnouncer): their events first
    await until(async () => ((await count(`reading_announcement`)) === 0 ? true : undefined), "the earlier readings announced");
    const before = { readings: await count(`sensor_reading`), alarms: await count(`alarm`), events: await count(`event`) };
    const sensor = topic("PLANT-1", "T-1", "readings");
    const cases: [to: string, message: string, error: string][] = [
      [sensor, "temperature=71.5", "BAD_USER_INPUT: the message is not JSON"],
      [sensor, JSON.stringify({ metric: "temperature", value: "hot" }), "BAD_USER_INPUT: value must be a finite number"],
      [sensor, JSON.stringify({ metric: "", value: 1 }), "BAD_USER_INPUT: metric must be text of 1 to 100 characters"],
      [sensor, JSON.stringify({ metric: "m".repeat(101), value: 1 }), "BAD_USER_INPUT: metric must be text of 1 to 100 characters"],
      [sensor, JSON.stringify({ metric: "temperature", value: 1, at: "2999-01-01T00:00:00Z" }), "BAD_USER_INPUT: at 2999-01-01T00:00:00Z is in the future (the device clock is wrong?)"],
      [sensor, JSON.stringify({ metric: "temperature", value: 1, at: "yesterday" }), "BAD_USER_INPUT: at must be an ISO date-time with a zone (Z or ±hh:mm)"],
      [sensor, JSON.stringify([]), "BAD_USER_INPUT: a message carries 1 to 1000 readings"],
      [sensor, JSON.stringify([{ metric: "temperature", value: 20 }, { metric: "temperature", value: null }]), "BAD_USER_INPUT: reading 1: value must be a finite number"],
      [topic("PLANT-1", "GHOST-1", "readings"), JSON.stringify({ metric: "temperature", value: 20.1 }), "NOT_FOUND: device GHOST-1 is not registered"],
      [topic("PLANT-1", "DC-T-1", "readings"), JSON.stringify({ metric: "temperature", value: 20.2 }), "FORBIDDEN: device DC-T-1 belongs to warehouse DC-1, not PLANT-1"],
      [topic("PLANT-1", "T-1", "scans"), JSON.stringify({ scanId: "x", code: "RELAY-10A", action: "COUNT", quantity: "1" }), "BAD_USER_INPUT: device T-1 is a SENSOR; this needs a RFID_READER or BARCODE_SCANNER"],
      [topic("PLANT-1", "RF-PLAIN", "scans"), JSON.stringify({ scanId: "y", code: "RELAY-10A", action: "COUNT", quantity: "1" }), "BAD_USER_INPUT: the scan names no locationCode and device RF-PLAIN has no location"],
    ];
    for (const [to, message] of cases) await publish(to, message);
    for (const [to, message, error] of cases) {
      const [letter] = await until(() => deadLettersAbout(message).then((l) => (l.length ? l : undefined)), `the dead letter of ${message}`);
      expect({ payload: letter.payload, error: letter.error, attempts: letter.attempts }).toEqual({ payload: { topic: to, message }, error, attempts: 1 });
    }
    expect({ readings: await count(`sensor_reading`), alarms: await count(`alarm`), events: await count(`event`) }).toEqual(before);
    expect(await health()).toMatchObject([{ state: "DEGRADED", failed: cases.length, deadLettered: cases.length, lastError: cases[cases.length - 1][2].replace(/^[A-Z_]+: /, "") }]);
    // the next good message brings it back UP
    await publish(sensor, { metric: "humidity", value: 40 });
    await until(async () => (await health())[0].state === "UP", "the connector to be UP again");
  });

  test("connectorHealthChanged pushes the health when a message fails and when the connector is UP again; lastError to identities limited to none", async () => {
    const HEALTH = `subscription { connectorHealthChanged { name state failed lastError } }`;
    const open = async () => {
      const text = await (await fetch(new URL("/metrics", t.hub.url))).text();
      return Number(text.split("\n").find((l) => l.startsWith("hub_subscriptions_open "))?.split(" ")[1] ?? 0);
    };
    const before = await open();
    const all = collect(t.ws(), HEALTH, {});
    const dc = collect(t.ws(await t.token([Role.VIEWER], ["DC-1"])), HEALTH, {});
    await until(async () => (await open()) >= before + 2, "both subscriptions to run");
    const { failed } = (await health())[0];
    const sensor = topic("PLANT-1", "T-1", "readings");
    await publish(sensor, "not json");
    await until(() => all.events.length >= 1 && dc.events.length >= 1, "the failure pushed");
    expect(all.events[0].connectorHealthChanged).toEqual({ name: "mqtt", state: "DEGRADED", failed: failed + 1, lastError: "the message is not JSON" });
    expect(dc.events[0].connectorHealthChanged).toEqual({ name: "mqtt", state: "DEGRADED", failed: failed + 1, lastError: null });
    // a success in a steady state is no news; the one that brings it back UP is
    await publish(sensor, { metric: "humidity", value: 40 });
    await until(() => all.events.length >= 2 && dc.events.length >= 2, "the return UP pushed");
    expect(all.events.map((e) => e.connectorHealthChanged.state)).toEqual(["DEGRADED", "UP"]);
    expect(dc.events.map((e) => e.connectorHealthChanged.lastError)).toEqual([null, null]);
    expect([...all.errors, ...dc.errors]).toEqual([]);
    expect(codes(await wsOnce(t.ws(null), HEALTH))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await wsOnce(t.ws(await t.token([])), HEALTH))).toEqual(["FORBIDDEN"]);
  });

  test("a dead letter replayed after its cause is fixed (the device registered) is delivered", async () => {
    const message = JSON.stringify({ metric: "temperature", value: 19.5, unit: "C" });
    await publish(topic("DC-1", "LATE-1", "readings"), message);
    const [letter] = await until(() => deadLettersAbout(message).then((l) => (l.length ? l : undefined)), "the dead letter of LATE-1");
    const auth = await t.token([Role.INTEGRATION]);
    const early = await t.gql(REPLAY, { id: String(letter.id) }, { auth });
    expect(early.data.replayDeadLetter).toEqual({ delivered: false, deadLetter: { error: "NOT_FOUND: device LATE-1 is not registered", attempts: 2 } });
    await register("LATE-1", "SENSOR", "DC-1");
    const res = await t.gql(REPLAY, { id: String(letter.id) }, { auth });
    expect(res.data.replayDeadLetter).toEqual({ delivered: true, deadLetter: null });
    expect(await readingsOf("LATE-1")).toBe(1);
    expect(await deadLettersAbout(message)).toEqual([]);
  });

  test("a failure of the hub itself (a table away) is retried, then kept; replayed once it is back, it is delivered", async () => {
    const message = JSON.stringify({ metric: "humidity", value: 55.5 });
    await t.db.sql.query(`ALTER TABLE sensor_reading RENAME TO sensor_reading_away`);
    try {
      await publish(topic("PLANT-1", "T-1", "readings"), message);
      const [letter] = await until(() => deadLettersAbout(message).then((l) => (l.length ? l : undefined)), "the dead letter after the retries");
      expect(letter.attempts).toBe(DEFAULT_RETRY.attempts);
      expect(letter.error).toMatch(/sensor_reading.* does not exist/);
    } finally {
      await t.db.sql.query(`ALTER TABLE sensor_reading_away RENAME TO sensor_reading`);
    }
    const [letter] = await deadLettersAbout(message);
    const res = await t.gql(REPLAY, { id: String(letter.id) }, { auth: await t.token([Role.INTEGRATION]) });
    expect(res.data.replayDeadLetter.delivered).toBe(true);
    expect(await count(`sensor_reading WHERE metric = 'humidity' AND value = 55.5`)).toBe(1);
  });
});

describe("thresholds and alarms", () => {
  const ALARM_RAISED = `subscription($w: String, $after: ID) { alarmRaised(warehouseCode: $w, afterEventId: $after) { eventId alarmId deviceCode warehouseCode metric severity value threshold message } }`;
  const ALARM_CLEARED = `subscription($w: String, $after: ID) { alarmCleared(warehouseCode: $w, afterEventId: $after) { alarmId deviceCode metric value } }`;
  const ALARMS = `query($open: Boolean) { alarms(open: $open, first: 10) { totalCount nodes { id deviceCode warehouseCode metric severity value threshold acknowledgedAt clearedAt } } }`;

  test("readings above the range raise one alarm, even when twenty arrive at once; the subscription receives it; back in range clears it", async () => {
    const planner = await t.token([Role.PLANNER]);
    const set = await t.gql(THRESHOLD, { input: { deviceCode: "T-1", metric: "temperature", low: 10, high: 80, severity: "CRITICAL" } }, { auth: planner });
    expect(set.data.setSensorThreshold).toEqual({ deviceCode: "T-1", metric: "temperature", low: 10, high: 80, severity: "CRITICAL", updatedBy: "user:test-planner" });
    const after = await lastEventId();
    const viewer = t.ws(await t.token([Role.VIEWER]));
    const raised = collect(viewer, ALARM_RAISED, { w: "PLANT-1", after });
    const elsewhere = collect(viewer, ALARM_RAISED, { w: "DC-1", after });
    const cleared = collect(viewer, ALARM_CLEARED, { w: "PLANT-1", after });

    const before = await readingsOf("T-1");
    await Promise.all(Array.from({ length: 20 }, (_, i) => publish(topic("PLANT-1", "T-1", "readings"), { metric: "temperature", value: 85 + i, unit: "C" })));
    await until(async () => (await readingsOf("T-1")) === before + 20, "20 more readings of T-1");
    await until(() => raised.events.length > 0, "alarmRaised over the WebSocket");

    const open = await t.gql(ALARMS, { open: true });
    expect(open.data.alarms.totalCount).toBe(1);
    const [alarm] = open.data.alarms.nodes;
    expect(alarm).toMatchObject({ deviceCode: "T-1", warehouseCode: "PLANT-1", metric: "temperature", severity: "CRITICAL", value: 85, threshold: 80, clearedAt: null });
    expect(raised.events).toEqual([
      { alarmRaised: { eventId: expect.any(String), alarmId: alarm.id, deviceCode: "T-1", warehouseCode: "PLANT-1", metric: "temperature", severity: "CRITICAL", value: 85, threshold: 80, message: "T-1: temperature 85 C is above the high limit 80" } },
    ]);
    expect(await count(`event WHERE topic = 'alarm.raised'`)).toBe(1);
    // CRITICAL: also an EQUIPMENT exception in the inbox
    const [exception] = await t.db.sql.query<{ severity: string; details: { alarmId: number } }>(`SELECT severity::text, details FROM exception WHERE type = 'EQUIPMENT'`);
    expect(exception).toEqual({ severity: "CRITICAL", details: { alarmId: Number(alarm.id), deviceCode: "T-1", metric: "temperature", value: 85, threshold: 80 } });

    await publish(topic("PLANT-1", "T-1", "readings"), { metric: "temperature", value: 60, unit: "C" });
    await until(() => cleared.events.length > 0, "alarmCleared over the WebSocket");
    expect(cleared.events).toEqual([{ alarmCleared: { alarmId: alarm.id, deviceCode: "T-1", metric: "temperature", value: 60 } }]);
    expect((await t.gql(ALARMS, { open: true })).data.alarms.totalCount).toBe(0);
    const closed = await t.gql(ALARMS, { open: false });
    expect(closed.data.alarms.nodes).toEqual([expect.objectContaining({ id: alarm.id, clearedAt: expect.any(String), acknowledgedAt: null })]);
    expect(elsewhere.events).toEqual([]);
    expect([raised.errors, cleared.errors, elsewhere.errors]).toEqual([[], [], []]);
  });

  test("below the range raises again; the floor acknowledges it (twice is harmless), a scoped storekeeper of another warehouse may not", async () => {
    await publish(topic("PLANT-1", "T-1", "readings"), { metric: "temperature", value: 3 });
    const open = await until(async () => (await t.gql(ALARMS, { open: true })).data.alarms.nodes[0], "the low alarm");
    expect(open).toMatchObject({ value: 3, threshold: 10 });
    const ACK = `mutation($id: ID!) { acknowledgeAlarm(id: $id) { id acknowledgedAt clearedAt } }`;
    const other = await t.gql(ACK, { id: open.id }, { auth: await t.token([Role.STOREKEEPER], ["DC-1"]) });
    expect(codes(other)).toEqual(["NOT_FOUND"]); // another warehouse's alarm looks missing
    const storekeeper = await t.token([Role.STOREKEEPER]);
    const ack = await t.gql(ACK, { id: open.id }, { auth: storekeeper });
    expect(ack.data.acknowledgeAlarm).toMatchObject({ id: open.id, clearedAt: null });
    const again = await t.gql(ACK, { id: open.id }, { auth: storekeeper });
    expect(again.data.acknowledgeAlarm.acknowledgedAt).toBe(ack.data.acknowledgeAlarm.acknowledgedAt);
    expect(codes(await t.gql(ACK, { id: "999999" }, { auth: storekeeper }))).toEqual(["NOT_FOUND"]);
  });

  test("twenty replays of out-of-range readings at the same time open one alarm", async () => {
    const message = (i: number) => JSON.stringify({ metric: "vibration", value: 12 + i / 10, unit: "mm/s" });
    await Promise.all(Array.from({ length: 20 }, (_, i) => publish(topic("PLANT-1", "PUMP-1", "readings"), message(i))));
    const letters = await until(async () => {
      const all = (await Promise.all(Array.from({ length: 20 }, (_, i) => deadLettersAbout(message(i))))).flat();
      return all.length === 20 ? all : undefined;
    }, "20 dead letters of PUMP-1");
    await register("PUMP-1", "SENSOR");
    const set = await t.gql(THRESHOLD, { input: { deviceCode: "PUMP-1", metric: "vibration", high: 7.1 } }, { auth: await t.token([Role.INTEGRATION]) });
    expect(set.data.setSensorThreshold.severity).toBe("WARNING");
    const auth = await t.token([Role.INTEGRATION]);
    const replays = await Promise.all(letters.map((l) => t.gql(REPLAY, { id: String(l.id) }, { auth })));
    expect(replays.map((r) => r.data?.replayDeadLetter.delivered)).toEqual(letters.map(() => true));
    expect(await readingsOf("PUMP-1")).toBe(20);
    expect(await count(`alarm a JOIN device d ON d.id = a.device_id WHERE d.code = 'PUMP-1'`)).toBe(1);
    expect(await count(`event WHERE topic = 'alarm.raised' AND payload->>'deviceCode' = 'PUMP-1'`)).toBe(1);
  });

  test("readings a device uploads late (stamped before the latest judged) are stored but do not raise alarms", async () => {
    await register("KILN-3", "SENSOR");
    await t.gql(THRESHOLD, { input: { deviceCode: "KILN-3", metric: "temperature", high: 900 } }, { auth: await t.token([Role.INTEGRATION]) });
    const kilnAlarms = `alarm a JOIN device d ON d.id = a.device_id WHERE d.code = 'KILN-3'`;
    await publish(topic("PLANT-1", "KILN-3", "readings"), { metric: "temperature", value: 850, at: "2026-01-05T10:05:00.000Z" });
    // what the kiln buffered while offline: too hot at 10:00, long over
    await publish(topic("PLANT-1", "KILN-3", "readings"), [
      { metric: "temperature", value: 950, at: "2026-01-05T10:00:00.000Z" },
      { metric: "temperature", value: 870, at: "2026-01-05T10:01:00.000Z" },
    ]);
    await until(async () => (await readingsOf("KILN-3")) === 3, "3 readings of KILN-3");
    expect(await count(kilnAlarms)).toBe(0);
    await publish(topic("PLANT-1", "KILN-3", "readings"), { metric: "temperature", value: 950, at: "2026-01-05T10:06:00.000Z" });
    await until(async () => (await count(kilnAlarms)) === 1, "the kiln's alarm for the 10:06 reading");
    await publish(topic("PLANT-1", "KILN-3", "readings"), { metric: "temperature", value: 800, at: "2026-01-05T10:07:00.000Z" });
    await until(async () => (await count(`${kilnAlarms} AND a.cleared_at IS NOT NULL`)) === 1, "the kiln's alarm to clear (the tests below count open alarms)");
  });

  test("a stamped reading delivered again is stored and judged once", async () => {
    await register("OVEN-2", "SENSOR");
    await t.gql(THRESHOLD, { input: { deviceCode: "OVEN-2", metric: "temperature", high: 200 } }, { auth: await t.token([Role.INTEGRATION]) });
    const hot = { metric: "temperature", value: 250, unit: "C", at: "2026-01-05T10:00:00.000Z" };
    const handled = (await health())[0].succeeded;
    for (let i = 0; i < 3; i++) await publish(topic("PLANT-1", "OVEN-2", "readings"), hot);
    await until(async () => (await health())[0].succeeded === handled + 3, "3 deliveries handled");
    expect(await readingsOf("OVEN-2")).toBe(1);
    const ovenAlarms = `alarm a JOIN device d ON d.id = a.device_id WHERE d.code = 'OVEN-2'`;
    expect(await count(ovenAlarms)).toBe(1);
    // back in range: the alarm clears (the tests below count open alarms)
    await publish(topic("PLANT-1", "OVEN-2", "readings"), { ...hot, value: 180, at: "2026-01-05T10:01:00.000Z" });
    await until(async () => (await count(`${ovenAlarms} AND a.cleared_at IS NOT NULL`)) === 1, "the oven's alarm to clear");
  });
});

describe("scans", () => {
  const ledgerOf = (deviceCode: string) => count(`stock_ledger_entry WHERE note = $1`, [`scan by ${deviceCode}`]);
  const answers = (scanId: string, n: number) => until(() => {
    const mine = results.filter((r) => r.body.scanId === scanId);
    return mine.length >= n ? mine : undefined;
  }, `${n} answers to scan ${scanId}`);

  test("a scan published three times posts once, at the reader's location, and each is answered ok", async () => {
    await register("RF-DOCK", "RFID_READER", "PLANT-1", "RECV");
    const scan = { scanId: "rx-1", epc: Buffer.from("RELAY-10A").toString("hex"), action: "RECEIVE", quantity: "5" };
    for (let i = 0; i < 3; i++) await publish(topic("PLANT-1", "RF-DOCK", "scans"), scan);
    const got = await answers("rx-1", 3);
    expect(got.map((r) => r.body)).toEqual([1, 2, 3].map(() => ({ scanId: "rx-1", ok: true })));
    expect(got[0].topic).toBe(`${topic("PLANT-1", "RF-DOCK", "scans")}/result`);
    expect(await ledgerOf("RF-DOCK")).toBe(1);
    expect(await onHand(t, "RELAY-10A", "PLANT-1", "RECV")).toBe("5");
    const [entry] = await t.db.sql.query<{ postedBy: string }>(`SELECT posted_by AS "postedBy" FROM stock_ledger_entry WHERE note = 'scan by RF-DOCK'`);
    expect(entry.postedBy).toBe("connector:mqtt");
  });

  test("a refused scan is answered with its code, dead-lettered, and writes no stock", async () => {
    await register("BC-7", "BARCODE_SCANNER", "PLANT-1");
    const before = await onHand(t, "RELAY-10A", "PLANT-1");
    const over = { scanId: 7001, code: "RELAY-10A", action: "ISSUE", quantity: "100000", locationCode: "A-03" };
    await publish(topic("PLANT-1", "BC-7", "scans"), over);
    const [answer] = await answers("7001", 1);
    expect(answer.body).toMatchObject({ scanId: "7001", ok: false, code: "INSUFFICIENT_STOCK" });
    // the answer goes out before the dead letter is written
    const [letter] = await until(() => deadLettersAbout(JSON.stringify(over)).then((l) => (l.length ? l : undefined)), "the dead letter");
    expect(letter.error).toMatch(/^INSUFFICIENT_STOCK: /);
    expect(letter.attempts).toBe(1);
    expect(await ledgerOf("BC-7")).toBe(0);
    expect(await onHand(t, "RELAY-10A", "PLANT-1")).toBe(before);
  });

  test("a scan id used again with other content is refused for good, not retried", async () => {
    const changed = { scanId: "rx-1", epc: Buffer.from("RELAY-10A").toString("hex"), action: "RECEIVE", quantity: "6" };
    const seen = results.length;
    await publish(topic("PLANT-1", "RF-DOCK", "scans"), changed);
    const answer = await until(() => results.slice(seen).find((r) => r.body.scanId === "rx-1"), "the answer to the changed scan");
    expect(answer.body).toEqual({ scanId: "rx-1", ok: false, code: "REFUSED", message: "scan rx-1 of RF-DOCK was already posted with different content" });
    // the answer goes out before the dead letter is written
    const [letter] = await until(() => deadLettersAbout(JSON.stringify(changed)).then((l) => (l.length ? l : undefined)), "the dead letter");
    expect(letter.attempts).toBe(1);
    expect(await ledgerOf("RF-DOCK")).toBe(1);
  });
});

test("with MQTT_CLIENT_ID the session persists: a scan sent while no hub is connected is posted once one is back", async () => {
  // its own topic prefix, so that the main hub's shared subscription does not take the message
  const prefix = `${PREFIX}-persist`;
  const env = { MQTT_URL: BROKER, MQTT_TOPIC_PREFIX: prefix, MQTT_CLIENT_ID: `hub-${randomUUID().slice(0, 8)}` };
  const startAnother = async () => {
    const config = loadConfig({ ...env, NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", AUTH_JWT_SECRET: "test-secret-test-secret-test-secret-0123", DATABASE_URL: t.config.databaseUrl });
    const db = await openDatabase({ url: t.config.databaseUrl!, poolSize: 4 });
    const hub = await startHub({ config, db, log: createLogger(config) });
    return { hub, stop: async () => (await hub.stop(), await db.close()) };
  };
  await register("RF-NIGHT", "RFID_READER", "PLANT-1", "RECV");
  const first = await startAnother();
  await first.stop();
  const ledger = () => count(`stock_ledger_entry WHERE note = 'scan by RF-NIGHT'`);
  await device.publishAsync(`${prefix}/PLANT-1/devices/RF-NIGHT/scans`, JSON.stringify({ scanId: "n-1", code: "RELAY-10A", action: "RECEIVE", quantity: "2" }), { qos: 1 });
  expect(await ledger()).toBe(0);
  const second = await startAnother();
  try {
    await until(async () => (await ledger()) === 1, "the scan queued by the broker to be posted");
  } finally {
    await second.stop();
    // drop the broker's session for that client id, and its record
    await forgetSession(BROKER, prefix, env.MQTT_CLIENT_ID);
  }
});

test("the graph shows the connector's counters", async () => {
  const [mqttHealth] = await health();
  expect(mqttHealth).toMatchObject({ name: "mqtt", state: expect.stringMatching(/^(UP|DEGRADED)$/), target: BROKER });
  expect(mqttHealth.succeeded).toBeGreaterThan(20);
  expect(mqttHealth.deadLettered).toBe(mqttHealth.failed);
});

test("with the broker unreachable the hub starts anyway and shows the connector DOWN", async () => {
  const closedPort = "mqtt://127.0.0.1:1";
  const other = await startTestHub({ env: { MQTT_URL: closedPort, MQTT_TOPIC_PREFIX: PREFIX } });
  try {
    const [down] = (await other.gql(`{ connectors { name state target lastError } }`)).data.connectors;
    expect(down).toMatchObject({ name: "mqtt", state: "DOWN", target: closedPort, lastError: expect.stringContaining("ECONNREFUSED") });
    const exposed = await (await fetch(other.hub.url.replace(/\/graphql$/, "/metrics"))).text();
    expect(exposed).toMatch(/^hub_connector_up\{connector="mqtt"\} 0$/m);
  } finally {
    await other.stop();
  }
}, 60_000);
