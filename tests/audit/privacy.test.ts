import { parseAnyGlobalId } from '../../src/shared/global-id';
import { addContact, createOrganisation, municipalityIds } from '../helpers/factories';
import {
  cancelEvent,
  createCampaign,
  createEvent,
  dbId,
  inviteOrganisers,
  memberKey,
  publishEvent,
  respond,
} from '../helpers/events';
import { type GraphQLResponse, TestHub } from '../helpers/hub';
import { feedOf, waitForSubscribers } from '../helpers/live';
import { WsClient } from '../helpers/ws';

/**
 * The privacy audit: for every kind of viewer, every path by which data
 * leaves the hub is swept, and nothing the viewer may not see may appear
 * anywhere in the answer — not an event's ID, not a contact, not a count
 * that includes it, not a fact in an error or a suggestion's score.
 *
 * The expectations are written out from the issues' rules, not computed with
 * the policies under test.
 */

type ViewerName =
  | 'anonymous'
  | 'partner'
  | 'unrelated editor'
  | 'invited (viewer key)'
  | 'invited editor'
  | 'declined editor'
  | 'withdrawn editor'
  | 'accepted co-host'
  | 'lead editor'
  | 'coordinator';
const VIEWERS: ViewerName[] = [
  'anonymous',
  'partner',
  'unrelated editor',
  'invited (viewer key)',
  'invited editor',
  'declined editor',
  'withdrawn editor',
  'accepted co-host',
  'lead editor',
  'coordinator',
];

type EventName = 'planning' | 'draft' | 'partners' | 'organisers' | 'cancelled unpublished' | 'public';
const ON_PLANNING: ViewerName[] = ['invited (viewer key)', 'invited editor', 'accepted co-host', 'lead editor', 'coordinator'];
const LEAD_ONLY: ViewerName[] = ['lead editor', 'coordinator'];
/** Who may see each event. */
const SEES: Record<EventName, ViewerName[]> = {
  planning: ON_PLANNING,
  draft: LEAD_ONLY,
  partners: VIEWERS.filter((viewer) => viewer !== 'anonymous'),
  organisers: LEAD_ONLY,
  'cancelled unpublished': LEAD_ONLY,
  public: VIEWERS,
};

let hub: TestHub;
let coordinator: string;
const keys = {} as Record<ViewerName, string | undefined>;
const events = {} as Record<EventName, { id: string; version: number }>;
const org = {} as Record<
  'lead' | 'invited' | 'declined' | 'withdrawn' | 'accepted' | 'unrelated' | 'umbrella',
  { id: string; slug: string }
