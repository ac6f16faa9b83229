import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startHub, type Hub } from '../../src/server/hub';
import { MAX_OPERATION_NAMES } from '../../src/server/metrics';
import { createScratchDatabase, TestHub } from '../helpers/hub';

/** A hub whose log lines are collected, on the suite's database (PGlite in memory, or a scratch database). */
async function startLoggedHub(overrides: Record<string, string> = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DATA_DIR: 'memory://',
    ...overrides,
  };
  let drop: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = scratch.url;
    drop = scratch.drop;
  }
  const log = pino(
    { level: 'info' },
    {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line));
      },
    },
  );
  const hub: Hub = await startHub(loadConfig(env), { log });
  const base = hub.url.replace(/\/graphql$/, '');
  return {
    hub,
    base,
    lines,
    raw,
    async stop() {
      await hub.stop();
      await drop?.();
    },
    async post(body: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { data?: any; errors?: any[] };
    },
  };
}

type Logged = Awaited<ReturnType<typeof startLoggedHub>>;
let logged: Logged;

beforeAll(async () => {
  logged = await startLoggedHub();
});
afterAll(() => logged?.stop());

async function scrape(base: string): Promise<string> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${metric}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

test('GET /metrics counts GraphQL operations by name, type and outcome, and times them', async () => {
  const before = await scrape(logged.base);
  expect(sample(before, 'wirhub_graphql_requests_total', { operation: 'Towns' })).toBeUndefined();

  for (let i = 0; i < 3; i++) {
    const ok = await logged.post({ query: 'query Towns { municipalities { name } }', operationName: 'Towns' });
    expect(ok.data.municipalities).toHaveLength(28);
  }
  const refused = await logged.post({
    query: 'mutation Create($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
    variables: { input: { kind: 'ASSOCIATION', name: 'Metrics Verein' } },
  });
  expect(refused.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  const invalid = await logged.post({ query: '{ nope }' });
  expect(invalid.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  // Refused before Apollo runs: a bad key, a body over MAX_BODY_BYTES.
  const badKey = await logged.post({ query: 'query Who { viewer { name } }' }, { authorization: 'Bearer wh_nonsense' });
  expect(badKey.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  const tooLarge = await logged.post({ query: `query Big { __typename } # ${'x'.repeat(1_100_000)}` });
  expect(tooLarge.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

  const text = await scrape(logged.base);
  expect(sample(text, 'wirhub_graphql_requests_total', { operation: 'Towns', type: 'query', outcome: 'ok' })).toBe(3);
  // The first run of a document is graphql-js's; the same query again runs compiled (src/server/executor.ts).
  expect(sample(text, 'wirhub_graphql_executions_total', { engine: 'compiled' })).toBeGreaterThanOrEqual(2);
  expect(sample(text, 'wirhub_graphql_executions_total', { engine: 'interpreted' })).toBeGreaterThanOrEqual(1);
  expect(text).toMatch(/^wirhub_db_prepared_statements_total\{[^}]*\} \d+/m);
  expect(
    sample(text, 'wirhub_graphql_requests_total', { operation: 'Create', type: 'mutation', outcome: 'UNAUTHENTICATED' }),
  ).toBe(1);
  expect(
    sample(text, 'wirhub_graphql_requests_total', { operation: 'anonymous', type: 'query', outcome: 'BAD_USER_INPUT' }),
  ).toBe(1);
  expect(sample(text, 'wirhub_graphql_requests_total', { operation: 'Who', type: 'query', outcome: 'UNAUTHENTICATED' })).toBe(1);
  // The body was never read: neither name nor type is known.
  expect(
    sample(text, 'wirhub_graphql_requests_total', { operation: 'anonymous', type: 'unknown', outcome: 'BAD_USER_INPUT' }),
  ).toBe(1);
  expect(sample(text, 'wirhub_graphql_request_duration_seconds_count', { operation: 'Towns', outcome: 'ok' })).toBe(3);
  expect(sample(text, 'wirhub_graphql_request_duration_seconds_bucket', { operation: 'Towns', le: '+Inf' })).toBe(3);
  // Statements are counted (the municipality queries need at least one each).
  expect(Number(/^wirhub_db_statements_total\{[^}]*\} (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(3);
  // Node.js process metrics.
  expect(text).toMatch(/^process_cpu_user_seconds_total/m);
  expect(text).toMatch(/^nodejs_eventloop_lag_seconds/m);
  if (!logged.hub.database.pglite) expect(text).toMatch(/^wirhub_db_pool_connections\{[^}]*state="total"/m);
});

test('one log line per operation: name, type, duration, error codes — never variables, documents or keys', async () => {
  const secret = 'wh_not-a-real-key-but-secret-looking-0123456789';
  const marker = 'Privatadresse-Musterweg-42';
  logged.lines.length = 0;
  logged.raw.length = 0;
  await logged.post({ query: 'query Towns { municipalities { name } }' });
  await logged.post(
    {
      query: 'mutation Create($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      variables: { input: { kind: 'ASSOCIATION', name: marker } },
    },
    { authorization: `Bearer ${secret}` },
  );
  const operations = logged.lines.filter((line) => line.msg === 'graphql');
  expect(operations).toEqual([
    expect.objectContaining({ operation: 'Towns', type: 'query', status: 200, ms: expect.any(Number) }),
    expect.objectContaining({ operation: 'Create', type: 'mutation', errorCodes: ['UNAUTHENTICATED'] }),
  ]);
  expect(operations[0]).not.toHaveProperty('errorCodes');
  const everything = logged.raw.join('');
  expect(everything).not.toContain(marker);
  expect(everything).not.toContain(secret);
  expect(everything).not.toContain('municipalities {');
});

test('operation names chosen by clients cannot blow up the metrics: beyond a cap they count as "other"', async () => {
  for (let i = 0; i <= MAX_OPERATION_NAMES; i++) {
    await logged.post({ query: `query Probe${i} { __typename }` });
  }
  const text = await scrape(logged.base);
  const names = new Set([...text.matchAll(/^wirhub_graphql_requests_total\{[^}]*operation="([^"]+)"/gm)].map((m) => m[1]));
  expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 3); // + anonymous, invalid, other
  expect(names.has('other')).toBe(true);
});

test('METRICS_ENABLED=false turns /metrics off', async () => {
  const hub = await TestHub.start({ METRICS_ENABLED: 'false' });
  try {
    const response = await fetch(hub.url.replace(/\/graphql$/, '/metrics'));
    expect(response.status).toBe(404);
    expect(await hub.ok('{ __typename }')).toEqual({ __typename: 'Query' });
  } finally {
    await hub.stop();
  }
});
