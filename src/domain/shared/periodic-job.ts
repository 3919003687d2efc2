import type { Logger } from "pino";
import { isDatabaseUnavailable } from "../../db/unavailable";

export interface PeriodicJobOptions {
  /** what the log lines call it ("retention sweep", "KPI refresh"…) */
  name: string;
  everyMs: number;
  /** run once at start (default), or first one interval after it */
  runAtStart?: boolean;
  /** failures that are expected now and then (logged at debug, like the database being away) */
  quiet?: (err: unknown) => boolean;
}

/**
 * Background work on a timer: the next run is due `everyMs` after the previous one finished, so runs never
 * overlap; `stop` waits for the run in hand. While the database is away the outage is logged once elsewhere,
 * so a failed run then is logged at debug level and the next one catches up.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private stopping = new AbortController();

  constructor(
    private readonly options: PeriodicJobOptions,
    /** one run; `signal` aborts when the job is stopped (long runs end early) */
    private readonly work: (signal: AbortSignal) => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  start(): void {
    const { everyMs, runAtStart = true } = this.options;
    if (everyMs <= 0) return;
    this.stopped = false;
    this.stopping = new AbortController();
    if (runAtStart) this.tick();
    else this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  private tick(): void {
    const { name, quiet } = this.options;
    this.running = this.work(this.stopping.signal)
      .catch((err) => {
        if (isDatabaseUnavailable(err)) this.log.debug({ err }, `${name} skipped: database unavailable`);
        else if (quiet?.(err)) this.log.debug({ err }, `${name} skipped`);
        else this.log.error({ err }, `${name} failed`);
      })
      .finally(() => this.schedule());
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), this.options.everyMs);
    this.timer.unref();
  }
}
