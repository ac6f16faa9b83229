import { addContact, createOrganisation, databaseId, expiredKey, rowCounts } from '../helpers/factories';
import { errorCode, type GraphQLResponse, TestHub } from '../helpers/hub';

/**
 * Every directory and key mutation × every kind of caller gives the expected
 * answer: UNAUTHENTICATED without a valid key, FORBIDDEN with a valid key
 * without the right, success otherwise — and a refused call changes nothing.
 */
let hub: TestHub;
let coordinator: string;
let target: { id: string };
let other: { id: string };
let unrelated: { id: string };

type Caller =
  | 'anonymous'
  | 'partner key'
  | 'viewer of this organisation'
  | 'editor of another organisation'
  | 'editor of this organisation'
  | 'admin of this organisation'
  | 'coordinator'
  | 'revoked key'
  | 'expired key';
const CALLERS: Caller[] = [
  'anonymous',
  'partner key',
  'viewer of this organisation',
  'editor of another organisation',
  'editor of this organisation',
  'admin of this organisation',
  'coordinator',
  'revoked key',
  'expired key',
];
const keys = {} as Record<Caller, string | undefined>;

type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/** Expected outcome for the four kinds of rights. */
function rule(kind: 'coordinators' | 'editors' | 'admins'): Record<Caller, Outcome> {
  const allowed = (caller: Caller) =>
    caller === 'coordinator' ||
    (kind === 'editors' && (caller === 'editor of this organisation' || caller === 'admin of this organisation')) ||
    (kind === 'admins' && caller === 'admin of this organisation');
  return Object.fromEntries(
    CALLERS.map((caller) => [
      caller,
      caller === 'anonymous' || caller === 'revoked key' || caller === 'expired key'
        ? 'UNAUTHENTICATED'
        : allowed(caller)
          ? 'ok'
          : 'FORBIDDEN',
    ]),
  ) as Record<Caller, Outcome>;
}

async function version(id: string): Promise<number> {
  return (await hub.ok('query($id: ID) { organisation(id: $id) { version } }', { id })).organisation.version;
}

interface MutationCase {
  expected: Record<Caller, Outcome>;
  /** Runs the mutation as `key`; answers the response and a check of the effect (or of its absence). */
  run(key: string | undefined): Promise<{ result: GraphQLResponse; effect: () => Promise<boolean> }>;
}

let created = 0;

