/**
 * A loop's sleep that something can cut short: `wait` returns when `wake` is called (or was, since the last
 * wait returned), after `ms`, or when the signal aborts — whichever comes first — and leaves nothing behind.
 * Racing a promise against `setTimeout(ms, …, { signal })` of node:timers/promises does not: each wake-up
 * leaves that timer running, and its abort listener on the signal, until the timeout passes — with events
 * coming faster than the poll they pile up (MaxListenersExceededWarning on the signal).
 */
export class Wakeup {
  private woken = false;
  private ring: (() => void) | undefined;

  /** Ends the current wait, or the next one at once. */
  wake(): void {
    this.woken = true;
    this.ring?.();
  }

  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (!this.woken && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const end = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", end);
          resolve();
        };
        const timer = setTimeout(end, ms);
        timer.unref(); // a sleeping loop does not keep the process alive
        signal.addEventListener("abort", end, { once: true });
        this.ring = end;
      });
    }
    this.woken = false;
    this.ring = undefined;
  }
}
