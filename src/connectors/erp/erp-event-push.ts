import type { Logger } from "pino";
import type { Database } from "../../db/database";
import type { EventBus } from "../../events/event-bus";
import { advanceCursor, readCursor } from "../../events/event-cursor.store";
import { OutboxFollower, type FollowerContext } from "../../events/outbox-follower";
import type { HubEvent } from "../../events/topics";
import { mapLine } from "../../runtime/erp-field-map";
import type { ErpKind, ErpKindConfig } from "../../runtime/erp-kinds";
import type { ErpConfig } from "../../runtime/config";
import type { DeadLetters } from "../dead-letters";
import { DEFAULT_RETRY, PermanentFailure, retry, type RetryPolicy } from "../retry";
import { ErpClient, type ErpRequest } from "./erp-client";
import { ErpPushConnector } from "./erp-push-connector";
import { FACT_TOPICS, factsOf, type ErpFact } from "./erp-facts";

const NAME = "erp-events";
/** The event_cursor row that keeps the last event of the batch being sent, so that a restart sends the same batch again. */
const BATCH_CURSOR = `${NAME}:batch`;
/** Session advisory lock (FOLLOW_LOCK, 0): held by the one hub that follows the outbox for these kinds. */
const FOLLOW_LOCK = 74_260_027;

/** A request of one kind, as sent and as kept on a dead letter (the kind says where it goes on a replay). */
interface KindRequest extends ErpRequest {
  kind: ErpKind;
  warehouseCode: string;
}

export interface ErpEventPushDeps {
  db: Database;
  bus: EventBus;
  deadLetters: DeadLetters;
  log: Logger;
}

/**
 * Tells the ERP what happened in the hub (the kinds of ERP_SEND: goods receipts, production receipts, work
 * order confirmations, scrap, count adjustments, purchase requisitions), each kind to its own path, from the
 * outbox (`stock.changed`, `workOrder.changed`, `purchase.requisitioned`) like the suggestion push: one hub
 * follows (a leader lock), from a persisted cursor.
 *
 * A batch is a run of consecutive events whose facts hold at most ERP_BATCH_SIZE per kind and warehouse; its
 * last event is written down (BATCH_CURSOR) before anything is sent, and the cursor moves past it once every
 * request of it is delivered or dead-lettered. A hub that stopped mid-batch thus sends exactly the same
 * requests again, under the same keys: each line carries its fact's own key (a ledger entry, a work order,
 * a requisition id), each request one made of its first and last line's.
 */
export class ErpEventPush extends ErpPushConnector {
  private readonly clients = new Map<ErpKind, { config: ErpKindConfig; client: ErpClient }>();
  private readonly policy: RetryPolicy;
  protected readonly follower: OutboxFollower;

  constructor(
    private readonly config: ErpConfig,
    private readonly deps: ErpEventPushDeps,
  ) {
    super(NAME, `${config.url}/{${config.kinds.map((k) => k.path.slice(1)).join(",")}}`, config.timeoutMs, deps.log, "ERP event push still busy at shutdown; its batch is sent again at the next start");
    this.policy = { ...DEFAULT_RETRY, baseDelayMs: config.retryBaseMs };
    for (const k of config.kinds) {
      const client = new ErpClient({ endpoint: `${config.url}${k.path}`, token: config.token, timeoutMs: config.timeoutMs, maxRetryAfterMs: this.policy.maxDelayMs });
      this.clients.set(k.kind, { config: k, client });
    }
    this.follower = new OutboxFollower(deps.db, deps.bus, deps.log, {
      name: NAME,
      topics: FACT_TOPICS,
      leaderLock: FOLLOW_LOCK,
      handlePage: (events, context) => this.sendBatch(events, context),
    });
  }

  /** Sends a dead letter's request once more, unchanged, to where its kind goes now. */
  async replay(payload: unknown): Promise<void> {
    const p = payload as Partial<KindRequest> | null;
    if (typeof p?.idempotencyKey !== "string" || typeof p.body !== "object" || p.body === null || typeof p.kind !== "string") {
      throw new PermanentFailure("not an ERP event request: expected { kind, idempotencyKey, body }");
    }
    const target = this.clients.get(p.kind as ErpKind);
    if (!target) throw new PermanentFailure(`${p.kind} is not sent to the ERP by this hub (ERP_SEND)`);
    try {
      await target.client.post({ idempotencyKey: p.idempotencyKey, body: p.body });
    } catch (err) {
      this.failed(err, false);
      throw err;
    }
    this.delivered();
  }

