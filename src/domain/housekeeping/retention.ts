import type { Logger } from "pino";
import type { Database } from "../../db/database";
import { deletePublishedBefore } from "../../events/event.store";
import { deleteReadingsBefore } from "../devices/reading-retention.store";
import { PeriodicJob } from "../shared/periodic-job";
import { deleteDeliveredBefore } from "../webhooks/webhook.store";

export interface RetentionPolicy {
  /** published outbox events older than this are deleted (subscribers and connectors resume only within it), and webhook deliveries acknowledged before it */
  eventDays: number;
  /** sensor readings recorded longer ago than this are deleted */
  sensorReadingDays: number;
}

/** Rows deleted per statement, so that a first sweep of a large backlog does not hold one long transaction. */
const BATCH = 10_000;
const EVERY_MS = 60 * 60_000;
/** Held while a hub sweeps, so that several instances do not delete the same rows at once. */
const SWEEP_LOCK = 74_260_030;

/**
 * Deletes what the hub only keeps for a while: published outbox events, sensor readings and acknowledged
 * webhook deliveries past their retention. Runs at start and then hourly; the ledger, audit log and plans are never touched here.
 */
export class Retention {
  private readonly job: PeriodicJob;

  constructor(
    private readonly db: Database,
    private readonly policy: RetentionPolicy,
    private readonly log: Logger,
  ) {
    this.job = new PeriodicJob({ name: "retention sweep", everyMs: EVERY_MS }, () => this.sweep(), log);
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One sweep; returns what it deleted (nothing when another instance is sweeping). */
  async sweep(): Promise<{ events: number; sensorReadings: number; webhookDeliveries: number }> {
    return this.db.withSession(async (session) => {
      const [{ locked }] = await session.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${SWEEP_LOCK}) AS locked`);
      if (!locked) return { events: 0, sensorReadings: 0, webhookDeliveries: 0 };
      try {
        const deleted = {
          events: await inBatches((limit) => deletePublishedBefore(session, this.policy.eventDays, limit)),
          sensorReadings: await inBatches((limit) => deleteReadingsBefore(session, this.policy.sensorReadingDays, limit)),
          webhookDeliveries: await inBatches((limit) => deleteDeliveredBefore(session, this.policy.eventDays, limit)),
        };
        if (deleted.events || deleted.sensorReadings || deleted.webhookDeliveries) this.log.info({ deleted, policy: this.policy }, "retention sweep");
        return deleted;
      } finally {
        await session.query(`SELECT pg_advisory_unlock(${SWEEP_LOCK})`);
      }
    });
  }
}

/** Runs a deletion of up to BATCH rows until one deletes fewer; returns how many rows went in all. */
async function inBatches(deleteUpTo: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deleteUpTo(BATCH);
    total += n;
    if (n < BATCH) return total;
  }
}
