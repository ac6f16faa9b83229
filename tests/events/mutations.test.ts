import { createOrganisation, municipalityIds } from '../helpers/factories';
import {
  cancelEvent,
  createCampaign,
  createEvent,
  dbId,
  eventRowCounts,
  inviteOrganisers,
  memberKey,
  publishEvent,
  respond,
} from '../helpers/events';
import { errorCode, TestHub, type GraphQLResponse } from '../helpers/hub';

/**
 * Every illegal transition, missing right and bad input answers the right
 * code (and field), and writes nothing: no event change, no history entry,
 * no change-log entry. And no update is ever lost.
 */

let hub: TestHub;
let coordinator: string;
let lead: { id: string };
let guest: { id: string };
let other: { id: string };
let leadEditor: string;
let leadViewer: string;
let guestEditor: string;
let otherEditor: string;
let m: Record<string, string>;

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  m = await municipalityIds(hub);
  lead = await createOrganisation(hub, coordinator, { name: 'Lead-Verein' });
  guest = await createOrganisation(hub, coordinator, { name: 'Gast-Verein' });
  other = await createOrganisation(hub, coordinator, { name: 'Anderer Verein' });
  leadEditor = await memberKey(hub, lead.id, 'EDITOR');
  leadViewer = await memberKey(hub, lead.id, 'VIEWER');
  guestEditor = await memberKey(hub, guest.id, 'EDITOR');
  otherEditor = await memberKey(hub, other.id, 'EDITOR');
});
afterAll(() => hub?.stop());

/** Runs a request that must fail, and proves it wrote nothing. */
async function refused(query: string, variables: Record<string, unknown>, key: string | undefined): Promise<GraphQLResponse> {
  const before = await eventRowCounts(hub);
  const result = await hub.gql(query, variables, { key });
  expect(result.errors?.length).toBeTruthy();
  expect(result.data?.[Object.keys(result.data ?? {})[0] ?? ''] ?? null).toBeNull();
  expect(await eventRowCounts(hub)).toEqual(before);
  return result;
}

const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { id version } }`;
const CREATE = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`;
const BASE = {
  title: [{ language: 'de', text: 'Treffen' }],
  category: 'MEETING',
  startsAt: '2026-10-03T11:00:00+02:00',
  endsAt: '2026-10-03T15:00:00+02:00',
};

test('20 parallel updateEvent with the same expectedVersion: exactly one applies, 19 CONFLICT, one history entry', async () => {
  const event = await createEvent(hub, leadEditor);
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      hub.gql(UPDATE, { id: event.id, v: 1, input: { capacity: 10 + i } }, { key: leadEditor }),
    ),
  );
  const applied = results.filter((r) => !r.errors);
  const conflicts = results.filter((r) => errorCode(r) === 'CONFLICT');
  expect(applied).toHaveLength(1);
  expect(conflicts).toHaveLength(19);
  for (const c of conflicts) expect(c.errors![0]!.extensions).toMatchObject({ currentVersion: 2, field: 'expectedVersion' });
  const [row] = await hub.db.query('SELECT version, capacity FROM event WHERE id = $1', [dbId(event.id)]);
  expect(row.version).toBe(2);
  const history = await hub.db.query(`SELECT kind, changes FROM event_history WHERE event_id = $1 AND kind = 'UPDATED'`, [
    dbId(event.id),
  ]);
  expect(history).toHaveLength(1);
  expect(history[0].changes).toEqual([{ field: 'capacity', old: null, new: row.capacity }]);
  const log = await hub.db.query(`SELECT count(*)::int AS n FROM change_log WHERE event_id = $1 AND kind = 'UPDATED'`, [
    dbId(event.id),
  ]);
  expect(log[0].n).toBe(1);
});

