import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "pino";
import type { Database } from "../../db/database";
import { emailAddressOf, isEmailUrl, needsFacts, webhookWants, type DeliveryRow } from "../../domain/webhooks";
import type { EventBus } from "../../events/event-bus";
import { TOPICS, type EventScope } from "../../events/event-scope";
import { OutboxFollower } from "../../events/outbox-follower";
import type { HubEvent } from "../../events/topics";
import { detached } from "../../runtime/request-deadline";
import type { WebhooksConfig } from "../../runtime/config";
import type { Services } from "../../services";
import { ConnectorStatus, type Connector } from "../connector";
import type { DeadLetters } from "../dead-letters";
import { DEFAULT_RETRY, PermanentFailure, retry, type RetryPolicy } from "../retry";
import { DeliveryLanes } from "./delivery-lanes";
import { smtpSender, type SendMail } from "./email-client";
import { postDelivery } from "./webhook-client";

const NAME = "webhooks";
/** Session advisory locks (LEADER_LOCK, 0): the hub that follows the outbox and queues deliveries; (LEADER_LOCK, 1): the hub that delivers. */
const LEADER_LOCK = 74_260_040;
const DELIVERY_LOCK_PART = 1;
/** How often a hub that does not deliver checks whether the one that does has gone. */
const STANDBY_MS = 5_000;
/** Deliveries read per statement in a lane. */
const BATCH = 50;

export interface WebhookConnectorDeps {
  db: Database;
  services: Pick<Services, "webhooks" | "events">;
  bus: EventBus;
  deadLetters: DeadLetters;
  log: Logger;
}

/** What a dead letter of this connector holds: the delivery, which keeps the body as it was first sent. */
interface DeadDelivery {
  deliveryId: number;
  webhookId: number;
  eventId: number;
  topic: string;
}

/**
 * Webhook deliveries. Two steps, each led by one hub at a time:
 * 1. An OutboxFollower reads every topic from its cursor and queues, per event, one delivery for each active
 *    webhook that wants it (topic and filters) in table webhook_delivery — once per (webhook, event), as the
 *    unique key makes a repeated hand-over harmless.
 * 2. Delivery lanes, one per webhook with deliveries waiting, POST them in event order, signed, retried with
 *    exponential backoff; what the policy gives up on becomes a dead letter (replayable) and the lane moves on.
 *    A delivery is marked once acknowledged (2xx), so a restart sends only what was not.
 */