>;
let vellmar: string;
let campaign: { id: string; slug: string };
const WINDOW = { from: '2026-10-01T00:00:00Z', to: '2026-10-10T00:00:00Z' };

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true }, 'Koordination');
  vellmar = (await municipalityIds(hub)).Vellmar!;
  org.umbrella = await createOrganisation(hub, coordinator, { kind: 'FEDERATION', name: 'Dachverband Audit' });
  org.lead = await createOrganisation(hub, coordinator, {
    kind: 'MOSQUE',
    name: 'Moscheegemeinde Audit',
    address: { municipalityId: vellmar, location: { latitude: 51.35, longitude: 9.47 } },
    topics: ['INTERFAITH_DIALOGUE'],
    memberOfIds: [org.umbrella.id],
  });
  for (const name of ['invited', 'declined', 'withdrawn', 'accepted', 'unrelated'] as const) {
    org[name] = await createOrganisation(hub, coordinator, {
      kind: 'ASSOCIATION',
      name: `Verein ${name} Audit`,
      address: { municipalityId: vellmar, location: { latitude: 51.36, longitude: 9.48 } },
      topics: ['INTERFAITH_DIALOGUE'],
      lookingForPartners: true,
    });
  }
  for (const target of [org.lead, org.umbrella, org.accepted]) {
    for (const visibility of ['PUBLIC', 'PARTNERS', 'COORDINATORS']) {
      await addContact(hub, coordinator, target.id, { name: `Kontakt ${visibility}`, visibility });
    }
  }
  keys.anonymous = undefined;
  keys.partner = await memberKey(hub, org.unrelated.id, 'VIEWER', 'Partner-Web-App');
  keys['unrelated editor'] = await memberKey(hub, org.unrelated.id, 'EDITOR');
  keys['invited (viewer key)'] = await memberKey(hub, org.invited.id, 'VIEWER');
  keys['invited editor'] = await memberKey(hub, org.invited.id, 'EDITOR');
  keys['declined editor'] = await memberKey(hub, org.declined.id, 'EDITOR');
  keys['withdrawn editor'] = await memberKey(hub, org.withdrawn.id, 'EDITOR');
  keys['accepted co-host'] = await memberKey(hub, org.accepted.id, 'EDITOR');
  keys['lead editor'] = await memberKey(hub, org.lead.id, 'ADMIN');
  keys.coordinator = coordinator;
  const lead = keys['lead editor']!;

  campaign = await createCampaign(hub, coordinator, { name: 'Audit-Woche', startsOn: '2026-10-01', endsOn: '2026-10-07' });
  const at = { startsAt: '2026-10-03T11:00:00+02:00', endsAt: '2026-10-03T15:00:00+02:00' };
  const base = { ...at, address: { municipalityId: vellmar }, campaignId: campaign.id, topics: ['INTERFAITH_DIALOGUE'] };

  events.public = await publishEvent(
    hub,
    lead,
    await createEvent(hub, lead, { ...base, title: 'Öffentlich', venueId: org.lead.id }),
  );
  const planning = await createEvent(hub, lead, { ...base, title: 'Geheime Planung' });
  await inviteOrganisers(hub, lead, planning.id, [
    { organisationId: org.invited.id, message: 'Einladung an invited' },
    { organisationId: org.declined.id, message: 'Einladung an declined' },
    { organisationId: org.withdrawn.id, message: 'Einladung an withdrawn' },
    { organisationId: org.accepted.id, message: 'Einladung an accepted' },
  ]);
  await respond(hub, keys['declined editor']!, planning.id, org.declined.id, false, 'Absage declined');
  await respond(hub, keys['withdrawn editor']!, planning.id, org.withdrawn.id, true);
  await hub.ok(
    'mutation($e: ID!, $o: ID!) { withdrawFromEvent(eventId: $e, organisationId: $o, message: "Rückzug") { id } }',
    { e: planning.id, o: org.withdrawn.id },
    { key: keys['withdrawn editor'] },
  );
  const accepted = await respond(hub, keys['accepted co-host']!, planning.id, org.accepted.id, true, 'Zusage accepted');
  events.planning = accepted;
  events.draft = await createEvent(hub, lead, { ...base, title: 'Geheimer Entwurf' });
  events.partners = await publishEvent(
    hub,
    lead,
    await createEvent(hub, lead, { ...base, title: 'Für Partner', visibility: 'PARTNERS' }),
  );
  events.organisers = await publishEvent(
    hub,
    lead,
    await createEvent(hub, lead, { ...base, title: 'Nur Veranstalter', visibility: 'ORGANISERS' }),
  );
  events['cancelled unpublished'] = await cancelEvent(
    hub,
    lead,
    await createEvent(hub, lead, { ...base, title: 'Abgesagter Entwurf' }),
    'Geheimer Absagegrund',
  );
});
afterAll(() => hub?.stop());

const hiddenFrom = (viewer: ViewerName) =>
  (Object.keys(SEES) as EventName[]).filter((name) => !SEES[name].includes(viewer)).map((name) => events[name].id);
const visibleTo = (viewer: ViewerName) =>
  (Object.keys(SEES) as EventName[]).filter((name) => SEES[name].includes(viewer)).map((name) => events[name].id);

/** Every global ID of an event anywhere in a value (also inside cursors and JSON history values). */
function eventIdsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (parseAnyGlobalId(value)?.type === 'Event') found.add(value);
  } else if (Array.isArray(value)) value.forEach((item) => eventIdsIn(item, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => eventIdsIn(item, found));
  return found;
}

/** Every connection in a value with `totalCount` and `edges`: the count must be what the edges show. */
function connectionsIn(value: unknown, found: Array<{ totalCount: number; edges: unknown[] }> = []) {
  if (Array.isArray(value)) value.forEach((item) => connectionsIn(item, found));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.totalCount === 'number' && Array.isArray(record.edges)) {
      found.push(record as { totalCount: number; edges: unknown[] });
    }
    Object.values(record).forEach((item) => connectionsIn(item, found));
  }
  return found;
}

/** Every contact visibility seen for an organisation, by organisation ID. */
function contactsIn(value: unknown, found: Array<{ organisation: string; visibility: string }> = []) {
  if (Array.isArray(value)) value.forEach((item) => contactsIn(item, found));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string' && Array.isArray(record.contacts)) {
      for (const contact of record.contacts as Array<{ visibility: string }>) {
        found.push({ organisation: record.id, visibility: contact.visibility });
      }
    }
    Object.values(record).forEach((item) => contactsIn(item, found));
  }
  return found;
}

