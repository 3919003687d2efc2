import type { Logger } from "pino";
import type { Database } from "../../db/database";
import type { EventBus } from "../../events/event-bus";
import { OutboxFollower } from "../../events/outbox-follower";
import type { Topics } from "../../events/topics";
import type { EquipmentService } from "./equipment.service";

/**
 * Follows `alarm.raised` in the outbox and reports an equipment failure for each CRITICAL alarm of a device
 * tied to a work center (EquipmentService.reportFromAlarm). It resumes from its cursor after a restart, so
 * an alarm is handled even if it was published while no hub followed; every instance follows, and the
 * failure's unique alarm makes each alarm report once however often its event is handled.
 */
export class AlarmFailureFollower {
  private readonly follower: OutboxFollower;

  constructor(db: Database, bus: EventBus, equipment: EquipmentService, log: Logger) {
    this.follower = new OutboxFollower(db, bus, log, {
      name: "alarm-failures",
      topics: ["alarm.raised"],
      handle: async (event) => {
        await equipment.reportFromAlarm(event.payload as Topics["alarm.raised"]);
      },
    });
  }

  start(): void {
    this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }
}
