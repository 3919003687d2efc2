import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "pino";
import { isDatabaseUnavailable } from "../../db/unavailable";
import { detached } from "../../runtime/request-deadline";
import type { DeviceService } from "./device.service";

/** Readings that come while a stream of them is being announced gather this long: one event per device and window. */
export const ANNOUNCE_WINDOW_MS = 1_000;
/** How often a hub looks for queued readings it was not told of (another hub's, or left by a stop). */
const POLL_MS = 5_000;

/**
 * Announces stored readings (DeviceService.announceReadings): at once when readings come after a quiet spell,
 * then at most once a window while they keep coming, so that a device sending many messages a second makes one
 * event a second and a chart still hears of a lone reading at once. Queued readings outlive a crash: any hub
 * announces them at its next look.
 */
export class ReadingsAnnouncer {
  private stopping = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly devices: DeviceService,
    private readonly log: Logger,
    private readonly windowMs = ANNOUNCE_WINDOW_MS,
  ) {}

  start(): void {
    this.stopping = new AbortController();
    const signal = this.stopping.signal;
    this.running = detached(() => this.announceUntilStopped(signal));
  }

  /** Stops, then announces what is still queued (the hub stops taking messages before). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    await this.announce();
  }

  private async announceUntilStopped(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.devices.readingsQueued.wait(POLL_MS, signal);
      if (signal.aborted) return;
      const began = performance.now();
      await this.announce();
      await delay(this.windowMs - (performance.now() - began), undefined, { signal }).catch(() => undefined);
    }
  }

  private async announce(): Promise<void> {
    try {
      while ((await this.devices.announceReadings()).more);
    } catch (err) {
      // still queued: announced at the next look
      if (isDatabaseUnavailable(err)) this.log.debug({ err }, "readings not announced: database unavailable");
      else this.log.error({ err }, "readings not announced; they are at the next look");
    }
  }
}