test('a stale version answers CONFLICT with the current version for update, publish and cancel', async () => {
  const event = await createEvent(hub, leadEditor);
  await hub.ok(UPDATE, { id: event.id, v: 1, input: { capacity: 5 } }, { key: leadEditor });
  for (const [query, variables] of [
    [UPDATE, { id: event.id, v: 1, input: { capacity: 6 } }],
    [`mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { id } }`, { id: event.id, v: 1 }],
    [`mutation($id: ID!, $v: Int!) { cancelEvent(id: $id, expectedVersion: $v, reason: "x") { id } }`, { id: event.id, v: 1 }],
  ] as const) {
    const result = await refused(query, variables, leadEditor);
    expect(errorCode(result)).toBe('CONFLICT');
    expect(result.errors![0]!.extensions!.currentVersion).toBe(2);
  }
});

test('illegal transitions answer CONFLICT or BAD_USER_INPUT and change nothing', async () => {
  let event = await createEvent(hub, leadEditor);
  event = await inviteOrganisers(hub, leadEditor, event.id, [{ organisationId: guest.id }]);
  const invite = `mutation($id: ID!, $invitations: [InvitationInput!]!) { inviteOrganisers(eventId: $id, invitations: $invitations) { id } }`;
  const cases: Array<[string, string, Record<string, unknown>, string, string, string?]> = [
    [
      'inviting the same organisation again',
      invite,
      { id: event.id, invitations: [{ organisationId: guest.id }] },
      leadEditor,
      'BAD_USER_INPUT',
      'invitations[0].organisationId',
    ],
    [
      'inviting an organisation twice at once',
      invite,
      { id: event.id, invitations: [{ organisationId: other.id }, { organisationId: other.id }] },
      leadEditor,
      'BAD_USER_INPUT',
      'invitations[1].organisationId',
    ],
    [
      'inviting the lead',
      invite,
      { id: event.id, invitations: [{ organisationId: lead.id }] },
      leadEditor,
      'BAD_USER_INPUT',
      'invitations[0].organisationId',
    ],
    [
      'inviting as LEAD',
      invite,
      { id: event.id, invitations: [{ organisationId: other.id, role: 'LEAD' }] },
      leadEditor,
      'BAD_USER_INPUT',
      'invitations[0].role',
    ],
    ['inviting nobody', invite, { id: event.id, invitations: [] }, leadEditor, 'BAD_USER_INPUT', 'invitations'],
    [
      'inviting an unknown organisation',
      invite,
      { id: event.id, invitations: [{ organisationId: 'T3JnYW5pc2F0aW9uOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==' }] },
      leadEditor,
      'BAD_USER_INPUT',
      'invitations[0].organisationId',
    ],
    [
      'inviting with a municipality ID',
      invite,
      { id: event.id, invitations: [{ organisationId: m.Calden }] },
      leadEditor,
      'BAD_USER_INPUT',
      'invitations[0].organisationId',
    ],
    [
      'answering for an organisation the key does not belong to',
      `mutation($id: ID!, $o: ID!) { respondToInvitation(eventId: $id, organisationId: $o, accept: true) { id } }`,
      { id: event.id, o: guest.id },
      leadEditor,
      'FORBIDDEN',
    ],
    [
      'answering for a never invited organisation',
      `mutation($id: ID!, $o: ID!) { respondToInvitation(eventId: $id, organisationId: $o, accept: true) { id } }`,
      { id: event.id, o: other.id },
      otherEditor,
      'NOT_FOUND',
      'eventId',
    ],
    [
      'withdrawing the lead',
      `mutation($id: ID!, $o: ID!) { withdrawFromEvent(eventId: $id, organisationId: $o) { id } }`,
      { id: event.id, o: lead.id },
      leadEditor,
      'BAD_USER_INPUT',
      'organisationId',
    ],
    ['deleting an event in planning', `mutation($id: ID!) { deleteEvent(id: $id) }`, { id: event.id }, leadEditor, 'CONFLICT'],
    [
      'an over-long answer message',
      `mutation($id: ID!, $o: ID!, $msg: String) { respondToInvitation(eventId: $id, organisationId: $o, accept: true, message: $msg) { id } }`,
      { id: event.id, o: guest.id, msg: 'x'.repeat(2001) },
      guestEditor,
      'BAD_USER_INPUT',
      'message',
    ],
    [
      'a blank cancellation reason',
      `mutation($id: ID!) { cancelEvent(id: $id, expectedVersion: 2, reason: "   ") { id } }`,
      { id: event.id },
      leadEditor,
      'BAD_USER_INPUT',
      'reason',
    ],
  ];
  for (const [name, query, variables, key, code, field] of cases) {
    const result = await refused(query, variables, key);
    expect([name, errorCode(result)]).toEqual([name, code]);
    if (field) expect([name, result.errors![0]!.extensions!.field]).toEqual([name, field]);
  }
  // Answering twice: the second answer is a CONFLICT.
  await respond(hub, guestEditor, event.id, guest.id, true);
  const twice = await refused(
    `mutation($id: ID!, $o: ID!) { respondToInvitation(eventId: $id, organisationId: $o, accept: false) { id } }`,
    { id: event.id, o: guest.id },
    guestEditor,
  );
  expect(errorCode(twice)).toBe('CONFLICT');
  // Publishing twice.
  const published = await publishEvent(hub, leadEditor, { id: event.id, version: 3 });
  const again = await refused(
    `mutation($id: ID!) { publishEvent(id: $id, expectedVersion: 4) { id } }`,
    { id: published.id },
    leadEditor,
  );
  expect(errorCode(again)).toBe('CONFLICT');
  // Withdrawing, then withdrawing again.
  await hub.ok(
    `mutation($id: ID!, $o: ID!) { withdrawFromEvent(eventId: $id, organisationId: $o, message: "Krank") { id } }`,
    { id: event.id, o: guest.id },
    { key: guestEditor },
  );
  const withdrawnTwice = await refused(
    `mutation($id: ID!, $o: ID!) { withdrawFromEvent(eventId: $id, organisationId: $o) { id } }`,
    { id: event.id, o: guest.id },
    leadEditor,
  );
  expect(errorCode(withdrawnTwice)).toBe('CONFLICT');
  // An organisation that withdrew may be invited again.
  await inviteOrganisers(hub, leadEditor, event.id, [{ organisationId: guest.id, role: 'SUPPORTER' }]);
});

