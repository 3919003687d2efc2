/**
 * COUNT scans from a reader over MQTT (Mosquitto at 127.0.0.1:1883): they go into the count session counting
 * the reader's location, each tag once; without one they are refused with NO_COUNT_SESSION on the result topic.
 */
import { randomUUID } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";
import { CREATE, GTIN, SESSION_QUERY, START, stockedLocation, tag } from "./count-fixture";

const BROKER = "mqtt://127.0.0.1:1883";
const PREFIX = `count-${randomUUID().slice(0, 8)}`;

let t: TestHub;
let device: MqttClient;
const results = new Map<string, { ok: boolean; code?: string }>();

beforeAll(async () => {
  device = await mqtt.connectAsync(BROKER, { connectTimeout: 5000, reconnectPeriod: 0 });
  device.on("message", (_topic, payload) => {
    const body = JSON.parse(payload.toString());
    results.set(body.scanId, body);
  });
  await device.subscribeAsync(`${PREFIX}/+/devices/+/scans/result`, { qos: 1 });
  t = await startTestHub({ demo: true, env: { MQTT_URL: BROKER, MQTT_TOPIC_PREFIX: PREFIX } });
  await stockedLocation(t, "C-05", { "RELAY-10A": "2" });
  await t.gql(`mutation { mapGtin(input: { gtin: "${GTIN}", materialCode: "RELAY-10A" }) { gtin } }`);
  const reader = await t.gql(`mutation { registerDevice(input: { code: "RF-C5", name: "Bin reader", kind: RFID_READER, warehouseCode: "PLANT-1", locationCode: "C-05" }) { code } }`);
  expect(reader.errors).toBeUndefined();
  await until(async () => (await t.gql(`{ connectors { state } }`)).data.connectors[0]?.state === "UP", "the MQTT connector");
}, 120_000);
afterAll(async () => {
  await device?.endAsync();
  await t?.stop();
});

const read = async (scanId: string, epc: string) => {
  await device.publishAsync(`${PREFIX}/PLANT-1/devices/RF-C5/scans`, JSON.stringify({ scanId, epc, action: "COUNT", quantity: "1" }), { qos: 1 });
  return until(() => results.get(scanId), `the answer to scan ${scanId}`);
};

test("a reader's COUNT scans go into the session counting its location, each tag once; none counting it: NO_COUNT_SESSION", async () => {
  expect(await read("r-0", tag(1))).toMatchObject({ ok: false, code: "NO_COUNT_SESSION" });

  const planner = await t.token([Role.PLANNER]);
  const number = (await t.gql(CREATE, { input: { warehouseCode: "PLANT-1", locationCodes: ["C-05"] } }, { auth: planner })).data.createCountSession.countSession.number;
  await t.gql(START, { number }, { auth: planner });
  for (const [scanId, serial] of [["r-1", 1], ["r-2", 2], ["r-3", 1]] as const) expect(await read(scanId, tag(serial))).toMatchObject({ ok: true });
  const lines = (await t.gql(SESSION_QUERY, { number }, { auth: planner })).data.countSession.lines;
  expect(lines).toEqual([expect.objectContaining({ material: { code: "RELAY-10A" }, tagsRead: 2, countedQuantity: "2", bookQuantity: "2", difference: "0" })]);
  // a COUNT scan posts nothing to the ledger
  const [{ n }] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM stock_ledger_entry WHERE type = 'COUNT'`);
  expect(n).toBe(0);
});
