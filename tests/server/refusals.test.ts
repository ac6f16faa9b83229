import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { TestHub } from '../helpers/hub';

/**
 * Every refusal is a coded client error, never INTERNAL_SERVER_ERROR: the
 * three faults an outside test found, each request id the client can quote,
 * and a seeded fuzz run over the classes of hostile input that test used.
 */
let hub: TestHub;
let coordinator: string;

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
});
afterAll(() => hub.stop());

async function postRaw(body: string, headers: Record<string, string> = {}, method = 'POST', path = '') {
  const response = await fetch(hub.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, requestId: response.headers.get('x-request-id') };
}

/** Opens a raw graphql-ws socket, sends `frames` and answers how it closed (or 'open' after `waitMs`). */
function rawSocket(frames: string[], waitMs = 1_000): Promise<{ code: number | 'open'; messages: string[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: string[] = [];
    const timer = setTimeout(() => {
      socket.terminate();
      resolve({ code: 'open', messages });
    }, waitMs);
    socket.on('message', (data) => messages.push(String(data)));
    socket.on('open', () => frames.forEach((frame) => socket.send(frame)));
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, messages });
    });
    socket.on('error', reject);
  });
}

describe('the three faults of the outside test are coded client errors', () => {
  test('a subscription sent over HTTP → 400 BAD_USER_INPUT pointing to graphql-ws', async () => {
    const result = await postRaw(JSON.stringify({ query: 'subscription { eventChanged { cursor } }' }));
    expect(result.status).toBe(400);
    const error = result.json.errors[0];
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION_OVER_HTTP' });
    expect(error.message).toMatch(/graphql-ws/);
  });

  test('an automatic persisted query whose hash does not match → 400 PERSISTED_QUERY_HASH_MISMATCH', async () => {
    const query = '{ municipalities { name } }';
    const wrong = createHash('sha256').update('something else').digest('hex');
    const result = await postRaw(JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrong } } }));
    expect(result.status).toBe(400);
    expect(result.json.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'PERSISTED_QUERY_HASH_MISMATCH',
      field: 'extensions.persistedQuery.sha256Hash',
    });
    // The right hash registers the query as before.
    const right = createHash('sha256').update(query).digest('hex');
    const ok = await postRaw(JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: right } } }));
    expect(ok.json.data.municipalities).toHaveLength(28);
  });

  test.each(['next', 'error', 'connection_ack'])('a client-sent "%s" frame closes the socket with 4400', async (type) => {
    const frame = JSON.stringify({ type, id: '1', payload: { data: null } });
    const result = await rawSocket([JSON.stringify({ type: 'connection_init' }), frame]);
    expect(result.code).toBe(4400);
  });
});

describe('request ids', () => {
  test('every answer has X-Request-Id, and every error carries it as extensions.requestId', async () => {
    const result = await postRaw(JSON.stringify({ query: '{ nope }' }));
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.json.errors[0].extensions.requestId).toBe(result.requestId);
    const ok = await postRaw(JSON.stringify({ query: '{ municipalities { name } }' }));
    expect(ok.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.requestId).not.toBe(result.requestId);
  });

  test("a load balancer's request id is kept; a strange one is replaced", async () => {
    const kept = await postRaw(JSON.stringify({ query: '{ nope }' }), { 'x-request-id': 'lb-1234567890' });
    expect(kept.requestId).toBe('lb-1234567890');
    expect(kept.json.errors[0].extensions.requestId).toBe('lb-1234567890');
    const replaced = await postRaw(JSON.stringify({ query: '{ nope }' }), { 'x-request-id': 'x\u00e4<script>' });
    expect(replaced.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a refused key answers 401 with the request id', async () => {
    const result = await postRaw(JSON.stringify({ query: '{ municipalities { name } }' }), {
      authorization: 'Bearer wh_nonsense',
    });
    expect(result.status).toBe(401);
    expect(result.json.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: result.requestId });
  });
});

