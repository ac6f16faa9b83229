import { rowCounts } from '../helpers/factories';
import { errorCode, type GraphQLResponse, TestHub } from '../helpers/hub';
import { WsClient } from '../helpers/ws';
import { forgetApiKeys } from '../../src/access/api-key.service';

/**
 * The hub's limits, on a hub in production mode with small limits: documents
 * too deep, too wide (aliases), too costly or too long are refused before
 * anything runs (code BAD_USER_INPUT with a `reason`), big bodies answer 413,
 * batches and cross-site requests are refused, and no error ever carries a
 * stack trace or the details of an unexpected failure.
 */
let hub: TestHub;
let coordinator: string;

const LIMITS = {
  GRAPHQL_MAX_DEPTH: 6,
  GRAPHQL_MAX_ALIASES: 4,
  GRAPHQL_MAX_COST: 400,
  GRAPHQL_MAX_TOKENS: 300,
  MAX_BODY_BYTES: 8192,
};

beforeAll(async () => {
  hub = await TestHub.start({
    NODE_ENV: 'production',
    ...Object.fromEntries(Object.entries(LIMITS).map(([name, value]) => [name, String(value)])),
  });
  coordinator = await hub.key({ coordinator: true });
});
afterAll(() => hub?.stop());

/** Every error of an answer is shaped for clients: a code, and never a stack trace. */
function expectClean(result: GraphQLResponse): void {
  for (const error of result.errors ?? []) {
    expect(typeof error.extensions?.code).toBe('string');
    expect(error.extensions?.stacktrace).toBeUndefined();
    expect(error.extensions?.exception).toBeUndefined();
    expect(error.message).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  }
}

async function expectRefusedDocument(result: GraphQLResponse, reason: string, before: unknown): Promise<void> {
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  expect(result.errors!.map((error) => [error.extensions!.code, error.extensions!.reason])).toContainEqual([
    'BAD_USER_INPUT',
    reason,
  ]);
  expect(result.errors!.find((error) => error.extensions!.reason === reason)!.message).toMatch(/limit/i);
  expectClean(result);
  expect(await rowCounts(hub)).toEqual(before);
}

const create = (name: string) => `createOrganisation(input: { kind: OTHER, name: "${name}" })`;

describe('document limits', () => {
  test('too deep: refused before it runs (a mutation is not executed)', async () => {
    const before = await rowCounts(hub);
    const deep = `mutation { ${create('Zu tief')} { memberOf { memberOf { memberOf { memberOf { memberOf { memberOf { name } } } } } } } }`;
    await expectRefusedDocument(await hub.gql(deep, {}, { key: coordinator }), 'MAX_DEPTH', before);
  });

  test('at the depth limit it runs', async () => {
    const result = await hub.gql('{ organisations { edges { node { memberOf { memberOf { name } } } } } }');
    expect(result.errors).toBeUndefined();
  });

  test('too many aliases: refused, no alias executed', async () => {
    const before = await rowCounts(hub);
    const aliases = Array.from({ length: 5 }, (_, i) => `a${i}: ${create(`Alias ${i}`)} { id }`).join(' ');
    await expectRefusedDocument(await hub.gql(`mutation { ${aliases} }`, {}, { key: coordinator }), 'MAX_ALIASES', before);
  });

  test('too costly (wide lists of lists): refused', async () => {
    const before = await rowCounts(hub);
    const costly = `mutation { ${create('Zu teuer')} { members(first: 100) { edges { node { members(first: 100) { totalCount } } } } } }`;
    await expectRefusedDocument(await hub.gql(costly, {}, { key: coordinator }), 'MAX_COST', before);
    const query = '{ organisations(first: 100) { edges { node { members(first: 100) { edges { node { name } } } } } } }';
    await expectRefusedDocument(await hub.gql(query), 'MAX_COST', before);
  });

  test('too many tokens: refused', async () => {
    const before = await rowCounts(hub);
    const long = `mutation { ${create('Zu lang')} { ${Array.from({ length: 300 }, () => 'name').join(' ')} } }`;
    await expectRefusedDocument(await hub.gql(long, {}, { key: coordinator }), 'MAX_TOKENS', before);
  });

  test('the same limits over the websocket, with the same answers', async () => {
    const ws = await WsClient.connect(hub, { key: coordinator });
    try {
      const cases: Array<[string, string]> = [
        [
          `mutation { ${create('ws tief')} { memberOf { memberOf { memberOf { memberOf { memberOf { memberOf { name } } } } } } } }`,
          'MAX_DEPTH',
        ],
        [`mutation { ${Array.from({ length: 5 }, (_, i) => `a${i}: ${create(`ws ${i}`)} { id }`).join(' ')} }`, 'MAX_ALIASES'],
        ['{ organisations(first: 100) { edges { node { members(first: 100) { edges { node { name } } } } } } }', 'MAX_COST'],
        [`{ viewer { ${Array.from({ length: 300 }, () => 'name').join(' ')} } }`, 'MAX_TOKENS'],
      ];
      const before = await rowCounts(hub);
      for (const [query, reason] of cases) {
        const result = await ws.execute(query);
        expect([reason, result.data ?? null]).toEqual([reason, null]);
        expect(result.errors!.map((error) => [error.extensions!.code, error.extensions!.reason])).toContainEqual([
          'BAD_USER_INPUT',
          reason,
        ]);
        expectClean(result);
      }
      expect(await rowCounts(hub)).toEqual(before);
      // The connection survives refused documents.
      expect((await ws.execute('{ viewer { coordinator } }')).data).toEqual({ viewer: { coordinator: true } });
    } finally {
      await ws.close();
    }
  });

  test('nodes() takes at most 100 IDs', async () => {
    const ids = Array.from({ length: 101 }, (_, i) =>
      Buffer.from(`Organisation:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).toString('base64'),
    );
    const result = await hub.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('ids');
  });
});

describe('requests', () => {
  test('a body over MAX_BODY_BYTES → 413 with a JSON error, nothing run', async () => {
    const before = await rowCounts(hub);
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator}` },
      body: JSON.stringify({
        query: 'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
        variables: { input: { kind: 'OTHER', name: 'Zu groß', description: [{ language: 'de', text: 'x'.repeat(9000) }] } },
      }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors![0]!.message).toMatch(/larger than 8192 bytes/);
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(await rowCounts(hub)).toEqual(before);
  });

  test('a websocket message over MAX_BODY_BYTES closes the connection (1009)', async () => {
    const ws = await WsClient.connect(hub);
    ws.execute(`{ viewer { name } } # ${'x'.repeat(9000)}`).catch(() => undefined);
    expect((await ws.closed).code).toBe(1009);
  });

  test('batched requests are refused', async () => {
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ viewer { coordinator } }' }, { query: '{ municipalities { name } }' }]),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0]!.message).toMatch(/batching/i);
  });

  test('malformed JSON → 400 with a JSON error', async () => {
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expectClean({ status: 400, errors: body.errors });
  });

  // Why this is safe without Apollo's CSRF prevention: src/web/cross-origin.ts.
  describe('cross-site requests', () => {
    const query = encodeURIComponent('{ viewer { coordinator } }');

    test('a plain GET query runs (urql and browsers send no preflight header)', async () => {
      const response = await fetch(`${hub.url}?query=${query}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as GraphQLResponse).data).toEqual({ viewer: { coordinator: false } });
    });

    test.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      'a "simple" POST (%s) is refused, and runs nothing',
      async (contentType) => {
        const before = await rowCounts(hub);
        const response = await fetch(hub.url, {
          method: 'POST',
          headers: { 'content-type': contentType, authorization: `Bearer ${coordinator}` },
          body: JSON.stringify({ query: `mutation { ${create('CSRF')} { id } }` }),
        });
        expect(response.status).toBe(415);
        const body = (await response.json()) as GraphQLResponse;
        expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'content-type' });
        expect(await rowCounts(hub)).toEqual(before);
      },
    );

    test('a GET never runs a mutation', async () => {
      const before = await rowCounts(hub);
      const mutation = await fetch(`${hub.url}?query=${encodeURIComponent(`mutation { ${create('GET')} { id } }`)}`, {
        headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${coordinator}` },
      });
      expect(mutation.status).toBe(405);
      expect(await rowCounts(hub)).toEqual(before);
    });
  });
});

