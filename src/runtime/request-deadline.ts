import { AsyncLocalStorage } from "node:async_hooks";

interface Deadline {
  at: number;
  ms: number;
}

/**
 * The deadline of the request being executed, for the database: a transaction started on its behalf
 * gives its statements only the time left, and does not commit once the client has been told the
 * request timed out (src/db/transaction-deadline.ts). Background work a request starts (an MRP run) or wakes
 * (the outbox publisher) runs `detached` from it.
 */
const requestDeadline = new AsyncLocalStorage<Deadline>();

export const underDeadline = <T>(ms: number, work: () => T): T => requestDeadline.run({ at: Date.now() + ms, ms }, work);

export const detached = <T>(work: () => T): T => requestDeadline.exit(work);

/** Milliseconds left to the current request's deadline (undefined outside a request), and the request's whole budget. */
export function timeLeft(): { ms: number; budgetMs: number } | undefined {
  const d = requestDeadline.getStore();
  return d && { ms: d.at - Date.now(), budgetMs: d.ms };
}