const ORGANISATION = 'id contacts { visibility name email phone }';
const EVENT_PAGE = `totalCount edges { cursor node { id status } }`;

/** The sweep: every reading path, in a few requests (the cost limit caps one). */
function sweeps(): Array<[string, Record<string, unknown>]> {
  const every = Object.values(events).map((event) => event.id);
  const vars = { lead: org.lead.id, accepted: org.accepted.id, umbrella: org.umbrella.id, m: vellmar, c: campaign.id, ...WINDOW };
  return [
    [
      `query($m: ID!, $c: ID!, $accepted: ID!) {
        all: events(first: 100) { ${EVENT_PAGE} }
        drafts: events(first: 100, filter: { statuses: [DRAFT, PLANNING, CANCELLED] }) { ${EVENT_PAGE} }
        inVellmar: events(first: 100, filter: { municipalityIds: [$m] }) { ${EVENT_PAGE} }
        inCampaign: events(first: 100, filter: { campaignIds: [$c] }) { ${EVENT_PAGE} }
        searched: events(first: 100, filter: { search: "Geheim" }) { ${EVENT_PAGE} }
        byOrganisers: events(first: 100, filter: { organisationIds: [$accepted] }) { ${EVENT_PAGE} }
      }`,
      { m: vellmar, c: campaign.id, accepted: org.accepted.id },
    ],
    [
      `query($lead: ID!, $accepted: ID!, $m: ID!) {
        lead: organisation(id: $lead) { ${ORGANISATION} events(first: 100) { ${EVENT_PAGE} } memberOf { ${ORGANISATION} } }
        accepted: organisation(id: $accepted) { ${ORGANISATION} events(first: 100) { ${EVENT_PAGE} } }
        municipality(id: $m) { events(first: 100) { ${EVENT_PAGE} } organisations(first: 100) { totalCount edges { node { ${ORGANISATION} } } } }
      }`,
      vars,
    ],
    [
      `query($c: ID!) {
        campaign(id: $c) {
          events(first: 100) { ${EVENT_PAGE} }
          participants { ${ORGANISATION} }
          coverage { municipality { name } eventCount participatingOrganisationCount }
        }
      }`,
      vars,
    ],
    [
      `query($ids: [ID!]!, $from: DateTime!, $to: DateTime!, $umbrella: ID!) {
        nodes(ids: $ids) { id ... on Organisation { contacts { visibility } } }
        occurrences(from: $from, to: $to, first: 500) { cursor event { id } }
        conflicts(startsAt: $from, endsAt: $to) { id }
        umbrella: node(id: $umbrella) { ... on Federation { ${ORGANISATION} members(first: 100) { totalCount edges { node { ${ORGANISATION} } } } } }
        changes(first: 100) { edges { cursor node { eventId event { id } changedFields } } }
      }`,
      { ...vars, ids: [...every, org.lead.id, org.accepted.id] },
    ],
    [
      `query($id: ID!) {
        event(id: $id) {
          conflicts { id }
          venue { ${ORGANISATION} }
          leadOrganisation { ${ORGANISATION} }
          organisers { status message responseMessage organisation { ${ORGANISATION} } }
          history(first: 100) { totalCount edges { node { changes { field oldValue newValue } actor { label organisation { id } } } } }
        }
      }`,
      { id: events.public.id },
    ],
  ];
}

const CONTACTS: Record<'anonymous' | 'key' | 'coordinator', string[]> = {
  anonymous: ['PUBLIC'],
  key: ['PUBLIC', 'PARTNERS'],
  coordinator: ['PUBLIC', 'PARTNERS', 'COORDINATORS'],
};
const ownOrganisation: Partial<Record<ViewerName, keyof typeof org>> = {
  'lead editor': 'lead',
  'accepted co-host': 'accepted',
};

