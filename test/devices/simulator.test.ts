/**
 * The demo plant's devices and the simulator (`npm run simulate`) against a hub with its embedded broker:
 * the simulator publishes, the hub records readings and posts scans; its excursions raise alarms and stock
 * mismatches.
 */
import { DEVICES } from "../../src/demo/demo-plant";
import { simulateDevices, type SimulatorOptions } from "../../src/demo/device-simulator";
import { until } from "../support/until";
import { startDeviceHub, type DeviceHub } from "./device-fixture";

let h: DeviceHub;
let simulator: Pick<SimulatorOptions, "url" | "topicPrefix" | "rate">;
beforeAll(async () => {
  h = await startDeviceHub({ demo: true, demoDevices: true });
  simulator = { url: h.t.hub.mqttBrokerUrl!, topicPrefix: h.t.config.mqttEmbedded!.topicPrefix, rate: 1000 };
}, 120_000);
afterAll(() => h?.stop());

const sensors = DEVICES.filter((d) => d.kind === "SENSOR");
const shelves = DEVICES.filter((d) => d.kind === "WEIGHT_SENSOR");
const readers = DEVICES.filter((d) => d.kind === "RFID_READER" || d.kind === "BARCODE_SCANNER");

test("the demo devices are registered, with thresholds, shelves on materials with unit weights", async () => {
  const res = await h.t.gql(`{ devices { code kind warehouseCode locationCode materialCode thresholds { metric low high severity } health { expectedIntervalSeconds } } }`);
  expect(res.data.devices.map((d: { code: string }) => d.code)).toEqual(DEVICES.map((d) => d.code).sort());
  const smt = res.data.devices.find((d: { code: string }) => d.code === "CLIMATE-SMT");
  expect(smt).toMatchObject({ kind: "SENSOR", warehouseCode: "PLANT-1", locationCode: "LINE-2", health: { expectedIntervalSeconds: 30 } });
  expect(smt.thresholds).toEqual([
    { metric: "humidity", low: 30, high: 60, severity: "CRITICAL" },
    { metric: "temperature", low: 18, high: 28, severity: "WARNING" },
  ]);
  expect(res.data.devices.find((d: { code: string }) => d.code === "SHELF-A03-RELAY")).toMatchObject({ kind: "WEIGHT_SENSOR", locationCode: "A-03", materialCode: "RELAY-10A" });
  expect((await h.t.gql(`{ material(code: "RELAY-10A") { unitWeight } }`)).data.material.unitWeight).toBe("0.012");
});

test("a calm run: every reading is recorded, every scan posted, the shelves agree with the booked stock, nothing is raised", async () => {
  const rounds = 4;
  const before = { stainless: await onHandOf("STAINLESS-08", "A-01"), feet: await onHandOf("FEET-RUBBER", "A-02") };
  const summary = await simulateDevices({ ...simulator, messages: DEVICES.length * rounds, excursionChance: 0, seed: 7 });
  expect(summary).toEqual({
    messages: DEVICES.length * rounds, readings: expect.any(Number), scans: readers.length * rounds, scansOk: readers.length * rounds, scansRefused: 0, excursions: 0,
  });
  await until(async () => (await h.count(`sensor_reading`)) === summary.readings, `${summary.readings} readings`);
  expect(summary.readings).toBe(rounds * (shelves.length + sensors.reduce((n, s) => n + s.signals!.length, 0)));
  for (const r of readers) expect(await h.count(`stock_ledger_entry WHERE note = $1`, [`scan by ${r.code}`])).toBeGreaterThanOrEqual(rounds);
  // the readers' moves come back: stock where it was
  expect({ stainless: await onHandOf("STAINLESS-08", "A-01"), feet: await onHandOf("FEET-RUBBER", "A-02") }).toEqual(before);
  expect({ alarms: await h.count(`alarm`), exceptions: await h.count(`exception`), deadLetters: await h.count(`dead_letter`) }).toEqual({ alarms: 0, exceptions: 0, deadLetters: 0 });

  const { devices } = (await h.t.gql(`{ devices { code kind health { lastSeenAt silent battery messagesPerMinute } } }`)).data;
  for (const d of devices) {
    expect(d.health).toMatchObject({ lastSeenAt: expect.any(String), silent: false, messagesPerMinute: rounds / 5 });
    if (d.kind === "SENSOR" || d.kind === "WEIGHT_SENSOR") expect(d.health.battery).toBeGreaterThan(70);
    else expect(d.health.battery).toBeNull();
  }
});

test("excursions: sensors leave their ranges (alarms, the critical humidity also an EQUIPMENT exception), shelves lose items unbooked (one STOCK_MISMATCH each)", async () => {
  const summary = await simulateDevices({ ...simulator, messages: DEVICES.length * 2, excursionChance: 1, seed: 11 });
  expect(summary.excursions).toBe(2 * (sensors.length + shelves.length));
  const metrics = sensors.reduce((n, s) => n + s.signals!.length, 0);
  await until(async () => (await h.count(`alarm WHERE cleared_at IS NULL`)) === metrics, `${metrics} open alarms`);
  await until(async () => (await h.count(`exception WHERE type = 'STOCK_MISMATCH' AND status = 'OPEN'`)) === shelves.length, `${shelves.length} stock mismatches`);
  expect(await h.count(`event WHERE topic = 'stock.mismatch'`)).toBe(shelves.length);
  expect(await h.count(`exception WHERE type = 'EQUIPMENT'`)).toBe(1);
  const { devices } = (await h.t.gql(`{ devices(kind: WEIGHT_SENSOR) { stockMismatch } }`)).data;
  expect(devices).toEqual(shelves.map(() => ({ stockMismatch: true })));
});

async function onHandOf(material: string, location: string): Promise<string> {
  const [row] = await h.t.db.sql.query<{ q: string }>(
    `SELECT COALESCE(sum(b.on_hand), 0)::text AS q FROM stock_balance b JOIN material m ON m.id = b.material_id JOIN location l ON l.id = b.location_id
      JOIN warehouse w ON w.id = l.warehouse_id WHERE m.code = $1 AND l.code = $2 AND w.code = 'PLANT-1'`,
    [material, location],
  );
  return row.q;
}
