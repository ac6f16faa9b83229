import { createHash } from 'node:crypto';
import { createOrganisation, databaseId, expiredKey, rowCounts } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';
import { WsClient } from '../helpers/ws';

/**
 * API keys and the viewer they make: `viewer` for each kind of key, keys
 * stored only as hashes, revoked/expired/invalid keys refused on queries too
 * (HTTP and websocket), and the checks on `createApiKey` input.
 */
let hub: TestHub;
let coordinator: string;
let organisation: { id: string; name: string };

const VIEWER = '{ viewer { name coordinator memberships { role organisation { id name } } } }';
const CREATE =
  'mutation($input: ApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id label prefix role coordinator expiresAt revokedAt lastUsedAt createdAt organisation { id } } } }';

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true }, 'Koordinationsstelle');
  organisation = await createOrganisation(hub, coordinator, { kind: 'SUPPORT_CIRCLE', name: 'Helferkreis Calden' });
});
afterAll(() => hub?.stop());

describe('viewer', () => {
  test('anonymous', async () => {
    expect((await hub.ok(VIEWER)).viewer).toEqual({ name: null, coordinator: false, memberships: [] });
  });

  test('coordinator', async () => {
    expect((await hub.ok(VIEWER, {}, { key: coordinator })).viewer).toEqual({
      name: 'Koordinationsstelle',
      coordinator: true,
      memberships: [],
    });
  });

  test.each(['VIEWER', 'EDITOR', 'ADMIN'])('member key with role %s', async (role) => {
    const created = await hub.ok(
      CREATE,
      { input: { label: `Calden ${role}`, organisationId: organisation.id, role } },
      { key: coordinator },
    );
    const viewer = (await hub.ok(VIEWER, {}, { key: created.createApiKey.secret })).viewer;
    expect(viewer).toEqual({
      name: `Calden ${role}`,
      coordinator: false,
      memberships: [{ role, organisation: { id: organisation.id, name: 'Helferkreis Calden' } }],
    });
  });

  test('over the websocket, the connection key decides', async () => {
    const ws = await WsClient.connect(hub, { key: coordinator });
    try {
      expect((await ws.execute(VIEWER)).data!.viewer.coordinator).toBe(true);
    } finally {
      await ws.close();
    }
    const anonymous = await WsClient.connect(hub);
    try {
      expect((await anonymous.execute(VIEWER)).data!.viewer).toEqual({ name: null, coordinator: false, memberships: [] });
    } finally {
      await anonymous.close();
    }
  });
});

