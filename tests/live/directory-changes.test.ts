import { createEvent, memberKey } from '../helpers/events';
import { addContact, createOrganisation, municipalityIds } from '../helpers/factories';
import { encodeChangeCursor } from '../../src/live/change-cursor';
import { errorCode, TestHub } from '../helpers/hub';
import { feedOf, take, waitForSubscriberCount, waitForSubscribers } from '../helpers/live';
import { WsClient, type WsSubscription } from '../helpers/ws';

/**
 * Directory changes in the change log, through the public API: real
 * mutations over HTTP, `organisationChanges` polled over HTTP and
 * `organisationChanged` over graphql-ws. "Nothing arrives" is proven with a
 * barrier: a change the subscriber must see is committed after the hidden
 * one, and must be the next thing it receives.
 */
let hub: TestHub;
let coordinator: string;
let towns: Record<string, string>;
let mosque: { id: string; version: number };
let mosqueEditor: string;
let mosqueViewer: string;
let partner: string;
const clients: WsClient[] = [];

const CHANGE = 'cursor kind organisationId contactId changedFields version occurredAt organisation { id name }';
const ORGANISATION_CHANGED = `subscription($filter: OrganisationChangeFilter, $since: String) { organisationChanged(filter: $filter, since: $since) { ${CHANGE} } }`;
const ORGANISATION_CHANGES = `query($since: String, $filter: OrganisationChangeFilter, $first: Int) {
  organisationChanges(since: $since, filter: $filter, first: $first) { edges { cursor node { ${CHANGE} } } pageInfo { endCursor hasNextPage } } }`;

async function subscribe(key: string | undefined, variables: Record<string, unknown> = {}): Promise<WsSubscription> {
  const client = await WsClient.connect(hub, { key });
  clients.push(client);
  const before = feedOf(hub).subscriberCount;
  const subscription = client.subscribe(ORGANISATION_CHANGED, variables);
  await waitForSubscribers(hub, before + 1);
  return subscription;
}

async function poll(key: string | undefined, variables: Record<string, unknown> = {}) {
  const data = await hub.ok(ORGANISATION_CHANGES, { first: 100, ...variables }, { key });
  return data.organisationChanges as { edges: Array<{ cursor: string; node: any }>; pageInfo: { endCursor: string } };
}

async function rename(key: string, organisation: { id: string; version: number }, name: string) {
  const data = await hub.ok(
    `mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $input) { id version } }`,
    { id: organisation.id, v: organisation.version, input: { name } },
    { key },
  );
  Object.assign(organisation, data.updateOrganisation);
  return organisation;
}

/** The cursor of the newest committed change (read from the log): where "from now on" starts. */
async function latestCursor(): Promise<string> {
  const [row] = await hub.db.query('SELECT coalesce(max(cursor), 0) AS cursor FROM change_log');
  return encodeChangeCursor(Number(row.cursor));
}

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  towns = await municipalityIds(hub);
  mosque = await createOrganisation(hub, coordinator, {
    name: 'Moscheegemeinde Vellmar',
    kind: 'MOSQUE',
    address: { municipalityId: towns.Vellmar },
  });
  mosqueEditor = await memberKey(hub, mosque.id, 'EDITOR');
  mosqueViewer = await memberKey(hub, mosque.id, 'VIEWER');
  const partnerOrg = await createOrganisation(hub, coordinator, { name: 'Partner-App Kassel' });
  partner = await memberKey(hub, partnerOrg.id, 'VIEWER');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await waitForSubscriberCount(hub, (n) => n === 0);
});
afterAll(() => hub?.stop());

