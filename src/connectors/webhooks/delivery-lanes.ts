import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "pino";
import { Wakeup } from "../../runtime/wakeup";

/** Lanes look for waiting deliveries this often even when nothing nudged them (another hub's follower queued them). */
const POLL_MS = 1_000;
/** Pause of a lane that failed for want of the database, before its webhook is looked at again. */
const RETRY_MS = 1_000;

export interface LaneWork {
  /** webhooks with deliveries waiting */
  waiting(): Promise<number[]>;
  /** delivers a webhook's waiting deliveries in event order until none is left or `signal` aborts */
  drain(webhookId: number, signal: AbortSignal): Promise<void>;
}

/**
 * One lane per webhook with deliveries waiting, up to `max` at a time: a webhook's events go out one after
 * another, in order, while a slow or dead receiver holds up only its own lane.
 */
export class DeliveryLanes {
  private readonly running = new Map<number, Promise<void>>();
  private readonly nudged = new Wakeup();

  constructor(
    private readonly work: LaneWork,
    private readonly max: number,
    private readonly log: Logger,
  ) {}

  /** Something was queued: look now rather than at the next poll. */
  nudge(): void {
    this.nudged.wake();
  }

  /** Starts lanes until `signal` aborts, then waits for those running (each finishes the POST in hand). */
  async run(signal: AbortSignal): Promise<void> {
    try {
      while (!signal.aborted) {
        for (const id of await this.work.waiting()) {
          if (this.running.size >= this.max) break;
          if (!this.running.has(id)) this.running.set(id, this.lane(id, signal));
        }
        await this.nudged.wait(POLL_MS, signal);
      }
    } finally {
      await Promise.allSettled(this.running.values());
    }
  }

  private async lane(id: number, signal: AbortSignal): Promise<void> {
    try {
      await this.work.drain(id, signal);
    } catch (err) {
      this.log.warn({ connector: "webhooks", webhookId: id, err }, "webhook lane stopped; it resumes with the delivery it was on");
      await delay(RETRY_MS, undefined, { signal }).catch(() => undefined);
    } finally {
      this.running.delete(id);
      this.nudge();
    }
  }
}
