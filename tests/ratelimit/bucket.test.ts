import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config';
import { createBudgets, type Budgets } from '../../src/ratelimit/budgets';
import { createLogger } from '../../src/shared/logger';
import { TestHub } from '../helpers/hub';

/**
 * Budgets are token buckets: a client may spend its whole budget in one burst,
 * then what flows back, steadily (the whole budget in RATE_LIMIT_WINDOW_S);
 * a refused charge takes nothing; a bucket never holds more than its size.
 * The same arithmetic in each store — memory (embedded), PostgreSQL, Redis —
 * and atomic where instances share it. The clock is the test's: refills
 * happen by moving it, not by waiting.
 */
const BUDGET = 600; // points; with a 60 s window they flow back at 10 per second (0.01 per ms)
const REDIS_URL = 'redis://127.0.0.1:6379';

let hub: TestHub;
beforeAll(async () => {
  hub = await TestHub.start();
});
afterAll(() => hub?.stop());

type Store = 'memory' | 'postgresql' | 'redis';
const stores: Store[] = ['memory', 'redis', ...(process.env.DATABASE_URL ? (['postgresql'] as const) : [])];

const prefix = `wirhub-test-${randomBytes(6).toString('hex')}`;

async function budgetsOn(store: Store, clock: () => number): Promise<Budgets> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_WINDOW_S: '60',
    ...(store === 'redis' ? { REDIS_URL, REDIS_KEY_PREFIX: prefix } : {}),
  });
  const budgets = createBudgets(config, hub.db, store === 'memory', createLogger(config), clock);
  await budgets.ready();
  return budgets;
}

/** How many buckets the store holds (so a test knows the store, not the in-memory fallback, answered). */
async function storedBuckets(store: Store): Promise<number> {
  if (store === 'postgresql') return Number((await hub.db.query('SELECT count(*) AS n FROM rate_bucket'))[0].n);
  if (store === 'memory') return 0;
  const redis = new Redis(REDIS_URL);
  try {
    return (await redis.keys(`${prefix}:bucket:*`)).length;
  } finally {
    redis.disconnect();
  }
}

describe.each(stores)('a token bucket in %s', (store) => {
  let now = 1_900_000_000_000;
  let budgets: Budgets;
  const subject = () => `key:${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    budgets = await budgetsOn(store, () => now);
  });
  afterAll(async () => {
    // Each test's bucket is in the shared store, not in this process's fallback.
    if (store !== 'memory') expect(await storedBuckets(store)).toBeGreaterThanOrEqual(4);
    await budgets.close();
  });

  test('a burst of the whole budget, then refusals that take nothing and say when to come back', async () => {
    const who = subject();
    const burst = await budgets.charge(who, BUDGET, BUDGET);
    expect(burst).toEqual({
      cost: BUDGET,
      budget: BUDGET,
      remaining: 0,
      resetMs: 60_000,
      retryMs: 0,
      restoreRate: 10,
      allowed: true,
    });
    const refused = await budgets.charge(who, 50, BUDGET);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryMs: 5_000, resetMs: 60_000 });
    // Refused again at once: the refusal took nothing, so the wait is the same.
    expect(await budgets.charge(who, 50, BUDGET)).toMatchObject({ allowed: false, retryMs: 5_000 });
    // 4.9 s later 49 points are back: still short.
    now += 4_900;
    expect(await budgets.charge(who, 50, BUDGET)).toMatchObject({ allowed: false, remaining: 49, retryMs: 100 });
    now += 100;
    expect(await budgets.charge(who, 50, BUDGET)).toMatchObject({ allowed: true, remaining: 0 });
  });

  test('points flow back steadily, never beyond the bucket size', async () => {
    const who = subject();
    await budgets.charge(who, 500, BUDGET);
    // 100 left; after 12.5 s, 125 more.
    now += 12_500;
    expect(await budgets.charge(who, 25, BUDGET)).toMatchObject({ allowed: true, remaining: 200, resetMs: 40_000 });
    now += 250; // 2.5 points: a fraction is kept, not rounded away
    expect(await budgets.charge(who, 1, BUDGET)).toMatchObject({ allowed: true, remaining: 201 });
    now += 59_750;
    expect(await budgets.charge(who, 0, BUDGET)).toMatchObject({ allowed: true, remaining: 600, resetMs: 0 });
    // An hour idle: still only the bucket's size.
    now += 3_600_000;
    expect(await budgets.charge(who, 1, BUDGET)).toMatchObject({ allowed: true, remaining: 599 });
  });

  test('an operation dearer than the whole bucket is refused however full it is', async () => {
    const who = subject();
    const refused = await budgets.charge(who, BUDGET + 1, BUDGET);
    expect(refused).toMatchObject({ allowed: false, remaining: BUDGET });
    expect(await budgets.charge(who, BUDGET, BUDGET)).toMatchObject({ allowed: true, remaining: 0 });
  });

  test('a smaller budget (set by a coordinator) caps what the bucket holds', async () => {
    const who = subject();
    await budgets.charge(who, 10, BUDGET);
    expect(await budgets.charge(who, 1, 100)).toMatchObject({ allowed: true, remaining: 99, budget: 100, restoreRate: 100 / 60 });
  });

  if (store !== 'memory') {
    test('concurrent charges (as from several instances) are applied one after the other: exactly the budget is spent', async () => {
      const who = subject();
      const charges = await Promise.all(Array.from({ length: 20 }, () => budgets.charge(who, 50, BUDGET)));
      expect(charges.filter((charge) => charge.allowed)).toHaveLength(12);
      expect(await budgets.charge(who, 1, BUDGET)).toMatchObject({ allowed: false, remaining: 0 });
    });
  }
});

test('while Redis is unreachable, charges are counted in memory and nothing fails', async () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL: 'redis://127.0.0.1:1' });
  const budgets = createBudgets(config, hub.db, true, createLogger(config), () => 1_900_000_000_000);
  try {
    expect(await budgets.charge('key:offline', 300, BUDGET)).toMatchObject({ allowed: true, remaining: 300 });
    expect(await budgets.charge('key:offline', 301, BUDGET)).toMatchObject({ allowed: false, remaining: 300 });
  } finally {
    await budgets.close();
  }
});

test('Redis forgets a bucket a window after its last use (it is full by then)', async () => {
  const prefix = `wirhub-test-${randomBytes(6).toString('hex')}`;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL, REDIS_KEY_PREFIX: prefix });
  const budgets = createBudgets(config, hub.db, false, createLogger(config), () => 1_900_000_000_000);
  const redis = new Redis(REDIS_URL);
  try {
    await budgets.ready();
    await budgets.charge('key:ttl', 10, BUDGET);
    const ttl = await redis.pttl(`${prefix}:bucket:cost:key:ttl`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(61_000);
  } finally {
    redis.disconnect();
    await budgets.close();
  }
});
