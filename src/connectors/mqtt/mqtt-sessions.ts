import { randomUUID } from "node:crypto";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";

/**
 * Persistent MQTT sessions of hub instances. A session of a client id stays a member of the shared
 * subscription after its hub is gone, and the broker keeps queueing its share of the device messages for
 * it. So a hub with MQTT_CLIENT_ID says on the broker whether its session is in use: a retained `online`
 * at `<prefix>/hub-sessions/<clientId>` while connected, `offline` once it stops (its will says the same
 * when it dies). A starting hub takes over the `offline` sessions of other client ids: it handles what
 * they hold and ends them.
 */
export const sessionRecordTopic = (prefix: string, clientId: string) => `${prefix}/hub-sessions/${clientId}`;
export const ONLINE = "online";
export const OFFLINE = "offline";

/** one short connection: no retries in the background */
const ONCE: IClientOptions = { connectTimeout: 5000, reconnectPeriod: 0 };

/** A topic nobody else publishes to: a message sent there comes back after everything queued before it. */
const markerTopic = (prefix: string) => sessionRecordTopic(prefix, `~${randomUUID()}`);

/** The client ids whose hub recorded its session `offline`. */
export async function offlineSessions(url: string, prefix: string): Promise<string[]> {
  const client = await mqtt.connectAsync(url, ONCE);
  try {
    const marker = markerTopic(prefix);
    const offline: string[] = [];
    const done = untilMarker(client, marker);
    client.on("message", (topic, payload, packet) => {
      if (packet.retain && payload.toString() === OFFLINE) offline.push(topic.slice(sessionRecordTopic(prefix, "").length));
    });
    await client.subscribeAsync(sessionRecordTopic(prefix, "+"), { qos: 1 });
    // the broker sends the retained records right after the subscription, so before this
    await client.publishAsync(marker, "", { qos: 1 });
    await done;
    return offline;
  } finally {
    await client.endAsync();
  }
}

/**
 * Takes over the session of `clientId`, leaves the shared subscription (`filters`) and hands each message
 * the session held to `handle`, acknowledging it once handled. Returns how many there were; the session
 * itself is left for `forgetSession`.
 */
export async function drainSession(url: string, prefix: string, clientId: string, filters: string[], handle: (topic: string, message: string) => Promise<void>): Promise<number> {
  const client = mqtt.connect(url, { ...ONCE, clientId, clean: false });
  const marker = markerTopic(prefix);
  const done = untilMarker(client, marker);
  let handled = 0;
  client.handleMessage = (packet, ack) => {
    if (packet.topic === marker) return ack();
    void handle(packet.topic, packet.payload.toString()).finally(() => (handled++, ack()));
  };
  try {
    await new Promise((resolve, reject) => (client.once("connect", resolve), client.once("error", reject), client.once("close", () => reject(new Error(`the connection as ${clientId} closed`)))));
    await client.unsubscribeAsync(filters);
    await client.subscribeAsync(marker, { qos: 1 });
    await client.publishAsync(marker, "", { qos: 1 });
    await done;
    return handled;
  } finally {
    await client.endAsync();
  }
}

/** Ends the broker's session of `clientId` (what it still holds is dropped) and removes its record. */
export async function forgetSession(url: string, prefix: string, clientId: string): Promise<void> {
  const client = await mqtt.connectAsync(url, { ...ONCE, clientId, clean: true });
  try {
    await client.publishAsync(sessionRecordTopic(prefix, clientId), "", { qos: 1, retain: true });
  } finally {
    await client.endAsync();
  }
}

/** Resolves when the marker comes back; rejects when the connection closes first (e.g. the session taken over by its hub). */
function untilMarker(client: MqttClient, marker: string): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    client.on("message", (topic) => topic === marker && resolve());
    client.once("close", () => reject(new Error("the MQTT connection closed before the broker had sent everything")));
  });
  done.catch(() => undefined); // awaited later; a close before that must not count as unhandled
  return done;
}
