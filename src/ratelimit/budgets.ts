import { createHash, createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import { memoryBuckets, postgresBuckets, redisBuckets, type BucketStore, type Take } from './bucket';

/**
 * Budgets: per API key (RATE_LIMIT_KEY_POINTS or the one a coordinator set)
 * and per anonymous client address (RATE_LIMIT_ANONYMOUS_POINTS), a token
 * bucket of that many cost points that refills completely over
 * RATE_LIMIT_WINDOW_S seconds, smoothly (see bucket.ts): a client may spend
 * its whole budget in a burst, and then as much as trickles back. Failed
 * authentications are counted per address in fixed windows
 * (rate-limiter-flexible): RATE_LIMIT_AUTH_FAILURES per window.
 *
 * The state is shared by every instance: in Redis when REDIS_URL is set,
 * else in PostgreSQL (`rate_bucket` and `rate_limit`, one upsert per
 * request). The embedded database serves one process only, so there it lives
 * in memory. If the store fails, each instance counts in memory meanwhile
 * (the library's insurance limiter, and the same for the buckets): a broken
 * store must not stop the hub.
 *
 * Client addresses are never stored (docs/datenschutz.md): the buckets and
 * counters of anonymous clients are kept under a pseudonym of the address,
 * see {@link addressPseudonym}.
 */

/**
 * The pseudonym of a client address in the shared counters: a hash of the
 * address with a salt that changes every day (UTC), keyed with
 * WEBHOOK_SECRET_KEY when set (every instance of a deployment has the same
 * one, so they count together). The address itself never reaches Redis or
 * the `rate_bucket` and `rate_limit` tables, and a pseudonym links requests for one day at most.
 */
export function addressPseudonym(address: string, secret: string | undefined, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  const salt = secret
    ? createHmac('sha256', Buffer.from(secret, 'base64')).update(`rate-limit:${day}`).digest()
    : `rate-limit:${day}`;
  return createHash('sha256').update(salt).update(address).digest('base64url').slice(0, 22);
}

export interface Charge {
  /** Points charged (or asked for, when refused). */
  readonly cost: number;
  /** The bucket's capacity. */
  readonly budget: number;
  /** Whole points left in the bucket. */
  readonly remaining: number;
  /** Milliseconds until the bucket is full again. */
  readonly resetMs: number;
  /** Milliseconds until the bucket holds `cost` points (0 when allowed). */
  readonly retryMs: number;
  /** Points that flow back per second. */
  readonly restoreRate: number;
  /** False when the bucket held less than the cost (and nothing was taken). */
  readonly allowed: boolean;
}

export interface Budgets {
  /** Seconds in which an empty bucket fills up again. */
  readonly windowSeconds: number;
  /** Charges `cost` points to `subject` ("key:<id>" or "address:<pseudonym>") against a bucket of `budget`. */
  charge(subject: string, cost: number, budget: number): Promise<Charge>;
  /** Whether `address` has failed authentication too often; answers the milliseconds to wait, or 0. */
  authBlockedFor(address: string): Promise<number>;
  /** Counts one failed authentication from `address`. */
  authFailed(address: string): Promise<void>;
  /** Resolves once the shared store answers (until then charges are counted in memory): for tests. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Where the hub reads the time (tests pass their own, to refill buckets without waiting). */
export type Clock = () => number;

export function createBudgets(config: Config, db: DataSource, embedded: boolean, log: Logger, clock: Clock = Date.now): Budgets {
  const duration = config.RATE_LIMIT_WINDOW_S;
  const windowMs = duration * 1000;
  let redis: Redis | undefined;
  if (config.REDIS_URL) {
    // Fail fast while Redis is away (the insurance limiter counts meanwhile) instead of queueing commands.
    redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', (error) => log.debug({ err: error }, 'rate limit store (Redis) error'));
  }
  // TypeORM's PostgreSQL driver keeps its pg Pool as `master` (typed here: the driver's module is not exported).
  const pool = embedded || redis ? undefined : (db.driver as unknown as { master: Pool }).master;
  const limiters = new Map<string, RateLimiterAbstract>();
  const fallback = memoryBuckets();
  const buckets: BucketStore = redis
    ? redisBuckets(redis, `${config.REDIS_KEY_PREFIX}:bucket`, windowMs)
    : pool
      ? postgresBuckets(pool)
      : fallback;

  /** One limiter per prefix and budget; limiters of a prefix share their counters. */
  const limiter = (keyPrefix: string, points: number): RateLimiterAbstract => {
    const name = `${keyPrefix}/${points}`;
    let found = limiters.get(name);
    if (!found) {
      const common = { keyPrefix: redis ? `${config.REDIS_KEY_PREFIX}:${keyPrefix}` : keyPrefix, points, duration };
      const insuranceLimiter = new RateLimiterMemory(common);
      if (redis) found = new RateLimiterRedis({ ...common, storeClient: redis, insuranceLimiter });
      else if (pool) {
        found = new RateLimiterPostgres({
          ...common,
          storeClient: pool,
          storeType: 'pool',
          tableName: 'rate_limit',
          tableCreated: true, // by the migration
          clearExpiredByTimeout: false, // pruned below, once for all limiters
          insuranceLimiter,
        });
      } else found = insuranceLimiter;
      limiters.set(name, found);
    }
    return found;
  };

  // A bucket untouched for a whole window is full again: forgetting it changes nothing.
  const prune = setInterval(() => {
    const before = clock() - windowMs;
    const done: Array<Promise<unknown>> = [fallback.prune(before)];
    if (buckets !== fallback) done.push(buckets.prune(before));
    if (pool) done.push(pool.query('DELETE FROM rate_limit WHERE expire < $1', [Date.now()]));
    Promise.all(done).catch((error: unknown) => log.debug({ err: error }, 'pruning rate limit state failed'));
  }, 5 * 60_000);
  prune.unref();

  return {
    windowSeconds: duration,
    async charge(subject, cost, budget) {
      const rate = budget / windowMs;
      const now = clock();
      let taken: Take;
      try {
        taken = await buckets.take(`cost:${subject}`, budget, rate, cost, now);
      } catch (error) {
        log.debug({ err: error }, 'rate limit store failed; counting in memory meanwhile');
        taken = await fallback.take(`cost:${subject}`, budget, rate, cost, now);
      }
      const tokens = Math.max(0, taken.tokens);
      return {
        cost,
        budget,
        remaining: Math.floor(tokens),
        resetMs: Math.ceil((budget - tokens) / rate),
        retryMs: taken.allowed ? 0 : Math.ceil((Math.min(cost, budget) - tokens) / rate),
        restoreRate: budget / duration,
        allowed: taken.allowed,
      };
    },
    async authBlockedFor(address) {
      const result = await limiter('auth', config.RATE_LIMIT_AUTH_FAILURES).get(
        addressPseudonym(address, config.WEBHOOK_SECRET_KEY),
      );
      return result && result.consumedPoints >= config.RATE_LIMIT_AUTH_FAILURES ? Math.max(1, result.msBeforeNext) : 0;
    },
    async authFailed(address) {
      await limiter('auth', config.RATE_LIMIT_AUTH_FAILURES)
        .consume(addressPseudonym(address, config.WEBHOOK_SECRET_KEY))
        .catch((rejection: unknown) => {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
        });
    },
    async ready() {
      if (redis && redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    },
    async close() {
      clearInterval(prune);
      redis?.disconnect();
    },
  };
}
