import { execute, type ExecutionArgs } from "graphql";
import { refusal } from "./operation-checks";
import { timedOut } from "../domain/shared/domain-error";
import { underDeadline } from "../runtime/request-deadline";

export const TIMED_OUT = Symbol("timed out");

/**
 * The work's result, or TIMED_OUT once `ms` have passed. The work itself goes on (GraphQL execution
 * cannot be interrupted mid-resolver), but the client gets a clear answer instead of waiting on, and
 * the work's transactions neither wait nor commit past the deadline (see src/runtime/request-deadline.ts).
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** graphql-ws's execute for queries and mutations, answered with LIMIT_EXCEEDED at the deadline (subscriptions run on). */
export function executeWithDeadline(ms: number) {
  return async (args: ExecutionArgs) => {
    const result = await withDeadline(Promise.resolve(underDeadline(ms, () => execute(args))), ms);
    return result === TIMED_OUT ? { errors: [refusal(timedOut(ms))] } : result;
  };
}
