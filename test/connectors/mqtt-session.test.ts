/**
 * MQTT sessions left behind: a hub that ran with MQTT_CLIENT_ID keeps a persistent session on the broker,
 * and that session stays a member of the shared subscription after the hub is gone — the broker queues a
 * share of the device messages for it. Real hubs against the real Mosquitto (127.0.0.1:1883), each test
 * with its own topic prefix and client ids.
 */
import { randomUUID } from "node:crypto";
import mqtt, { type IConnackPacket, type MqttClient } from "mqtt";
import { Role } from "../../src/auth/roles";
import { loadConfig } from "../../src/runtime/config";
import { forgetSessionCommand } from "../../src/connectors/mqtt/forget-session-command";
import { openDatabase } from "../../src/db/database";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { startTestHub, type LogLine, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const BROKER = "mqtt://127.0.0.1:1883";

let t: TestHub;
let device: MqttClient;

beforeAll(async () => {
  device = await mqtt.connectAsync(BROKER, { connectTimeout: 5000, reconnectPeriod: 0 }).catch((err: Error) => {
    throw new Error(`Mosquitto is not reachable at ${BROKER} (CI starts it): ${err.message}`);
  });
  // the database and the graph; the hubs under test share its database
  t = await startTestHub({ demo: true });
}, 120_000);
afterAll(async () => {
  await device?.endAsync();
  await t?.stop();
});

/** A hub with MQTT on the test database; its log lines are kept. */
async function startMqttHub(env: Record<string, string>) {
  const config = loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", AUTH_JWT_SECRET: "test-secret-test-secret-test-secret-0123", DATABASE_URL: t.config.databaseUrl, LOG_LEVEL: "info", MQTT_URL: BROKER, ...env });
  const db = await openDatabase({ url: t.config.databaseUrl!, poolSize: 4 });
  const lines: LogLine[] = [];
  const hub = await startHub({ config, db, log: createLogger(config, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) }) });
  return { hub, logs: () => [...lines], stop: async () => (await hub.stop(), await db.close()) };
}

