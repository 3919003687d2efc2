import type { Logger } from "pino";
import type { Database } from "../db/database";
import type { EventBus } from "./event-bus";
import type { HubEvent, Topic } from "./topics";

interface EventRow {
  id: string | number;
  topic: Topic;
  payload: unknown;
  createdAt: Date;
}

/**
 * Delivers committed outbox events to the bus in id order and stamps them published. Rows are claimed
 * with FOR UPDATE SKIP LOCKED, so several instances can run publishers without delivering twice.
 * Polls briefly; `kick()` (after a commit that wrote events) shortens the wait.
 */
export class OutboxPublisher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly intervalMs = 200,
  ) {}

  start() {
    this.schedule(0);
  }

  kick() {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => undefined)
        .catch((err) => this.log.error({ err }, "outbox publish failed"))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** Publishes until the outbox is empty. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.db.prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<EventRow[]>`
          SELECT id, topic, payload, created_at AS "createdAt" FROM event
           WHERE published_at IS NULL ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED`;
        for (const r of rows) {
          const event: HubEvent = { id: Number(r.id), topic: r.topic, payload: r.payload as HubEvent["payload"], createdAt: r.createdAt };
          await this.bus.publish(event);
        }
        if (rows.length) {
          const ids = rows.map((r) => BigInt(r.id));
          await tx.$executeRaw`UPDATE event SET published_at = now() WHERE id = ANY(${ids}::bigint[])`;
        }
        return rows.length;
      });
      total += published;
      if (published < 200) return total;
    }
  }
}
