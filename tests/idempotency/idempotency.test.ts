import { createHash, randomUUID } from 'node:crypto';
import { TestHub } from '../helpers/hub';

/**
 * `Idempotency-Key` on mutations: the same key and body apply once and answer
 * the first answer again; another body is refused; concurrent duplicates
 * wait for the first; keys are per API key and expire.
 */
let hub: TestHub;
let coordinator: string;
let other: string;

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  other = await hub.key({ coordinator: true }, 'another coordinator');
});
afterAll(() => hub.stop());

const CREATE = `mutation($input: CampaignInput!) { createCampaign(input: $input) { id slug name } }`;
const input = (name: string) => ({ kind: 'ACTION_DAY', name, startsOn: '2027-10-03', endsOn: '2027-10-03' });

async function send(body: unknown, key: string, idempotencyKey?: string) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      ...(idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { data?: any; errors?: any[]; extensions?: any },
  };
}

async function campaignsNamed(name: string): Promise<number> {
  const [row] = await hub.db.query('SELECT count(*)::int AS n FROM campaign WHERE name = $1', [name]);
  return row.n;
}

test('the same key and body: applied once, the first answer again (Idempotent-Replayed: true)', async () => {
  const key = randomUUID();
  const body = { query: CREATE, variables: { input: input('Einmal-Tag') } };
  const first = await send(body, coordinator, key);
  expect(first.status).toBe(200);
  expect(first.replayed).toBeNull();
  const again = await send(body, coordinator, key);
  expect(again.status).toBe(200);
  expect(again.replayed).toBe('true');
  // The same answer; a replay is charged like the request, so only the budget left differs.
  expect(again.body.data).toEqual(first.body.data);
  expect(again.body.extensions.cost.requested).toBe(first.body.extensions.cost.requested);
  expect(await campaignsNamed('Einmal-Tag')).toBe(1);
  // Without the header, a mutation is applied each time, as before.
  await send(body, coordinator);
  expect(await campaignsNamed('Einmal-Tag')).toBe(2);
});

test('the same key with another body: 422 IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
  const key = randomUUID();
  await send({ query: CREATE, variables: { input: input('Erster Tag') } }, coordinator, key);
  const different = await send({ query: CREATE, variables: { input: input('Zweiter Tag') } }, coordinator, key);
  expect(different.status).toBe(422);
  expect(different.body.errors![0].extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'Idempotency-Key',
    reason: 'IDEMPOTENCY_KEY_REUSED',
  });
  expect(await campaignsNamed('Zweiter Tag')).toBe(0);
});

test('ten concurrent duplicates: one is applied, all get its answer', async () => {
  const key = randomUUID();
  const body = { query: CREATE, variables: { input: input('Gleichzeitig-Tag') } };
  const answers = await Promise.all(Array.from({ length: 10 }, () => send(body, coordinator, key)));
  expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
  const ids = new Set(answers.map((answer) => answer.body.data?.createCampaign?.id));
  expect(ids.size).toBe(1);
  expect([...ids][0]).toBeTruthy();
  expect(answers.filter((answer) => answer.replayed === 'true')).toHaveLength(9);
  expect(await campaignsNamed('Gleichzeitig-Tag')).toBe(1);
});

test('keys belong to an API key: another key with the same Idempotency-Key is its own request', async () => {
  const key = randomUUID();
  const body = { query: CREATE, variables: { input: input('Zwei-Schlüssel-Tag') } };
  await send(body, coordinator, key);
  const theirs = await send(body, other, key);
  expect(theirs.replayed).toBeNull();
  expect(await campaignsNamed('Zwei-Schlüssel-Tag')).toBe(2);
});

test('a refused mutation is answered the same way again, and not applied by the retry', async () => {
  const key = randomUUID();
  const body = { query: CREATE, variables: { input: { ...input('Falsch'), endsOn: '2027-10-01' } } };
  const first = await send(body, coordinator, key);
  expect(first.body.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  const again = await send(body, coordinator, key);
  expect(again.replayed).toBe('true');
  // The same answer; its error carries this request's id.
  const withoutId = (answer: typeof first) =>
    answer.body.errors!.map(({ extensions: { requestId, ...rest }, ...error }) => ({ ...error, extensions: rest }));
  expect(withoutId(again)).toEqual(withoutId(first));
  expect(again.body.errors![0].extensions.requestId).not.toBe(first.body.errors![0].extensions.requestId);
});

test('an expired key is a new request; queries ignore the header; a malformed key is refused', async () => {
  const key = randomUUID();
  const body = { query: CREATE, variables: { input: input('Abgelaufen-Tag') } };
  await send(body, coordinator, key);
  await hub.db.query(`UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
  const later = await send(body, coordinator, key);
  expect(later.replayed).toBeNull();
  expect(await campaignsNamed('Abgelaufen-Tag')).toBe(2);

  const query = await send({ query: '{ municipalities { name } }' }, coordinator, randomUUID());
  expect(query.status).toBe(200);
  expect(query.replayed).toBeNull();

  const bad = await send(body, coordinator, 'x'.repeat(256));
  expect(bad.status).toBe(400);
  expect(bad.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
  expect(await campaignsNamed('Abgelaufen-Tag')).toBe(2);
});

test('a key still pending after a crashed first request is taken over once its lease has passed', async () => {
  const key = randomUUID();
  const body = { query: CREATE, variables: { input: input('Verwaist-Tag') } };
  // As a hub killed mid-request leaves it: pending, its lease over.
  const [owner] = await hub.db.query(`SELECT id FROM api_key WHERE label = 'test key' ORDER BY created_at LIMIT 1`);
  const sent = JSON.stringify([CREATE, null, { input: input('Verwaist-Tag') }]);
  await hub.db.query(
    `INSERT INTO idempotency_key (owner, key, request_hash, state, locked_until, expires_at)
     VALUES ($1, $2, $3, 'pending', now() - interval '1 second', now() + interval '1 day')`,
    [owner.id, key, createHash('sha256').update(sent).digest('hex')],
  );
  const retry = await send(body, coordinator, key);
  expect(retry.status).toBe(200);
  expect(retry.body.data.createCampaign.name).toBe('Verwaist-Tag');
  expect(await campaignsNamed('Verwaist-Tag')).toBe(1);
});
