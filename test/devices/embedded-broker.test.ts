/**
 * Devices out of the box: without MQTT_URL the hub runs its own MQTT broker and its device connector listens
 * there. A device publishes a reading to that broker and a graphql-ws subscriber hears the alarm; no external
 * service is involved (MQTT_EMBEDDED on a free port).
 */
import { Role } from "../../src/auth/roles";
import { loadConfig } from "../../src/runtime/config";
import { until } from "../support/until";
import { collect, lastEventId, startDeviceHub, THRESHOLD, type DeviceHub } from "./device-fixture";

let h: DeviceHub;
beforeAll(async () => {
  h = await startDeviceHub({ demo: true });
}, 120_000);
afterAll(() => h?.stop());

test("the connector is UP on the embedded broker", async () => {
  const [mqtt] = (await h.t.gql(`{ connectors { name state target } }`)).data.connectors;
  expect(mqtt).toEqual({ name: "mqtt", state: "UP", target: h.t.hub.mqttBrokerUrl });
  expect(h.t.hub.mqttBrokerUrl).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
});

test("a reading published to the embedded broker raises an alarm that a subscriber hears", async () => {
  await h.register({ code: "OVEN-1", kind: "SENSOR", warehouseCode: "PLANT-1", locationCode: "LINE-1" });
  const set = await h.t.gql(THRESHOLD, { input: { deviceCode: "OVEN-1", metric: "temperature", high: 200 } }, { auth: await h.t.token([Role.PLANNER]) });
  expect(set.errors).toBeUndefined();
  const raised = collect(h.t.ws(await h.t.token([Role.VIEWER])), `subscription($after: ID) { alarmRaised(warehouseCode: "PLANT-1", afterEventId: $after) { kind deviceCode metric value threshold message } }`, {
    after: await lastEventId(h.t),
  });
  await h.publish("PLANT-1", "OVEN-1", "readings", { metric: "temperature", value: 231.5, unit: "C" });
  await until(() => raised.events.length > 0, "alarmRaised over graphql-ws");
  expect(raised.events).toEqual([
    { alarmRaised: { kind: "THRESHOLD", deviceCode: "OVEN-1", metric: "temperature", value: 231.5, threshold: 200, message: "OVEN-1: temperature 231.5 C is above the high limit 200" } },
  ]);
  expect(raised.errors).toEqual([]);
});

test("a scan through the embedded broker is posted and answered on its result topic", async () => {
  await h.register({ code: "GUN-1", kind: "BARCODE_SCANNER", warehouseCode: "PLANT-1", locationCode: "A-03" });
  const answers: unknown[] = [];
  h.device.on("message", (_topic, payload) => answers.push(JSON.parse(payload.toString())));
  await h.device.subscribeAsync(`${h.t.config.mqttEmbedded!.topicPrefix}/PLANT-1/devices/GUN-1/scans/result`, { qos: 1 });
  await h.publish("PLANT-1", "GUN-1", "scans", { scanId: "s-1", code: "RELAY-10A", action: "ISSUE", quantity: "2" });
  await until(() => answers.length > 0, "the scan's answer");
  expect(answers).toEqual([{ scanId: "s-1", ok: true }]);
  expect(await h.count(`stock_ledger_entry WHERE note = 'scan by GUN-1'`)).toBe(1);
});

describe("configuration", () => {
  const base = { AUTH_JWT_SECRET: "x".repeat(32) };
  test("npm start (development) without MQTT_URL runs the broker on 127.0.0.1:1884, beside a Mosquitto on 1883", () => {
    expect(loadConfig({ ...base }).mqttEmbedded).toEqual({ host: "127.0.0.1", port: 1884, topicPrefix: "hub" });
    expect(loadConfig({ ...base, MQTT_EMBEDDED_PORT: "0", MQTT_EMBEDDED_HOST: "0.0.0.0", MQTT_TOPIC_PREFIX: "site/a" }).mqttEmbedded).toEqual({ host: "0.0.0.0", port: 0, topicPrefix: "site/a" });
  });

  test("with MQTT_URL, in tests and in production it runs none unless asked", () => {
    expect(loadConfig({ ...base, MQTT_URL: "mqtt://broker:1883" }).mqttEmbedded).toBeUndefined();
    expect(loadConfig({ ...base, NODE_ENV: "test" }).mqttEmbedded).toBeUndefined();
    expect(loadConfig({ ...base, NODE_ENV: "production", DATABASE_URL: "postgres://db/hub" }).mqttEmbedded).toBeUndefined();
    expect(() => loadConfig({ ...base, MQTT_URL: "mqtt://broker:1883", MQTT_EMBEDDED: "true" })).toThrow(/MQTT_EMBEDDED=true: the hub runs its own broker only without MQTT_URL/);
    expect(() => loadConfig({ ...base, MQTT_EMBEDDED_PORT: "70000", DEVICE_SILENT_GRACE: "0.5" })).toThrow(/MQTT_EMBEDDED_PORT="70000"[\s\S]*DEVICE_SILENT_GRACE="0.5"/);
  });
});
