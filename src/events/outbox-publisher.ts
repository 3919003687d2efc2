import type { Logger } from "pino";
import type { Database } from "../db/database";
import { inTransactionOpenedWith } from "../db/transaction";
import type { DatabaseOutage } from "../db/unavailable";
import { metrics } from "../runtime/metrics";
import { detached } from "../runtime/request-deadline";
import type { EventBus } from "./event-bus";
import { published, publishNextStatement, type PublishedRow } from "./event.store";
import { PUBLISH_LOCK } from "./outbox";
import type { HubEvent } from "./topics";

/** The channel the `event_notify` trigger notifies when events commit. */
const CHANNEL = "hub_events";
/** A safety net only (a notification lost while reconnecting): commits wake the publisher at once. */
export const OUTBOX_POLL_MS = 30_000;
const BATCH = 200;
/** Taking the lock, then publishing: sent with BEGIN, one round trip (the lock's own statement first, so the publishing one reads what the previous holder committed). */
const PUBLISH = [`SELECT 1 AS locked FROM pg_advisory_xact_lock(${PUBLISH_LOCK})`, publishNextStatement(BATCH)];

/**
 * Delivers committed outbox events to the bus and stamps them published with their position: their
 * place in publish order, which is the id subscribers see and resume from. Woken by the database when
 * events commit (LISTEN/NOTIFY), with a slow poll behind it. Publishers of several instances take turns
 * (an advisory lock held to commit), so positions grow in the order they become visible.
 */
export class OutboxPublisher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly outage: DatabaseOutage,
  ) {}

  async start() {
    this.unlisten = await this.db.listen(CHANNEL, () => this.kick());
    this.kick();
  }

  /**
   * Drains now, or right after the drain under way (events may have committed behind it). Never under
   * the deadline of the request whose commit woke it (the embedded database notifies inside the commit):
   * the drain and its poll timer would inherit that deadline and fail once it passes.
   */
  kick(): void {
    detached(() => this.kickDetached());
  }

  private kickDetached() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .then(() => undefined)
      .catch((err) => {
        if (!this.outage.noted(err)) this.log.error({ err }, "outbox publish failed");
      })
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => this.kick(), OUTBOX_POLL_MS);
          this.timer.unref();
        }
      });
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.unlisten?.();
    await this.running;
  }

  /** Publishes until the outbox is empty; returns how many it published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await inTransactionOpenedWith(this.db, PUBLISH, async (_tx, rows: PublishedRow[]) => {
        if (rows.length === 0) return 0;
        metrics.outboxLagSeconds.set(Math.max(0, (Date.now() - rows[0].createdAt.getTime()) / 1000));
        // on the bus before COMMIT, holding the lock: so the bus (Redis for several instances) hears positions in order
        for (const event of published(rows)) await this.bus.publish({ ...event, payload: event.payload as HubEvent["payload"] });
        return rows.length;
      });
      total += count;
      if (count < BATCH) {
        metrics.outboxLagSeconds.set(0);
        return total;
      }
    }
  }
}
