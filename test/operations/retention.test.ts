/** Retention: published events, sensor readings and acknowledged webhook deliveries past their age are deleted; nothing else is. */
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { EVENT_RETENTION_DAYS: "7", SENSOR_READING_RETENTION_DAYS: "30" } });
  // the sweep at start is done; the test sweeps by hand from here
  await t.hub.services.retention.stop();
}, 60_000);
afterAll(() => t?.stop());

const rows = async (sql: string) => (await t.db.sql.query<{ label: string }>(sql)).map((r) => r.label).sort();

test("a sweep deletes published events and readings past their retention, and keeps the rest", async () => {
  await t.db.sql.query(
    `INSERT INTO event (topic, payload, created_at, published_at) VALUES
       ('stock.low', '{"label": "published 10 days ago"}', now() - interval '10 days', now() - interval '10 days'),
       ('stock.low', '{"label": "published 6 days ago"}', now() - interval '6 days', now() - interval '6 days'),
       ('stock.low', '{"label": "never published"}', now() - interval '10 days', NULL)`,
  );
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await t.db.sql.query(`INSERT INTO device (code, name, kind, warehouse_id) SELECT 'T-1', 'Oven', 'SENSOR', id FROM warehouse`);
  await t.db.sql.query(
    `INSERT INTO sensor_reading (device_id, metric, value, recorded_at)
     SELECT id, m, 1, now() - make_interval(days => d) FROM device, (VALUES ('31 days', 31), ('29 days', 29)) AS v(m, d)`,
  );
  await t.db.sql.query(`INSERT INTO webhook (name, url, topics, secret, created_by, updated_by) VALUES ('hook', 'https://example.com', '{stock.low}', 'secret-secret-secret', 'test', 'test')`);
  await t.db.sql.query(
    `INSERT INTO webhook_delivery (webhook_id, event_id, topic, body, status, delivered_at)
     SELECT id, e, 'stock.low', label, s::"WebhookDeliveryStatus", now() - make_interval(days => d) FROM webhook,
       (VALUES (1, 'delivered 8 days ago', 'DELIVERED', 8), (2, 'delivered 6 days ago', 'DELIVERED', 6), (3, 'dead 8 days ago', 'DEAD', 8)) AS v(e, label, s, d)`,
  );
  const [first, second] = await Promise.all([t.hub.services.retention.sweep(), t.hub.services.retention.sweep()]);
  // one of two hubs sweeping at once does the work, the other finds it under way
  expect([first, second]).toContainEqual({ events: 1, sensorReadings: 1, webhookDeliveries: 1 });
  expect(first.events + second.events).toBe(1);
  expect(await rows(`SELECT payload->>'label' AS label FROM event WHERE topic = 'stock.low'`)).toEqual(["never published", "published 6 days ago"]);
  expect(await rows(`SELECT metric AS label FROM sensor_reading`)).toEqual(["29 days"]);
  expect(await rows(`SELECT body AS label FROM webhook_delivery`)).toEqual(["dead 8 days ago", "delivered 6 days ago"]);
  expect(await t.hub.services.retention.sweep()).toEqual({ events: 0, sensorReadings: 0, webhookDeliveries: 0 });
});