test('rights: anonymous UNAUTHENTICATED, outsiders NOT_FOUND for what they cannot see, FORBIDDEN for what they can', async () => {
  const draft = await createEvent(hub, leadEditor);
  const published = await publishEvent(hub, leadEditor, await createEvent(hub, leadEditor));
  const cases: Array<[string, string, Record<string, unknown>, string | undefined, string]> = [
    ['anonymous create', CREATE, { input: BASE }, undefined, 'UNAUTHENTICATED'],
    ['anonymous update', UPDATE, { id: published.id, v: 2, input: { capacity: 3 } }, undefined, 'UNAUTHENTICATED'],
    ['viewer key creates', CREATE, { input: BASE }, leadViewer, 'FORBIDDEN'],
    ['editor creates for another lead', CREATE, { input: { ...BASE, leadOrganisationId: lead.id } }, otherEditor, 'FORBIDDEN'],
    ['coordinator without a lead', CREATE, { input: BASE }, coordinator, 'BAD_USER_INPUT'],
    ['outsider updates a draft it cannot see', UPDATE, { id: draft.id, v: 1, input: { capacity: 3 } }, otherEditor, 'NOT_FOUND'],
    ['outsider updates a published event', UPDATE, { id: published.id, v: 2, input: { capacity: 3 } }, otherEditor, 'FORBIDDEN'],
    ['viewer key of the lead updates', UPDATE, { id: published.id, v: 2, input: { capacity: 3 } }, leadViewer, 'FORBIDDEN'],
    ['outsider deletes a draft', `mutation($id: ID!) { deleteEvent(id: $id) }`, { id: draft.id }, otherEditor, 'NOT_FOUND'],
    [
      'outsider invites to a published event',
      `mutation($id: ID!, $o: ID!) { inviteOrganisers(eventId: $id, invitations: [{ organisationId: $o }]) { id } }`,
      { id: published.id, o: other.id },
      otherEditor,
      'FORBIDDEN',
    ],
    [
      'partner creates a campaign',
      `mutation { createCampaign(input: { name: "X", kind: PROGRAMME, startsOn: "2026-01-01", endsOn: "2026-12-31" }) { id } }`,
      {},
      otherEditor,
      'FORBIDDEN',
    ],
    [
      'unknown event',
      UPDATE,
      { id: 'RXZlbnQ6MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw', v: 1, input: { capacity: 3 } },
      leadEditor,
      'NOT_FOUND',
    ],
  ];
  for (const [name, query, variables, key, code] of cases) {
    const result = await refused(query, variables, key);
    expect([name, errorCode(result)]).toEqual([name, code]);
  }
  // A coordinator may manage any event; deleting a draft removes it and logs DELETED.
  expect(await hub.ok(`mutation($id: ID!) { deleteEvent(id: $id) }`, { id: draft.id }, { key: coordinator })).toEqual({
    deleteEvent: true,
  });
  const [log] = await hub.db.query(
    `SELECT kind, version, organisation_ids FROM change_log WHERE event_id = $1 ORDER BY cursor DESC LIMIT 1`,
    [dbId(draft.id)],
  );
  expect(log).toMatchObject({ kind: 'DELETED', version: 2 });
  expect(await hub.ok(`query($id: ID!) { event(id: $id) { id } }`, { id: draft.id }, { key: coordinator })).toEqual({
    event: null,
  });
});

