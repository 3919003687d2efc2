import type { Logger } from "pino";
import { isDatabaseUnavailable } from "../../db/unavailable";
import type { DeviceService } from "./device.service";

/**
 * Checks for silent devices every `everyMs` (DEVICE_HEALTH_CHECK_MS): the next check is due that long after
 * the previous one finished, so checks never overlap.
 */
export class SilenceWatch {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly devices: DeviceService,
    private readonly everyMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    const tick = () => {
      // while the database is away the outage is logged once elsewhere; the next check catches up
      this.checking = this.devices
        .checkSilence()
        .then(({ raised }) => raised && this.log.info({ raised }, "devices fell silent"))
        .catch((err) => (isDatabaseUnavailable(err) ? this.log.debug({ err }, "silent-device check skipped: database unavailable") : this.log.error({ err }, "silent-device check failed")))
        .finally(() => {
          if (this.stopped) return;
          this.timer = setTimeout(tick, this.everyMs);
          this.timer.unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.checking;
  }
}