export class WebhookConnector implements Connector {
  readonly name = NAME;
  readonly status = new ConnectorStatus(NAME, "webhook subscriptions");
  private readonly follower: OutboxFollower;
  private readonly lanes: DeliveryLanes;
  private readonly scope: EventScope;
  private readonly policy: RetryPolicy;
  private readonly mail: SendMail;
  private stopping = new AbortController();
  private delivering: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: WebhooksConfig,
    private readonly deps: WebhookConnectorDeps,
  ) {
    this.policy = { ...DEFAULT_RETRY, attempts: config.attempts, baseDelayMs: config.retryBaseMs, maxDelayMs: Math.max(DEFAULT_RETRY.maxDelayMs, config.retryBaseMs) };
    this.scope = deps.services.events.visibility;
    this.mail = smtpSender(config.smtp, config.timeoutMs);
    this.follower = new OutboxFollower(deps.db, deps.bus, deps.log, { name: NAME, topics: TOPICS, leaderLock: LEADER_LOCK, handle: (event) => this.enqueue(event) });
    this.lanes = new DeliveryLanes(
      { waiting: () => deps.services.webhooks.webhooksWithPending(), drain: (id, signal) => this.drain(id, signal) },
      config.lanes,
      deps.log,
    );
  }

  async start(): Promise<void> {
    this.stopping = new AbortController();
    const signal = this.stopping.signal;
    this.status.set("UP");
    this.follower.start();
    this.delivering = detached(() => this.deliverWhileLeading(signal));
  }

  /** Stops queueing and delivering; each lane finishes the POST in hand (at most its timeout) and records it. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const grace = this.config.timeoutMs + 1_000;
    const [followed, delivered] = await Promise.all([this.follower.stop(grace), Promise.race([this.delivering.then(() => true), delay(grace, false, { ref: false })])]);
    if (!followed || !delivered) this.deps.log.warn({ connector: NAME }, "webhooks still busy at shutdown; what was not recorded is sent again at the next start");
    this.status.set("STOPPED");
  }

  /** Sends a dead-lettered delivery once more: its body as first sent, to the webhook's current URL, signed with its current secret. */
  async replay(payload: unknown): Promise<void> {
    if (!isDeadDelivery(payload)) throw new PermanentFailure("not a webhook delivery: expected { deliveryId, webhookId, eventId, topic }");
    const { webhooks } = this.deps.services;
    const delivery = await webhooks.delivery(payload.deliveryId);
    const webhook = delivery && (await webhooks.webhook(delivery.webhookId));
    if (!delivery || !webhook) throw new PermanentFailure(`webhook ${payload.webhookId} no longer exists`);
    if (delivery.status === "DELIVERED") return;
    try {
      await this.send({ ...delivery, url: webhook.url, secret: webhook.secret });
    } catch (err) {
      await webhooks.recordAttempts(delivery.id, "DEAD", 1, messageOf(err));
      this.status.failedOnce(err, false);
      throw err;
    }
    await webhooks.recordAttempts(delivery.id, "DELIVERED", 1, null);
    this.status.succeededOnce();
  }

  /** Step 1: the event's delivery for each webhook that wants it. */
  private async enqueue(event: HubEvent): Promise<void> {
    const { webhooks } = this.deps.services;
    const listeners = await webhooks.listenersOf(event.topic, event.createdAt);
    if (listeners.length === 0) return;
    const warehouseCode = await this.scope.warehouseOf(event.topic, event.payload);
    const facts = listeners.some(needsFacts) ? await webhooks.factsOf(event.payload, warehouseCode) : null;
    const wanting = listeners.filter((w) => webhookWants(w, event.topic, facts)).map((w) => w.id);
    if (wanting.length === 0) return;
    const body = JSON.stringify({ id: event.id, topic: event.topic, createdAt: event.createdAt, payload: event.payload });
    await webhooks.enqueue({ id: event.id, topic: event.topic, body, warehouseCode }, wanting);
    this.lanes.nudge();
  }

  /** Step 2 runs on the hub holding the delivery lock; the others stand by. */
  private async deliverWhileLeading(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.deps.db.withSession(async (session) => {
          const [{ leader }] = await session.query<{ leader: boolean }>(`SELECT pg_try_advisory_lock($1::int, $2::int) AS leader`, [LEADER_LOCK, DELIVERY_LOCK_PART]);
          if (!leader) return;
          try {
            await this.lanes.run(signal);
          } finally {
            await session.query(`SELECT pg_advisory_unlock($1::int, $2::int)`, [LEADER_LOCK, DELIVERY_LOCK_PART]).catch(() => undefined);
          }
        });
      } catch (err) {
        if (!signal.aborted) this.deps.log.warn({ connector: NAME, err }, "webhook delivery paused; it resumes with what is waiting");
      }
      await delay(STANDBY_MS, undefined, { signal }).catch(() => undefined);
    }
  }

  /** A webhook's lane: its waiting deliveries in event order, each retried per the policy, then delivered or dead-lettered. */
  private async drain(webhookId: number, signal: AbortSignal): Promise<void> {
    const { webhooks } = this.deps.services;
    while (!signal.aborted) {
      // read again per batch: a changed URL or secret, or a webhook switched off, takes effect here
      const webhook = await webhooks.webhook(webhookId);
      if (!webhook?.active) return;
      const batch = await webhooks.pendingOf(webhookId, BATCH);
      if (batch.length === 0) return;
      for (const delivery of batch) {
        if (signal.aborted) return;
        await this.deliver({ ...delivery, url: webhook.url, secret: webhook.secret }, signal);
      }
    }
  }

  /** One attempt: an e-mail through SMTP for a `mailto:` URL, else a signed POST. */
  private async send(d: DeliveryRow & { url: string; secret: string | null }): Promise<void> {
    if (isEmailUrl(d.url)) return this.mail({ ...d, to: emailAddressOf(d.url) });
    if (d.secret === null) throw new PermanentFailure("a webhook that POSTs has no secret");
    return postDelivery({ ...d, secret: d.secret }, this.config.timeoutMs);
  }

  private async deliver(d: DeliveryRow & { url: string; secret: string | null }, signal: AbortSignal): Promise<void> {
    const { webhooks } = this.deps.services;
    const outcome = await retry(() => this.send(d), this.policy, () => signal.aborted);
    if (outcome.ok) {
      await webhooks.recordAttempts(d.id, "DELIVERED", outcome.attempts, null);
      this.status.succeededOnce();
    } else if (signal.aborted && !(outcome.error instanceof PermanentFailure)) {
      // shutting down: not given up on, the next hub to deliver sends it again
      await webhooks.recordAttempts(d.id, "PENDING", outcome.attempts, messageOf(outcome.error));
    } else {
      const letter: DeadDelivery = { deliveryId: d.id, webhookId: d.webhookId, eventId: d.eventId, topic: d.topic };
      await this.deps.deadLetters.record(NAME, letter, outcome.error, outcome.attempts, d.warehouseCode);
      await webhooks.recordAttempts(d.id, "DEAD", outcome.attempts, messageOf(outcome.error));
      this.status.failedOnce(outcome.error, true);
    }
  }
}

function isDeadDelivery(payload: unknown): payload is DeadDelivery {
  const p = payload as Partial<DeadDelivery> | null;
  return typeof p?.deliveryId === "number" && typeof p.webhookId === "number";
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
