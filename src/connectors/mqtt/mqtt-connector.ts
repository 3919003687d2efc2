import mqtt, { type IPublishPacket, type MqttClient } from "mqtt";
import type { Logger } from "pino";
import type { Config } from "../../runtime/config";
import type { Services } from "../../services";
import { connectorPrincipal, ConnectorStatus, type Connector } from "../connector";
import type { DeadLetters } from "../dead-letters";
import { DEFAULT_RETRY, PermanentFailure, retry } from "../retry";
import { DeviceMessages } from "./device-messages";
import { deviceTopicFilters, parseDeviceTopic, scanResultTopic, warehouseOfTopic } from "./device-topics";
import { drainSession, forgetSession, OFFLINE, offlineSessions, ONLINE, sessionRecordTopic } from "./mqtt-sessions";
import { scanResult } from "./scan-message";

/** Where the connector connects: the plant's broker (MQTT_URL) or the hub's embedded one. */
export interface MqttLink extends NonNullable<Config["mqtt"]> {
  /**
   * false: a plain subscription instead of a shared one (`$share/hub/…`), for the embedded broker, which
   * serves this hub only and knows no shared subscriptions
   */
  shared?: boolean;
}

export interface MqttConnectorDeps {
  services: Pick<Services, "devices" | "scans">;
  deadLetters: DeadLetters;
  log: Logger;
}

/** What a dead letter of this connector keeps: enough to handle the message again. */
interface DeadMessage {
  topic: string;
  message: string;
}

/**
 * Plant devices over MQTT: sensor readings and barcode/RFID scans (see DeviceMessages). Messages are
 * handled one at a time, in the order the broker delivers them, and a QoS 1 message is acknowledged
 * only once it is handled or dead-lettered. Transient failures (the database away) are retried with
 * backoff; refusals go to the dead letters at once. Scans are answered on `<scan topic>/result`.
 *
 * The subscription is shared (`$share/hub/…`), so that several hub instances on one broker split the
 * messages instead of each handling all of them. With a client id configured the session persists: the
 * broker keeps the subscription and queues messages while the hub is down, and hands back those it had
 * not acknowledged at shutdown; without one, nothing is kept between connections. Such a session would
 * keep its share of the messages after its hub is gone for good, so hubs record their sessions and a
 * starting hub takes over those of other client ids whose hub is not running (see mqtt-sessions).
 */
export class MqttConnector implements Connector {
  readonly name = "mqtt";
  readonly status: ConnectorStatus;
  private readonly messages: DeviceMessages;
  private readonly filters: string[];
  private client: MqttClient | null = null;
  private stopping = false;
  private sessionsChecked = false;
  /** the message being handled, if any */
  private inHand: Promise<void> | null = null;

  constructor(
    private readonly config: MqttLink,
    private readonly deps: MqttConnectorDeps,
  ) {
    this.status = new ConnectorStatus(this.name, withoutCredentials(config.url));
    this.messages = new DeviceMessages(deps.services, config.topicPrefix, connectorPrincipal(this.name));
    this.filters = deviceTopicFilters(config.topicPrefix).map((f) => (config.shared === false ? f : `$share/hub/${f}`));
  }

  /** Resolves once subscribed; rejects when the broker cannot be reached (the client keeps trying). */
  start(): Promise<void> {
    const { log } = this.deps;
    const { clientId } = this.config;
    const persistent = clientId ? { clientId, clean: false, will: { topic: sessionRecordTopic(this.config.topicPrefix, clientId), payload: Buffer.from(OFFLINE), qos: 1 as const, retain: true } } : {};
    const client = mqtt.connect(this.config.url, { reconnectPeriod: 1000, connectTimeout: 5000, resubscribe: false, ...persistent });
    this.client = client;
    client.handleMessage = (packet, done) => this.receive(packet, done);
    return new Promise((resolve, reject) => {
      client.on("connect", () => void this.connected(client).then(resolve, reject));
      client.on("close", () => {
        if (!this.stopping) this.status.set("DOWN");
        reject(new Error(`cannot reach the MQTT broker at ${this.status.health().target}`));
      });
      client.on("error", (err) => {
        // logged when the link goes down, not at every reconnect attempt while it stays down
        if (this.status.health().state !== "DOWN") log.warn({ err, connector: this.name }, "MQTT connection error");
        reject(err);
      });
    });
  }

  private async connected(client: MqttClient): Promise<void> {
    await this.recordSession(client, ONLINE);
    if (!this.sessionsChecked) {
      this.sessionsChecked = true;
      await this.takeOverLeftSessions();
    }
    // a clean session forgets subscriptions: subscribe on every connect (a persistent one keeps them; again is harmless)
    await this.subscribe(client);
  }

  /** With a client id, says on the broker whether this hub's session is in use (its will says `offline` if it dies). */
  private async recordSession(client: MqttClient, state: typeof ONLINE | typeof OFFLINE): Promise<void> {
    const { clientId, topicPrefix } = this.config;
    if (!clientId) return;
    await client.publishAsync(sessionRecordTopic(topicPrefix, clientId), state, { qos: 1, retain: true }).catch((err: Error) => {
      this.deps.log.warn({ err, connector: this.name, clientId }, `MQTT session not recorded ${state}`);
    });
  }

