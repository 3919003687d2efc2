/**
 * A device's readings as a chart reads them: `sensorReadings` (its latest, oldest first, of one metric and since a
 * time if named) and `sensorReadingsRecorded` (every new reading once, about one event per device and second, scoped by warehouse),
 * over the real server and its embedded broker.
 */
import { Role } from "../../src/auth/roles";
import { until } from "../support/until";
import { collect, lastEventId, startDeviceHub, type DeviceHub } from "./device-fixture";

let h: DeviceHub;
beforeAll(async () => {
  h = await startDeviceHub({ demo: true });
  await h.register({ code: "OVEN-3", kind: "SENSOR", warehouseCode: "PLANT-1", locationCode: "LINE-1" });
}, 120_000);
afterAll(() => h?.stop());

const READINGS = `query($d: String!, $m: String, $from: DateTimeISO, $first: Int) {
  sensorReadings(deviceCode: $d, metric: $m, from: $from, first: $first) { metric value unit recordedAt } }`;
const at = (minute: number) => `2026-01-05T08:${String(minute).padStart(2, "0")}:00.000Z`;

test("the latest readings, oldest first; of one metric, since a time, as many as asked", async () => {
  await h.publish("PLANT-1", "OVEN-3", "readings", [
    { metric: "temperature", value: 180, unit: "C", at: at(1) },
    { metric: "humidity", value: 30, at: at(2) },
    { metric: "temperature", value: 182.5, unit: "C", at: at(3) },
    { metric: "temperature", value: 181, unit: "C", at: at(4) },
  ]);
  await until(async () => (await h.count(`sensor_reading r JOIN device d ON d.id = r.device_id WHERE d.code = 'OVEN-3'`)) === 4, "OVEN-3's readings");

  const all = await h.t.gql(READINGS, { d: "oven-3" });
  expect(all.data.sensorReadings.map((r: { value: number }) => r.value)).toEqual([180, 30, 182.5, 181]);
  expect(all.data.sensorReadings[0]).toEqual({ metric: "temperature", value: 180, unit: "C", recordedAt: at(1) });

  const latestTwo = await h.t.gql(READINGS, { d: "OVEN-3", m: "temperature", first: 2 });
  expect(latestTwo.data.sensorReadings.map((r: { recordedAt: string }) => r.recordedAt)).toEqual([at(3), at(4)]);
  const since = await h.t.gql(READINGS, { d: "OVEN-3", from: at(2) });
  expect(since.data.sensorReadings.map((r: { metric: string }) => r.metric)).toEqual(["humidity", "temperature", "temperature"]);
});

test("bad requests are typed errors: an unknown device, one of another warehouse, a bad page size or metric", async () => {
  const code = async (variables: Record<string, unknown>, auth?: string) => (await h.t.gql(READINGS, variables, auth ? { auth } : {})).errors?.[0]?.extensions?.code;
  expect(await code({ d: "NO-SUCH" })).toBe("NOT_FOUND");
  expect(await code({ d: "OVEN-3" }, await h.t.token([Role.VIEWER], ["DC-1"]))).toBe("NOT_FOUND");
  expect(await code({ d: "OVEN-3", first: 0 })).toBe("BAD_USER_INPUT");
  expect(await code({ d: "OVEN-3", m: " " })).toBe("BAD_USER_INPUT");
  expect(await code({ d: "bad code!" })).toBe("BAD_USER_INPUT");
});

