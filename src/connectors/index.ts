import type { Logger } from "pino";
import type { Config } from "../runtime/config";
import type { Database } from "../db/database";
import type { EventBus } from "../events/event-bus";
import type { Services } from "../services";
import type { Connector } from "./connector";
import { Connectors } from "./connectors";
import { DeadLetters } from "./dead-letters";
import { ErpConnector } from "./erp/erp-connector";
import { ErpEventPush } from "./erp/erp-event-push";
import { MqttConnector, type MqttLink } from "./mqtt/mqtt-connector";
import { WebhookConnector } from "./webhooks/webhook-connector";

export interface ConnectorDeps {
  config: Config;
  db: Database;
  bus: EventBus;
  services: Services;
  deadLetters: DeadLetters;
  log: Logger;
}

/**
 * The connectors this hub's configuration enables (none by default); the MQTT connector goes to MQTT_URL, or
 * to the hub's embedded broker at `embeddedBrokerUrl` when it runs one.
 */
export function createConnectors(deps: Omit<ConnectorDeps, "deadLetters">, embeddedBrokerUrl?: string): Connectors {
  const deadLetters = new DeadLetters(deps.db);
  const all: Connector[] = [];
  if (deps.config.erp) all.push(new ErpConnector(deps.config.erp, { ...deps, deadLetters }));
  if (deps.config.erp?.kinds.length) all.push(new ErpEventPush(deps.config.erp, { ...deps, deadLetters }));
  const { mqtt, mqttEmbedded } = deps.config;
  const link: MqttLink | undefined = mqtt ?? (mqttEmbedded && embeddedBrokerUrl ? { url: embeddedBrokerUrl, topicPrefix: mqttEmbedded.topicPrefix, shared: false } : undefined);
  if (link) all.push(new MqttConnector(link, { ...deps, deadLetters }));
  if (deps.config.webhooks) all.push(new WebhookConnector(deps.config.webhooks, { ...deps, deadLetters }));
  return new Connectors(all, deadLetters, deps.log);
}
