/**
 * bench/devices (`npm run bench:devices`): sensor readings per second through the MQTT connector —
 * device → Mosquitto → hub → PostgreSQL, one message at a time, acknowledged after its commit — against
 * the same domain calls without MQTT (DeviceService.forMessage + recordReadings in a loop), in one run
 * on a fresh database. Every message carries one reading of a sensor with a threshold, and every 50th
 * reading of a sensor leaves its range or comes back, so alarms are raised and cleared on the way. At the end it
 * checks that every stored reading was announced in a `device.readings` event.
 *
 *   npm run bench:devices [-- --messages=3000 --devices=10]      needs PostgreSQL and Mosquitto
 */
import { randomBytes } from "node:crypto";
import mqtt from "mqtt";
import { loadConfig } from "../../src/runtime/config";
import { openDatabase } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { validateReadings } from "../../src/domain/devices/sensor-reading";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { benchFlags, environment, figure, runBench, type Cleanup } from "../harness";

const BROKER = process.env.BENCH_MQTT_URL ?? "mqtt://127.0.0.1:1883";
const WINDOW = 500;

const options = () => benchFlags({ messages: 3000, devices: 10 });

/** Message i: a temperature of device i mod n, out of range for the 50th of each sensor's readings in turn. */
const reading = (i: number, devices: number) => ({ metric: "temperature", value: Math.floor(i / devices) % 50 === 49 ? 120 : 60, unit: "C" });

async function main(cleanup: Cleanup) {
  const { messages, devices } = options();
  const prefix = `bench-${randomBytes(4).toString("hex")}`;
  const scratch = await createScratchDatabase("hub_bench_devices");
  const config = loadConfig({
    NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", DATABASE_URL: scratch.url,
    AUTH_JWT_SECRET: randomBytes(32).toString("hex"), MQTT_URL: BROKER, MQTT_TOPIC_PREFIX: prefix,
  });
  cleanup.add(() => scratch.drop());
  const db = await openDatabase({ url: scratch.url, poolSize: 10 });
  cleanup.add(() => db.close());
  await migrate(db);
  await db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Bench plant')`);
  await db.sql.query(
    `INSERT INTO device (code, name, kind, warehouse_id) SELECT 'S-' || n, 'Sensor ' || n, 'SENSOR', (SELECT id FROM warehouse) FROM generate_series(1, $1::int) AS n`,
    [devices],
  );
  await db.sql.query(`INSERT INTO sensor_threshold (device_id, metric, high, severity, updated_by) SELECT id, 'temperature', 100, 'WARNING', 'bench' FROM device`);
  const hub = await startHub({ config, db, log: createLogger(config) });
  cleanup.add(() => hub.stop());
  const stored = async () => (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM sensor_reading`))[0].n;
  console.log(environment());
  // the same work without MQTT: look the device up, store the reading, judge it
  const direct = performance.now();
  for (let i = 0; i < messages; i++) {
    const device = await hub.services.devices.forMessage(`S-${(i % devices) + 1}`, "W1");
    await hub.services.devices.recordReadings(device, validateReadings(reading(i, devices), new Date()));
  }
  const directS = (performance.now() - direct) / 1000;

  // At most WINDOW messages wait at the broker: beyond its queue limit for a subscriber
  // (Mosquitto's max_queued_messages, 1000 by default) it drops QoS 1 messages.
  const client = await mqtt.connectAsync(BROKER, { reconnectPeriod: 0 });
  const before = await stored();
  const viaMqtt = performance.now();
  for (let published = 0, handled = 0; handled < messages; handled = (await stored()) - before) {
    const upTo = Math.min(messages, handled + WINDOW);
    const sends = [];
    for (; published < upTo; published++) {
      sends.push(client.publishAsync(`${prefix}/W1/devices/S-${(published % devices) + 1}/readings`, JSON.stringify(reading(published, devices)), { qos: 1 }));
    }
    await Promise.all(sends);
    await new Promise((r) => setTimeout(r, 10));
  }
  const mqttS = (performance.now() - viaMqtt) / 1000;
  await client.endAsync();

  // every reading stored is announced (device.readings), about one event per device and second
  while ((await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM reading_announcement`))[0].n > 0) await new Promise((r) => setTimeout(r, 100));
  const [announced] = await db.sql.query<{ events: number; readings: number }>(
    `SELECT count(*)::int AS events, coalesce(sum(jsonb_array_length(payload->'readings')), 0)::int AS readings FROM event WHERE topic = 'device.readings'`,
  );
  const [{ alarms }] = await db.sql.query<{ alarms: number }>(`SELECT count(*)::int AS alarms FROM alarm`);
  const [health] = hub.connectors.health();
  const rate = (s: number) => `${(messages / s).toFixed(0).padStart(6)} readings/s  (${s.toFixed(2)} s for ${messages})`;
  process.stdout.write(`direct (no MQTT)   ${rate(directS)}\n`);
  process.stdout.write(`through MQTT       ${rate(mqttS)}\n`);
  process.stdout.write(`ratio MQTT/direct  ${(mqttS / directS).toFixed(2)} (time per reading)\n`);
  figure("devices", "sensor readings, through MQTT / direct (time per reading)", mqttS / directS, "ratio");
  process.stdout.write(`${alarms} alarms raised; connector ${health.state}, ${health.succeeded} handled, ${health.failed} failed\n`);
  process.stdout.write(`${announced.readings} of ${await stored()} readings announced in ${announced.events} device.readings events\n`);
  if (health.failed > 0 || announced.readings !== (await stored())) process.exitCode = 1;
}

runBench(main);