const MUTATIONS: Record<string, MutationCase> = {
  createOrganisation: {
    expected: rule('coordinators'),
    async run(key) {
      created += 1;
      const name = `Neuer Verein ${created}`;
      const result = await hub.gql(
        'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id name } }',
        { input: { kind: 'ASSOCIATION', name } },
        { key },
      );
      return {
        result,
        effect: async () => (await hub.db.query('SELECT 1 FROM organisation WHERE name = $1', [name])).length === 1,
      };
    },
  },
  updateOrganisation: {
    expected: rule('editors'),
    async run(key) {
      const before = await version(target.id);
      const phone = `+49 561 ${before}0`;
      const result = await hub.gql(
        'mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $input) { phone version } }',
        { id: target.id, v: before, input: { phone } },
        { key },
      );
      return { result, effect: async () => (await version(target.id)) === before + 1 };
    },
  },
  verifyOrganisation: {
    expected: rule('coordinators'),
    async run(key) {
      await hub.db.query('UPDATE organisation SET verified = false, verified_at = NULL WHERE id = $1', [databaseId(target.id)]);
      const result = await hub.gql('mutation($id: ID!) { verifyOrganisation(id: $id) { verified } }', { id: target.id }, { key });
      return {
        result,
        effect: async () =>
          (await hub.ok('query($id: ID) { organisation(id: $id) { verified } }', { id: target.id })).organisation.verified,
      };
    },
  },
  confirmOrganisationDetails: {
    expected: rule('editors'),
    async run(key) {
      await hub.db.query('UPDATE organisation SET last_confirmed_at = NULL WHERE id = $1', [databaseId(target.id)]);
      const result = await hub.gql(
        'mutation($id: ID!) { confirmOrganisationDetails(id: $id) { lastConfirmedAt } }',
        { id: target.id },
        { key },
      );
      return {
        result,
        effect: async () =>
          (await hub.ok('query($id: ID) { organisation(id: $id) { lastConfirmedAt } }', { id: target.id })).organisation
            .lastConfirmedAt !== null,
      };
    },
  },
  addContact: {
    expected: rule('editors'),
    async run(key) {
      created += 1;
      const name = `Kontakt ${created}`;
      const result = await hub.gql(
        'mutation($id: ID!, $input: ContactInput!) { addContact(organisationId: $id, input: $input) { id name } }',
        { id: target.id, input: { name, visibility: 'PUBLIC', publicationBasis: 'CONSENT' } },
        { key },
      );
      return {
        result,
        effect: async () => (await hub.db.query('SELECT 1 FROM contact WHERE name = $1', [name])).length === 1,
      };
    },
  },
  updateContact: {
    expected: rule('editors'),
    async run(key) {
      const contact = await addContact(hub, coordinator, target.id, { name: 'Vorher', visibility: 'PUBLIC' });
      const result = await hub.gql(
        'mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { name } }',
        { id: contact, input: { name: 'Nachher', visibility: 'PARTNERS', publicationBasis: 'CONSENT' } },
        { key },
      );
      return {
        result,
        effect: async () =>
          (await hub.db.query('SELECT name FROM contact WHERE id = $1', [databaseId(contact)]))[0].name === 'Nachher',
      };
    },
  },
  removeContact: {
    expected: rule('editors'),
    async run(key) {
      const contact = await addContact(hub, coordinator, target.id, { name: 'Wird entfernt', visibility: 'PUBLIC' });
      const result = await hub.gql('mutation($id: ID!) { removeContact(id: $id) }', { id: contact }, { key });
      return {
        result,
        effect: async () => (await hub.db.query('SELECT 1 FROM contact WHERE id = $1', [databaseId(contact)])).length === 0,
      };
    },
  },
  createApiKey: {
    expected: rule('admins'),
    async run(key) {
      created += 1;
      const label = `Neuer Schlüssel ${created}`;
      const result = await hub.gql(
        'mutation($input: ApiKeyInput!) { createApiKey(input: $input) { secret apiKey { label role } } }',
        { input: { label, organisationId: target.id, role: 'EDITOR' } },
        { key },
      );
      return {
        result,
        effect: async () => (await hub.db.query('SELECT 1 FROM api_key WHERE label = $1', [label])).length === 1,
      };
    },
  },
  revokeApiKey: {
    expected: rule('admins'),
    async run(key) {
      const { secret, id } = await memberKey(target.id, 'VIEWER');
      const result = await hub.gql('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id }, { key });
      return {
        result,
        effect: async () => (await hub.gql('{ viewer { name } }', {}, { key: secret })).status === 401,
      };
    },
  },
};

/** A member key made through the API by the coordinator: its secret and global ID. */
async function memberKey(organisationId: string, role: string): Promise<{ secret: string; id: string }> {
  const data = await hub.ok(
    'mutation($input: ApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
    { input: { label: `${role} key`, organisationId, role } },
    { key: coordinator },
  );
  return { secret: data.createApiKey.secret, id: data.createApiKey.apiKey.id };
}

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true }, 'Koordination');
  target = await createOrganisation(hub, coordinator, { kind: 'MOSQUE', name: 'Moscheegemeinde Zielort' });
  other = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Anderer Verein' });
  unrelated = await createOrganisation(hub, coordinator, { kind: 'OTHER', name: 'Partner-Web-App' });
  const org = (id: string) => databaseId(id);
  keys.anonymous = undefined;
  keys['partner key'] = await hub.key({ organisationId: org(unrelated.id), role: 'VIEWER' });
  keys['viewer of this organisation'] = await hub.key({ organisationId: org(target.id), role: 'VIEWER' });
  keys['editor of another organisation'] = await hub.key({ organisationId: org(other.id), role: 'EDITOR' });
  keys['editor of this organisation'] = await hub.key({ organisationId: org(target.id), role: 'EDITOR' });
  keys['admin of this organisation'] = await hub.key({ organisationId: org(target.id), role: 'ADMIN' });
  keys.coordinator = coordinator;
  // Revoked and expired keys of the most powerful kinds: the refusal must not depend on the role.
  const revoked = await memberKey(target.id, 'ADMIN');
  await hub.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: revoked.id }, { key: coordinator });
  keys['revoked key'] = revoked.secret;
  keys['expired key'] = await expiredKey(hub, { coordinator: true });
});
afterAll(() => hub?.stop());

describe.each(Object.keys(MUTATIONS))('%s', (mutation) => {
  test.each(CALLERS)('as %s', async (caller) => {
    const spec = MUTATIONS[mutation]!;
    const expected = spec.expected[caller];
    const countsBefore = await rowCounts(hub, ['organisation', 'contact', 'organisation_membership']);
    const { result, effect } = await spec.run(keys[caller]);
    if (expected === 'ok') {
      expect(result.errors).toBeUndefined();
      expect(result.data?.[mutation]).toBeTruthy();
      expect(await effect()).toBe(true);
      return;
    }
    expect(errorCode(result)).toBe(expected);
    expect(result.data?.[mutation] ?? null).toBeNull();
    expect(result.errors![0]!.message).not.toMatch(/\n\s+at /);
    // A refused key is refused as a whole request: HTTP 401. A missing right is an answer (200).
    if (caller === 'revoked key' || caller === 'expired key') expect(result.status).toBe(401);
    expect(await effect()).toBe(false);
    // Nothing else was written either (the contact/key a case prepares is counted before).
    const countsAfter = await rowCounts(hub, ['organisation', 'contact', 'organisation_membership']);
    if (mutation === 'updateContact' || mutation === 'removeContact') countsBefore.contact! += 1;
    expect(countsAfter).toEqual(countsBefore);
  });
});

