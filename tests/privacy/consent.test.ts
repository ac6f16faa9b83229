import { Privacy1765100000000 } from '../../migrations/1765100000000-privacy';
import { memberKey } from '../helpers/events';
import { addContact, createOrganisation, databaseId, rowCounts } from '../helpers/factories';
import { TestHub } from '../helpers/hub';
import { feedOf, nextAfterBarrier, waitForSubscribers } from '../helpers/live';
import { WsClient, type WsSubscription } from '../helpers/ws';

/**
 * The publication basis of contacts (issue 16): PUBLIC and PARTNERS need a
 * recorded basis (CONSENT or OFFICIAL_ROLE, with who recorded it and when);
 * without one the API refuses, naming the field, and writes nothing; the
 * database refuses too. Withdrawing consent narrows the contact at once: the
 * next anonymous read leaves it out, and subscribers who could see it hear
 * that it left their view. The migration's documented default for existing
 * contacts is checked by running it over old rows.
 */
let hub: TestHub;
let coordinator: string;
let organisation: { id: string };
let editor: string;
const clients: WsClient[] = [];

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true }, 'Koordinierung');
  organisation = await createOrganisation(hub, coordinator, { name: 'Begegnungscafé Vellmar' });
  editor = await memberKey(hub, organisation.id, 'EDITOR', 'Webmaster Begegnungscafé');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await hub?.stop();
});

const ADD = `mutation($id: ID!, $input: ContactInput!) { addContact(organisationId: $id, input: $input) { id visibility publicationBasis { kind recordedAt recordedBy } } }`;
const UPDATE = `mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id visibility publicationBasis { kind recordedAt recordedBy } } }`;
const CONTACTS = `query($id: ID!) { organisation(id: $id) { contacts { id name visibility publicationBasis { kind recordedBy } } } }`;

async function subscribe(key: string | undefined): Promise<WsSubscription> {
  const client = await WsClient.connect(hub, { key });
  clients.push(client);
  const before = feedOf(hub).subscriberCount;
  const subscription = client.subscribe(
    `subscription($filter: OrganisationChangeFilter) { organisationChanged(filter: $filter) { kind contactId changedFields } }`,
    { filter: { organisationIds: [organisation.id] } },
  );
  await waitForSubscribers(hub, before + 1);
  return subscription;
}