describe('keys', () => {
  test('a new key: the secret is shown once, works at once, and only its hash is stored', async () => {
    const data = await hub.ok(
      CREATE,
      { input: { label: 'Web-App Calden', organisationId: organisation.id, role: 'VIEWER' } },
      { key: coordinator },
    );
    const { secret, apiKey } = data.createApiKey;
    expect(secret).toMatch(/^wh_[A-Za-z0-9_-]{40}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.prefix.length).toBeLessThan(secret.length / 2);
    expect(apiKey).toMatchObject({
      label: 'Web-App Calden',
      role: 'VIEWER',
      coordinator: false,
      revokedAt: null,
      expiresAt: null,
      lastUsedAt: null,
    });
    expect(apiKey.organisation).toEqual({ id: organisation.id });

    const rows = await hub.db.query('SELECT * FROM api_key WHERE id = $1', [databaseId(apiKey.id)]);
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(apiKey.prefix.length));
    expect(rows[0].secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));

    // Using it records the use.
    await hub.ok('{ viewer { name } }', {}, { key: secret });
    const [used] = await hub.db.query('SELECT last_used_at FROM api_key WHERE id = $1', [databaseId(apiKey.id)]);
    expect(used.last_used_at).not.toBeNull();
  });

  test('a key with a future expiry works until then', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const data = await hub.ok(CREATE, { input: { label: 'Befristet', coordinator: true, expiresAt } }, { key: coordinator });
    expect(new Date(data.createApiKey.apiKey.expiresAt).getTime()).toBe(new Date(expiresAt).getTime());
    expect((await hub.ok(VIEWER, {}, { key: data.createApiKey.secret })).viewer.coordinator).toBe(true);
  });

  test('a revoked key is refused on its next request, queries included; revoking twice keeps the first time', async () => {
    const data = await hub.ok(
      CREATE,
      { input: { label: 'Bald widerrufen', organisationId: organisation.id, role: 'EDITOR' } },
      { key: coordinator },
    );
    const { secret, apiKey } = data.createApiKey;
    expect((await hub.gql('{ organisations { totalCount } }', {}, { key: secret })).status).toBe(200);
    const first = await hub.ok(
      'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
      { id: apiKey.id },
      { key: coordinator },
    );
    expect(first.revokeApiKey.revokedAt).not.toBeNull();
    const refused = await hub.gql('{ organisations { totalCount } }', {}, { key: secret });
    expect(refused.status).toBe(401);
    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    expect(refused.errors![0]!.message).toMatch(/revoked/);
    expect(refused.data).toBeUndefined();
    const second = await hub.ok(
      'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
      { id: apiKey.id },
      { key: coordinator },
    );
    expect(second.revokeApiKey.revokedAt).toBe(first.revokeApiKey.revokedAt);
  });

  test('a key is looked up once, then remembered: its next request costs no statement for it', async () => {
    const secret = await hub.key({ organisationId: databaseId(organisation.id), role: 'VIEWER' });
    const query = '{ municipalities { name } }';
    const before = hub.statementCount;
    await hub.ok(query, {}, { key: secret });
    const first = hub.statementCount - before;
    await hub.ok(query, {}, { key: secret });
    const second = hub.statementCount - before - first;
    expect(first - second).toBe(1);
  });

  test('revoked elsewhere (another instance, the CLI: here the database itself), a remembered key is refused once API_KEY_CACHE_MS has passed', async () => {
    const other = await TestHub.start({ API_KEY_CACHE_MS: '300' });
    try {
      const secret = await other.key({ coordinator: true });
      expect((await other.ok(VIEWER, {}, { key: secret })).viewer.coordinator).toBe(true);
      await other.db.query('UPDATE api_key SET revoked_at = now() WHERE secret_hash = $1', [
        createHash('sha256').update(secret).digest('hex'),
      ]);
      // Within the bound the instance may still trust it; after it, the key is refused. "After it" without
      // waiting: the clock the cache reads is moved past the bound.
      const realNow = Date.now.bind(Date);
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 400);
      let refused;
      try {
        refused = await other.gql(VIEWER, {}, { key: secret });
      } finally {
        clock.mockRestore();
      }
      expect(errorCode(refused)).toBe('UNAUTHENTICATED');
      expect(refused.errors![0]!.message).toMatch(/revoked/);
    } finally {
      await other.stop();
    }
  });

  test('an expired key is refused on queries and mutations', async () => {
    // Inserted directly (see expiredKey): the API only accepts expiry dates in the future.
    const expired = await expiredKey(hub, { organisationId: databaseId(organisation.id), role: 'ADMIN' });
    for (const query of [
      '{ viewer { name } }',
      '{ municipalities { name } }',
      'mutation { createApiKey(input: { label: "x", coordinator: true }) { secret } }',
    ]) {
      const result = await hub.gql(query, {}, { key: expired });
      expect(result.status).toBe(401);
      expect(errorCode(result)).toBe('UNAUTHENTICATED');
      expect(result.errors![0]!.message).toMatch(/expired/);
    }
  });

  test.each([
    ['an unknown key', { authorization: 'Bearer wh_thisKeyDoesNotExistAnywhere0000000000000000' }],
    ['a malformed header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['Bearer without a secret', { authorization: 'Bearer ' }],
    ['two secrets', { authorization: 'Bearer a b' }],
  ])('%s on a query → 401 UNAUTHENTICATED, nothing answered', async (_label, headers) => {
    const result = await hub.gql('{ organisations { totalCount } }', {}, { headers });
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.data).toBeUndefined();
  });

  test('a mutation without a key → UNAUTHENTICATED, asking for one', async () => {
    const result = await hub.gql('mutation { createApiKey(input: { label: "x", coordinator: true }) { secret } }');
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.errors![0]!.message).toMatch(/Authorization: Bearer/);
  });
});

describe('websocket connections', () => {
  test.each([
    ['an unknown key', { authorization: 'Bearer wh_nope' }],
    ['a malformed header', { authorization: 'Token abc' }],
  ])('%s: the connection is refused with 4403', async (_label, connectionParams) => {
    const ws = WsClient.open(hub, { connectionParams });
    expect((await ws.closed).code).toBe(4403);
  });

  test('revoked and expired keys: the connection is refused with 4403', async () => {
    const expired = await expiredKey(hub, { coordinator: true });
    expect((await WsClient.open(hub, { key: expired }).closed).code).toBe(4403);
    const data = await hub.ok(CREATE, { input: { label: 'ws widerrufen', coordinator: true } }, { key: coordinator });
    await hub.ok(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: data.createApiKey.apiKey.id },
      { key: coordinator },
    );
    expect((await WsClient.open(hub, { key: data.createApiKey.secret }).closed).code).toBe(4403);
  });

  test('a key revoked while its connection is open: its next operation is refused', async () => {
    const data = await hub.ok(CREATE, { input: { label: 'offen widerrufen', coordinator: true } }, { key: coordinator });
    const ws = await WsClient.connect(hub, { key: data.createApiKey.secret });
    try {
      expect((await ws.execute(VIEWER)).data!.viewer.coordinator).toBe(true);
      await hub.ok(
        'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
        { id: data.createApiKey.apiKey.id },
        { key: coordinator },
      );
      const next = await ws.execute(VIEWER);
      expect(next.data?.viewer ?? null).toBeNull();
      expect(errorCode(next)).toBe('UNAUTHENTICATED');
      expect(next.errors![0]!.message).toMatch(/revoked/);
      expect(next.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
      // ... and the connection closes, ending whatever else runs on it.
      expect((await ws.closed).code).toBe(4403);
    } finally {
      await ws.close();
    }
  });
});