test("sensorReadingsRecorded: every new reading once, in the order stored, of the device named, in the caller's warehouses only", async () => {
  const after = await lastEventId(h.t);
  const plant = collect(h.t.ws(await h.t.token([Role.VIEWER])), `subscription($after: ID) {
    sensorReadingsRecorded(deviceCode: "oven-3", afterEventId: $after) { deviceCode warehouseCode readings { metric value unit recordedAt } } }`, { after });
  const elsewhere = collect(h.t.ws(await h.t.token([Role.VIEWER], ["DC-1"])), `subscription($after: ID) {
    sensorReadingsRecorded(afterEventId: $after) { deviceCode } }`, { after });
  await h.register({ code: "OVEN-4", kind: "SENSOR", warehouseCode: "PLANT-1" });

  await h.publish("PLANT-1", "OVEN-4", "readings", { metric: "temperature", value: 20 });
  await h.publish("PLANT-1", "OVEN-3", "readings", [{ metric: "temperature", value: 190, unit: "C", at: at(10) }, { metric: "humidity", value: 31, at: at(10) }]);
  // delivered again: nothing new stored, nothing announced
  await h.publish("PLANT-1", "OVEN-3", "readings", { metric: "temperature", value: 190, unit: "C", at: at(10) });
  await h.publish("PLANT-1", "OVEN-3", "readings", { metric: "temperature", value: 191, at: at(11) });

  const heard = () => plant.events.flatMap((e) => e.sensorReadingsRecorded.readings);
  await until(() => heard().length >= 3, "OVEN-3's three readings");
  expect(heard()).toEqual([
    { metric: "temperature", value: 190, unit: "C", recordedAt: at(10) },
    { metric: "humidity", value: 31, unit: null, recordedAt: at(10) },
    { metric: "temperature", value: 191, unit: null, recordedAt: at(11) },
  ]);
  expect(new Set(plant.events.map((e) => `${e.sensorReadingsRecorded.deviceCode} ${e.sensorReadingsRecorded.warehouseCode}`))).toEqual(new Set(["OVEN-3 PLANT-1"]));
  expect(await h.count(`event WHERE topic = 'device.readings' AND payload->>'deviceCode' = 'OVEN-3' AND position > $1::bigint`, [after])).toBe(plant.events.length);
  expect([elsewhere.events, plant.errors, elsewhere.errors]).toEqual([[], [], []]);
});

test("a burst of messages is announced in a few events, one per device and second, with every reading in order", async () => {
  const after = await lastEventId(h.t);
  const plant = collect(h.t.ws(await h.t.token([Role.VIEWER])), `subscription($after: ID) {
    sensorReadingsRecorded(deviceCode: "OVEN-3", afterEventId: $after) { readings { value } } }`, { after });
  const values = Array.from({ length: 20 }, (_, i) => 200 + i);
  await Promise.all(values.map((value, i) => h.publish("PLANT-1", "OVEN-3", "readings", { metric: "temperature", value, at: at(20 + i) })));

  const heard = () => plant.events.flatMap((e) => e.sensorReadingsRecorded.readings.map((r: { value: number }) => r.value));
  await until(() => heard().length >= values.length, "the burst's readings");
  expect(heard()).toEqual(values);
  expect(plant.events.length).toBeLessThan(values.length / 2);
  // what was queued for announcing is gone once announced
  expect(await h.count(`reading_announcement`)).toBe(0);
});

test("readings queued but not announced (their hub stopped first) are announced by the next look of any hub", async () => {
  const after = await lastEventId(h.t);
  const plant = collect(h.t.ws(await h.t.token([Role.VIEWER])), `subscription($after: ID) {
    sensorReadingsRecorded(deviceCode: "OVEN-3", afterEventId: $after) { readings { value recordedAt } } }`, { after });
  const left = { deviceCode: "OVEN-3", warehouseCode: "PLANT-1", readings: [{ metric: "temperature", value: 175, unit: "C", recordedAt: at(50) }] };
  await h.t.db.sql.query(`INSERT INTO reading_announcement (payload) VALUES ($1::jsonb)`, [JSON.stringify(left)]);

  await until(() => plant.events.length > 0, "the left readings' event");
  expect(plant.events.map((e) => e.sensorReadingsRecorded.readings)).toEqual([[{ value: 175, recordedAt: at(50) }]]);
});