describe('key rights beyond the matrix', () => {
  test('an ADMIN cannot create a coordinator key, nor keys of another organisation', async () => {
    const admin = keys['admin of this organisation'];
    let result = await hub.gql(
      'mutation($input: ApiKeyInput!) { createApiKey(input: $input) { secret } }',
      { input: { label: 'Möchtegern', coordinator: true } },
      { key: admin },
    );
    expect(errorCode(result)).toBe('FORBIDDEN');
    result = await hub.gql(
      'mutation($input: ApiKeyInput!) { createApiKey(input: $input) { secret } }',
      { input: { label: 'Fremd', organisationId: other.id, role: 'VIEWER' } },
      { key: admin },
    );
    expect(errorCode(result)).toBe('FORBIDDEN');
  });

  test('an ADMIN cannot revoke coordinator keys or keys of another organisation', async () => {
    const admin = keys['admin of this organisation'];
    const coordinatorKey = await hub.ok(
      'mutation { createApiKey(input: { label: "Zweite Koordination", coordinator: true }) { apiKey { id } } }',
      {},
      { key: coordinator },
    );
    let result = await hub.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: coordinatorKey.createApiKey.apiKey.id },
      { key: admin },
    );
    expect(errorCode(result)).toBe('FORBIDDEN');
    const otherKey = await memberKey(other.id, 'EDITOR');
    result = await hub.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: otherKey.id }, { key: admin });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect((await hub.gql('{ viewer { name } }', {}, { key: otherKey.secret })).status).toBe(200);
  });

  test('an editor of this organisation may not change another organisation or its contacts', async () => {
    const editor = keys['editor of this organisation'];
    const contact = await addContact(hub, coordinator, other.id, { name: 'Fremder Kontakt', visibility: 'PUBLIC' });
    const v = await version(other.id);
    const results = [
      await hub.gql(
        'mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { phone: "+49 1" }) { id } }',
        { id: other.id, v },
        { key: editor },
      ),
      await hub.gql('mutation($id: ID!) { confirmOrganisationDetails(id: $id) { id } }', { id: other.id }, { key: editor }),
      await hub.gql(
        'mutation($id: ID!) { addContact(organisationId: $id, input: { name: "X" }) { id } }',
        { id: other.id },
        { key: editor },
      ),
      await hub.gql(
        'mutation($id: ID!) { updateContact(id: $id, input: { name: "X" }) { id } }',
        { id: contact },
        { key: editor },
      ),
      await hub.gql('mutation($id: ID!) { removeContact(id: $id) }', { id: contact }, { key: editor }),
    ];
    expect(results.map(errorCode)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(await version(other.id)).toBe(v);
  });

  test('mutations on unknown objects: NOT_FOUND for the right holders, never a hint to others', async () => {
    const unknownOrganisation = Buffer.from('Organisation:00000000-0000-4000-8000-000000000000').toString('base64');
    const unknownContact = Buffer.from('Contact:00000000-0000-4000-8000-000000000000').toString('base64');
    const unknownKey = Buffer.from('ApiKey:00000000-0000-4000-8000-000000000000').toString('base64');
    const asCoordinator = [
      await hub.gql(
        'mutation($id: ID!) { verifyOrganisation(id: $id) { id } }',
        { id: unknownOrganisation },
        { key: coordinator },
      ),
      await hub.gql(
        'mutation($id: ID!) { confirmOrganisationDetails(id: $id) { id } }',
        { id: unknownOrganisation },
        { key: coordinator },
      ),
      await hub.gql(
        'mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: {}) { id } }',
        { id: unknownOrganisation },
        { key: coordinator },
      ),
      await hub.gql(
        'mutation($id: ID!) { addContact(organisationId: $id, input: { name: "X" }) { id } }',
        { id: unknownOrganisation },
        { key: coordinator },
      ),
      await hub.gql(
        'mutation($id: ID!) { updateContact(id: $id, input: { name: "X" }) { id } }',
        { id: unknownContact },
        { key: coordinator },
      ),
      await hub.gql('mutation($id: ID!) { removeContact(id: $id) }', { id: unknownContact }, { key: coordinator }),
      await hub.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: unknownKey }, { key: coordinator }),
    ];
    expect(asCoordinator.map(errorCode)).toEqual(Array(7).fill('NOT_FOUND'));
    const anonymous = await hub.gql('mutation($id: ID!) { removeContact(id: $id) }', { id: unknownContact });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });
});
