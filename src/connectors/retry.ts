import { DomainError } from "../domain/shared/domain-error";

export interface RetryPolicy {
  /** tries in all, the first included */
  attempts: number;
  /** wait before the second try; doubles each time up to maxDelayMs */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };

/** The wait before try `attempt + 1`: exponential with full jitter, so that many clients do not retry in step. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}

/**
 * A failure that trying again cannot fix: the hub refused the message itself (bad input, unknown code,
 * insufficient stock…) or the other side said so (an HTTP 4xx other than 408/429). Such a message goes
 * to the dead letters at once.
 */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentFailure";
  }
}

const isPermanent = (err: unknown): boolean =>
  err instanceof PermanentFailure || (err instanceof DomainError && err.code !== "CONFLICT" && err.code !== "RATE_LIMITED");

export interface RetryOutcome<T> {
  ok: boolean;
  value?: T;
  error?: unknown;
  attempts: number;
}

/**
 * Calls `fn` until it succeeds, fails permanently, or has used the policy's attempts; never throws.
 * `stopped` ends the waiting early (shutdown): the outcome is then the last failure.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, stopped: () => boolean = () => false): Promise<RetryOutcome<T>> {
  let error: unknown;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await fn(attempt), attempts: attempt };
    } catch (err) {
      error = err;
      if (isPermanent(err) || attempt >= policy.attempts || stopped()) return { ok: false, error, attempts: attempt };
    }
    await new Promise((resolve) => setTimeout(resolve, backoffDelay(policy, attempt)));
  }
}
