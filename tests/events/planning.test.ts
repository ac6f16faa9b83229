import { createOrganisation, municipalityIds } from '../helpers/factories';
import { createEvent, eventRowCounts, inviteOrganisers, memberKey, respond } from '../helpers/events';
import { errorCode, TestHub } from '../helpers/hub';

/**
 * The joint-planning story from the issue, through the API: draft → invite
 * two organisations → one accepts, one declines → publish → visible
 * anonymously when PUBLIC, hidden when PARTNERS → cancel with a reason →
 * the history lists each step with actor and fields.
 */

let hub: TestHub;
let coordinator: string;

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true }, 'Koordination Landkreis');
});
afterAll(() => hub?.stop());

const EVENT = `id status visibility version title cancellationReason
  leadOrganisation { name }
  organisers { organisation { name } role status message responseMessage respondedAt }`;

test('draft → invite → accept/decline → publish → visibility → cancel, with history', async () => {
  const m = await municipalityIds(hub);
  const mosque = await createOrganisation(hub, coordinator, {
    kind: 'MOSQUE',
    name: 'Moscheegemeinde Vellmar (Test)',
    address: { municipalityId: m.Vellmar, location: { latitude: 51.36, longitude: 9.47 } },
  });
  const church = await createOrganisation(hub, coordinator, {
    kind: 'RELIGIOUS_COMMUNITY',
    name: 'Ev. Kirchengemeinde Vellmar (Test)',
  });
  const club = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Sportverein Vellmar (Test)' });
  const mosqueEditor = await memberKey(hub, mosque.id, 'EDITOR', 'Moschee Vellmar Web-App');
  const churchEditor = await memberKey(hub, church.id, 'EDITOR', 'Kirche Vellmar');
  const clubEditor = await memberKey(hub, club.id, 'ADMIN', 'SV Vellmar');
  const partner = await memberKey(hub, (await createOrganisation(hub, coordinator)).id, 'VIEWER', 'Partner-App');

  // 1. Draft, led by the mosque, at its premises.
  const draft = await createEvent(hub, mosqueEditor, {
    title: 'Tag der offenen Moschee',
    category: 'OPEN_HOUSE',
    venueId: mosque.id,
    summary: [
      { language: 'de', text: 'Führungen und Gespräche' },
      { language: 'tr', text: 'Rehberli turlar ve sohbet' },
    ],
  });
  expect(draft).toMatchObject({ status: 'DRAFT', version: 1, title: 'Tag der offenen Moschee' });
  const seenByOthers = await hub.gql(`query($id: ID!) { event(id: $id) { id } }`, { id: draft.id }, { key: churchEditor });
  expect(seenByOthers.data?.event).toBeNull();

  // 2. Invite two organisations: the draft becomes PLANNING, both see it.
  const planning = await inviteOrganisers(hub, mosqueEditor, draft.id, [
    { organisationId: church.id, message: 'Macht ihr mit?' },
    { organisationId: club.id, role: 'SUPPORTER' },
  ]);
  expect(planning).toMatchObject({ status: 'PLANNING', version: 2 });
  for (const key of [churchEditor, clubEditor]) {
    const seen = await hub.ok(`query($id: ID!) { event(id: $id) { status } }`, { id: draft.id }, { key });
    expect(seen.event).toEqual({ status: 'PLANNING' });
  }

  // 3. One accepts, one declines; the decliner no longer sees the plan.
  await respond(hub, churchEditor, draft.id, church.id, true, 'Gerne!');
  await respond(hub, clubEditor, draft.id, club.id, false, 'Leider keine Zeit.');
  const afterDecline = await hub.ok(`query($id: ID!) { event(id: $id) { id } }`, { id: draft.id }, { key: clubEditor });
  expect(afterDecline.event).toBeNull();
  const planned = await hub.ok(`query($id: ID!) { event(id: $id) { ${EVENT} } }`, { id: draft.id }, { key: mosqueEditor });
  expect(planned.event.organisers).toEqual([
    expect.objectContaining({ organisation: { name: mosque.name }, role: 'LEAD', status: 'ACCEPTED' }),
    expect.objectContaining({
      organisation: { name: church.name },
      role: 'CO_HOST',
      status: 'ACCEPTED',
      message: 'Macht ihr mit?',
      responseMessage: 'Gerne!',
    }),
    expect.objectContaining({
      organisation: { name: club.name },
      role: 'SUPPORTER',
      status: 'DECLINED',
      responseMessage: 'Leider keine Zeit.',
    }),
  ]);
  expect(planned.event.version).toBe(4);

  // 4. Publish (PUBLIC): anonymous visitors see it, with only the organisers taking part.
  const published = await hub.ok(
    `mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { status version } }`,
    { id: draft.id, v: 4 },
    { key: mosqueEditor },
  );
  expect(published.publishEvent).toEqual({ status: 'PUBLISHED', version: 5 });
  // The organisers' messages to each other stay among them.
  const anonymous = await hub.ok(
    `query($id: ID!) { event(id: $id) { title(language: "tr") summary(language: "tr") organisers { organisation { name } status message responseMessage } } }`,
    {
      id: draft.id,
    },
  );
  expect(anonymous.event).toEqual({
    title: 'Tag der offenen Moschee',
    summary: 'Rehberli turlar ve sohbet',
    organisers: [
      { organisation: { name: mosque.name }, status: 'ACCEPTED', message: null, responseMessage: null },
      { organisation: { name: church.name }, status: 'ACCEPTED', message: null, responseMessage: null },
    ],
  });
  const listed = await hub.ok(`{ events { totalCount edges { node { id } } } }`);
  expect(listed.events.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([draft.id]);

  // 5. PARTNERS: hidden from anonymous visitors, visible with any key.
  await hub.ok(
    `mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, input: { visibility: PARTNERS }) { version } }`,
    { id: draft.id, v: 5 },
    { key: mosqueEditor },
  );
  expect((await hub.ok(`query($id: ID!) { event(id: $id) { id } }`, { id: draft.id })).event).toBeNull();
  expect((await hub.ok(`{ events { totalCount } }`)).events.totalCount).toBe(0);
  expect((await hub.ok(`query($id: ID!) { event(id: $id) { id } }`, { id: draft.id }, { key: partner })).event).toEqual({
    id: draft.id,
  });

  // 6. Cancel with a reason: still visible to partners, with the reason.
  const cancelled = await hub.ok(
    `mutation($id: ID!, $v: Int!) { cancelEvent(id: $id, expectedVersion: $v, reason: "Unwetterwarnung") { status cancellationReason version } }`,
    { id: draft.id, v: 6 },
    { key: mosqueEditor },
  );
  expect(cancelled.cancelEvent).toEqual({ status: 'CANCELLED', cancellationReason: 'Unwetterwarnung', version: 7 });
  const partnerView = await hub.ok(
    `query($id: ID!) { event(id: $id) { status cancellationReason } }`,
    { id: draft.id },
    { key: partner },
  );
  expect(partnerView.event).toEqual({ status: 'CANCELLED', cancellationReason: 'Unwetterwarnung' });

  // 7. History: every step with actor and fields, oldest first; only for organisers and coordinators.
  const HISTORY = `query($id: ID!) { event(id: $id) { history(first: 20) { totalCount edges { node {
      kind version changedFields actor { label coordinator organisation { name } } changes { field oldValue newValue } } } } } }`;
  const history = await hub.ok(HISTORY, { id: draft.id }, { key: coordinator });
  const entries = history.event.history.edges.map((edge: { node: unknown }) => edge.node);
  expect(history.event.history.totalCount).toBe(7);
  expect(
    entries.map((e: { kind: string; version: number; actor: { label: string } }) => [e.kind, e.version, e.actor.label]),
  ).toEqual([
    ['CREATED', 1, 'Moschee Vellmar Web-App'],
    ['ORGANISERS_INVITED', 2, 'Moschee Vellmar Web-App'],
    ['INVITATION_ACCEPTED', 3, 'Kirche Vellmar'],
    ['INVITATION_DECLINED', 4, 'SV Vellmar'],
    ['PUBLISHED', 5, 'Moschee Vellmar Web-App'],
    ['UPDATED', 6, 'Moschee Vellmar Web-App'],
    ['CANCELLED', 7, 'Moschee Vellmar Web-App'],
  ]);
  expect(entries[0].actor.organisation).toEqual({ name: mosque.name });
  expect(entries[0].changedFields).toEqual(
    expect.arrayContaining(['title', 'category', 'startsAt', 'venue', 'municipality', 'leadOrganisation']),
  );
  expect(entries[2].changes).toEqual([
    {
      field: 'organisers',
      oldValue: expect.objectContaining({ organisation: church.id, status: 'INVITED' }),
      newValue: expect.objectContaining({ organisation: church.id, status: 'ACCEPTED', responseMessage: 'Gerne!' }),
    },
  ]);
  expect(entries[5].changes).toEqual([{ field: 'visibility', oldValue: 'PUBLIC', newValue: 'PARTNERS' }]);
  expect(entries[6].changes).toEqual([
    { field: 'status', oldValue: 'PUBLISHED', newValue: 'CANCELLED' },
    { field: 'cancellationReason', oldValue: null, newValue: 'Unwetterwarnung' },
  ]);
  // The church (on the event) reads it; a partner app and the club that declined get an empty history.
  expect((await hub.ok(HISTORY, { id: draft.id }, { key: churchEditor })).event.history.totalCount).toBe(7);
  expect((await hub.ok(HISTORY, { id: draft.id }, { key: partner })).event.history).toEqual({ totalCount: 0, edges: [] });

  // The change log has one entry per step, kinds as the live slice expects.
  const log = await hub.db.query(
    "SELECT kind, version, changed_fields, organisation_ids FROM change_log WHERE subject = 'EVENT' ORDER BY cursor",
  );
  expect(log.map((row: { kind: string; version: number }) => [row.kind, row.version])).toEqual([
    ['CREATED', 1],
    ['ORGANISERS_CHANGED', 2],
    ['ORGANISERS_CHANGED', 3],
    ['ORGANISERS_CHANGED', 4],
    ['PUBLISHED', 5],
    ['UPDATED', 6],
    ['CANCELLED', 7],
  ]);
  expect(log[1].organisation_ids).toHaveLength(2);
  expect(log[5].changed_fields).toEqual(['visibility']);
});

test('a cancelled event refuses publishing, inviting, answering and updating, and nothing is written', async () => {
  const lead = await createOrganisation(hub, coordinator);
  const guest = await createOrganisation(hub, coordinator);
  const leadKey = await memberKey(hub, lead.id, 'EDITOR');
  const guestKey = await memberKey(hub, guest.id, 'EDITOR');
  const event = await createEvent(hub, leadKey);
  await inviteOrganisers(hub, leadKey, event.id, [{ organisationId: guest.id }]);
  await hub.ok(
    `mutation($id: ID!) { cancelEvent(id: $id, expectedVersion: 2, reason: "abgesagt") { id } }`,
    { id: event.id },
    { key: leadKey },
  );
  // Made before counting: creating an organisation writes a change-log entry of its own (a directory change).
  const third = await createOrganisation(hub, coordinator);
  const before = await eventRowCounts(hub);
  const attempts: Array<[string, Record<string, unknown>, string]> = [
    [`mutation($id: ID!) { publishEvent(id: $id, expectedVersion: 3) { id } }`, { id: event.id }, leadKey],
    [`mutation($id: ID!) { cancelEvent(id: $id, expectedVersion: 3, reason: "nochmal") { id } }`, { id: event.id }, leadKey],
    [`mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 3, input: { capacity: 5 }) { id } }`, { id: event.id }, leadKey],
    [
      `mutation($id: ID!, $o: ID!) { inviteOrganisers(eventId: $id, invitations: [{ organisationId: $o }]) { id } }`,
      { id: event.id, o: third.id },
      leadKey,
    ],
    [
      `mutation($id: ID!, $o: ID!) { respondToInvitation(eventId: $id, organisationId: $o, accept: true) { id } }`,
      { id: event.id, o: guest.id },
      guestKey,
    ],
  ];
  for (const [query, variables, key] of attempts) {
    const result = await hub.gql(query, variables, { key });
    expect(errorCode(result)).toBe('CONFLICT');
  }
  expect(await eventRowCounts(hub)).toEqual(before);
});