describe('headers of GraphQL answers', () => {
  test("POST answers carry no ETag (no cache stores them); GET answers keep express's weak one", async () => {
    const post = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await post.json()).toMatchObject({ data: { __typename: 'Query' } });
    expect(post.headers.get('etag')).toBeNull();
    expect(post.headers.get('x-content-type-options')).toBe('nosniff');
    expect(post.headers.get('x-powered-by')).toBeNull();
    expect(post.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const url = `${hub.url}?query=${encodeURIComponent('{ __typename }')}`;
    const get = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toMatchObject({ data: { __typename: 'Query' } });
    expect(get.headers.get('etag')).toMatch(/^W\/"/);
    expect(get.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

/** A small seeded PRNG (mulberry32), so a failing case can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

describe(`fuzz (seed ${SEED}): no malformed input answers INTERNAL_SERVER_ERROR or a 5xx`, () => {
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const junk = (length: number) => Array.from({ length }, () => String.fromCharCode(Math.floor(random() * 0x2fff))).join('');
  const ascii = (length: number) => Array.from({ length }, () => String.fromCharCode(33 + Math.floor(random() * 94))).join('');
  const fields = [
    'municipalities { name }',
    'organisations(first: 3) { edges { node { id name } } }',
    'events(first: 2) { totalCount }',
    'node(id: "x") { id }',
    'changes(since: "abc") { cursor }',
  ];
  const values = ['null', '-1', '1e309', '"\\u0000"', '[]', '{}', '"' + 'a'.repeat(300) + '"', '99999999999999999999', 'true'];
  const queryClasses: Array<() => string> = [
    () => `{ ${pick(fields)} }`.slice(0, Math.floor(random() * 40)), // truncated documents
    () => junk(1 + Math.floor(random() * 60)), // random characters
    () => `{ ${'a { '.repeat(30)}${'} '.repeat(30)} }`, // deep nonsense
    () => `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: municipalities { name }`).join(' ')} }`, // alias floods
    () => `{ organisations(first: ${pick(values)}) { totalCount } }`, // bad literals
    () => `{ event(id: ${pick(values)}) { id } }`,
    () => `query Q($x: Int) { organisations(first: $x) { totalCount } }`,
    () => `mutation { createEvent(input: ${pick(values)}) { id } }`,
    () => `subscription { eventChanged { cursor } }`,
    () => `{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }`,
    () => `query A { municipalities { name } } query B { municipalities { name } }`,
    () => `{ ...F } fragment F on Query { ...F }`, // fragment cycle
    () => `{ municipalities @include(if: ${pick(values)}) { name } }`,
  ];
  const bodyClasses: Array<() => { body: string; headers?: Record<string, string>; method?: string; path?: string }> = [
    () => ({ body: JSON.stringify({ query: pick(queryClasses)() }) }),
    () => ({ body: JSON.stringify({ query: pick(queryClasses)(), variables: { x: pick([1.5, 'x', [], {}, null, 2 ** 40]) } }) }),
    () => ({ body: JSON.stringify({ query: '{ municipalities { name } }', operationName: pick([5, 'Nope', null, {}]) }) }),
    () => ({ body: JSON.stringify({ query: pick([5, null, [], {}, true]) }) }),
    () => ({ body: JSON.stringify([{ query: '{ municipalities { name } }' }, { query: '{ x }' }]) }), // batches
    () => ({ body: junk(20) }), // not JSON
    () => ({ body: '{"query": "{ municipalities { name } }"' }), // cut JSON
    () => ({ body: JSON.stringify({ query: '{ municipalities { name } }' }), headers: { 'content-type': 'text/plain' } }),
    () => ({ body: '', method: 'GET', path: `?query=${encodeURIComponent(pick(queryClasses)())}` }),
    () => ({ body: '', method: 'GET', path: `?query=${encodeURIComponent('mutation { x }')}` }),
    () => ({ body: JSON.stringify({ query: '{ x }' }), method: pick(['PUT', 'DELETE', 'PATCH']) }),
    () => ({
      body: JSON.stringify({ query: '{ municipalities { name } }' }),
      headers: { authorization: pick(['Bearer', 'Basic abc', 'Bearer ' + ascii(10), 'Bearer wh_' + 'a'.repeat(500)]) },
    }),
    () => ({
      body: JSON.stringify({
        query: pick([undefined, '{ municipalities { name } }']),
        extensions: { persistedQuery: pick([{ version: 1, sha256Hash: junk(64) }, { version: 2 }, 'x', null]) },
      }),
    }),
    () => ({ body: JSON.stringify({ query: '{ municipalities { name } }', extensions: pick([5, 'x', [], null]) }) }),
  ];

  test('300 hostile HTTP requests', async () => {
    const failures: string[] = [];
    for (let round = 0; round < 300; round++) {
      const spec = pick(bodyClasses)();
      const result = await postRaw(spec.body, spec.headers, spec.method, spec.path);
      const internal = JSON.stringify(result.json ?? '').includes('INTERNAL_SERVER_ERROR');
      if (result.status >= 500 || internal)
        failures.push(
          `${result.status} ${spec.method ?? 'POST'} ${spec.path ?? ''} ${spec.body.slice(0, 200)} → ${result.text.slice(0, 300)}`,
        );
    }
    expect(failures).toEqual([]);
    expect((await hub.ok('{ municipalities { name } }')).municipalities).toHaveLength(28);
  }, 60_000);

  test('60 hostile websocket sessions', async () => {
    const init = JSON.stringify({ type: 'connection_init' });
    const frameClasses: Array<() => string[]> = [
      () => [junk(30)],
      () => [init, junk(30)],
      () => [JSON.stringify({ type: 'subscribe', id: '1', payload: { query: '{ municipalities { name } }' } })], // before init
      () => [init, init], // init twice
      () => [init, JSON.stringify({ type: pick(['nope', 5, null, 'ping', 'pong', 'complete']), id: '1' })],
      () => [init, JSON.stringify({ type: 'subscribe', id: pick(['', 5, null, 'x'.repeat(1000)]), payload: {} })],
      () => [init, JSON.stringify({ type: 'subscribe', id: '1', payload: { query: pick(queryClasses)() } })],
      () => [
        init,
        JSON.stringify({ type: 'subscribe', id: '1', payload: { query: 'subscription { eventChanged { cursor } }' } }),
        JSON.stringify({ type: 'subscribe', id: '1', payload: { query: 'subscription { eventChanged { cursor } }' } }), // duplicate id
      ],
      () => [JSON.stringify({ type: 'connection_init', payload: pick([5, 'x', [], { authorization: junk(20) }]) })],
      () => [init, JSON.stringify({ type: 'subscribe', id: '2', payload: { query: '{ x }', variables: pick([5, 'x', []]) } })],
    ];
    const failures: string[] = [];
    for (let round = 0; round < 60; round++) {
      const frames = pick(frameClasses)();
      const result = await rawSocket(frames, 300);
      const internal = result.messages.some((message) => message.includes('INTERNAL_SERVER_ERROR'));
      if (result.code === 4500 || result.code === 1011 || internal) {
        failures.push(`${result.code} ${frames.join(' | ').slice(0, 300)} → ${result.messages.join(' ').slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
    expect((await hub.ok('{ municipalities { name } }')).municipalities).toHaveLength(28);
  }, 60_000);
});

test('a coordinator key still works after all that', async () => {
  const result = await hub.gql('{ municipalities { name } }', undefined, { key: coordinator });
  expect(result.status).toBe(200);
});
