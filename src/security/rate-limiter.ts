/**
 * Requests per minute per identity (principal id, or client address when anonymous), counted in fixed
 * one-minute windows by rate-limiter-flexible. Alone, a hub counts in memory; with REDIS_URL every hub on the
 * same database counts in one Redis key per identity, so three instances behind a load balancer allow the
 * configured rate in all, not three times it. If Redis is away, each hub falls back to counting alone in
 * memory (the insurance limiter) until it is back, rather than refusing or letting everything through.
 */
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { DomainError } from "../domain/shared/domain-error";

const WINDOW_SECONDS = 60;

export class RateLimiter {
  private constructor(
    readonly perMinute: number,
    private readonly limiter: RateLimiterAbstract,
    private readonly redis?: Redis,
  ) {}

  static inMemory(perMinute: number): RateLimiter {
    return new RateLimiter(perMinute, new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS }));
  }

  /** Counted in Redis under a prefix of the database's name: hubs of another database on the same Redis count apart. */
  static async shared(perMinute: number, redisUrl: string, databaseName: string): Promise<RateLimiter> {
    const redis = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await redis.connect();
    const limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `hub-rate:${databaseName}`,
      points: perMinute,
      duration: WINDOW_SECONDS,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS }),
    });
    return new RateLimiter(perMinute, limiter, redis);
  }

  /** Takes one request from the key's allowance: 0 when allowed, else whole seconds until it would be. */
  async take(key: string): Promise<number> {
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (refused) {
      if (refused instanceof RateLimiterRes) return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
      throw refused;
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

export function rateLimited(perMinute: number, retryAfterSeconds: number): DomainError {
  return new DomainError("RATE_LIMITED", `rate limit of ${perMinute} requests per minute exceeded; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
