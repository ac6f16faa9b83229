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

/**
 * Budgets (rate-limiter-flexible): per window of RATE_LIMIT_WINDOW_S
 * seconds, an API key may spend its budget (RATE_LIMIT_KEY_POINTS or the one a
 * coordinator set), an anonymous client address RATE_LIMIT_ANONYMOUS_POINTS,
 * and an address may fail authentication RATE_LIMIT_AUTH_FAILURES times.
 *
 * The counters are shared by every instance: in Redis when REDIS_URL is set,
 * else in PostgreSQL (`rate_limit`, one upsert per request). The embedded
 * database serves one process only, so there they live in memory. If the
 * store fails, each instance counts in memory meanwhile (the library's
 * insurance limiter): a broken store must not stop the hub.
 *
 * Client addresses are never stored (docs/datenschutz.md): the counters of
 * anonymous clients are kept under a pseudonym of the address, see
 * {@link addressPseudonym}.
 */

/**
 * The pseudonym of a client address in the shared counters: a hash of the
 * address with a salt that changes every day (UTC), keyed with
 * WEBHOOK_SECRET_KEY when set (every instance of a deployment has the same
 * one, so they count together). The address itself never reaches Redis or
 * the `rate_limit` table, and a pseudonym links requests for one day at most.
 */
export function addressPseudonym(address: string, secret: string | undefined, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  const salt = secret
    ? createHmac('sha256', Buffer.from(secret, 'base64')).update(`rate-limit:${day}`).digest()
    : `rate-limit:${day}`;
  return createHash('sha256').update(salt).update(address).digest('base64url').slice(0, 22);
}

export interface Charge {
  /** Points charged. */
  readonly cost: number;
  /** The budget of the window. */
  readonly budget: number;
  readonly remaining: number;
  /** Milliseconds until the window restarts with the full budget. */
  readonly resetMs: number;
  /** False when the charge exceeded the budget (and was refused). */
  readonly allowed: boolean;
}

export interface Budgets {
  readonly windowSeconds: number;
  /** Charges `cost` points to `subject` ("key:<id>" or "address:<pseudonym>") against `budget`. */
  charge(subject: string, cost: number, budget: number): Promise<Charge>;
  /** Whether `address` has failed authentication too often; answers the milliseconds to wait, or 0. */
  authBlockedFor(address: string): Promise<number>;
  /** Counts one failed authentication from `address`. */
  authFailed(address: string): Promise<void>;
  close(): Promise<void>;
}

export function createBudgets(config: Config, db: DataSource, embedded: boolean, log: Logger): Budgets {
  const duration = config.RATE_LIMIT_WINDOW_S;
  let redis: Redis | undefined;
  if (config.REDIS_URL) {
    // Fail fast while Redis is away (the insurance limiter counts meanwhile) instead of queueing commands.
    redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', (error) => log.debug({ err: error }, 'rate limit store (Redis) error'));
  }
  // TypeORM's PostgreSQL driver keeps its pg Pool as `master` (typed here: the driver's module is not exported).
  const pool = embedded || redis ? undefined : (db.driver as unknown as { master: Pool }).master;
  const limiters = new Map<string, RateLimiterAbstract>();

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

  const prune =
    pool &&
    setInterval(() => {
      pool.query('DELETE FROM rate_limit WHERE expire < $1', [Date.now()]).catch((error: unknown) => {
        log.debug({ err: error }, 'pruning rate limit counters failed');
      });
    }, 5 * 60_000);
  if (prune) prune.unref();

  return {
    windowSeconds: duration,
    async charge(subject, cost, budget) {
      try {
        const result = await limiter('cost', budget).consume(subject, cost);
        return { cost, budget, remaining: result.remainingPoints, resetMs: result.msBeforeNext, allowed: true };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { cost, budget, remaining: rejection.remainingPoints, resetMs: rejection.msBeforeNext, allowed: false };
      }
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
    async close() {
      if (prune) clearInterval(prune);
      redis?.disconnect();
    },
  };
}