describe.each(VIEWERS)('%s', (viewer) => {
  let answers: GraphQLResponse[];
  beforeAll(async () => {
    answers = [];
    for (const [query, variables] of sweeps()) answers.push(await hub.gql(query, variables, { key: keys[viewer] }));
  });

  test('every path answers without errors', () => {
    for (const answer of answers) expect(answer.errors).toBeUndefined();
  });

  test('no event it may not see appears anywhere, and every event it may see is listed', () => {
    const [, , , paths] = answers.map((answer) => answer.data);
    // An organisation that declined or withdrew hears of the changes it saw while it was on the plan (its
    // invitation, its own answer), as `event: null` (issue 4: "when it stops being visible ... event: null").
    const changes = paths.changes.edges as Array<{ node: { eventId: string; event: unknown } }>;
    const formerlyOn = viewer === 'declined editor' || viewer === 'withdrawn editor';
    for (const { node } of changes.filter((edge) => edge.node.event === null)) {
      expect(formerlyOn ? [events.planning.id] : visibleTo(viewer)).toContain(node.eventId);
    }
    const withoutFormer = answers.map((answer) => answer.data);
    withoutFormer[3] = { ...paths, changes: changes.filter((edge) => edge.node.event !== null) };
    const seen = eventIdsIn(withoutFormer);
    for (const id of hiddenFrom(viewer)) expect(seen.has(id)).toBe(false);
    const all = answers[0]!.data.all.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(new Set(all)).toEqual(new Set(visibleTo(viewer)));
  });

  test('no count includes what it may not see', () => {
    const connections = connectionsIn(answers.map((answer) => answer.data));
    expect(connections.length).toBeGreaterThan(5);
    for (const connection of connections) {
      expect(connection.totalCount).toBe(connection.edges.length);
    }
    // Coverage counts the events that are not cancelled.
    const campaignEvents = answers[2]!.data.campaign.events.edges.filter(
      (edge: { node: { status: string } }) => edge.node.status !== 'CANCELLED',
    ).length;
    const coverage = answers[2]!.data.campaign.coverage as Array<{ municipality: { name: string }; eventCount: number }>;
    expect(coverage.find((row) => row.municipality.name === 'Vellmar')!.eventCount).toBe(campaignEvents);
    expect(coverage.reduce((sum, row) => sum + row.eventCount, 0)).toBe(campaignEvents);
  });

  test('the accepted co-host counts as a participant only where the viewer sees an event it accepted', () => {
    const participants = (answers[2]!.data.campaign.participants as Array<{ id: string }>).map((o) => o.id);
    // The co-host accepted only the planning event.
    expect(participants.includes(org.accepted.id)).toBe(SEES.planning.includes(viewer));
    expect(participants.includes(org.lead.id)).toBe(true);
  });

  test('contacts reach it only by their visibility, through every path to an organisation', () => {
    const level = viewer === 'anonymous' ? 'anonymous' : viewer === 'coordinator' ? 'coordinator' : 'key';
    const contacts = contactsIn(answers.map((answer) => answer.data));
    expect(contacts.length).toBeGreaterThan(5);
    const own = ownOrganisation[viewer] ? org[ownOrganisation[viewer]!].id : undefined;
    for (const contact of contacts) {
      if (contact.organisation === own) continue; // members see all of their own organisation's contacts
      expect(CONTACTS[level]).toContain(contact.visibility);
    }
  });

  test("organisers' messages reach only organisations on the event and coordinators", () => {
    const organisers = answers[4]!.data.event.organisers as Array<{ message: string | null }>;
    // The public event has no invitations; its history is the lead's and the coordinators' business.
    expect(organisers.every((o) => o.message === null)).toBe(true);
    const history = answers[4]!.data.event.history;
    expect(history.totalCount > 0).toBe(viewer === 'lead editor' || viewer === 'coordinator');
  });
});

