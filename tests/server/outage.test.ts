import { Client } from 'pg';
import WebSocket from 'ws';
import { TestCluster } from '../helpers/cluster';
import { TestHub, type GraphQLResponse } from '../helpers/hub';

jest.setTimeout(90_000);

/**
 * When the database is unreachable, every request says so in a way client
 * code can act on: HTTP 503, `extensions.code: SERVICE_UNAVAILABLE`,
 * `Retry-After`, for anonymous and keyed requests alike; `/readyz` fails;
 * and the hub recovers by itself when the database returns.
 */
async function get(hub: TestHub, path: string) {
  const response = await fetch(hub.url.replace(/\/graphql$/, path));
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

async function gqlWithHeaders(hub: TestHub, query: string, key?: string) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as GraphQLResponse;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), errors: body.errors, data: body };
}

function expectUnavailable(result: Awaited<ReturnType<typeof gqlWithHeaders>>) {
  expect(result.status).toBe(503);
  expect(result.retryAfter).toBe('5');
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
  expect(result.errors?.[0]?.message).toMatch(/not reachable/);
  expect(JSON.stringify(result.data)).not.toMatch(/ECONNREFUSED|stacktrace|at \w+ \(/);
}

/** Answers when the websocket closes: its close code. */
function wsClose(hub: TestHub, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })),
    );
    socket.on('close', (code) => resolve(code));
    socket.on('error', reject);
  });
}

const QUERIES = ['{ municipalities { name } }', '{ organisations(first: 3) { totalCount } }', '{ viewer { coordinator } }'];

(TestCluster.available ? describe : describe.skip)('PostgreSQL stopped under load (a cluster of its own)', () => {
  let cluster: TestCluster;
  let hub: TestHub;
  let key: string;

  beforeAll(async () => {
    cluster = await TestCluster.create();
    // No key cache: every keyed request reads the database, as the first request of a key after a restart would.
    hub = await TestHub.start({ DATABASE_URL: cluster.url(), DB_POOL_SIZE: '4', API_KEY_CACHE_MS: '0' });
    key = await hub.key({ coordinator: true });
  });
  afterAll(async () => {
    await hub?.stop().catch(() => undefined);
    cluster?.destroy();
  });

  test('503 SERVICE_UNAVAILABLE with Retry-After for anonymous and keyed requests; /readyz fails; it recovers', async () => {
    expect((await get(hub, '/readyz')).status).toBe(200);
    expect((await hub.ok('{ municipalities { name } }', undefined, { key })).municipalities).toHaveLength(28);

    // Load from four clients, anonymous and keyed, across the outage. The test moves on when the load has
    // seen what each phase must show (every client answered, every client refused), not after fixed times.
    const CLIENTS = 4;
    let stop = false;
    const seen: Record<string, number> = {};
    let phase: 'before' | 'down' | 'recovered' = 'before';
    const answeredIn = { before: new Set<number>(), down: new Set<number>(), recovered: new Set<number>() };
    const refusedIn = { before: new Set<number>(), down: new Set<number>(), recovered: new Set<number>() };
    const watchers = new Set<() => void>();
    /** Resolves once `condition` holds, checked after every answer the load receives. */
    const until = (condition: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!condition()) return;
          watchers.delete(check);
          resolve();
        };
        watchers.add(check);
        check();
      });
    const load = Array.from({ length: CLIENTS }, async (_, client) => {
      let round = 0;
      while (!stop) {
        const asked = phase;
        const result = await gqlWithHeaders(hub, QUERIES[round++ % QUERIES.length]!, client % 2 ? key : undefined);
        const outcome =
          result.status === 200 ? '200' : `${result.status} ${result.errors?.[0]?.extensions?.code} ${result.retryAfter}`;
        seen[outcome] = (seen[outcome] ?? 0) + 1;
        // Counted in a phase only when asked in it (an answer to a request sent before a phase began says nothing of it).
        if (asked === phase) (result.status === 200 ? answeredIn : refusedIn)[phase].add(client);
        for (const watcher of [...watchers]) watcher();
        // Pacing, not waiting for something: the load is a steady stream, not a flood of the two cores.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });

    await until(() => answeredIn.before.size === CLIENTS);
    phase = 'down';
    cluster.stop('immediate');
    expectUnavailable(await gqlWithHeaders(hub, '{ organisations(first: 3) { totalCount } }'));
    expectUnavailable(await gqlWithHeaders(hub, '{ viewer { coordinator } }', key));
    expectUnavailable(
      await gqlWithHeaders(
        hub,
        'mutation { createCampaign(input: { name: "Ausfall", startsOn: "2027-01-01", endsOn: "2027-01-02" }) { id } }',
        key,
      ),
    );
    const ready = await get(hub, '/readyz');
    expect(ready).toMatchObject({ status: 503, retryAfter: '5', body: { status: 'unavailable' } });
    // A websocket that cannot check its key is told to come back later (1013), not refused as if the key were bad.
    expect(await wsClose(hub, key)).toBe(1013);
    // Down until every client of the load has been refused (503) at least once.
    await until(() => refusedIn.down.size === CLIENTS);

    cluster.start();
    // Ready again: asked as a load balancer asks, one check after the other (the hub announces nothing).
    while ((await get(hub, '/readyz')).status !== 200);
    phase = 'recovered';
    // Every client is answered again.
    await until(() => answeredIn.recovered.size === CLIENTS);
    stop = true;
    await Promise.all(load);
    expect(Object.keys(seen).sort()).toEqual(['200', '503 SERVICE_UNAVAILABLE 5']);
    expect((await hub.ok('{ municipalities { name } }', undefined, { key })).municipalities).toHaveLength(28);
  });
});

describe("the suite's database gone (embedded: closed; server: connections refused)", () => {
  test('anonymous and keyed requests answer 503 with Retry-After, /readyz too', async () => {
    // No key cache, so the keyed request needs the database (a remembered key could answer `viewer` without it).
    const hub = await TestHub.start({ API_KEY_CACHE_MS: '0' });
    const key = await hub.key({ coordinator: true });
    const admin = process.env.DATABASE_URL ? new Client({ connectionString: process.env.DATABASE_URL }) : undefined;
    const name = hub.config.DATABASE_URL ? new URL(hub.config.DATABASE_URL).pathname.slice(1) : undefined;
    try {
      if (admin && name) {
        await admin.connect();
        await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      } else {
        await hub.hub.database.pglite!.close();
      }
      expectUnavailable(await gqlWithHeaders(hub, '{ organisations(first: 3) { totalCount } }'));
      expectUnavailable(await gqlWithHeaders(hub, '{ viewer { coordinator } }', key));
      expect(await get(hub, '/readyz')).toMatchObject({ status: 503, retryAfter: '5' });
    } finally {
      if (admin && name) await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin?.end();
      await hub.stop().catch(() => undefined);
    }
  });
});
