import type { Services } from "../../services";
import type { Logger } from "pino";
import type { ErpConfig } from "../../runtime/config";
import type { Database, Sql } from "../../db/database";
import { conflict, DomainError, notFound } from "../../domain/shared/domain-error";
import type { EventBus } from "../../events/event-bus";
import { OutboxFollower } from "../../events/outbox-follower";
import type { Topics } from "../../events/topics";
import type { DeadLetters } from "../dead-letters";
import { DEFAULT_RETRY, PermanentFailure, retry, type RetryPolicy } from "../retry";
import { ErpClient, type ErpRequest } from "./erp-client";
import { ErpPushConnector } from "./erp-push-connector";
import { RUN_PLAN_LOCK, type PushableRun } from "../../domain/planning/plan-export.queries";
import { suggestionBatches, transferBatches } from "./suggestion-batches";

const NAME = "erp";
const PATH = "/purchase-suggestions";
/** Session advisory locks: (FOLLOW_LOCK, 0) is held by the one hub that follows the outbox, (RUN_PLAN_LOCK, run id) while a run is pushed (or purged). */
const FOLLOW_LOCK = 74_260_020;

export interface PushSummary {
  runId: number;
  lines: number;
  batches: number;
  delivered: number;
  deadLettered: number;
}

export interface ErpConnectorDeps {
  db: Database;
  services: Pick<Services, "mrp">;
  bus: EventBus;
  deadLetters: DeadLetters;
  log: Logger;
}

/**
 * Pushes MRP purchase suggestions to the ERP: when a run completes and becomes the current plan
 * (`mrp.progress` COMPLETED in the outbox), its suggestions — and after them a multi-warehouse run's planned
 * transfers into its warehouse — go to `POST <ERP_URL>/purchase-suggestions` in batches, each with an idempotency key of its own. The outbox is followed (OutboxFollower) from a persisted
 * cursor, which moves past a run only once every batch of it is delivered or dead-lettered, so a restart or a
 * failover sends an unfinished run again under the same keys. Of several hubs on one database, the one
 * holding the follow lock follows; the others stand by.
 */
export class ErpConnector extends ErpPushConnector {
  private readonly client: ErpClient;
  private readonly policy: RetryPolicy;
  protected readonly follower: OutboxFollower;

  constructor(
    private readonly config: ErpConfig,
    private readonly deps: ErpConnectorDeps,
  ) {
    const endpoint = `${config.url}${PATH}`;
    super(NAME, endpoint, config.timeoutMs, deps.log, "ERP push still busy at shutdown; its run is sent again at the next start");
    this.policy = { ...DEFAULT_RETRY, baseDelayMs: config.retryBaseMs };
    this.client = new ErpClient({ endpoint, token: config.token, timeoutMs: config.timeoutMs, maxRetryAfterMs: this.policy.maxDelayMs });
    this.follower = new OutboxFollower(deps.db, deps.bus, deps.log, {
      name: NAME,
      topics: ["mrp.progress"],
      leaderLock: FOLLOW_LOCK,
      handle: async (event, { session }) => {
        const { runId, status } = event.payload as Topics["mrp.progress"];
        if (status === "COMPLETED") return this.pushCompleted(session, runId);
      },
    });
  }

  /** Sends a dead letter's request once more, unchanged (same idempotency key). */
  async replay(payload: unknown): Promise<void> {
    if (!isErpRequest(payload)) throw new PermanentFailure("not an ERP push request: expected { idempotencyKey, body }");
    try {
      await this.client.post(payload);
    } catch (err) {
      this.failed(err, false);
      throw err;
    }
    this.delivered();
  }