test('PUBLIC and PARTNERS without a basis are refused, naming the field, and nothing is written', async () => {
  const before = await rowCounts(hub, ['contact', 'organisation_history', 'change_log']);
  for (const visibility of ['PUBLIC', 'PARTNERS']) {
    const refused = await hub.gql(ADD, { id: organisation.id, input: { name: 'Ohne Grundlage', visibility } }, { key: editor });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.publicationBasis' });
    expect(refused.errors?.[0]?.message).toMatch(/required for visibility/);
  }
  const contact = await addContact(hub, editor, organisation.id, { name: 'Intern', visibility: 'COORDINATORS' });
  const widened = await hub.gql(UPDATE, { id: contact, input: { name: 'Intern', visibility: 'PUBLIC' } }, { key: editor });
  expect(widened.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.publicationBasis' });
  expect(await rowCounts(hub, ['contact', 'organisation_history', 'change_log'])).toEqual({
    contact: before.contact! + 1,
    organisation_history: before.organisation_history! + 1,
    change_log: before.change_log! + 1,
  });
  // The database holds the rule too, whatever writes the row.
  await expect(hub.db.query(`UPDATE contact SET visibility = 'PUBLIC' WHERE id = $1`, [databaseId(contact)])).rejects.toThrow(
    /contact_published_with_basis/,
  );
});

test('the basis is recorded with who and when; the organisation and coordinators read it, nobody else', async () => {
  const added = await hub.ok(
    ADD,
    {
      id: organisation.id,
      input: { name: 'Aylin Şahin', email: 'aylin@begegnung.example', visibility: 'PUBLIC', publicationBasis: 'CONSENT' },
    },
    { key: editor },
  );
  const basis = added.addContact.publicationBasis;
  expect(basis).toEqual({ kind: 'CONSENT', recordedAt: expect.any(String), recordedBy: 'Webmaster Begegnungscafé' });
  // The same basis again keeps its first record; another basis is recorded anew, by whoever gives it.
  const kept = await hub.ok(
    UPDATE,
    {
      id: added.addContact.id,
      input: { name: 'Aylin Şahin', role: 'Leitung', visibility: 'PUBLIC', publicationBasis: 'CONSENT' },
    },
    { key: coordinator },
  );
  expect(kept.updateContact.publicationBasis).toEqual(basis);
  const official = await hub.ok(
    UPDATE,
    { id: added.addContact.id, input: { name: 'Aylin Şahin', visibility: 'PARTNERS', publicationBasis: 'OFFICIAL_ROLE' } },
    { key: coordinator },
  );
  expect(official.updateContact.publicationBasis).toMatchObject({ kind: 'OFFICIAL_ROLE', recordedBy: 'Koordinierung' });
  const partnerOrg = await createOrganisation(hub, coordinator, { name: 'Partner-App' });
  const partner = await memberKey(hub, partnerOrg.id, 'VIEWER');
  const seen = (await hub.ok(CONTACTS, { id: organisation.id }, { key: partner })).organisation.contacts;
  expect(seen).toEqual([{ id: added.addContact.id, name: 'Aylin Şahin', visibility: 'PARTNERS', publicationBasis: null }]);
  const own = (await hub.ok(CONTACTS, { id: organisation.id }, { key: editor })).organisation.contacts;
  expect(own.find((c: any) => c.id === added.addContact.id).publicationBasis).toEqual({
    kind: 'OFFICIAL_ROLE',
    recordedBy: 'Koordinierung',
  });
});

test('withdrawing consent hides the contact from anonymous viewers and subscribers at once', async () => {
  const contact = await addContact(hub, editor, organisation.id, {
    name: 'Samir Haddad',
    phone: '+49 561 300400',
    visibility: 'PUBLIC',
    publicationBasis: 'CONSENT',
  });
  expect((await hub.ok(CONTACTS, { id: organisation.id })).organisation.contacts.map((c: any) => c.id)).toContain(contact);
  const anonymous = await subscribe(undefined);
  const own = await subscribe(editor);

  const withdrawn = await hub.ok(
    `mutation($id: ID!) { withdrawContactConsent(id: $id) { id visibility publicationBasis { kind } } }`,
    { id: contact },
    { key: editor },
  );
  expect(withdrawn.withdrawContactConsent).toEqual({ id: contact, visibility: 'COORDINATORS', publicationBasis: null });
  // The very next anonymous read leaves it out; the organisation still sees it.
  expect((await hub.ok(CONTACTS, { id: organisation.id })).organisation.contacts.map((c: any) => c.id)).not.toContain(contact);
  expect(
    (await hub.ok(CONTACTS, { id: organisation.id }, { key: editor })).organisation.contacts.map((c: any) => c.id),
  ).toContain(contact);
  // Subscribers hear of it: the anonymous one only that it left their view.
  const left = (await anonymous.next(10_000)).data.organisationChanged;
  expect(left).toEqual({ kind: 'CONTACT_UPDATED', contactId: contact, changedFields: ['visibility'] });
  const told = (await own.next(10_000)).data.organisationChanged;
  expect(told).toMatchObject({ kind: 'CONTACT_UPDATED', contactId: contact });
  expect(told.changedFields).toEqual(expect.arrayContaining(['visibility', 'publicationBasis']));
  // From now on the anonymous subscriber hears nothing of the contact: the next thing is a barrier it may see.
  const barrier = await nextAfterBarrier(anonymous, async () => {
    await hub.ok(
      `mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }`,
      { id: contact, input: { name: 'Samir Haddad', phone: '+49 561 300401' } },
      { key: editor },
    );
    await addContact(hub, editor, organisation.id, { name: 'Schranke', visibility: 'PUBLIC' });
  });
  expect(barrier.organisationChanged).toMatchObject({ kind: 'CONTACT_ADDED' });
  expect(barrier.organisationChanged.contactId).not.toBe(contact);
  // Withdrawing again changes nothing and records nothing.
  const [{ n: before }] = await hub.db.query('SELECT count(*)::int AS n FROM change_log');
  await hub.ok(`mutation($id: ID!) { withdrawContactConsent(id: $id) { id } }`, { id: contact }, { key: editor });
  const [{ n: after }] = await hub.db.query('SELECT count(*)::int AS n FROM change_log');
  expect(Number(after)).toBe(Number(before));
});

test("the migration's default for existing contacts: public offices keep theirs as OFFICIAL_ROLE, others become COORDINATORS", async () => {
  const office = await createOrganisation(hub, coordinator, { name: 'Integrationsbüro Landkreis', kind: 'PUBLIC_INSTITUTION' });
  const association = await createOrganisation(hub, coordinator, { name: 'Altverein' });
  const migration = new Privacy1765100000000();
  const runner = hub.db.createQueryRunner();
  try {
    await migration.down(runner);
    // Contacts as they were before the migration: published without a basis.
    await runner.query(
      `INSERT INTO contact (organisation_id, name, email, visibility) VALUES
         ($1, 'Integrationsbeauftragte', 'integration@landkreis-kassel.example', 'PUBLIC'),
         ($1, 'Sachgebiet', null, 'PARTNERS'),
         ($2, 'Vorstand', 'vorstand@altverein.example', 'PUBLIC'),
         ($2, 'Intern', null, 'COORDINATORS')`,
      [databaseId(office.id), databaseId(association.id)],
    );
    await migration.up(runner);
  } finally {
    await runner.release();
  }
  const rows = await hub.db.query(
    `SELECT name, visibility, publication_basis, basis_recorded_by FROM contact WHERE organisation_id = ANY($1::uuid[]) ORDER BY name`,
    [[databaseId(office.id), databaseId(association.id)]],
  );
  expect(rows).toEqual([
    {
      name: 'Integrationsbeauftragte',
      visibility: 'PUBLIC',
      publication_basis: 'OFFICIAL_ROLE',
      basis_recorded_by: expect.stringMatching(/^Migration Privacy/),
    },
    { name: 'Intern', visibility: 'COORDINATORS', publication_basis: null, basis_recorded_by: null },
    {
      name: 'Sachgebiet',
      visibility: 'PARTNERS',
      publication_basis: 'OFFICIAL_ROLE',
      basis_recorded_by: expect.stringMatching(/^Migration Privacy/),
    },
    { name: 'Vorstand', visibility: 'COORDINATORS', publication_basis: null, basis_recorded_by: null },
  ]);
});
