import { createOrganisation, rowCounts } from '../helpers/factories';
import { memberKey } from '../helpers/events';
import { errorCode, TestHub } from '../helpers/hub';

/**
 * API keys as a way to gain rights: no key can make a key with more rights
 * than it has — not a coordinator key, not a key of another organisation,
 * and not one that outlives it.
 */
let hub: TestHub;
let coordinator: string;
let organisation: { id: string };
let other: { id: string };

const CREATE = 'mutation($input: ApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id role expiresAt } } }';
const REVOKE = 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }';
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  organisation = await createOrganisation(hub, coordinator, { name: 'Verein Schlüsselbund' });
  other = await createOrganisation(hub, coordinator, { name: 'Verein Nebenan' });
});
afterAll(() => hub?.stop());

describe('an ADMIN key that expires', () => {
  let admin: string;
  let expiresAt: string;
  beforeAll(async () => {
    expiresAt = inAnHour();
    const data = await hub.ok(
      CREATE,
      { input: { label: 'Befristet', organisationId: organisation.id, role: 'ADMIN', expiresAt } },
      { key: coordinator },
    );
    admin = data.createApiKey.secret;
  });

  test('makes keys that expire with it at the latest (by default at the same time)', async () => {
    const data = await hub.ok(
      CREATE,
      { input: { label: 'Kind', organisationId: organisation.id, role: 'ADMIN' } },
      { key: admin },
    );
    expect(new Date(data.createApiKey.apiKey.expiresAt).toISOString()).toBe(new Date(expiresAt).toISOString());
    const sooner = new Date(Date.now() + 600_000).toISOString();
    const earlier = await hub.ok(
      CREATE,
      { input: { label: 'Kürzer', organisationId: organisation.id, role: 'VIEWER', expiresAt: sooner } },
      { key: admin },
    );
    expect(new Date(earlier.createApiKey.apiKey.expiresAt).toISOString()).toBe(sooner);
  });

  test('cannot make one that outlives it: BAD_USER_INPUT naming input.expiresAt, nothing written', async () => {
    const before = await rowCounts(hub, ['api_key']);
    const result = await hub.gql(
      CREATE,
      { input: { label: 'Ewig', organisationId: organisation.id, role: 'ADMIN', expiresAt: '2099-01-01T00:00:00Z' } },
      { key: admin },
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('input.expiresAt');
    expect(await rowCounts(hub, ['api_key'])).toEqual(before);
  });
});

describe('no key makes a key with more rights than its own', () => {
  test.each([
    ['an EDITOR, a key of its own organisation', 'EDITOR', () => ({ organisationId: organisation.id, role: 'VIEWER' })],
    ['a VIEWER, a key of its own organisation', 'VIEWER', () => ({ organisationId: organisation.id, role: 'VIEWER' })],
    ['an ADMIN, a coordinator key', 'ADMIN', () => ({ coordinator: true })],
    ['an ADMIN, a key of another organisation', 'ADMIN', () => ({ organisationId: other.id, role: 'ADMIN' })],
  ] as const)('%s → FORBIDDEN, nothing written', async (_name, role, input) => {
    const key = await memberKey(hub, organisation.id, role);
    const before = await rowCounts(hub, ['api_key']);
    const result = await hub.gql(CREATE, { input: { label: 'Versuch', ...input() } }, { key });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await rowCounts(hub, ['api_key'])).toEqual(before);
  });

  test('an ADMIN revokes keys of its own organisation only, and the refusal names revoking', async () => {
    const admin = await memberKey(hub, organisation.id, 'ADMIN');
    const foreign = await hub.ok(
      CREATE,
      { input: { label: 'Fremd', organisationId: other.id, role: 'VIEWER' } },
      { key: coordinator },
    );
    const refused = await hub.gql(REVOKE, { id: foreign.createApiKey.apiKey.id }, { key: admin });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0]!.message).toMatch(/revoke/);
    const own = await hub.ok(
      CREATE,
      { input: { label: 'Eigen', organisationId: organisation.id, role: 'VIEWER' } },
      { key: coordinator },
    );
    const revoked = await hub.ok(REVOKE, { id: own.createApiKey.apiKey.id }, { key: admin });
    expect(revoked.revokeApiKey.revokedAt).not.toBeNull();
    // The revoked key is refused as a whole request from then on.
    expect((await hub.gql('{ viewer { name } }', {}, { key: own.createApiKey.secret })).status).toBe(401);
  });
});
