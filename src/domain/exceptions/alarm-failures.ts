import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "pino";
import type { Database } from "../../db/database";
import type { EventBus } from "../../events/event-bus";
import { eventStream } from "../../events/event-stream";
import { outboxEnd } from "../../events/outbox";
import type { Topics } from "../../events/topics";
import { detached } from "../../runtime/request-deadline";
import type { EquipmentService } from "./equipment.service";
import { advanceCursor, readCursor } from "./exception.store";

const NAME = "alarm-failures";
/** Wait before following again after a failure (the database away, say). */
const RETRY_MS = 1_000;

/**
 * Follows `alarm.raised` in the outbox and reports an equipment failure for each CRITICAL alarm of a device
 * tied to a work center (EquipmentService.reportFromAlarm). It resumes from its cursor after a restart, so
 * an alarm is handled even if it was published while no hub followed; every instance follows, and the
 * failure's unique alarm makes each alarm report once however often its event is handled.
 */
export class AlarmFailureFollower {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly equipment: EquipmentService,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.running = detached(() => this.followUntilStopped());
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async followUntilStopped(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        const after = await readCursor(this.db.sql, NAME, await outboxEnd(this.db.sql));
        for await (const event of eventStream(this.bus, this.db.sql, "alarm.raised", after, signal)) {
          if (signal.aborted) return; // the backlog goes on yielding after a stop
          await this.equipment.reportFromAlarm(event.payload as Topics["alarm.raised"]);
          await advanceCursor(this.db.sql, NAME, event.id);
        }
      } catch (err) {
        if (!signal.aborted) this.log.error({ err }, "equipment failures from alarms: stopped following the outbox; resuming from its cursor");
      }
      await delay(RETRY_MS, undefined, { signal }).catch(() => undefined);
    }
  }
}
