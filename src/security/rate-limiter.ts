/**
 * Requests per minute per identity (principal id, or client address when anonymous): a token bucket
 * in memory that holds a minute's allowance and refills continuously, so short bursts pass and a steady
 * flood is cut to the configured rate. In memory means per process: behind a load balancer each
 * instance enforces its own share.
 */
import { DomainError } from "../domain/shared/domain-error";

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
    this.lastSweep = now();
  }

  /** Takes one request from the key's allowance: 0 when allowed, else whole seconds until it would be. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  /** A bucket that has refilled is the same as no bucket: forget it, so one-off callers do not pile up. */
  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}

export function rateLimited(perMinute: number, retryAfterSeconds: number): DomainError {
  return new DomainError("RATE_LIMITED", `rate limit of ${perMinute} requests per minute exceeded; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
