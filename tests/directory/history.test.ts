import { memberKey } from '../helpers/events';
import { addContact, createOrganisation, municipalityIds } from '../helpers/factories';
import { TestHub } from '../helpers/hub';

/**
 * `Organisation.history` through the API: every directory mutation leaves an
 * entry with its actor and old and new values; only the organisation's own
 * keys and coordinators read it, so contact values (hidden ones included)
 * never reach anyone else.
 */
let hub: TestHub;
let coordinator: string;
let towns: Record<string, string>;

const HISTORY = `query($id: ID!) { node(id: $id) { ... on Organisation { history(first: 10) { totalCount edges { node {
  kind occurredAt contactId version changedFields changes { field oldValue newValue }
  actor { label coordinator organisation { id name } } } } } } } }`;

async function history(key: string | undefined, id: string) {
  const data = await hub.ok(HISTORY, { id }, { key });
  return data.node.history as { totalCount: number; edges: Array<{ node: any }> };
}

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true }, 'Koordination Landkreis');
  towns = await municipalityIds(hub);
});
afterAll(() => hub?.stop());

test('every mutation is recorded with actor, old and new values and version', async () => {
  const federation = await createOrganisation(hub, coordinator, { name: 'Dachverband', kind: 'FEDERATION' });
  const org = await createOrganisation(hub, coordinator, { name: 'Kulturverein Vellmar', phone: '+49 561 1' });
  const editor = await memberKey(hub, org.id, 'EDITOR');
  const updated = await hub.ok(
    `mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $input) { version } }`,
    {
      id: org.id,
      v: org.version,
      input: { phone: '+49 561 2', address: { municipalityId: towns.Vellmar }, memberOfIds: [federation.id] },
    },
    { key: editor },
  );
  await hub.ok(`mutation($id: ID!) { verifyOrganisation(id: $id) { id } }`, { id: org.id }, { key: coordinator });
  await hub.ok(`mutation($id: ID!) { confirmOrganisationDetails(id: $id) { id } }`, { id: org.id }, { key: editor });
  const contact = await addContact(hub, editor, org.id, { name: 'Privat', email: 'a@example.org', visibility: 'COORDINATORS' });
  await hub.ok(
    `mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }`,
    { id: contact, input: { name: 'Privat', email: 'b@example.org', visibility: 'COORDINATORS' } },
    { key: editor },
  );
  await hub.ok(`mutation($id: ID!) { removeContact(id: $id) }`, { id: contact }, { key: coordinator });

  const entries = (await history(coordinator, org.id)).edges.map((edge) => edge.node);
  expect(entries.map((entry) => entry.kind)).toEqual([
    'CREATED',
    'UPDATED',
    'MEMBERSHIPS_CHANGED',
    'VERIFIED',
    'DETAILS_CONFIRMED',
    'CONTACT_ADDED',
    'CONTACT_UPDATED',
    'CONTACT_REMOVED',
  ]);
  const [created, update, membership, verified, , added, contactUpdate, removed] = entries;
  expect(created.actor).toEqual({ label: 'Koordination Landkreis', coordinator: true, organisation: null });
  expect(created.changes).toContainEqual({ field: 'phone', oldValue: null, newValue: '+49 561 1' });
  expect(update).toMatchObject({ version: updated.updateOrganisation.version, changedFields: ['address', 'phone'] });
  expect(update.actor).toMatchObject({ coordinator: false, organisation: { id: org.id, name: 'Kulturverein Vellmar' } });
  expect(update.changes).toContainEqual({ field: 'phone', oldValue: '+49 561 1', newValue: '+49 561 2' });
  expect(update.changes.find((c: any) => c.field === 'address').newValue.municipalityId).toBe(towns.Vellmar);
  expect(membership.changes).toEqual([{ field: 'memberOfIds', oldValue: [], newValue: [federation.id] }]);
  expect(verified.changedFields).toEqual(['verifiedAt']);
  expect(added).toMatchObject({ contactId: contact, version: null });
  expect(contactUpdate.changes).toEqual([{ field: 'email', oldValue: 'a@example.org', newValue: 'b@example.org' }]);
  expect(removed.changes).toContainEqual({ field: 'email', oldValue: 'b@example.org', newValue: null });

  // The organisation's own keys read it too (they see all of its contacts anyway).
  const viewer = await memberKey(hub, org.id, 'VIEWER');
  expect((await history(viewer, org.id)).totalCount).toBe(8);
});

test('nobody else reads it: hidden contact values never reach them', async () => {
  const org = await createOrganisation(hub, coordinator, { name: 'Moscheegemeinde Baunatal', kind: 'MOSQUE' });
  await addContact(hub, coordinator, org.id, { name: 'Imam', phone: '+49 561 999', visibility: 'COORDINATORS' });
  const other = await createOrganisation(hub, coordinator, { name: 'Anderer Verein' });
  const strangers = [undefined, await memberKey(hub, other.id, 'ADMIN'), await memberKey(hub, other.id, 'VIEWER')];
  for (const key of strangers) {
    const result = await hub.gql(HISTORY, { id: org.id }, { key });
    expect(result.data.node.history).toEqual({ totalCount: 0, edges: [] });
    expect(JSON.stringify(result)).not.toContain('999');
  }
  expect((await history(coordinator, org.id)).totalCount).toBe(2);
});

test('a refused mutation leaves no history entry and no change-log entry', async () => {
  const org = await createOrganisation(hub, coordinator, { name: 'Verein ohne Änderung' });
  const count = async () => {
    const [row] = await hub.db.query(
      `SELECT (SELECT count(*) FROM organisation_history)::int AS history, (SELECT count(*) FROM change_log)::int AS log`,
    );
    return row;
  };
  const before = await count();
  const stale = await hub.gql(
    `mutation($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: 99, input: $input) { id } }`,
    { id: org.id, input: { name: 'Neu' } },
    { key: coordinator },
  );
  expect(stale.errors![0]!.extensions!.code).toBe('CONFLICT');
  const badContact = await hub.gql(
    `mutation($id: ID!, $input: ContactInput!) { addContact(organisationId: $id, input: $input) { id } }`,
    { id: org.id, input: { name: '   ' } },
    { key: coordinator },
  );
  expect(badContact.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  expect(await count()).toEqual(before);
});
