import { randomBytes } from 'node:crypto';
import { globalId } from '../../src/shared/global-id';
import { createOrganisation, databaseId } from '../helpers/factories';
import { TestHub } from '../helpers/hub';
import { WsClient } from '../helpers/ws';

/**
 * Fair use: every operation is charged its cost against the budget of its key
 * or, anonymous, of its address; answers say where the client stands; over
 * budget is 429 RATE_LIMITED with Retry-After; wrong keys are limited per
 * address; websocket operations count; coordinators see and set budgets;
 * budgets hold across instances sharing a store.
 */
const PAGE = '{ organisations(first: 20) { edges { node { id name municipality { name } } } } }';

async function send(hub: TestHub, query: string, key?: string) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    policy: response.headers.get('ratelimit-policy'),
    limit: response.headers.get('ratelimit'),
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { data?: any; errors?: any[]; extensions?: any },
  };
}

/** The hub's defaults (TestHub raises them for other tests). */
const DEFAULTS = { RATE_LIMIT_KEY_POINTS: '100000', RATE_LIMIT_ANONYMOUS_POINTS: '20000', RATE_LIMIT_AUTH_FAILURES: '20' };

describe('with the default budgets', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await TestHub.start(DEFAULTS);
  });
  afterAll(() => hub.stop());

  test('every answer tells its cost and what is left: extensions.cost, RateLimit, RateLimit-Policy', async () => {
    const first = await send(hub, PAGE);
    expect(first.status).toBe(200);
    const cost = first.body.extensions.cost;
    expect(cost).toMatchObject({ budget: 20_000, windowSeconds: 60, restoreRate: 333.33 });
    // organisations(first: 20) multiplies the cost of a node by 20; the page holds fewer.
    expect(cost.requested).toBeGreaterThan(100);
    expect(cost.actual).toBeLessThan(cost.requested);
    // A fresh bucket of this address: full, less this operation; full again in as many seconds as its cost takes to flow back.
    expect(cost.remaining).toBe(20_000 - cost.requested);
    expect(cost.resetInSeconds).toBe(Math.ceil(cost.requested / (20_000 / 60)));
    expect(first.policy).toBe('"cost";q=20000;w=60');
    expect(first.limit).toBe(`"cost";r=${cost.remaining};t=${cost.resetInSeconds}`);
    const second = await send(hub, PAGE);
    // Less the second cost, plus what flowed back meanwhile (a fixed window would give back nothing).
    expect(second.body.extensions.cost.remaining).toBeGreaterThanOrEqual(cost.remaining - cost.requested);
    expect(second.body.extensions.cost.remaining).toBeLessThan(cost.remaining);
    // A key has its own, larger budget.
    const key = await hub.key({ coordinator: true });
    const keyed = await send(hub, PAGE, key);
    expect(keyed.body.extensions.cost).toMatchObject({ budget: 100_000, remaining: 100_000 - cost.requested });
  });

  test('coordinators see and set a key budget; others may not set it', async () => {
    const coordinator = await hub.key({ coordinator: true }, 'budget coordinator');
    const partner = await hub.key({ coordinator: true }, 'budget partner');
    const [row] = await hub.db.query(`SELECT id FROM api_key WHERE label = 'budget partner'`);
    const id = globalId('ApiKey', row.id);
    const seen = await hub.ok('query($id: ID!) { apiKey(id: $id) { id label budget ownBudget } }', { id }, { key: coordinator });
    expect(seen.apiKey).toEqual({ id, label: 'budget partner', budget: 100_000, ownBudget: false });
    const target = { id };
    const organisation = await createOrganisation(hub, coordinator);
    const admin = await hub.key({ organisationId: databaseId(organisation.id), role: 'ADMIN' });
    const notCoordinator = await hub.gql('query($id: ID!) { apiKey(id: $id) { budget } }', { id }, { key: admin });
    expect(notCoordinator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notSet = await hub.gql('mutation($id: ID!) { setApiKeyBudget(id: $id, points: 9) { budget } }', { id }, { key: admin });
    expect(notSet.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const set = await hub.ok(
      'mutation($id: ID!) { setApiKeyBudget(id: $id, points: 5000) { budget ownBudget } }',
      { id: target.id },
      { key: coordinator },
    );
    expect(set.setApiKeyBudget).toEqual({ budget: 5000, ownBudget: true });
    expect((await send(hub, PAGE, partner)).body.extensions.cost.budget).toBe(5000);
    const bad = await hub.gql(
      'mutation($id: ID!) { setApiKeyBudget(id: $id, points: 0) { budget } }',
      { id: target.id },
      { key: coordinator },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'points' });
    const reset = await hub.ok(
      'mutation($id: ID!) { setApiKeyBudget(id: $id, points: null) { budget ownBudget } }',
      { id: target.id },
      { key: coordinator },
    );
    expect(reset.setApiKeyBudget).toEqual({ budget: 100_000, ownBudget: false });
  });
});