describe('a hidden event answers every mutation exactly like an unknown one', () => {
  const unknown = Buffer.from('Event:00000000-0000-4000-8000-000000000000').toString('base64');
  const mutations: Array<[string, string, Record<string, unknown>]> = [
    ['updateEvent', 'mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 1, input: { capacity: 5 }) { id } }', {}],
    ['publishEvent', 'mutation($id: ID!) { publishEvent(id: $id, expectedVersion: 1) { id } }', {}],
    ['cancelEvent', 'mutation($id: ID!) { cancelEvent(id: $id, expectedVersion: 1, reason: "weg") { id } }', {}],
    ['deleteEvent', 'mutation($id: ID!) { deleteEvent(id: $id) }', {}],
    [
      'inviteOrganisers',
      'mutation($id: ID!, $o: ID!) { inviteOrganisers(eventId: $id, invitations: [{ organisationId: $o }]) { id } }',
      {},
    ],
    [
      'respondToInvitation',
      'mutation($id: ID!, $o: ID!) { respondToInvitation(eventId: $id, organisationId: $o, accept: true) { id } }',
      {},
    ],
    ['withdrawFromEvent', 'mutation($id: ID!, $o: ID!) { withdrawFromEvent(eventId: $id, organisationId: $o) { id } }', {}],
  ];
  const askers: Array<[ViewerName, keyof typeof org]> = [
    ['unrelated editor', 'unrelated'],
    ['declined editor', 'declined'],
    ['withdrawn editor', 'withdrawn'],
  ];

  test.each(mutations)('%s', async (_name, query) => {
    for (const [viewer, own] of askers) {
      const answer = async (id: string) => {
        const result = await hub.gql(query, { id, o: org[own].id }, { key: keys[viewer] });
        // Each request has its own id; everything else must be the same.
        return JSON.stringify(result.errors).replace(/"requestId":"[^"]*"/g, '"requestId":"…"');
      };
      const hidden = await answer(events.planning.id);
      expect(hidden).toContain('NOT_FOUND');
      expect(hidden).not.toMatch(/currentVersion|Geheim|PLANNING|status/);
      expect(hidden).toBe(await answer(unknown));
    }
  });

  test('stale versions of an event the viewer sees but may not edit answer FORBIDDEN, not the current version', async () => {
    const result = await hub.gql(
      'mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 1, input: { capacity: 5 }) { id } }',
      { id: events.planning.id },
      { key: keys['invited editor'] },
    );
    expect(result.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(result.errors![0]!.extensions!.currentVersion).toBeUndefined();
  });

  test('suggestPartners for a hidden event answers like an unknown event', async () => {
    const ask = async (eventId: string) =>
      JSON.stringify(
        (
          await hub.gql(
            'query($id: ID!) { suggestPartners(input: { eventId: $id }) { score } }',
            { id: eventId },
            { key: keys['unrelated editor'] },
          )
        ).errors,
      ).replace(/"requestId":"[^"]*"/g, '"requestId":"…"');
    expect(await ask(events.draft.id)).toBe(await ask(unknown));
  });
});

describe('partner suggestions use only events the asker may see', () => {
  const QUERY = `query($m: ID!) { suggestPartners(input: { municipalityId: $m, topics: [INTERFAITH_DIALOGUE],
      startsAt: "2026-10-03T10:00:00Z", endsAt: "2026-10-03T14:00:00Z" }, first: 20) {
      organisation { id } score reasons { code description weight } conflicts { id } } }`;
  type Suggestion = {
    organisation: { id: string };
    score: number;
    reasons: Array<{ code: string }>;
    conflicts: Array<{ id: string }>;
  };
  const suggestionFor = (result: GraphQLResponse, id: string): Suggestion =>
    (result.data.suggestPartners as Suggestion[]).find((s) => s.organisation.id === id)!;

  test('the co-host busy in a plan the asker cannot see: no clash, no BUSY, no campaign history, same score as an idle twin', async () => {
    const asked = await hub.gql(QUERY, { m: vellmar }, { key: keys['unrelated editor'] });
    expect(asked.errors).toBeUndefined();
    const busy = suggestionFor(asked, org.accepted.id);
    const idle = suggestionFor(asked, org.invited.id); // the same facts, and only INVITED (not taking part) in the plan
    expect(busy.conflicts).toEqual([]);
    expect(busy.reasons.map((r) => r.code)).not.toContain('BUSY');
    expect(busy.reasons.map((r) => r.code)).toContain('NEW_TO_NETWORK');
    expect(busy.score).toBe(idle.score);
    const hidden = hiddenFrom('unrelated editor');
    expect([...eventIdsIn(asked.data)].filter((id) => hidden.includes(id))).toEqual([]);
    // The coordinator sees the plan, and with it the clash.
    const coordinated = suggestionFor(await hub.gql(QUERY, { m: vellmar }, { key: coordinator }), org.accepted.id);
    expect(coordinated.conflicts.map((c) => c.id)).toEqual([events.planning.id]);
    expect(coordinated.reasons.map((r) => r.code)).toContain('BUSY');
  });
});

describe('live updates', () => {
  const SUBSCRIPTION = 'subscription { eventChanged { eventId event { id title } changedFields } }';

  test('changes to hidden events reach nobody who may not see them; a published one reaches everyone', async () => {
    const watchers = await Promise.all(
      (['anonymous', 'partner', 'declined editor', 'withdrawn editor', 'invited (viewer key)'] as ViewerName[]).map(
        async (viewer) => {
          const ws = await WsClient.connect(hub, { key: keys[viewer] });
          return { viewer, ws, subscription: ws.subscribe(SUBSCRIPTION) };
        },
      ),
    );
    try {
      await waitForSubscribers(hub, watchers.length);
      const lead = keys['lead editor']!;
      const version = (await hub.ok('query($id: ID!) { event(id: $id) { version } }', { id: events.draft.id }, { key: lead }))
        .event.version;
      await hub.ok(
        'mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, input: { capacity: 12 }) { id } }',
        { id: events.draft.id, v: version },
        { key: lead },
      );
      const plan = (await hub.ok('query($id: ID!) { event(id: $id) { version } }', { id: events.planning.id }, { key: lead }))
        .event.version;
      await hub.ok(
        'mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, input: { capacity: 30 }) { id } }',
        { id: events.planning.id, v: plan },
        { key: lead },
      );
      // The invited viewer hears of the plan; nobody else hears of either change. That is proven by the barrier
      // below: deliveries keep commit order, so a leaked change would arrive before the draft's publication.
      const invited = watchers.find(({ viewer }) => viewer === 'invited (viewer key)')!;
      expect((await invited.subscription.next()).data.eventChanged.eventId).toBe(events.planning.id);
      // Publishing the draft: now everyone hears of it, and of nothing before it.
      await hub.ok(
        'mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { id } }',
        { id: events.draft.id, v: version + 1 },
        {
          key: lead,
        },
      );
      events.draft.version = version + 2;
      for (const { subscription } of watchers) {
        const change = await subscription.next();
        expect(change.data.eventChanged).toMatchObject({ eventId: events.draft.id, event: { id: events.draft.id } });
      }
    } finally {
      await Promise.all(watchers.map(({ ws }) => ws.close()));
    }
  });

  test.each(['revoked', 'expired'] as const)(
    'a key %s while subscribed receives nothing more, and its socket closes with 4403',
    async (how) => {
      const created = await hub.ok(
        'mutation($input: ApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
        { input: { label: `bald ${how}`, organisationId: org.unrelated.id, role: 'VIEWER' } },
        { key: coordinator },
      );
      const ws = await WsClient.connect(hub, { key: created.createApiKey.secret });
      try {
        const subscription = ws.subscribe(SUBSCRIPTION);
        await waitForSubscribers(hub, 1);
        const lead = keys['lead editor']!;
        const bump = async (capacity: number) => {
          const { version } = (
            await hub.ok('query($id: ID!) { event(id: $id) { version } }', { id: events.partners.id }, { key: lead })
          ).event;
          await hub.ok(
            'mutation($id: ID!, $v: Int!, $c: Int) { updateEvent(id: $id, expectedVersion: $v, input: { capacity: $c }) { id } }',
            { id: events.partners.id, v: version, c: capacity },
            { key: lead },
          );
        };
        await bump(40);
        expect((await subscription.next()).data.eventChanged.eventId).toBe(events.partners.id);
        if (how === 'revoked') {
          await hub.ok(
            'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
            { id: created.createApiKey.apiKey.id },
            { key: coordinator },
          );
        } else {
          await hub.db.query("UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1", [
            dbId(created.createApiKey.apiKey.id),
          ]);
        }
        await bump(41);
        await feedOf(hub).settle();
        expect((await ws.closed).code).toBe(4403);
        expect(subscription.pending).toBe(0);
      } finally {
        await ws.close();
      }
    },
  );

  test('a revoked key cannot resume with `since` either', async () => {
    const created = await hub.ok(
      'mutation($input: ApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
      { input: { label: 'widerrufen vor dem Wiederaufnehmen', organisationId: org.unrelated.id, role: 'VIEWER' } },
      { key: coordinator },
    );
    await hub.ok(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: created.createApiKey.apiKey.id },
      { key: coordinator },
    );
    const result = await hub.gql('query { changes(first: 5) { edges { cursor } } }', {}, { key: created.createApiKey.secret });
    expect(result.status).toBe(401);
    expect(result.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  test("invitations are followed only by the organisation's own keys and coordinators", async () => {
    const ws = await WsClient.connect(hub, { key: keys['unrelated editor'] });
    try {
      const subscription = ws.subscribe('subscription($o: ID!) { invitationChanged(organisationId: $o) { eventId } }', {
        o: org.invited.id,
      });
      const refused = await subscription.next();
      expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    } finally {
      await ws.close();
    }
  });
});