describe('createApiKey input', () => {
  test.each([
    [{ label: 'x', coordinator: true, organisationId: 'ORG', role: 'ADMIN' }, 'input.coordinator'],
    [{ label: 'x', organisationId: 'ORG' }, 'input.role'],
    [{ label: 'x', role: 'EDITOR' }, 'input.organisationId'],
    [{ label: 'x', organisationId: 'nonsense', role: 'EDITOR' }, 'input.organisationId'],
    [{ label: 'x', organisationId: 'MUNICIPALITY', role: 'EDITOR' }, 'input.organisationId'],
    [{ label: 'x', organisationId: 'UNKNOWN', role: 'EDITOR' }, 'input.organisationId'],
    [{ label: 'x', organisationId: 'ORG', role: 'OWNER' }, 'input.role'],
    [{ label: '', coordinator: true }, 'input.label'],
    [{ label: '   ', coordinator: true }, 'input.label'],
    [{ label: 'x'.repeat(101), coordinator: true }, 'input.label'],
    [{ label: 'x', coordinator: true, expiresAt: '2020-01-01T00:00:00Z' }, 'input.expiresAt'],
    [{ label: 'x', coordinator: true, expiresAt: 'tomorrow' }, 'input.expiresAt'],
  ])('%j → BAD_USER_INPUT naming %s, no key stored', async (input, field) => {
    const municipalities = await hub.ok('{ municipalities { id } }');
    const replace = (value: unknown) =>
      value === 'ORG'
        ? organisation.id
        : value === 'MUNICIPALITY'
          ? municipalities.municipalities[0].id
          : value === 'UNKNOWN'
            ? Buffer.from('Organisation:00000000-0000-4000-8000-000000000000').toString('base64')
            : value;
    const resolved = Object.fromEntries(Object.entries(input).map(([key, value]) => [key, replace(value)]));
    const before = await rowCounts(hub, ['api_key']);
    const result = await hub.gql(CREATE, { input: resolved }, { key: coordinator });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe(field);
    expect(await rowCounts(hub, ['api_key'])).toEqual(before);
  });

  test('revokeApiKey with an ID of another type → BAD_USER_INPUT naming id', async () => {
    const result = await hub.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: organisation.id },
      { key: coordinator },
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('id');
  });
});

describe('apiKeys (the list, for the console)', () => {
  const LIST = '{ apiKeys { id label coordinator role revokedAt organisation { id } } }';

  test('coordinators see every key; an ADMIN key its organisation’s member keys; others are refused; no secrets', async () => {
    const other = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Sportverein Liste' });
    const admin = await hub.key({ organisationId: databaseId(organisation.id), role: 'ADMIN' }, 'Liste Admin Calden');
    const editor = await hub.key({ organisationId: databaseId(organisation.id), role: 'EDITOR' }, 'Liste Redaktion Calden');
    await hub.key({ organisationId: databaseId(other.id), role: 'ADMIN' }, 'Liste Admin Sportverein');
    const revoked = await hub.ok(
      CREATE,
      { input: { label: 'Liste widerrufen', organisationId: organisation.id, role: 'VIEWER' } },
      { key: admin },
    );
    await hub.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: revoked.createApiKey.apiKey.id }, { key: admin });

    const all = (await hub.ok(LIST, {}, { key: coordinator })).apiKeys;
    const labels = all.map((k: any) => k.label);
    expect(labels).toEqual(
      expect.arrayContaining(['Koordinationsstelle', 'Liste Admin Calden', 'Liste Redaktion Calden', 'Liste Admin Sportverein']),
    );
    expect(labels).not.toContain('Liste widerrufen');
    const withRevoked = await hub.ok('{ apiKeys(includeRevoked: true) { label revokedAt } }', {}, { key: coordinator });
    expect(withRevoked.apiKeys.find((k: any) => k.label === 'Liste widerrufen').revokedAt).not.toBeNull();

    const own = (await hub.ok(LIST, {}, { key: admin })).apiKeys;
    expect(own.length).toBeGreaterThanOrEqual(2);
    for (const key of own) {
      expect(key.organisation.id).toBe(organisation.id);
      expect(key.coordinator).toBe(false);
    }
    expect(own.map((k: any) => k.label)).toEqual(expect.arrayContaining(['Liste Admin Calden', 'Liste Redaktion Calden']));

    expect(errorCode(await hub.gql(LIST, {}, { key: editor }))).toBe('FORBIDDEN');
    expect(errorCode(await hub.gql(LIST))).toBe('UNAUTHENTICATED');
    // No field of ApiKey carries a secret or its hash.
    const fields = await hub.ok('{ __type(name: "ApiKey") { fields { name } } }');
    expect(fields.__type.fields.map((f: any) => f.name)).not.toEqual(expect.arrayContaining(['secret']));
    expect(fields.__type.fields.map((f: any) => f.name).filter((n: string) => /hash|secret/i.test(n))).toEqual([]);
  });
});