test('every directory mutation appends a change, in one cursor order with event changes', async () => {
  const since = await latestCursor();
  const federation = await createOrganisation(hub, coordinator, { name: 'Dachverband Nordhessen', kind: 'FEDERATION' });
  const circle = await createOrganisation(hub, coordinator, { name: 'Helferkreis Ahnatal', kind: 'SUPPORT_CIRCLE' });
  await rename(coordinator, circle, 'Helferkreis Ahnatal e.V.');
  const event = await createEvent(hub, mosqueEditor, { title: 'Zwischendurch' });
  await hub.ok(`mutation($id: ID!) { verifyOrganisation(id: $id) { id } }`, { id: circle.id }, { key: coordinator });
  await hub.ok(`mutation($id: ID!) { confirmOrganisationDetails(id: $id) { id } }`, { id: circle.id }, { key: coordinator });
  const joined = await hub.ok(
    `mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $input) { version } }`,
    { id: circle.id, v: circle.version, input: { memberOfIds: [federation.id] } },
    { key: coordinator },
  );
  const contact = await addContact(hub, coordinator, circle.id, { name: 'Erika Muster', visibility: 'PUBLIC' });
  await hub.ok(
    `mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }`,
    {
      id: contact,
      input: { name: 'Erika Muster', email: 'erika@example.org', visibility: 'PUBLIC', publicationBasis: 'CONSENT' },
    },
    { key: coordinator },
  );
  await hub.ok(`mutation($id: ID!) { removeContact(id: $id) }`, { id: contact }, { key: coordinator });

  const page = await poll(coordinator, { since });
  expect(page.edges.map(({ node }) => [node.kind, node.organisationId, node.changedFields])).toEqual([
    ['CREATED', federation.id, expect.arrayContaining(['name'])],
    ['CREATED', circle.id, expect.arrayContaining(['name'])],
    ['UPDATED', circle.id, ['name']],
    ['VERIFIED', circle.id, ['verifiedAt']],
    ['DETAILS_CONFIRMED', circle.id, ['lastConfirmedAt']],
    ['MEMBERSHIPS_CHANGED', circle.id, ['memberOfIds']],
    ['CONTACT_ADDED', circle.id, expect.arrayContaining(['name', 'visibility'])],
    ['CONTACT_UPDATED', circle.id, ['email']],
    ['CONTACT_REMOVED', circle.id, expect.arrayContaining(['name', 'visibility'])],
  ]);
  expect(page.edges[5]!.node.version).toBe(joined.updateOrganisation.version);
  expect(page.edges[6]!.node).toMatchObject({
    contactId: contact,
    version: null,
    organisation: { name: 'Helferkreis Ahnatal e.V.' },
  });
  // One cursor sequence: the event's change sits between the rename and the verification.
  const events = await hub.ok(
    `query($since: String) { changes(since: $since, first: 100) { edges { cursor node { eventId } } } }`,
    { since },
    { key: coordinator },
  );
  const eventEdge = events.changes.edges.find((edge: any) => edge.node.eventId === event.id);
  const position = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString().slice(4));
  expect(position(eventEdge.cursor)).toBeGreaterThan(position(page.edges[2]!.cursor));
  expect(position(eventEdge.cursor)).toBeLessThan(position(page.edges[3]!.cursor));
  // A membership change also reaches those who follow the umbrella.
  const umbrella = await poll(coordinator, { since, filter: { organisationIds: [federation.id] } });
  expect(umbrella.edges.map(({ node }) => node.kind)).toEqual(['CREATED', 'MEMBERSHIPS_CHANGED']);
  // Existing `changes` clients see events only, as before.
  expect(events.changes.edges.every((edge: any) => edge.node.eventId)).toBe(true);
});

test('organisationChanged: live, then resumed with since: no gap, no duplicate', async () => {
  const live = await subscribe(coordinator, { filter: { organisationIds: [mosque.id] } });
  await rename(mosqueEditor, mosque, 'Moscheegemeinde Vellmar e.V.');
  await rename(mosqueEditor, mosque, 'Moscheegemeinde Vellmar');
  const [first, second] = (await take(live, 2)).map((r) => r.organisationChanged);
  expect(first).toMatchObject({ kind: 'UPDATED', organisationId: mosque.id, changedFields: ['name'] });
  expect(second.version).toBe(first.version + 1);

  // Resume after the first: the second is replayed, then changes continue live, each once.
  const resumed = await subscribe(coordinator, { since: first.cursor, filter: { organisationIds: [mosque.id] } });
  await rename(mosqueEditor, mosque, 'Moscheegemeinde Vellmar (neu)');
  const got = (await take(resumed, 2)).map((r) => r.organisationChanged);
  expect(got.map((c) => c.cursor)).toEqual([second.cursor, (await take(live, 1))[0].organisationChanged.cursor]);
  expect(got[1].organisation.name).toBe('Moscheegemeinde Vellmar (neu)');
});