  /**
   * The persistent sessions of other client ids whose hub stopped or died still take their share of the
   * messages: each is taken over, what it holds is handled, and it is ended.
   */
  private async takeOverLeftSessions(): Promise<void> {
    const { url, topicPrefix, clientId } = this.config;
    const { log } = this.deps;
    let left: string[];
    try {
      left = (await offlineSessions(url, topicPrefix)).filter((id) => id !== clientId);
    } catch (err) {
      log.warn({ err, connector: this.name }, "could not look for MQTT sessions left by hubs that no longer run");
      return;
    }
    for (const id of left) {
      try {
        const handled = await drainSession(url, topicPrefix, id, this.filters, (topic, message) => this.deliver(topic, message));
        await forgetSession(url, topicPrefix, id);
        log.info({ connector: this.name, clientId: id, handled }, `took over the MQTT session of client id ${id} (its hub is not running): handled the ${handled} messages it held and ended it`);
      } catch (err) {
        log.warn({ err, connector: this.name, clientId: id }, `could not take over the MQTT session of client id ${id}, left by a hub that is not running; if none runs with MQTT_CLIENT_ID=${id} any more, end it with \`npm run mqtt:forget-session -- ${id}\``);
      }
    }
  }

  private async subscribe(client: MqttClient): Promise<void> {
    try {
      const granted = await client.subscribeAsync(this.filters, { qos: 1 });
      if (granted.some((g) => g.qos === 128)) throw new Error(`the broker refused the subscription to ${this.filters.join(", ")}`);
      this.status.set("UP");
    } catch (err) {
      this.status.set("DOWN");
      this.status.failedOnce(err, false);
      this.deps.log.error({ err, connector: this.name }, "MQTT subscription failed");
      throw err;
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.stopping = true;
    // a persistent session keeps its subscription, so that the broker queues what comes while the hub is down
    if (client.connected && !this.config.clientId) await client.unsubscribeAsync(this.filters).catch(() => undefined);
    while (this.inHand) await this.inHand;
    if (client.connected) await this.recordSession(client, OFFLINE);
    await client.endAsync();
    this.status.set("STOPPED");
  }

  async replay(payload: unknown): Promise<void> {
    const { topic, message } = asDeadMessage(payload);
    try {
      await this.messages.handle(topic, message);
    } catch (err) {
      this.answer(topic, message, err);
      throw err;
    }
    this.answer(topic, message);
    this.status.succeededOnce();
  }

  /** mqtt.js hands messages over one at a time; `done` acknowledges (QoS 1) and lets the next one in. */
  private receive(packet: IPublishPacket, done: () => void): void {
    // Once stopping, a message is neither handled nor acknowledged: the broker keeps or drops it with the session.
    if (this.stopping) return;
    const work = this.deliver(packet.topic, packet.payload.toString());
    this.inHand = work;
    void work.finally(() => {
      this.inHand = null;
      done();
    });
  }

  private async deliver(topic: string, message: string): Promise<void> {
    const { deadLetters, log } = this.deps;
    const outcome = await retry(() => this.messages.handle(topic, message), DEFAULT_RETRY, () => this.stopping);
    this.answer(topic, message, outcome.ok ? undefined : outcome.error);
    if (outcome.ok) return this.status.succeededOnce();
    log.warn({ err: outcome.error, connector: this.name, topic, attempts: outcome.attempts }, "device message failed; kept as a dead letter");
    try {
      await deadLetters.record(this.name, { topic, message } satisfies DeadMessage, outcome.error, outcome.attempts, warehouseOfTopic(this.config.topicPrefix, topic));
      this.status.failedOnce(outcome.error, true);
    } catch (err) {
      // the message itself is in this log line: nothing else keeps it
      this.status.failedOnce(outcome.error, false);
      log.error({ err, connector: this.name, topic, message }, "dead letter could not be recorded");
    }
  }

  /** Tells a reader how its scan went; other messages get no answer. Publishing does not hold up the next message. */
  private answer(topic: string, message: string, error?: unknown): void {
    if (!this.client || !isScanTopic(this.config.topicPrefix, topic)) return;
    const body = JSON.stringify(scanResult(message, error));
    this.client.publishAsync(scanResultTopic(topic), body, { qos: 1 }).catch((err: Error) => {
      this.deps.log.warn({ err, connector: this.name, topic }, "scan result not published");
    });
  }
}

function isScanTopic(prefix: string, topic: string): boolean {
  try {
    return parseDeviceTopic(prefix, topic).kind === "scans";
  } catch {
    return false;
  }
}

function asDeadMessage(payload: unknown): DeadMessage {
  const p = payload as Partial<DeadMessage> | null;
  if (typeof p?.topic !== "string" || typeof p.message !== "string") throw new PermanentFailure("not an MQTT dead letter: expected { topic, message }");
  return { topic: p.topic, message: p.message };
}

/** The broker's address as the graph shows it: no user or password. */
export function withoutCredentials(url: string): string {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  return u.toString().replace(/\/$/, "");
}