describe('errors never show internals', () => {
  test('production: no stack traces and no field suggestions in request errors', async () => {
    const results = [
      await hub.gql('{ organisations { edges { node { nam } } } }'),
      await hub.gql('{ organisations(first: 0) { totalCount } }'),
      await hub.gql('mutation { createOrganisation(input: { kind: OTHER, name: "x" }) { id } }'),
      await hub.gql('{ viewer { name }'),
    ];
    expect(results.map(errorCode)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'UNAUTHENTICATED', 'BAD_USER_INPUT']);
    for (const result of results) expectClean(result);
    // Suggestions would let a probe map the schema field by field.
    expect(results[0]!.errors![0]!.message).not.toMatch(/Did you mean/);
  });

  test('an unexpected failure answers INTERNAL_SERVER_ERROR with no details', async () => {
    // Take a table away under the running hub: the SQL fails in a way no code path expects.
    await hub.db.query('ALTER TABLE municipality RENAME TO municipality_away');
    try {
      const result = await hub.gql('{ municipalities { name } }');
      expect(errorCode(result)).toBe('INTERNAL_SERVER_ERROR');
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      expect(error!.message).toBe('Internal server error. It has been logged; please try again later.');
      // The request id, also in the X-Request-Id header, finds the logged details.
      expect(Object.keys(error!.extensions!)).toEqual(['code', 'requestId']);
      expect(JSON.stringify(result)).not.toMatch(/municipality|relation|SELECT|does not exist/i);
      expectClean(result);
    } finally {
      await hub.db.query('ALTER TABLE municipality_away RENAME TO municipality');
    }
    expect((await hub.gql('{ municipalities { name } }')).errors).toBeUndefined();
  });

  test('an unexpected failure while checking the key: INTERNAL_SERVER_ERROR, no details', async () => {
    await hub.db.query('ALTER TABLE api_key RENAME TO api_key_away');
    // The key was looked up before and is remembered for API_KEY_CACHE_MS: forget it, so this request reads the table.
    forgetApiKeys(hub.db);
    try {
      const result = await hub.gql('{ viewer { name } }', {}, { key: coordinator });
      expect(result.status).toBe(500);
      expect(errorCode(result)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result)).not.toMatch(/api_key|relation|SELECT|does not exist|Context creation/i);
      expectClean(result);
    } finally {
      await hub.db.query('ALTER TABLE api_key_away RENAME TO api_key');
    }
    expect((await hub.gql('{ viewer { coordinator } }', {}, { key: coordinator })).data).toEqual({
      viewer: { coordinator: true },
    });
  });

  test('over the websocket too', async () => {
    const ws = await WsClient.connect(hub);
    try {
      await hub.db.query('ALTER TABLE municipality RENAME TO municipality_away');
      let result: GraphQLResponse;
      try {
        result = await ws.execute('{ municipalities { name } }');
      } finally {
        await hub.db.query('ALTER TABLE municipality_away RENAME TO municipality');
      }
      expect(errorCode(result)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result)).not.toMatch(/municipality|relation|does not exist/i);
      expectClean(result);
    } finally {
      await ws.close();
    }
  });
});
