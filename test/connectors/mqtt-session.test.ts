/**
 * MQTT sessions left behind: a hub that ran with MQTT_CLIENT_ID keeps a persistent session on the broker,
 * and that session stays a member of the shared subscription after the hub is gone — the broker queues a
 * share of the device messages for it. Real hubs against the real Mosquitto (127.0.0.1:1883), each test
 * with its own topic prefix and client ids.
 */
import { randomUUID } from "node:crypto";
import mqtt, { type IConnackPacket, type MqttClient } from "mqtt";
import { Role } from "../../src/auth/roles";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/database";
import { createLogger } from "../../src/logger";
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
    expect(replacement.logs().find((l) => l.msg.includes(oldId))).toMatchObject({ level: 30, clientId: oldId });
  } finally {
    await replacement.stop();
    await (await mqtt.connectAsync(BROKER, { clientId: oldId, clean: true, reconnectPeriod: 0 })).endAsync();
  }
}, 60_000);