  /** The follower's page handler: the batch at the page's start (the one written down, else a new one), sent; its last position. */
  private async sendBatch(events: readonly HubEvent[], { session }: FollowerContext): Promise<number | false> {
    const pending = await readCursor(session, BATCH_CURSOR, 0);
    const batch = pending >= events[0].id ? events.filter((e) => e.id <= pending) : this.nextBatch(events);
    const through = batch[batch.length - 1].id;
    const requests = this.requestsOf(batch.flatMap((e) => this.factsOf(e)));
    if (requests.length === 0) return through;
    await advanceCursor(session, BATCH_CURSOR, through);
    return (await this.send(requests)) ? through : false;
  }

  private factsOf(event: HubEvent): ErpFact[] {
    return factsOf(event).filter((f) => this.clients.has(f.kind));
  }

  /** The longest run of events from the first whose facts stay within the batch size per kind and warehouse (the first event always). */
  private nextBatch(events: readonly HubEvent[]): readonly HubEvent[] {
    const counts = new Map<string, number>();
    for (let i = 0; i < events.length; i++) {
      const added = new Map<string, number>();
      for (const f of this.factsOf(events[i])) added.set(groupOf(f), (added.get(groupOf(f)) ?? 0) + 1);
      if (i > 0 && [...added].some(([g, n]) => (counts.get(g) ?? 0) + n > this.config.batchSize)) return events.slice(0, i);
      for (const [g, n] of added) counts.set(g, (counts.get(g) ?? 0) + n);
    }
    return events;
  }

  /** One request per kind and warehouse (of at most the batch size), lines in event order under the ERP's field names. */
  private requestsOf(facts: readonly ErpFact[]): KindRequest[] {
    const groups = new Map<string, ErpFact[]>();
    for (const f of facts) {
      const group = groups.get(groupOf(f));
      if (group) group.push(f);
      else groups.set(groupOf(f), [f]);
    }
    const requests: KindRequest[] = [];
    for (const group of groups.values()) {
      const { kind, warehouseCode } = group[0];
      const { fieldMap } = this.clients.get(kind)!.config;
      for (let i = 0; i < group.length; i += this.config.batchSize) {
        const lines = group.slice(i, i + this.config.batchSize);
        const first = lines[0].key;
        const last = lines[lines.length - 1].key;
        requests.push({
          kind, warehouseCode,
          idempotencyKey: first === last ? first : `${first}..${last}`,
          body: { kind, warehouseCode, lines: lines.map((l) => mapLine(l.line, fieldMap)) },
        });
      }
    }
    return requests;
  }

  /**
   * Sends the requests in order, each retried per the policy. One the ERP refuses (4xx) is dead-lettered
   * and the next one is sent; once one fails for want of an ERP (down, 5xx, timeouts), the rest are
   * dead-lettered unsent, ready for a replay. False when interrupted at shutdown (nothing dead-lettered then:
   * the batch is sent again by the next hub to follow).
   */
  private async send(requests: readonly KindRequest[]): Promise<boolean> {
    const stopping = this.stopping.signal;
    let erpFailure: unknown;
    for (const request of requests) {
      if (stopping.aborted) return false;
      const letter = { kind: request.kind, idempotencyKey: request.idempotencyKey, body: request.body };
      if (erpFailure !== undefined) {
        const notSent = new Error(`not sent: an earlier request failed (${erpFailure instanceof Error ? erpFailure.message : String(erpFailure)})`);
        await this.deps.deadLetters.record(NAME, letter, notSent, 0, request.warehouseCode);
        this.status.failedOnce(notSent, true);
        continue;
      }
      const { client } = this.clients.get(request.kind)!;
      const outcome = await retry(() => client.post(request, stopping), this.policy, () => stopping.aborted);
      if (!outcome.ok && stopping.aborted) return false;
      if (outcome.ok) {
        this.delivered();
        continue;
      }
      await this.deps.deadLetters.record(NAME, letter, outcome.error, outcome.attempts, request.warehouseCode);
      this.failed(outcome.error, true);
      if (!(outcome.error instanceof PermanentFailure)) erpFailure = outcome.error;
    }
    return true;
  }
}

const groupOf = (f: ErpFact) => `${f.kind} ${f.warehouseCode}`;
