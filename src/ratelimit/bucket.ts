import type { Pool } from 'pg';
import type { Redis } from 'ioredis';

/**
 * Token buckets, as Shopify's GraphQL API meters cost: a bucket holds up to
 * `capacity` points (the largest burst) and refills continuously at `rate`
 * points per millisecond; an operation that costs `cost` points takes them
 * if the bucket holds that many, and otherwise takes nothing and is refused
 * (a refused client does not dig itself deeper). A bucket nobody used is full.
 *
 * rate-limiter-flexible, which counts the failed authentications here, has
 * fixed windows only (its BurstyRateLimiter is two of them), so the bucket
 * step is ours: one atomic step per store, the same arithmetic in each.
 * Time comes from the caller (`now`, in ms): the hub's clock, or a test's.
 */
export interface Take {
  readonly allowed: boolean;
  /** Points left in the bucket after the step. */
  readonly tokens: number;
}

export interface BucketStore {
  take(key: string, capacity: number, rate: number, cost: number, now: number): Promise<Take>;
  /** Forgets buckets untouched since `before` (they are full again). */
  prune(before: number): Promise<void>;
}

/** The step itself, for the memory store (the others say the same in Lua and SQL). */
function step(tokens: number, updated: number, capacity: number, rate: number, cost: number, now: number) {
  const refilled = Math.min(capacity, tokens + Math.max(0, now - updated) * rate);
  const allowed = refilled >= cost;
  return { allowed, tokens: allowed ? refilled - cost : refilled, updated: Math.max(updated, now) };
}

/** One process's buckets (the embedded database, and the fallback while a shared store fails). */
export function memoryBuckets(): BucketStore {
  const buckets = new Map<string, { tokens: number; updated: number }>();
  return {
    async take(key, capacity, rate, cost, now) {
      const current = buckets.get(key) ?? { tokens: capacity, updated: now };
      const next = step(current.tokens, current.updated, capacity, rate, cost, now);
      buckets.set(key, { tokens: next.tokens, updated: next.updated });
      return { allowed: next.allowed, tokens: next.tokens };
    },
    async prune(before) {
      for (const [key, bucket] of buckets) if (bucket.updated < before) buckets.delete(key);
    },
  };
}

/**
 * Buckets in PostgreSQL (`rate_bucket`): one upsert per step. ON CONFLICT DO
 * UPDATE reads the row it locked, so concurrent steps on one bucket (from any
 * instance) apply one after the other and none is lost. The outcome is kept
 * in the row (`allowed`) because RETURNING sees only the new values.
 */
export function postgresBuckets(pool: Pool): BucketStore {
  // $1 key, $2 capacity, $3 rate per ms, $4 cost, $5 now (ms)
  const refilled = 'least($2::float8, b.tokens + greatest(0, $5::bigint - b.updated_ms) * $3::float8)';
  const sql = `
    INSERT INTO rate_bucket AS b (key, tokens, updated_ms, allowed)
    VALUES ($1, CASE WHEN $4::float8 <= $2::float8 THEN $2::float8 - $4::float8 ELSE $2::float8 END, $5::bigint,
            $4::float8 <= $2::float8)
    ON CONFLICT (key) DO UPDATE SET
      tokens = CASE WHEN ${refilled} >= $4::float8 THEN ${refilled} - $4::float8 ELSE ${refilled} END,
      updated_ms = greatest(b.updated_ms, $5::bigint),
      allowed = ${refilled} >= $4::float8
    RETURNING tokens, allowed`;
  return {
    async take(key, capacity, rate, cost, now) {
      const { rows } = await pool.query<{ tokens: number; allowed: boolean }>(sql, [key, capacity, rate, cost, Math.floor(now)]);
      return { allowed: rows[0]!.allowed, tokens: Number(rows[0]!.tokens) };
    },
    async prune(before) {
      await pool.query('DELETE FROM rate_bucket WHERE updated_ms < $1', [Math.floor(before)]);
    },
  };
}

/** The step in Redis: a script runs atomically; the hash expires once the bucket would be full. */
const REDIS_STEP = `
local capacity, rate, cost, now, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens, updated = tonumber(state[1]), tonumber(state[2])
if tokens == nil or updated == nil then tokens = capacity; updated = now end
tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
local allowed = 0
if tokens >= cost then tokens = tokens - cost; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(math.max(now, updated)))
redis.call('PEXPIRE', KEYS[1], ttl)
return { allowed, tostring(tokens) }`;

type StepCommand = (key: string, ...args: Array<string | number>) => Promise<[number, string]>;

export function redisBuckets(redis: Redis, prefix: string, fullAfterMs: number): BucketStore {
  // defineCommand sends the script once and then calls it by its SHA (EVALSHA).
  if (!('wirHubTakeTokens' in redis)) redis.defineCommand('wirHubTakeTokens', { numberOfKeys: 1, lua: REDIS_STEP });
  const command = (redis as unknown as { wirHubTakeTokens: StepCommand }).wirHubTakeTokens.bind(redis);
  return {
    async take(key, capacity, rate, cost, now) {
      const [allowed, tokens] = await command(`${prefix}:${key}`, capacity, rate, cost, Math.floor(now), fullAfterMs + 1_000);
      return { allowed: allowed === 1, tokens: Number(tokens) };
    },
    // Redis forgets buckets by itself (PEXPIRE).
    async prune() {},
  };
}
