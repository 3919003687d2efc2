export const TIMED_OUT = Symbol("timed out");

/**
 * The work's result, or TIMED_OUT once `ms` have passed. The work itself goes on (GraphQL execution
 * cannot be interrupted mid-resolver), but the client gets a clear answer instead of waiting on.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