  /**
   * Pushes a stored, completed run now, current or not (the ERP already has batches it booked under the
   * same keys). CONFLICT while the run is being pushed by this or another hub (or purged); INVALID_STATE
   * once purged: what is left of its plan is no plan to send. The run is read under its lock, so a purge
   * cannot start on it mid-push.
   */
  async pushRun(runId: number): Promise<PushSummary> {
    return this.deps.db.withSession(async (session) => {
      const [{ locked }] = await session.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1::int, $2::int) AS locked`, [RUN_PLAN_LOCK, runId]);
      if (!locked) throw conflict(`MRP run ${runId} is being pushed to the ERP or purged`, { runId });
      try {
        const run = await this.deps.services.mrp.pushableRun(runId);
        if (!run) throw notFound("MrpRun", runId);
        if (!run.completed) throw new DomainError("INVALID_STATE", `MRP run ${runId} has not completed`, { runId });
        if (run.purgedAt) {
          throw new DomainError("INVALID_STATE", `MRP run ${runId} was purged: only its released rows are kept`, { runId, purgedAt: run.purgedAt.toISOString() });
        }
        return (await this.push(run)).summary;
      } finally {
        await session.query(`SELECT pg_advisory_unlock($1::int, $2::int)`, [RUN_PLAN_LOCK, runId]);
      }
    });
  }

  /**
   * A run that just completed, if it is still the current plan (a superseded plan is not sent; a purged one
   * never is current). False when interrupted by shutdown.
   */
  private async pushCompleted(session: Sql, runId: number): Promise<boolean> {
    await session.query(`SELECT pg_advisory_lock($1::int, $2::int)`, [RUN_PLAN_LOCK, runId]); // waits for a pushPlanToErp of the same run, or a purge
    try {
      const run = await this.deps.services.mrp.pushableRun(runId);
      if (!run?.completed || !run.isCurrent) {
        this.deps.log.info({ connector: NAME, runId }, "MRP run not pushed: no longer the current plan");
        return true;
      }
      const { summary, interrupted } = await this.push(run);
      if (!interrupted) this.deps.log.info({ connector: NAME, ...summary }, "MRP run pushed to the ERP");
      return !interrupted;
    } finally {
      await session.query(`SELECT pg_advisory_unlock($1::int, $2::int)`, [RUN_PLAN_LOCK, runId]);
    }
  }

  /**
   * Sends the run's batches in order, each retried per the policy. A batch the ERP refuses (4xx) is
   * dead-lettered and the next one is sent; once a batch fails for want of an ERP (down, 5xx, timeouts),
   * the rest of the run is dead-lettered unsent, ready for a replay when the ERP is back.
   */
  private async push(run: PushableRun): Promise<{ summary: PushSummary; interrupted: boolean }> {
    const stopping = this.stopping.signal;
    const summary: PushSummary = { runId: run.id, lines: run.lines, batches: 0, delivered: 0, deadLettered: 0 };
    let erpFailure: unknown;
    const mrp = this.deps.services.mrp;
    const requests = async function* (size: number, fieldMap: ErpConfig["fieldMap"]) {
      yield* suggestionBatches((id, after, limit) => mrp.suggestionLinesAfter(id, after, limit), run, size, fieldMap);
      yield* transferBatches((id, after, limit) => mrp.transferLinesAfter(id, after, limit), run, size);
    };
    for await (const request of requests(this.config.batchSize, this.config.fieldMap)) {
      if (stopping.aborted) return { summary, interrupted: true };
      summary.batches++;
      if (erpFailure !== undefined) {
        const notSent = new Error(`not sent: an earlier batch of MRP run ${run.id} failed (${messageOf(erpFailure)})`);
        await this.deps.deadLetters.record(NAME, request, notSent, 0, run.warehouseCode);
        this.status.failedOnce(notSent, true);
        summary.deadLettered++;
        continue;
      }
      const outcome = await retry(() => this.client.post(request, stopping), this.policy, () => stopping.aborted);
      // Nothing is dead-lettered at shutdown: the cursor stays before the run, and the next hub to
      // follow sends it again under the same keys.
      if (!outcome.ok && stopping.aborted) return { summary, interrupted: true };
      if (outcome.ok) {
        this.delivered();
        summary.delivered++;
      } else {
        await this.deps.deadLetters.record(NAME, request, outcome.error, outcome.attempts, run.warehouseCode);
        this.failed(outcome.error, true);
        summary.deadLettered++;
        if (!(outcome.error instanceof PermanentFailure)) erpFailure = outcome.error;
      }
    }
    return { summary, interrupted: false };
  }
}

function isErpRequest(payload: unknown): payload is ErpRequest {
  const p = payload as Partial<ErpRequest> | null;
  return typeof p?.idempotencyKey === "string" && typeof p.body === "object" && p.body !== null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