const readingsOf = async (deviceCode: string) =>
  (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM sensor_reading r JOIN device d ON d.id = r.device_id WHERE d.code = $1`, [deviceCode]))[0].n;

async function register(code: string) {
  const res = await t.gql(`mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { code } }`, { input: { code, name: code, kind: "SENSOR", warehouseCode: "PLANT-1" } }, { auth: await t.token([Role.PLANNER]) });
  expect(res.errors).toBeUndefined();
}

async function publishReadings(prefix: string, deviceCode: string, from: number, to: number) {
  for (let i = from; i < to; i++) await device.publishAsync(`${prefix}/PLANT-1/devices/${deviceCode}/readings`, JSON.stringify({ metric: "count", value: i }), { qos: 1 });
}

/** Whether the broker holds a session for the client id; the probe leaves none behind. */
async function brokerHasSession(clientId: string): Promise<boolean> {
  const probe = mqtt.connect(BROKER, { clientId, clean: false, reconnectPeriod: 0 });
  const connack = await new Promise<IConnackPacket>((resolve, reject) => (probe.once("connect", resolve), probe.once("error", reject)));
  await probe.endAsync();
  await (await mqtt.connectAsync(BROKER, { clientId, clean: true, reconnectPeriod: 0 })).endAsync();
  return connack.sessionPresent;
}

/** What the broker keeps (retained) about the session of a client id: "online", "offline" or nothing. */
async function sessionRecord(prefix: string, clientId: string): Promise<string | null> {
  const reader = await mqtt.connectAsync(BROKER, { reconnectPeriod: 0 });
  const marker = `${prefix}/probe/${randomUUID()}`;
  let record: string | null = null;
  const done = new Promise<void>((resolve) => reader.on("message", (topic, payload) => (topic === marker ? resolve() : (record = payload.toString()))));
  await reader.subscribeAsync([`${prefix}/hub-sessions/${clientId}`, marker], { qos: 1 });
  await reader.publishAsync(marker, "", { qos: 1 });
  await done;
  await reader.endAsync();
  return record;
}

test("a hub without MQTT_CLIENT_ID that replaces one with it gets every device message, also those queued for the old session", async () => {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const oldId = `hub-old-${randomUUID().slice(0, 8)}`;
  await register("S-REPLACED");
  const persistent = await startMqttHub({ MQTT_TOPIC_PREFIX: prefix, MQTT_CLIENT_ID: oldId });
  await persistent.stop();
  // while no hub runs, the broker queues these for the persistent session
  await publishReadings(prefix, "S-REPLACED", 0, 10);
  const replacement = await startMqttHub({ MQTT_TOPIC_PREFIX: prefix });
  try {
    await publishReadings(prefix, "S-REPLACED", 10, 40);
    await until(async () => (await readingsOf("S-REPLACED")) === 40, "all 40 readings to be stored");
    expect(replacement.logs().filter((l) => l.clientId === oldId)).toEqual([
      expect.objectContaining({ level: 30, handled: 10, msg: `took over the MQTT session of client id ${oldId} (its hub is not running): handled the 10 messages it held and ended it` }),
    ]);
    expect(await sessionRecord(prefix, oldId)).toBeNull();
    expect(await brokerHasSession(oldId)).toBe(false);
  } finally {
    await replacement.stop();
    await (await mqtt.connectAsync(BROKER, { clientId: oldId, clean: true, reconnectPeriod: 0 })).endAsync();
  }
}, 60_000);

test("a hub that starts while another runs with MQTT_CLIENT_ID leaves that session alone, and the two split the messages", async () => {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const runningId = `hub-running-${randomUUID().slice(0, 8)}`;
  await register("S-SHARED");
  const running = await startMqttHub({ MQTT_TOPIC_PREFIX: prefix, MQTT_CLIENT_ID: runningId });
  try {
    expect(await sessionRecord(prefix, runningId)).toBe("online");
    const other = await startMqttHub({ MQTT_TOPIC_PREFIX: prefix });
    try {
      await publishReadings(prefix, "S-SHARED", 0, 20);
      await until(async () => (await readingsOf("S-SHARED")) === 20, "all 20 readings to be stored");
      expect(other.logs().filter((l) => l.clientId === runningId)).toEqual([]);
      // both took a share: the running hub's session was neither taken over nor ended
      const handledBy = async (hub: typeof running) => ((await hub.hub.connectors.health()).find((c) => c.name === "mqtt")?.succeeded ?? 0);
      expect(Math.min(await handledBy(running), await handledBy(other))).toBeGreaterThan(0);
    } finally {
      await other.stop();
    }
  } finally {
    await running.stop();
  }
  expect(await sessionRecord(prefix, runningId)).toBe("offline");
  await forgetSessionCommand([runningId, "--url", BROKER, "--prefix", prefix], {});
}, 60_000);

test("mqtt:forget-session ends a session no hub runs with any more, so that a running hub gets every message", async () => {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const goneId = `hub-gone-${randomUUID().slice(0, 8)}`;
  await register("S-FORGOTTEN");
  // a member of the shared group whose record still says online (its host vanished): no hub takes it over
  const gone = await mqtt.connectAsync(BROKER, { clientId: goneId, clean: false, reconnectPeriod: 0 });
  await gone.subscribeAsync(`$share/hub/${prefix}/+/devices/+/readings`, { qos: 1 });
  await gone.publishAsync(`${prefix}/hub-sessions/${goneId}`, "online", { qos: 1, retain: true });
  await gone.endAsync();
  const hub = await startMqttHub({ MQTT_TOPIC_PREFIX: prefix });
  try {
    await expect(forgetSessionCommand(["--url", BROKER], {})).rejects.toThrow(/^usage: npm run mqtt:forget-session -- <clientId>/);
    await expect(forgetSessionCommand([goneId], {})).rejects.toThrow(/^usage:/);
    expect(await forgetSessionCommand([goneId, `--prefix=${prefix}`], { MQTT_URL: BROKER })).toBe(`ended the MQTT session of client id ${goneId} at ${BROKER}`);
    expect(await sessionRecord(prefix, goneId)).toBeNull();
    await publishReadings(prefix, "S-FORGOTTEN", 0, 20);
    await until(async () => (await readingsOf("S-FORGOTTEN")) === 20, "all 20 readings to be stored");
    expect(await brokerHasSession(goneId)).toBe(false);
  } finally {
    await hub.stop();
  }
}, 60_000);
