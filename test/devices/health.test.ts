/**
 * Device health over the real server and its embedded broker: last seen, battery, message rate, expected
 * interval; a device silent past its interval × DEVICE_SILENT_GRACE gets one DEVICE_SILENT alarm, cleared
 * when it speaks again. The hub checks every 100 ms here (DEVICE_HEALTH_CHECK_MS) with a grace of 1.
 */
import { Role } from "../../src/auth/roles";
import { until } from "../support/until";
import { collect, DEVICE_FIELDS, lastEventId, startDeviceHub, type DeviceHub } from "./device-fixture";

let h: DeviceHub;
beforeAll(async () => {
  h = await startDeviceHub({ demo: true, env: { DEVICE_HEALTH_CHECK_MS: "100", DEVICE_SILENT_GRACE: "1" } });
}, 120_000);
afterAll(() => h?.stop());

const deviceOf = async (code: string) => (await h.t.gql(`{ devices { ${DEVICE_FIELDS} } }`)).data.devices.find((d: { code: string }) => d.code === code);
const silenceAlarms = (code: string) => h.count(`alarm WHERE device_code = $1 AND kind = 'DEVICE_SILENT'`, [code]);

test("a device silent for longer than its interval raises DEVICE_SILENT once; speaking again clears it", async () => {
  const viewer = h.t.ws(await h.t.token([Role.VIEWER]));
  const after = await lastEventId(h.t);
  const raised = collect(viewer, `subscription($after: ID) { alarmRaised(warehouseCode: "PLANT-1", afterEventId: $after) { kind deviceCode metric severity value threshold message } }`, { after });
  const cleared = collect(viewer, `subscription($after: ID) { alarmCleared(warehouseCode: "PLANT-1", afterEventId: $after) { deviceCode metric value } }`, { after });

  await h.register({ code: "QUIET-1", kind: "SENSOR", warehouseCode: "PLANT-1", locationCode: "LINE-1", expectedIntervalSeconds: 1 });
  // never heard: silent since it was registered
  const alarm = await until(() => raised.events.find((e) => e.alarmRaised.deviceCode === "QUIET-1"), "QUIET-1's DEVICE_SILENT alarm");
  expect(alarm.alarmRaised).toEqual({
    kind: "DEVICE_SILENT", deviceCode: "QUIET-1", metric: "silence", severity: "WARNING", value: expect.any(Number), threshold: 1,
    message: expect.stringMatching(/^QUIET-1: silent for \d+ s \(expected a message every 1 s\)$/),
  });
  expect((await deviceOf("QUIET-1")).health).toMatchObject({ silent: true, lastSeenAt: null, expectedIntervalSeconds: 1 });
  const listed = await h.t.gql(`{ alarms(open: true) { nodes { kind deviceCode metric } } }`);
  expect(listed.data.alarms.nodes).toEqual([{ kind: "DEVICE_SILENT", deviceCode: "QUIET-1", metric: "silence" }]);

  // once: a device that falls silent later is alarmed by a later check, which left QUIET-1 alone
  await h.register({ code: "QUIET-2", kind: "SENSOR", warehouseCode: "PLANT-1", expectedIntervalSeconds: 1 });
  await until(async () => (await silenceAlarms("QUIET-2")) === 1, "QUIET-2's alarm");
  expect(await silenceAlarms("QUIET-1")).toBe(1);

  // a longer interval from now on (so that it does not fall silent again while we look), then it speaks
  await h.register({ code: "QUIET-1", kind: "SENSOR", warehouseCode: "PLANT-1", locationCode: "LINE-1", expectedIntervalSeconds: 3600 });
  await h.publish("PLANT-1", "QUIET-1", "readings", { metric: "temperature", value: 21 });
  await until(() => cleared.events.find((e) => e.alarmCleared.deviceCode === "QUIET-1"), "QUIET-1's alarm cleared");
  expect(cleared.events).toEqual([{ alarmCleared: { deviceCode: "QUIET-1", metric: "silence", value: expect.any(Number) } }]);
  expect((await deviceOf("QUIET-1")).health).toMatchObject({ silent: false, lastSeenAt: expect.any(String), expectedIntervalSeconds: 3600 });
  expect(await h.count(`alarm WHERE device_code = 'QUIET-1' AND cleared_at IS NOT NULL`)).toBe(1);
  expect(raised.events.filter((e) => e.alarmRaised.deviceCode === "QUIET-1")).toHaveLength(1);
  expect([raised.errors, cleared.errors]).toEqual([[], []]);
});

test("health: last seen, battery as reported, messages per minute over five minutes; a device without an interval is never silent", async () => {
  await h.register({ code: "PROBE-7", kind: "SENSOR", warehouseCode: "PLANT-1" });
  expect((await deviceOf("PROBE-7")).health).toEqual({ lastSeenAt: null, expectedIntervalSeconds: null, silent: false, battery: null, messagesPerMinute: 0 });
  await h.publish("PLANT-1", "PROBE-7", "readings", { metric: "temperature", value: 20.5, battery: 87.5 });
  await h.publish("PLANT-1", "PROBE-7", "readings", [{ metric: "temperature", value: 20.6, battery: 87 }, { metric: "humidity", value: 40, battery: 86.5 }]);
  await h.publish("PLANT-1", "PROBE-7", "readings", { metric: "temperature", value: 20.7 });
  await until(async () => (await h.count(`sensor_reading r JOIN device d ON d.id = r.device_id WHERE d.code = 'PROBE-7'`)) === 4, "PROBE-7's readings");
  const probe = await deviceOf("PROBE-7");
  // three messages in the last five minutes; the battery as the latest message that said it
  expect(probe.health).toEqual({ lastSeenAt: probe.lastSeenAt, expectedIntervalSeconds: null, silent: false, battery: 86.5, messagesPerMinute: 0.6 });
  expect(Date.parse(probe.lastSeenAt)).not.toBeNaN();

  // a reader's scans count as messages too, and may report the battery
  await h.register({ code: "GUN-9", kind: "BARCODE_SCANNER", warehouseCode: "PLANT-1", locationCode: "A-03" });
  await h.publish("PLANT-1", "GUN-9", "scans", { scanId: "g-1", code: "RELAY-10A", action: "ISSUE", quantity: "1", battery: 41 });
  await until(async () => (await deviceOf("GUN-9")).health.messagesPerMinute === 0.2, "GUN-9 heard");
  expect((await deviceOf("GUN-9")).health.battery).toBe(41);
});

test("a battery out of 0–100 refuses the message (a dead letter naming the field), nothing is stored", async () => {
  const readings = await h.count(`sensor_reading`);
  const message = JSON.stringify({ metric: "temperature", value: 20, battery: 140 });
  await h.publish("PLANT-1", "PROBE-7", "readings", message);
  const [letter] = await until(
    () => h.t.db.sql.query<{ error: string }>(`SELECT error FROM dead_letter WHERE payload->>'message' = $1`, [message]).then((l) => (l.length ? l : undefined)),
    "the dead letter",
  );
  expect(letter.error).toBe("BAD_USER_INPUT: battery must be a number from 0 to 100 (percent)");
  expect(await h.count(`sensor_reading`)).toBe(readings);
  expect((await deviceOf("PROBE-7")).health.battery).toBe(86.5);
});