test('bad input answers BAD_USER_INPUT naming the field, and writes nothing', async () => {
  const campaign = await createCampaign(hub, coordinator, { name: 'Eingabewoche' });
  const event = await createEvent(hub, leadEditor);
  const create = (input: Record<string, unknown>) => [CREATE, { input: { ...BASE, ...input } }] as const;
  const update = (input: Record<string, unknown>) => [UPDATE, { id: event.id, v: 1, input }] as const;
  const cases: Array<[string, readonly [string, Record<string, unknown>], string]> = [
    ['end before start', create({ endsAt: '2026-10-03T10:00:00+02:00' }), 'input.endsAt'],
    ['end equal to start', create({ endsAt: BASE.startsAt }), 'input.endsAt'],
    ['longer than a year', create({ endsAt: '2027-12-01T10:00:00+01:00' }), 'input.endsAt'],
    ['the year 2300', create({ startsAt: '2300-01-01T10:00:00Z', endsAt: '2300-01-01T11:00:00Z' }), 'input.startsAt'],
    ['no title', create({ title: [] }), 'input.title'],
    ['a blank title', create({ title: [{ language: 'de', text: '  ' }] }), 'input.title[0].text'],
    ['an over-long title', create({ title: [{ language: 'de', text: 'x'.repeat(201) }] }), 'input.title[0].text'],
    [
      'a title language twice',
      create({
        title: [
          { language: 'de', text: 'a' },
          { language: 'DE', text: 'b' },
        ],
      }),
      'input.title[1].language',
    ],
    ['a bad language code', create({ languages: ['deutsch'] }), 'input.languages[0]'],
    ['an original language without title', create({ originalLanguage: 'tr' }), 'input.originalLanguage'],
    ['an unknown category', create({ category: 'PICNIC' }), 'input.category'],
    ['a javascript: URL', create({ onlineUrl: 'javascript:alert(1)' }), 'input.onlineUrl'],
    ['capacity 0', create({ capacity: 0 }), 'input.capacity'],
    [
      'an unknown venue',
      create({ venueId: 'T3JnYW5pc2F0aW9uOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==' }),
      'input.venueId',
    ],
    ['a municipality as venue', create({ venueId: m.Calden }), 'input.venueId'],
    [
      'an unknown campaign',
      create({ campaignId: 'Q2FtcGFpZ246MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw' }),
      'input.campaignId',
    ],
    ['an organisation as campaign', create({ campaignId: lead.id }), 'input.campaignId'],
    [
      'an unknown municipality',
      create({ address: { municipalityId: 'TXVuaWNpcGFsaXR5OjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==' } }),
      'input.address.municipalityId',
    ],
    ['a bad postal code', create({ address: { postalCode: '3412' } }), 'input.address.postalCode'],
    ['a latitude of 91', create({ address: { location: { latitude: 91, longitude: 9 } } }), 'input.address.location.latitude'],
    ['clearing the title', update({ title: null }), 'input.title'],
    ['clearing the category', update({ category: null }), 'input.category'],
    ['clearing the visibility', update({ visibility: null }), 'input.visibility'],
    ['moving the end before the start', update({ endsAt: '2026-10-01T10:00:00+02:00' }), 'input.endsAt'],
    ['a campaign of the wrong type in an update', update({ campaignId: event.id }), 'input.campaignId'],
  ];
  for (const [name, [query, variables], field] of cases) {
    const result = await refused(query, variables, leadEditor);
    expect([name, errorCode(result), result.errors![0]!.extensions!.field]).toEqual([name, 'BAD_USER_INPUT', field]);
  }
  // The campaign exists, so this works.
  await hub.ok(UPDATE, { id: event.id, v: 1, input: { campaignId: campaign.id } }, { key: leadEditor });
});

