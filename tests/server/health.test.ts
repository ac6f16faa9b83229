import { Client } from 'pg';
import { TestHub } from '../helpers/hub';

async function health(hub: TestHub) {
  const response = await fetch(hub.url.replace(/\/graphql$/, '/healthz'));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('GET /healthz answers 200 while the database answers', async () => {
  const hub = await TestHub.start();
  try {
    expect(await health(hub)).toEqual({
      status: 200,
      body: { status: 'ok', database: hub.embedded ? 'embedded' : 'postgresql' },
    });
  } finally {
    await hub.stop();
  }
});

test('GET /healthz answers 503 when the database does not answer, and the hub keeps running', async () => {
  const hub = await TestHub.start();
  const admin = process.env.DATABASE_URL ? new Client({ connectionString: process.env.DATABASE_URL }) : undefined;
  const name = hub.config.DATABASE_URL ? new URL(hub.config.DATABASE_URL).pathname.slice(1) : undefined;
  try {
    expect((await health(hub)).status).toBe(200);
    if (admin && name) {
      // The server refuses the hub: its connections are cut and no new ones are allowed.
      await admin.connect();
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    } else {
      // The embedded database is gone.
      await hub.hub.database.pglite!.close();
    }
    expect(await health(hub)).toEqual({ status: 503, body: { status: 'unavailable' } });
    // GraphQL answers a clean error, no stack trace, and the process is still there.
    const result = await hub.gql('{ municipalities { name } }');
    expect(result.status).toBe(503);
    expect(result.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(result)).not.toMatch(/stacktrace|at \w+ \(/i);
    expect((await health(hub)).status).toBe(503);

    if (admin && name) {
      // The server comes back: so does the hub, without a restart.
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
      expect(await health(hub)).toEqual({ status: 200, body: { status: 'ok', database: 'postgresql' } });
      expect((await hub.ok('{ municipalities { name } }')).municipalities).toHaveLength(28);
    }
  } finally {
    if (admin && name) await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await hub.stop().catch(() => undefined);
  }
});

test('GET /healthz answers 503 when the database hangs: the check has a timeout of its own', async () => {
  // One connection (PGlite has only one anyway), held by a transaction until the test lets it go: the check
  // cannot get an answer, so only its own timeout (3 s) can end it.
  const hub = await TestHub.start({ DB_POOL_SIZE: '1' });
  try {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const transaction = hub.db.transaction(async (manager) => {
      await manager.query('SELECT 1');
      holding();
      await released;
    });
    await held;
    expect(await health(hub)).toEqual({ status: 503, body: { status: 'unavailable' } });
    release();
    await transaction;
    expect((await health(hub)).status).toBe(200);
  } finally {
    await hub.stop();
  }
});
