/**
 * The Devices and Integrations pages in a real browser over the demo plant, with the hub's embedded MQTT broker
 * and a device client on it:
 * - Devices: health and thresholds, a reading published over MQTT drawn live (sensorReadingsRecorded) and
 *   clearing its alarm live (alarmCleared), an alarm acknowledged, a threshold refused (low above high) then set;
 * - Integrations: connector health, kept live (connectorHealthChanged): a message from an unregistered device,
 *   published while the page is open, turns the MQTT connector Degraded and its dead letter appears without a
 *   reload or Refresh; replayed in vain, then — the device registered through the graph — replayed through.
 */
import mqtt, { type MqttClient } from "mqtt";
import { openConsoleBrowser, type ConsoleBrowser } from "./console-browser";
import { settle, trackRequests } from "./settle";

let c: ConsoleBrowser;
let device: MqttClient;
let prefix: string;
beforeAll(async () => {
  c = await openConsoleBrowser({ hub: { demo: "living", env: { MQTT_EMBEDDED: "true", MQTT_EMBEDDED_PORT: "0" } } });
  device = await mqtt.connectAsync(c.t.hub.mqttBrokerUrl!, { connectTimeout: 5000, reconnectPeriod: 0 });
  prefix = c.t.config.mqttEmbedded!.topicPrefix;
  trackRequests(c.page);
  await c.signIn();
}, 300_000);
afterAll(async () => {
  await device?.endAsync();
  await c?.close();
});

const publish = (warehouse: string, code: string, body: unknown) =>
  device.publishAsync(`${prefix}/${warehouse}/devices/${code}/readings`, JSON.stringify(body), { qos: 1 });

test("devices: a reading over MQTT is drawn and clears its alarm live; acknowledge an alarm; set a threshold", async () => {
  const { page } = c;
  await settle(page);
  await c.open("devices?device=CLIMATE-SMT");
  await page.getByRole("heading", { name: "Devices", level: 1 }).waitFor();
  await page.getByRole("table", { name: "Devices and their health" }).getByRole("button", { name: "Show TEMP-DC" }).waitFor();
  const alarms = page.getByRole("table", { name: "Open alarms" });
  await alarms.getByRole("row").filter({ hasText: "CLIMATE-SMT · humidity" }).waitFor();
  await page.getByRole("img", { name: /^humidity of CLIMATE-SMT, latest \d+ readings$/ }).waitFor();
  await c.checkAccessibility();

  // back inside 30–60 %: drawn, and the alarm clears, without a reload
  await publish("PLANT-1", "CLIMATE-SMT", { metric: "humidity", value: 47.5, unit: "%" });
  await page.getByTestId("live-reading").getByText(/^Live: humidity 47\.5 at /).waitFor();
  await alarms.getByRole("row").filter({ hasText: "CLIMATE-SMT · humidity" }).waitFor({ state: "detached" });

  const dc = alarms.getByRole("row").filter({ hasText: "TEMP-DC · temperature" });
  await dc.getByRole("button", { name: "Acknowledge" }).click();
  await dc.getByText(/^Acknowledged /).waitFor();

  const form = page.getByRole("form", { name: "Set threshold" });
  await form.getByLabel("Low").fill("70");
  await form.getByLabel("High").fill("20");
  await form.getByRole("button", { name: "Set threshold" }).click();
  await form.getByRole("alert").getByText("Some input is not valid.").waitFor();
  await form.getByLabel("Low").fill("35");
  await form.getByLabel("High").fill("55");
  await form.getByRole("button", { name: "Set threshold" }).click();
  await form.getByText("Threshold of humidity saved.").waitFor();
  await page.getByRole("table", { name: "Thresholds" }).getByRole("row").filter({ hasText: "55" }).waitFor();
  await c.checkAccessibility();
  await c.screenshot("devices");
  c.expectClean();
}, 180_000);

test("integrations: connector health live; a dead letter replayed in vain, then through once its device is registered", async () => {
  const { page, t } = c;
  await settle(page);
  await c.open("integrations");
  const mqttCard = page.getByRole("article").filter({ has: page.getByRole("heading", { name: /^MQTT devices/ }) });
  await mqttCard.waitFor();
  await settle(page);
  await publish("PLANT-1", "PROBE-NEW", { metric: "temperature", value: 21 });
  await mqttCard.getByText("Degraded", { exact: true }).waitFor();
  const letters = page.getByRole("table", { name: /dead letters?$/ });
  const letter = letters.getByRole("row").filter({ hasText: "PROBE-NEW" });
  await letter.waitFor();
  await c.checkAccessibility();

  const id = (await letter.getByRole("cell").first().innerText()).trim();
  await letter.getByRole("button", { name: `Replay ${id}` }).click();
  await page.getByText(new RegExp(`^Dead letter ${id} failed again: .*PROBE-NEW is not registered`)).waitFor();

  const registered = await t.gql(`mutation { registerDevice(input: { code: "PROBE-NEW", name: "New probe", kind: SENSOR, warehouseCode: "PLANT-1" }) { code } }`);
  expect(registered.errors).toBeUndefined();
  await letter.getByRole("button", { name: `Replay ${id}` }).click();
  await page.getByText(`Dead letter ${id} went through and is gone.`).waitFor();
  await letter.waitFor({ state: "detached" });
  await c.screenshot("integrations");

  await c.setLanguage("zh");
  await page.getByRole("heading", { name: "集成", level: 1 }).waitFor();
  await page.getByRole("heading", { name: /^MQTT 设备/ }).waitFor();
  await c.checkAccessibility();
  await c.setLanguage("en");
  c.expectClean();
}, 180_000);