test('campaign mutations validate their input', async () => {
  const CAMPAIGN = `mutation($input: CampaignInput!) { createCampaign(input: $input) { id slug } }`;
  const base = { name: 'Aktionstag', kind: 'ACTION_DAY', startsOn: '2026-10-03', endsOn: '2026-10-03' };
  const first = await hub.ok(CAMPAIGN, { input: base }, { key: coordinator });
  const second = await hub.ok(CAMPAIGN, { input: base }, { key: coordinator });
  expect(second.createCampaign.slug).toBe(`${first.createCampaign.slug}-2`);
  for (const [input, field] of [
    [{ ...base, endsOn: '2026-10-04' }, 'input.endsOn'],
    [{ ...base, kind: 'ACTION_WEEK', endsOn: '2026-10-01' }, 'input.endsOn'],
    [{ ...base, participationDeadline: '2026-10-05' }, 'input.participationDeadline'],
    [{ ...base, startsOn: '2026-02-30' }, 'input.startsOn'],
    [{ ...base, slug: first.createCampaign.slug }, 'input.slug'],
    [{ ...base, slug: 'Nicht Gültig' }, 'input.slug'],
    [{ ...base, name: '' }, 'input.name'],
  ] as const) {
    const result = await refused(CAMPAIGN, { input }, coordinator);
    expect([input, errorCode(result), result.errors![0]!.extensions!.field]).toEqual([input, 'BAD_USER_INPUT', field]);
  }
});

test('an event cancelled with an expired participation window stays readable; cancelEvent twice is a CONFLICT', async () => {
  const event = await publishEvent(hub, leadEditor, await createEvent(hub, leadEditor));
  const cancelled = await cancelEvent(hub, leadEditor, event, 'Raum nicht verfügbar');
  expect(cancelled.status).toBe('CANCELLED');
  const result = await refused(
    `mutation($id: ID!) { cancelEvent(id: $id, expectedVersion: 3, reason: "nochmal") { id } }`,
    { id: event.id },
    leadEditor,
  );
  expect(errorCode(result)).toBe('CONFLICT');
});