describe('with small budgets', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await TestHub.start({
      RATE_LIMIT_ANONYMOUS_POINTS: '2000',
      RATE_LIMIT_KEY_POINTS: '3000',
      RATE_LIMIT_AUTH_FAILURES: '3',
    });
  });
  afterAll(() => hub.stop());

  test('over budget: 429 RATE_LIMITED with Retry-After until the cost has flowed back, nothing runs; a key still has its own budget', async () => {
    const answers = [];
    for (let round = 0; round < 30; round++) {
      const answer = await send(hub, PAGE);
      answers.push(answer);
      if (answer.status === 429) break;
    }
    const refused = answers.at(-1)!;
    expect(refused.status).toBe(429);
    expect(answers.slice(0, -1).every((answer) => answer.status === 200)).toBe(true);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.body.errors![0].message).toMatch(/Over budget/);
    expect(refused.body.data).toBeUndefined();
    // A burst: the whole bucket was spent back to back before the refusal.
    const spent = answers.slice(0, -1).reduce((sum, answer) => sum + answer.body.extensions.cost.requested, 0);
    expect(spent).toBeGreaterThan(2000 - refused.body.extensions.cost.requested);
    // The wait is what the missing points take to flow back (2000 per 60 s), not the rest of a window.
    const { requested, remaining } = refused.body.extensions.cost;
    expect(refused.body.extensions.cost.actual).toBe(0);
    // (`remaining` is rounded down, so the wait it implies may be a second longer than the hub's.)
    const wait = Math.max(1, Math.ceil((requested - remaining) / (2000 / 60)));
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(wait - 1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(wait);
    expect(refused.body.errors![0].extensions.retryAfter).toBe(Number(refused.retryAfter));
    expect(refused.policy).toBe('"cost";q=2000;w=60');
    const key = await hub.key({ coordinator: true });
    expect((await send(hub, PAGE, key)).status).toBe(200);
  });

  test('a single operation dearer than the whole budget says so', async () => {
    const key = await hub.key({ coordinator: true });
    const list = 'organisations(first: 100) { edges { node { id name municipality { name } } } }';
    const dear = await send(hub, `{ a: ${list} b: ${list} }`, key);
    expect(dear.status).toBe(429);
    expect(dear.body.errors![0].message).toMatch(/more than the whole budget/);
  });

  test('websocket operations spend the same budget', async () => {
    const key = await hub.key({ coordinator: true }, 'ws budget');
    const client = await WsClient.connect(hub, { key });
    try {
      let refused: any;
      for (let round = 0; round < 40 && !refused; round++) {
        const result = await client.execute(PAGE);
        if (result.errors?.length) refused = result.errors[0];
      }
      expect(refused?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      // ...and the key's HTTP budget is spent too.
      expect((await send(hub, PAGE, key)).status).toBe(429);
    } finally {
      await client.close();
    }
  });
});

describe('failed authentication', () => {
  test('is limited per address: after 3 wrong keys, 429 even with a good key', async () => {
    const hub = await TestHub.start({ ...DEFAULTS, RATE_LIMIT_AUTH_FAILURES: '3' });
    try {
      const good = await hub.key({ coordinator: true });
      expect((await send(hub, '{ municipalities { name } }', good)).status).toBe(200);
      for (let round = 0; round < 3; round++) {
        expect((await send(hub, '{ municipalities { name } }', `wh_wrong${round}`)).status).toBe(401);
      }
      const blocked = await send(hub, '{ municipalities { name } }', 'wh_wrong');
      expect(blocked.status).toBe(429);
      expect(blocked.body.errors![0].extensions.code).toBe('RATE_LIMITED');
      expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
      expect((await send(hub, '{ municipalities { name } }', good)).status).toBe(429);
      // Anonymous requests from the address are not blocked: they present no key to guess.
      expect((await send(hub, '{ municipalities { name } }')).status).toBe(200);
    } finally {
      await hub.stop();
    }
  });
});

/** Two hubs on one store share one budget. */
async function sharedBudget(env: Record<string, string>, database?: string) {
  const first = await TestHub.start({ ...DEFAULTS, RATE_LIMIT_ANONYMOUS_POINTS: '2000', ...env });
  const second = await TestHub.start({
    ...DEFAULTS,
    RATE_LIMIT_ANONYMOUS_POINTS: '2000',
    ...env,
    ...(database ? {} : { DATABASE_URL: first.config.DATABASE_URL! }),
  });
  try {
    const a = await send(first, PAGE);
    const b = await send(second, PAGE);
    // One bucket: the second instance saw the first one's charge (a bucket of its own would still be as full as a's).
    const { remaining, requested } = a.body.extensions.cost;
    expect(b.body.extensions.cost.remaining).toBeGreaterThanOrEqual(remaining - requested);
    expect(b.body.extensions.cost.remaining).toBeLessThan(remaining);
  } finally {
    await second.hub.stop();
    await first.stop();
  }
}

(process.env.DATABASE_URL ? test : test.skip)('budgets hold across two instances on one PostgreSQL', async () => {
  await sharedBudget({});
});

test('budgets hold across two instances sharing Redis (REDIS_URL)', async () => {
  const prefix = `wirhub-test-${randomBytes(6).toString('hex')}`;
  await sharedBudget({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix }, 'own');
});
