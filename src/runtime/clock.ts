import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The time the hub stamps on what it records (the stock ledger's `postedAt`): now, unless the work runs
 * `atTime` — the demo plant's history (src/demo/demo-history.ts) is posted on the days it tells of.
 */
const pinned = new AsyncLocalStorage<number>();

export function now(): Date {
  const at = pinned.getStore();
  return at === undefined ? new Date() : new Date(at);
}

/** Runs `work` with `now()` answering `at` (in what it awaits too). */
export function atTime<T>(at: Date, work: () => Promise<T>): Promise<T> {
  return pinned.run(at.getTime(), work);
}
