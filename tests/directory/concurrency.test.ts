import { addContact, createOrganisation, databaseId } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';

/**
 * Concurrent edits either apply or answer CONFLICT; nothing is lost and
 * nothing is applied twice. On PostgreSQL the requests really overlap (a
 * pool of connections); on PGlite they queue on its single session, which
 * must give the same answers.
 */
let hub: TestHub;
let coordinator: string;

const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) {
  updateOrganisation(id: $id, expectedVersion: $v, input: $input) { version phone name }
}`;

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
});
afterAll(() => hub?.stop());

async function row(id: string) {
  const [found] = await hub.db.query('SELECT version, phone, name, updated_at::text AS updated FROM organisation WHERE id = $1', [
    databaseId(id),
  ]);
  return found as { version: number; phone: string | null; name: string; updated: string };
}

test('20 parallel updates with the same expectedVersion: exactly one applies, 19 answer CONFLICT with the current version', async () => {
  const organisation = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Verein im Wettlauf' });
  const editor = await hub.key({ organisationId: databaseId(organisation.id), role: 'EDITOR' });
  const before = await row(organisation.id);
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      hub.gql(
        UPDATE,
        { id: organisation.id, v: before.version, input: { phone: `+49 561 ${1000 + i}`, name: `Verein im Wettlauf ${i}` } },
        {
          // Half as coordinator, half as the organisation's editor: the rule is the same for both.
          key: i % 2 ? coordinator : editor,
        },
      ),
    ),
  );
  const winners = results.filter((result) => !result.errors);
  const losers = results.filter((result) => result.errors);
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(19);
  for (const loser of losers) {
    expect(errorCode(loser)).toBe('CONFLICT');
    expect(loser.errors![0]!.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'expectedVersion',
      currentVersion: before.version + 1,
    });
    expect(loser.data?.updateOrganisation ?? null).toBeNull();
  }
  const after = await row(organisation.id);
  expect(after.version).toBe(before.version + 1);
  // The stored row is exactly the winner's change, not a mix of several.
  const won = winners[0]!.data.updateOrganisation;
  expect(won.version).toBe(before.version + 1);
  expect({ phone: after.phone, name: after.name }).toEqual({ phone: won.phone, name: won.name });
  expect(won.name.endsWith(won.phone.slice(-2).replace(/^0/, ''))).toBe(true);
});

test('a stale version after a change: CONFLICT, and nothing is overwritten', async () => {
  const organisation = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Verein Eins' });
  const v = (await row(organisation.id)).version;
  await hub.ok(UPDATE, { id: organisation.id, v, input: { phone: '+49 561 1' } }, { key: coordinator });
  const stored = await row(organisation.id);
  const stale = await hub.gql(
    UPDATE,
    { id: organisation.id, v, input: { phone: '+49 561 2', name: 'Überschrieben' } },
    { key: coordinator },
  );
  expect(errorCode(stale)).toBe('CONFLICT');
  expect(stale.errors![0]!.extensions!.currentVersion).toBe(v + 1);
  expect(stale.errors![0]!.message).toMatch(/reload/);
  expect(await row(organisation.id)).toEqual(stored);
  // A version from the future is as wrong as one from the past.
  const future = await hub.gql(UPDATE, { id: organisation.id, v: v + 5, input: { phone: '+49 561 3' } }, { key: coordinator });
  expect(errorCode(future)).toBe('CONFLICT');
  expect(await row(organisation.id)).toEqual(stored);
});

test('rounds of parallel updates, each from the version the previous round left: one winner per round', async () => {
  const organisation = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Verein Runden' });
  let version = (await row(organisation.id)).version;
  for (let round = 0; round < 3; round += 1) {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        hub.gql(UPDATE, { id: organisation.id, v: version, input: { phone: `+49 ${round}${i}` } }, { key: coordinator }),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => errorCode(result) === 'CONFLICT')).toHaveLength(7);
    version += 1;
    expect((await row(organisation.id)).version).toBe(version);
  }
});

test('parallel updates of memberships: the winner’s list is stored whole', async () => {
  const federations = await Promise.all(
    [1, 2, 3].map((i) => createOrganisation(hub, coordinator, { kind: 'FEDERATION', name: `Verband ${i}` })),
  );
  const organisation = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Verein Mitgliedschaften' });
  const v = (await row(organisation.id)).version;
  const lists = [[federations[0]!.id], [federations[1]!.id, federations[2]!.id], [], [federations[2]!.id]];
  const results = await Promise.all(
    lists.map((memberOfIds) =>
      hub.gql(
        'mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $input) { memberOf { id } } }',
        { id: organisation.id, v, input: { memberOfIds } },
        { key: coordinator },
      ),
    ),
  );
  const winners = results.filter((result) => !result.errors);
  expect(winners).toHaveLength(1);
  const stored = await hub.ok('query($id: ID) { organisation(id: $id) { memberOf { id } } }', { id: organisation.id });
  expect(stored.organisation.memberOf).toEqual(winners[0]!.data.updateOrganisation.memberOf);
});

test('parallel creates with the same name get distinct slugs, none is refused', async () => {
  const results = await Promise.all(
    Array.from({ length: 10 }, () =>
      hub.gql(
        'mutation { createOrganisation(input: { kind: MOSQUE, name: "Moschee Gleichzeitig" }) { slug } }',
        {},
        { key: coordinator },
      ),
    ),
  );
  expect(results.map((result) => result.errors?.[0]?.message ?? null)).toEqual(Array(10).fill(null));
  const slugs = results.map((result) => result.data.createOrganisation.slug);
  expect(new Set(slugs).size).toBe(10);
  expect(slugs).toContain('moschee-gleichzeitig');
  for (const slug of slugs) expect(slug).toMatch(/^moschee-gleichzeitig(-\d+)?$/);
});

test('parallel creates with the same given slug: one is created, the others answer BAD_USER_INPUT naming input.slug', async () => {
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      hub.gql(
        'mutation($name: String!) { createOrganisation(input: { kind: OTHER, name: $name, slug: "gleicher-slug" }) { slug } }',
        { name: `Initiative ${i}` },
        { key: coordinator },
      ),
    ),
  );
  expect(results.filter((result) => !result.errors)).toHaveLength(1);
  for (const refused of results.filter((result) => result.errors)) {
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.extensions!.field).toBe('input.slug');
  }
  const [count] = await hub.db.query("SELECT count(*)::int AS n FROM organisation WHERE slug = 'gleicher-slug'");
  expect(Number(count.n)).toBe(1);
});

describe('contacts', () => {
  test('20 parallel addContact: all 20 are stored', async () => {
    const organisation = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Verein viele Kontakte' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        hub.gql(
          'mutation($id: ID!, $name: String!) { addContact(organisationId: $id, input: { name: $name }) { id } }',
          { id: organisation.id, name: `Person ${i}` },
          { key: coordinator },
        ),
      ),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    const [count] = await hub.db.query('SELECT count(*)::int AS n FROM contact WHERE organisation_id = $1', [
      databaseId(organisation.id),
    ]);
    expect(Number(count.n)).toBe(20);
  });

  test('parallel removeContact of one contact: exactly one answers true, the others NOT_FOUND', async () => {
    const organisation = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Verein Entfernen' });
    const contact = await addContact(hub, coordinator, organisation.id, { name: 'Nur einmal' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        hub.gql('mutation($id: ID!) { removeContact(id: $id) }', { id: contact }, { key: coordinator }),
      ),
    );
    expect(results.filter((result) => result.data?.removeContact === true)).toHaveLength(1);
    expect(results.filter((result) => errorCode(result) === 'NOT_FOUND')).toHaveLength(9);
  });

  test('parallel updateContact and removeContact: the contact ends removed or updated whole, never half', async () => {
    const organisation = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Verein Gleichzeitig' });
    const contact = await addContact(hub, coordinator, organisation.id, { name: 'Vorher', email: 'vorher@example.org' });
    const updates = Array.from({ length: 8 }, (_, i) =>
      hub.gql(
        'mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { name email } }',
        {
          id: contact,
          input: { name: `Person ${i}`, email: `person${i}@example.org`, visibility: 'PARTNERS', publicationBasis: 'CONSENT' },
        },
        { key: coordinator },
      ),
    );
    const removal = hub.gql('mutation($id: ID!) { removeContact(id: $id) }', { id: contact }, { key: coordinator });
    const results = await Promise.all([...updates, removal]);
    for (const result of results) expect([undefined, 'NOT_FOUND']).toContain(errorCode(result));
    expect(results[8]!.data?.removeContact).toBe(true);
    const rows = await hub.db.query('SELECT * FROM contact WHERE id = $1', [databaseId(contact)]);
    expect(rows).toEqual([]);
  });

  test('parallel updateContact: the stored contact is one of the writes, whole', async () => {
    const organisation = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Verein Letzter Gewinnt' });
    const contact = await addContact(hub, coordinator, organisation.id, { name: 'Vorher' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        hub.gql(
          'mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { name } }',
          { id: contact, input: { name: `Person ${i}`, email: `person${i}@example.org`, phone: `+49 ${i}` } },
          { key: coordinator },
        ),
      ),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    const [stored] = await hub.db.query('SELECT name, email, phone FROM contact WHERE id = $1', [databaseId(contact)]);
    const i = Number(/Person (\d+)/.exec(stored.name)![1]);
    expect(stored).toEqual({ name: `Person ${i}`, email: `person${i}@example.org`, phone: `+49 ${i}` });
  });
});
