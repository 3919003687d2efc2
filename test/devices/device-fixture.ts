/**
 * A hub for the device tests that runs its own MQTT broker (MQTT_EMBEDDED on a free port, no MQTT_URL: no
 * external broker involved), a device client connected to it, and the documents the tests share.
 */
import type { Client } from "graphql-ws";
import mqtt, { type MqttClient } from "mqtt";
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub, type TestHubOptions } from "../support/test-hub";

export interface DeviceHub {
  t: TestHub;
  /** a device's connection to the hub's embedded broker */
  device: MqttClient;
  publish(warehouse: string, deviceCode: string, kind: "readings" | "scans", body: unknown): Promise<unknown>;
  register(input: Record<string, unknown>): Promise<any>;
  count(sql: string, params?: unknown[]): Promise<number>;
  stop(): Promise<void>;
}

export const DEVICE_FIELDS = `code kind warehouseCode locationCode materialCode weightTolerance weightTolerancePct stockMismatch lastSeenAt
  health { lastSeenAt expectedIntervalSeconds silent battery messagesPerMinute }`;
export const REGISTER = `mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { ${DEVICE_FIELDS} } }`;
export const THRESHOLD = `mutation($input: SetSensorThresholdInput!) { setSensorThreshold(input: $input) { deviceCode metric low high severity } }`;

export async function startDeviceHub(options: TestHubOptions = {}): Promise<DeviceHub> {
  const t = await startTestHub({ ...options, env: { MQTT_EMBEDDED: "true", MQTT_EMBEDDED_PORT: "0", ...options.env } });
  let device: MqttClient | undefined;
  try {
    expect(t.config.mqtt).toBeUndefined();
    device = await mqtt.connectAsync(t.hub.mqttBrokerUrl!, { connectTimeout: 5000, reconnectPeriod: 0 });
  } catch (err) {
    await t.stop();
    throw err;
  }
  const prefix = t.config.mqttEmbedded!.topicPrefix;
  return {
    t,
    device,
    publish: (warehouse, deviceCode, kind, body) => device!.publishAsync(`${prefix}/${warehouse}/devices/${deviceCode}/${kind}`, typeof body === "string" ? body : JSON.stringify(body), { qos: 1 }),
    async register(input) {
      const res = await t.gql(REGISTER, { input: { name: `Device ${input.code}`, ...input } }, { auth: await t.token([Role.PLANNER]) });
      expect(res.errors).toBeUndefined();
      return res.data.registerDevice;
    },
    count: async (sql, params = []) => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n,
    async stop() {
      await device?.endAsync();
      await t.stop();
    },
  };
}

/** Collects the events of a subscription as they arrive. */
export function collect(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: any[] = [];
  const errors: unknown[] = [];
  client.subscribe({ query, variables }, { next: (r) => (r.errors ? errors.push(r.errors) : events.push(r.data)), error: (e) => errors.push(e), complete: () => undefined });
  return { events, errors };
}

/** The outbox's latest position: subscriptions started after it see only what comes next. */
export const lastEventId = async (t: TestHub) => String((await t.db.sql.query<{ id: string }>(`SELECT COALESCE(max(position), 0)::text AS id FROM event`))[0].id);