test('privacy: a hidden contact change reaches nobody who may not see the contact, not even as "something changed"', async () => {
  const anonymous = await subscribe(undefined, { filter: { organisationIds: [mosque.id] } });
  const partnerApp = await subscribe(partner, { filter: { organisationIds: [mosque.id] } });
  const member = await subscribe(mosqueViewer, { filter: { organisationIds: [mosque.id] } });
  const since = await latestCursor();

  const hidden = await addContact(hub, mosqueEditor, mosque.id, { name: 'Imam privat', visibility: 'COORDINATORS' });
  const partnersOnly = await addContact(hub, mosqueEditor, mosque.id, { name: 'Vorstand', visibility: 'PARTNERS' });
  // Barrier: a change everyone may see.
  await rename(mosqueEditor, mosque, 'Moscheegemeinde Vellmar');

  expect((await take(anonymous, 1))[0].organisationChanged).toMatchObject({ kind: 'UPDATED', contactId: null });
  const forPartner = (await take(partnerApp, 2)).map((r) => r.organisationChanged);
  expect(forPartner.map((c) => [c.kind, c.contactId])).toEqual([
    ['CONTACT_ADDED', partnersOnly],
    ['UPDATED', null],
  ]);
  // The organisation's own keys see all of its contacts, and so hear of all changes to them.
  const forMember = (await take(member, 3)).map((r) => r.organisationChanged);
  expect(forMember.map((c) => c.contactId)).toEqual([hidden, partnersOnly, null]);

  // PUBLIC → COORDINATORS: the anonymous app learns the contact left its view, nothing else.
  const shown = await addContact(hub, mosqueEditor, mosque.id, { name: 'Sprechstunde', visibility: 'PUBLIC' });
  await hub.ok(
    `mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }`,
    { id: shown, input: { name: 'Sprechstunde', phone: '+49 561 123456', visibility: 'COORDINATORS' } },
    { key: mosqueEditor },
  );
  await hub.ok(`mutation($id: ID!) { removeContact(id: $id) }`, { id: shown }, { key: mosqueEditor });
  await rename(mosqueEditor, mosque, 'Moscheegemeinde Vellmar e.V.');
  const forAnonymous = (await take(anonymous, 3)).map((r) => r.organisationChanged);
  expect(forAnonymous.map((c) => [c.kind, c.contactId, c.changedFields])).toEqual([
    ['CONTACT_ADDED', shown, expect.arrayContaining(['name'])],
    ['CONTACT_UPDATED', shown, ['visibility']],
    ['UPDATED', null, ['name']],
  ]);

  // Polling tells the same, replayed from the cursor.
  const polled = await poll(undefined, { since, filter: { organisationIds: [mosque.id] } });
  expect(polled.edges.map(({ node }) => node.contactId)).toEqual([null, shown, shown, null]);
  const byPartner = await poll(partner, { since, filter: { organisationIds: [mosque.id] } });
  expect(byPartner.edges.map(({ node }) => node.contactId)).not.toContain(hidden);
  const byCoordinator = await poll(coordinator, { since, filter: { organisationIds: [mosque.id] } });
  expect(byCoordinator.edges.map(({ node }) => node.contactId)).toEqual([hidden, partnersOnly, null, shown, shown, shown, null]);
});

test('filters: kinds and municipalities; bad input names the field', async () => {
  const since = await latestCursor();
  await createOrganisation(hub, coordinator, { name: 'Verein Baunatal', address: { municipalityId: towns.Baunatal } });
  await rename(mosqueEditor, mosque, 'Moscheegemeinde Vellmar');
  const inVellmar = await poll(undefined, { since, filter: { municipalityIds: [towns.Vellmar] } });
  expect(inVellmar.edges.map(({ node }) => [node.kind, node.organisationId])).toEqual([['UPDATED', mosque.id]]);
  const created = await poll(undefined, { since, filter: { kinds: ['CREATED'] } });
  expect(created.edges.map(({ node }) => node.organisation.name)).toEqual(['Verein Baunatal']);

  const badId = await hub.gql(ORGANISATION_CHANGES, { filter: { organisationIds: ['nope'] } });
  expect(errorCode(badId)).toBe('BAD_USER_INPUT');
  expect(badId.errors![0]!.extensions!.field).toBe('filter.organisationIds[0]');
  const tooMany = await hub.gql(ORGANISATION_CHANGES, { filter: { municipalityIds: Array(101).fill(towns.Vellmar) } });
  expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.municipalityIds' });
  const badCursor = await hub.gql(ORGANISATION_CHANGES, { since: 'not-a-cursor' });
  expect(badCursor.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since', reason: 'CURSOR_INVALID' });
});
