import { AsyncLocalStorage } from "node:async_hooks";
import { execute, type ExecutionArgs } from "graphql";
import { DomainError } from "../domain/shared/domain-error";
import { refusal } from "./operation-checks";

export const TIMED_OUT = Symbol("timed out");

interface Deadline {
  at: number;
  ms: number;
}

/**
 * The deadline of the request being executed, for the database: a transaction started on its behalf
 * gives its statements only the time left, and does not commit once the client has been told the
 * request timed out. Background work a request starts (an MRP run) runs `detached` from it.
 */
const requestDeadline = new AsyncLocalStorage<Deadline>();

export const underDeadline = <T>(ms: number, work: () => T): T => requestDeadline.run({ at: Date.now() + ms, ms }, work);

export const detached = <T>(work: () => T): T => requestDeadline.exit(work);

/** Milliseconds left to the current request's deadline (undefined outside a request), and the error to give when none are. */
export function timeLeft(): { ms: number; error: DomainError } | undefined {
  const d = requestDeadline.getStore();
  return d && { ms: d.at - Date.now(), error: timedOut(d.ms) };
}

/**
 * The work's result, or TIMED_OUT once `ms` have passed. The work itself goes on (GraphQL execution
 * cannot be interrupted mid-resolver), but the client gets a clear answer instead of waiting on, and
 * the work's transactions neither wait nor commit past the deadline (see `underDeadline`).
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export function timedOut(ms: number): DomainError {
  return new DomainError("LIMIT_EXCEEDED", `request took longer than ${ms} ms`, { limit: "requestTimeoutMs", max: ms });
}

/** graphql-ws's execute for queries and mutations, answered with LIMIT_EXCEEDED at the deadline (subscriptions run on). */
export function executeWithDeadline(ms: number) {
  return async (args: ExecutionArgs) => {
    const result = await withDeadline(Promise.resolve(underDeadline(ms, () => execute(args))), ms);
    return result === TIMED_OUT ? { errors: [refusal(timedOut(ms))] } : result;
  };
}
