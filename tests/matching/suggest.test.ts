import { createOrganisation, municipalityIds } from '../helpers/factories';
import { errorCode, TestHub, type GraphQLResponse } from '../helpers/hub';
import { WsClient } from '../helpers/ws';

/**
 * Partner matching through the API, on a fixture network where the right
 * order is known by construction (see the scores worked out beside each
 * organisation). Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
let hub: TestHub;
let coordinator: string;
let m: Record<string, string>;

/** The database id behind a global ID (keys are created directly in the database). */
function rawId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':').slice(1).join(':');
}

interface Org {
  id: string;
  name: string;
  editor: string;
  viewer: string;
}

const orgs: Record<string, Org> = {};

async function org(label: string, spec: Record<string, unknown>): Promise<Org> {
  const created = await createOrganisation(hub, coordinator, spec as { kind: string; name: string });
  const editor = await hub.key({ organisationId: rawId(created.id), role: 'EDITOR' }, `${label} editor`);
  const viewer = await hub.key({ organisationId: rawId(created.id), role: 'VIEWER' }, `${label} app`);
  orgs[label] = { id: created.id, name: created.name, editor, viewer };
  return orgs[label]!;
}

function at(municipality: string, latitude?: number, longitude?: number) {
  return { municipalityId: m[municipality], ...(latitude !== undefined ? { location: { latitude, longitude } } : {}) };
}

async function createEvent(key: string, input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const data = await hub.ok(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id version } }`,
    { input: { category: 'DIALOGUE', ...input } },
    { key },
  );
  return data.createEvent;
}

async function publish(key: string, event: { id: string }): Promise<void> {
  const current = await hub.ok(`query($id: ID!) { event(id: $id) { version } }`, { id: event.id }, { key });
  await hub.ok(
    `mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { id } }`,
    { id: event.id, v: current.event.version },
    { key },
  );
}

async function invite(key: string, eventId: string, organisationId: string): Promise<void> {
  await hub.ok(
    `mutation($eventId: ID!, $inv: [InvitationInput!]!) { inviteOrganisers(eventId: $eventId, invitations: $inv) { id } }`,
    { eventId, inv: [{ organisationId, role: 'CO_HOST' }] },
    { key },
  );
}

async function accept(key: string, eventId: string, organisationId: string): Promise<void> {
  await hub.ok(
    `mutation($eventId: ID!, $org: ID!) { respondToInvitation(eventId: $eventId, organisationId: $org, accept: true) { id } }`,
    { eventId, org: organisationId },
    { key },
  );
}

const title = (text: string) => [{ language: 'de', text }];
// The planned event: Sat 3 Oct 2030, 11:00–15:00 in Baunatal.
const WINDOW = { startsAt: '2030-10-03T11:00:00+02:00', endsAt: '2030-10-03T15:00:00+02:00' };
let plannedEventId: string;
let campaignId: string;

const SUGGEST = `query($input: PartnerSearchInput!, $first: Int) {
  suggestPartners(input: $input, first: $first) {
    organisation { id name municipality { name } }
    score
    reasons { code description weight }
    conflicts { id title startsAt }
  }
}`;

interface Suggestion {
  organisation: { id: string; name: string; municipality: { name: string } | null };
  score: number;
  reasons: Array<{ code: string; description: string; weight: number }>;
  conflicts: Array<{ id: string; title: string; startsAt: string }>;
}

async function suggest(
  key: string | undefined,
  input: Record<string, unknown>,
  first?: number,
): Promise<GraphQLResponse<{ suggestPartners: Suggestion[] }>> {
  return hub.gql(SUGGEST, { input, first }, { key });
}

async function suggestOk(key: string, input: Record<string, unknown>, first?: number): Promise<Suggestion[]> {
  const data = await hub.ok<{ suggestPartners: Suggestion[] }>(SUGGEST, { input, first }, { key });
  return data.suggestPartners;
}

const names = (list: Suggestion[]) => list.map((s) => s.organisation.name);
const byName = (list: Suggestion[], name: string) => list.find((s) => s.organisation.name === name);

beforeAll(async () => {
  // No periodic change-log polling: statement counts below must see only the request's own statements.
  hub = await TestHub.start({ CHANGE_POLL_INTERVAL_MS: '600000' });
  coordinator = await hub.key({ coordinator: true });
  m = await municipalityIds(hub);

  // The lead: a mosque in Baunatal.
  await org('lead', {
    kind: 'MOSQUE',
    name: 'Moscheegemeinde Baunatal',
    languages: ['tr', 'de'],
    topics: ['RELIGION', 'INTERFAITH_DIALOGUE'],
    address: at('Baunatal', 51.262, 9.418),
  });
  // Already invited to the planned event: never suggested.
  await org('cohost', {
    kind: 'RELIGIOUS_COMMUNITY',
    name: 'Evangelische Kirchengemeinde Baunatal',
    languages: ['de'],
    topics: ['INTERFAITH_DIALOGUE', 'RELIGION'],
    lookingForPartners: true,
    address: at('Baunatal', 51.258, 9.425),
  });
  // The best fit: nearby, all topics, all audience languages, looking for partners, another kind. ≈ 0.87
  await org('best', {
    kind: 'ASSOCIATION',
    name: 'Türkisch-Arabischer Dialogverein Baunatal',
    languages: ['de', 'tr', 'ar'],
    topics: ['INTERFAITH_DIALOGUE', 'CULTURE'],
    lookingForPartners: true,
    address: at('Baunatal', 51.27, 9.43),
  });
  // The same facts (and a name that would win the tie), but its own event at that time. ≈ 0.87 × 0.6
  await org('busy', {
    kind: 'ASSOCIATION',
    name: 'Arabisch-Türkischer Dialogverein Baunatal',
    languages: ['de', 'tr', 'ar'],
    topics: ['INTERFAITH_DIALOGUE', 'CULTURE'],
    lookingForPartners: true,
    address: at('Baunatal', 51.27, 9.43),
  });
  // A migrant organisation 5 km away with a DRAFT of its own at that time. ≈ 0.47
  await org('drafter', {
    kind: 'MIGRANT_ORGANISATION',
    name: 'Syrischer Kulturverein Schauenburg',
    languages: ['ar', 'de'],
    topics: ['CULTURE'],
    address: at('Schauenburg', 51.28, 9.35),
  });
  // No position of its own (its municipality's centre counts), co-hosted twice with the lead. ≈ 0.43
  await org('history', {
    kind: 'SUPPORT_CIRCLE',
    name: 'Helferkreis Baunatal',
    languages: ['de'],
    topics: ['VOLUNTEERING', 'INTEGRATION_GUIDANCE'],
    address: at('Baunatal'),
  });
  // Another mosque, 14 km away, who took part in a campaign. ≈ 0.37
  await org('mosque', {
    kind: 'MOSQUE',
    name: 'Moscheegemeinde Kaufungen',
    languages: ['tr', 'ar', 'de'],
    topics: ['INTERFAITH_DIALOGUE', 'RELIGION'],
    address: at('Kaufungen', 51.28, 9.62),
  });
  // A sports club 11 km away with nothing in common but the mix. ≈ 0.29
  await org('sports', {
    kind: 'ASSOCIATION',
    name: 'Sportverein Vellmar',
    languages: ['de'],
    topics: ['SPORTS'],
    address: at('Vellmar', 51.36, 9.47),
  });
  // Perfect on paper but 42 km away: outside the default radius.
  await org('far', {
    kind: 'ASSOCIATION',
    name: 'Interkultureller Verein Bad Karlshafen',
    languages: ['de', 'tr', 'ar'],
    topics: ['INTERFAITH_DIALOGUE', 'CULTURE'],
    lookingForPartners: true,
    address: at('Bad Karlshafen', 51.64, 9.45),
  });

  // The planned event (a draft of the lead), with the church invited.
  const planned = await createEvent(orgs.lead!.editor, {
    title: title('Interreligiöser Dialog am Tag der offenen Moschee'),
    ...WINDOW,
    topics: ['INTERFAITH_DIALOGUE', 'CULTURE'],
    languages: ['de', 'tr'],
    interpretingLanguages: ['ar'],
    address: at('Baunatal', 51.262, 9.418),
  });
  plannedEventId = planned.id;
  await invite(orgs.lead!.editor, plannedEventId, orgs.cohost!.id);

  // The busy association's own published event, overlapping the window.
  const fest = await createEvent(orgs.busy!.editor, {
    title: title('Herbstfest der Kulturen'),
    category: 'FESTIVAL',
    startsAt: '2030-10-03T12:00:00+02:00',
    endsAt: '2030-10-03T18:00:00+02:00',
    address: at('Baunatal', 51.27, 9.43),
  });
  await publish(orgs.busy!.editor, fest);
  // A draft of the migrant organisation at the same time: only its own keys and coordinators may see it.
  await createEvent(orgs.drafter!.editor, {
    title: title('Geheimes Planungstreffen'),
    category: 'MEETING',
    startsAt: '2030-10-03T10:00:00+02:00',
    endsAt: '2030-10-03T12:00:00+02:00',
  });
  // Two earlier joint events of the lead with the support circle.
  for (const [month, name] of [
    ['05', 'Ramadan-Zelt'],
    ['06', 'Nachbarschaftsfest'],
  ] as const) {
    const joint = await createEvent(orgs.lead!.editor, {
      title: title(name),
      startsAt: `2030-${month}-10T16:00:00+02:00`,
      endsAt: `2030-${month}-10T20:00:00+02:00`,
    });
    await invite(orgs.lead!.editor, joint.id, orgs.history!.id);
    await accept(orgs.history!.editor, joint.id, orgs.history!.id);
    await publish(orgs.lead!.editor, joint);
  }
  // The Kaufungen mosque took part in a campaign (so it is not "new to the network").
  const campaign = await hub.ok(
    `mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }`,
    { input: { name: 'Interkulturelle Woche 2030', kind: 'ACTION_WEEK', startsOn: '2030-09-20', endsOn: '2030-09-27' } },
    { key: coordinator },
  );
  campaignId = campaign.createCampaign.id;
  const week = await createEvent(orgs.mosque!.editor, {
    title: title('Moscheeführung'),
    category: 'OPEN_HOUSE',
    startsAt: '2030-09-22T14:00:00+02:00',
    endsAt: '2030-09-22T16:00:00+02:00',
    topics: ['INTERFAITH_DIALOGUE', 'RELIGION'],
    languages: ['de', 'tr'],
    campaignId,
    address: at('Kaufungen', 51.28, 9.62),
  });
  await publish(orgs.mosque!.editor, week);
}, 120_000);

afterAll(() => hub?.stop());

describe('suggestPartners for an event', () => {
  let list: Suggestion[];

  beforeAll(async () => {
    list = await suggestOk(orgs.lead!.editor, { eventId: plannedEventId }, 20);
  });

  test('ranks the nearby Turkish- and Arabic-speaking interfaith association looking for partners first', () => {
    expect(names(list)).toEqual([
      'Türkisch-Arabischer Dialogverein Baunatal',
      'Arabisch-Türkischer Dialogverein Baunatal',
      'Syrischer Kulturverein Schauenburg',
      'Helferkreis Baunatal',
      'Moscheegemeinde Kaufungen',
      'Sportverein Vellmar',
    ]);
    const scores = list.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  test('the best one says why, naming the facts', () => {
    const best = list[0]!;
    const reasons = Object.fromEntries(best.reasons.map((r) => [r.code, r.description]));
    expect(reasons.TOPICS).toBe('shares topics: Interfaith dialogue, Culture');
    expect(reasons.LANGUAGES).toBe('speaks German, Turkish and Arabic');
    expect(reasons.DISTANCE).toMatch(/^\d\.\d km away in Baunatal, the event's municipality$/);
    expect(reasons.KIND_MIX).toBe(
      'brings in an association; the event has mosque community and faith community organisers so far',
    );
    expect(reasons.LOOKING_FOR_PARTNERS).toBe('is looking for partners for joint events');
    expect(reasons.NEW_TO_NETWORK).toBe('new to the network: has not taken part in a campaign yet');
    expect(best.conflicts).toEqual([]);
    const sum = best.reasons.reduce((total, r) => total + r.weight, 0);
    expect(sum).toBeCloseTo(best.score, 3);
  });

  test('an otherwise equal organisation with its own event at that time ranks below and lists the clash', () => {
    const busy = byName(list, 'Arabisch-Türkischer Dialogverein Baunatal')!;
    expect(busy.score).toBeLessThan(list[0]!.score);
    expect(busy.conflicts.map((c) => c.title)).toEqual(['Herbstfest der Kulturen']);
    const clash = busy.reasons.find((r) => r.code === 'BUSY')!;
    expect(clash.description).toBe('has its own event at that time: "Herbstfest der Kulturen" on Thu 3 Oct 2030, 12:00–18:00');
    expect(clash.weight).toBeLessThan(0);
  });

  test('history: co-hosting with the lead and "new to the network"', () => {
    const circle = byName(list, 'Helferkreis Baunatal')!;
    expect(circle.reasons.find((r) => r.code === 'CO_HOSTED')!.description).toBe(
      'co-hosted 2 events with the lead organisation (Moscheegemeinde Baunatal)',
    );
    // Without a position of its own, it is placed at its municipality's centre.
    expect(circle.reasons.find((r) => r.code === 'DISTANCE')!.description).toMatch(
      /km away in Baunatal, the event's municipality$/,
    );
    const mosque = byName(list, 'Moscheegemeinde Kaufungen')!;
    expect(mosque.reasons.map((r) => r.code)).not.toContain('NEW_TO_NETWORK');
    expect(mosque.reasons.map((r) => r.code)).not.toContain('KIND_MIX');
    expect(mosque.reasons.find((r) => r.code === 'DISTANCE')!.description).toMatch(/^1\d km away in Kaufungen$/);
  });

  test('organisations on the event, and those too far away, never appear; every suggestion explains itself', () => {
    expect(names(list)).not.toContain('Moscheegemeinde Baunatal');
    expect(names(list)).not.toContain('Evangelische Kirchengemeinde Baunatal');
    expect(names(list)).not.toContain('Interkultureller Verein Bad Karlshafen');
    for (const suggestion of list) {
      expect(suggestion.reasons.length).toBeGreaterThan(0);
      for (const reason of suggestion.reasons) expect(reason.description).toMatch(/[a-z]{3,}/);
    }
  });

  test('a wider radius around the event brings the far one in', async () => {
    const wide = await suggestOk(orgs.lead!.editor, {
      eventId: plannedEventId,
      near: { latitude: 51.262, longitude: 9.418, radiusKm: 60 },
    });
    expect(names(wide)).toContain('Interkultureller Verein Bad Karlshafen');
    expect(names(wide)).not.toContain('Evangelische Kirchengemeinde Baunatal');
  });

  test('kinds and exclusions narrow the list', async () => {
    const onlyMosques = await suggestOk(orgs.lead!.editor, { eventId: plannedEventId, kinds: ['MOSQUE'] });
    expect(names(onlyMosques)).toEqual(['Moscheegemeinde Kaufungen']);
    const without = await suggestOk(orgs.lead!.editor, { eventId: plannedEventId, excludeOrganisationIds: [orgs.best!.id] });
    expect(names(without)[0]).toBe('Arabisch-Türkischer Dialogverein Baunatal');
  });

  test('the same answer over the websocket', async () => {
    const ws = await WsClient.connect(hub, { key: orgs.lead!.editor });
    try {
      const result = await ws.execute(SUGGEST, { input: { eventId: plannedEventId }, first: 20 });
      expect(result.errors).toBeUndefined();
      expect(result.data.suggestPartners).toEqual(list);
    } finally {
      await ws.close();
    }
  });
});

describe('privacy', () => {
  test("a draft's details never reach an asker who cannot see it: not in conflicts, reasons or the score", async () => {
    const response = await suggest(orgs.lead!.editor, { eventId: plannedEventId }, 20);
    expect(JSON.stringify(response)).not.toContain('Geheimes Planungstreffen');
    const drafter = byName(response.data!.suggestPartners, 'Syrischer Kulturverein Schauenburg')!;
    expect(drafter.conflicts).toEqual([]);
    expect(drafter.reasons.map((r) => r.code)).not.toContain('BUSY');
    // A coordinator sees every event, drafts included: there the clash shows (so the filter above is real).
    const asCoordinator = await suggestOk(coordinator, { eventId: plannedEventId }, 20);
    const seen = byName(asCoordinator, 'Syrischer Kulturverein Schauenburg')!;
    expect(seen.conflicts.map((c) => c.title)).toEqual(['Geheimes Planungstreffen']);
    expect(seen.score).toBeLessThan(drafter.score);
  });

  test('a draft event of another organisation is answered like an unknown one', async () => {
    const unknownId = Buffer.from('Event:00000000-0000-4000-8000-000000000000').toString('base64');
    const asOther = await suggest(orgs.sports!.editor, { eventId: plannedEventId });
    const asUnknown = await suggest(orgs.sports!.editor, { eventId: unknownId });
    expect(errorCode(asOther)).toBe('BAD_USER_INPUT');
    expect(asOther.errors![0]!.extensions!.field).toBe('input.eventId');
    expect(asOther.errors![0]!.message).toBe(asUnknown.errors![0]!.message);
    expect(asOther.data).toEqual(asUnknown.data);
  });

  test('anonymous requests and partner (VIEWER) keys get FORBIDDEN', async () => {
    expect(errorCode(await suggest(undefined, { eventId: plannedEventId }))).toBe('FORBIDDEN');
    expect(errorCode(await suggest(orgs.lead!.viewer, { eventId: plannedEventId }))).toBe('FORBIDDEN');
    expect(errorCode(await suggest(undefined, { municipalityId: m.Baunatal }))).toBe('FORBIDDEN');
    expect(errorCode(await suggest(orgs.lead!.viewer, { municipalityId: m.Baunatal }))).toBe('FORBIDDEN');
  });

  test("an editor of another organisation may not match someone else's (visible) event", async () => {
    const fest = await hub.ok(`{ events(filter: { search: "Herbstfest" }) { edges { node { id } } } }`);
    const festId = fest.events.edges[0].node.id;
    expect(errorCode(await suggest(orgs.lead!.editor, { eventId: festId }))).toBe('FORBIDDEN');
    expect(errorCode(await suggest(orgs.busy!.editor, { eventId: festId }))).toBeUndefined();
  });
});

describe('direct criteria', () => {
  test('an editor plans for its own organisation: never suggested, its kind counts as present', async () => {
    const list = await suggestOk(orgs.sports!.editor, {
      municipalityId: m.Vellmar,
      topics: ['SPORTS', 'CULTURE'],
      ...WINDOW,
    });
    expect(names(list)).not.toContain('Sportverein Vellmar');
    expect(list.length).toBeGreaterThan(0);
    // The sports club is an association: a mosque brings in a new kind, another association less so.
    const mosque = byName(list, 'Moscheegemeinde Baunatal')!;
    expect(mosque.reasons.find((r) => r.code === 'KIND_MIX')!.description).toBe(
      'brings in a mosque community; the event has association organisers so far',
    );
    expect(byName(list, 'Arabisch-Türkischer Dialogverein Baunatal')!.conflicts.map((c) => c.title)).toEqual([
      'Herbstfest der Kulturen',
    ]);
  });

  test('a coordinator searches by topic and language without a place', async () => {
    const list = await suggestOk(coordinator, { topics: ['INTERFAITH_DIALOGUE'], languages: ['ar'] }, 3);
    expect(list).toHaveLength(3);
    for (const s of list) expect(s.reasons.map((r) => r.code)).toContain('TOPICS');
    expect(list.every((s) => !s.reasons.some((r) => r.code === 'DISTANCE'))).toBe(true);
  });
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, unknown>, number | undefined, string]> = [
    ['no criteria at all', {}, undefined, 'input'],
    ['only kinds', { kinds: ['MOSQUE'] }, undefined, 'input'],
    ['radius 0', { near: { latitude: 51.26, longitude: 9.42, radiusKm: 0 } }, undefined, 'input.near.radiusKm'],
    ['negative radius', { near: { latitude: 51.26, longitude: 9.42, radiusKm: -5 } }, undefined, 'input.near.radiusKm'],
    ['absurd radius', { near: { latitude: 51.26, longitude: 9.42, radiusKm: 20000 } }, undefined, 'input.near.radiusKm'],
    [
      'radius beyond the matching limit',
      { near: { latitude: 51.26, longitude: 9.42, radiusKm: 300 } },
      undefined,
      'input.near.radiusKm',
    ],
    ['latitude out of range', { near: { latitude: 91, longitude: 9.42, radiusKm: 5 } }, undefined, 'input.near.latitude'],
    ['malformed event ID', { eventId: 'nope' }, undefined, 'input.eventId'],
    ['first 0', { topics: ['CULTURE'] }, 0, 'first'],
    ['first too large', { topics: ['CULTURE'] }, 51, 'first'],
    [
      'end before start',
      { topics: ['CULTURE'], startsAt: '2030-10-03T15:00:00Z', endsAt: '2030-10-03T11:00:00Z' },
      undefined,
      'input.endsAt',
    ],
    [
      'end equal to start',
      { topics: ['CULTURE'], startsAt: '2030-10-03T15:00:00Z', endsAt: '2030-10-03T15:00:00Z' },
      undefined,
      'input.endsAt',
    ],
    ['start without end', { topics: ['CULTURE'], startsAt: '2030-10-03T15:00:00Z' }, undefined, 'input.endsAt'],
    [
      'window over a year',
      { topics: ['CULTURE'], startsAt: '2030-01-01T00:00:00Z', endsAt: '2031-06-01T00:00:00Z' },
      undefined,
      'input.endsAt',
    ],
    [
      'municipality ID of another type',
      { municipalityId: 'T3JnYW5pc2F0aW9uOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==' },
      undefined,
      'input.municipalityId',
    ],
    [
      'unknown municipality',
      { municipalityId: Buffer.from('Municipality:00000000-0000-4000-8000-000000000000').toString('base64') },
      undefined,
      'input.municipalityId',
    ],
    ['bad excluded ID', { topics: ['CULTURE'], excludeOrganisationIds: ['x'] }, undefined, 'input.excludeOrganisationIds[0]'],
  ];

  test.each(cases)('%s → BAD_USER_INPUT naming the field', async (_name, input, first, field) => {
    const result = await suggest(coordinator, input, first);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe(field);
  });

  test('an unknown event → BAD_USER_INPUT naming input.eventId', async () => {
    const unknownId = Buffer.from('Event:00000000-0000-4000-8000-000000000000').toString('base64');
    const result = await suggest(coordinator, { eventId: unknownId });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('input.eventId');
  });
});

describe('cost', () => {
  test('a constant number of SQL statements whatever `first` is', async () => {
    const run = (first: number) => () => suggestOk(orgs.lead!.editor, { eventId: plannedEventId }, first);
    const one = await hub.countStatements(run(1));
    const all = await hub.countStatements(run(50));
    expect(all).toBe(one);
    // The key, the event, the candidates, their availability and history (municipalities come with the candidates).
    expect(one).toBeLessThanOrEqual(5);
    // Direct criteria, both answers with a clash in them (the two associations of Baunatal come first).
    const direct = (first: number) => async () => {
      const near = { latitude: 51.26, longitude: 9.42, radiusKm: 25 };
      const list = await suggestOk(coordinator, { near, kinds: ['ASSOCIATION'], ...WINDOW }, first);
      expect(list.some((s) => s.conflicts.length > 0)).toBe(true);
    };
    expect(await hub.countStatements(direct(50))).toBe(await hub.countStatements(direct(2)));
  });
});

describe('Campaign.gaps', () => {
  const GAPS = `query($id: ID!, $first: Int, $per: Int) {
    node(id: $id) { ... on Campaign { name gaps(first: $first, suggestionsPerMunicipality: $per) {
      municipality { name } organisationCount
      suggestions { organisation { name municipality { name } } score reasons { code description } conflicts { title } }
    } } }
  }`;

  test('municipalities without participants, each with the organisations there that fit best', async () => {
    const data = await hub.ok(GAPS, { id: campaignId, first: 100, per: 2 }, { key: coordinator });
    const gaps = data.node.gaps as Array<{
      municipality: { name: string };
      organisationCount: number;
      suggestions: Suggestion[];
    }>;
    const gapNames = gaps.map((g) => g.municipality.name);
    // Kaufungen's mosque takes part; the other 27 municipalities have nobody yet.
    expect(gapNames).toHaveLength(27);
    expect(gapNames).not.toContain('Kaufungen');
    expect(gapNames).toEqual([...gapNames].sort((a, b) => a.localeCompare(b, 'de')));
    const baunatal = gaps.find((g) => g.municipality.name === 'Baunatal')!;
    expect(baunatal.organisationCount).toBe(5);
    expect(baunatal.suggestions).toHaveLength(2);
    for (const s of baunatal.suggestions) expect(s.organisation.municipality!.name).toBe('Baunatal');
    // The campaign is about interfaith dialogue and religion, in German and Turkish: the mosque and the church fit best.
    expect(names(baunatal.suggestions).sort()).toEqual(['Evangelische Kirchengemeinde Baunatal', 'Moscheegemeinde Baunatal']);
    const ahnatal = gaps.find((g) => g.municipality.name === 'Ahnatal')!;
    expect(ahnatal).toEqual({ municipality: { name: 'Ahnatal' }, organisationCount: 0, suggestions: [] });
  });

  test('first limits the municipalities; the cost does not grow with it', async () => {
    const few = await hub.ok(GAPS, { id: campaignId, first: 2, per: 1 }, { key: coordinator });
    expect(few.node.gaps.map((g: { municipality: { name: string } }) => g.municipality.name)).toEqual(['Ahnatal', 'Bad Emstal']);
    // Both with candidates to score (Bad Karlshafen and Baunatal are among the first four).
    const small = await hub.countStatements(() => hub.ok(GAPS, { id: campaignId, first: 4, per: 1 }, { key: coordinator }));
    const large = await hub.countStatements(() => hub.ok(GAPS, { id: campaignId, first: 100, per: 10 }, { key: coordinator }));
    expect(large).toBe(small);
  });

  test('gaps of several campaigns cost what those of one cost', async () => {
    await hub.ok(
      `mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }`,
      { input: { name: 'Tag der offenen Moschee 2030', kind: 'ACTION_DAY', startsOn: '2030-10-03', endsOn: '2030-10-03' } },
      { key: coordinator },
    );
    const LIST = `query($first: Int) { campaigns(first: $first) { name gaps(first: 3, suggestionsPerMunicipality: 2) {
      municipality { name } suggestions { organisation { name } score conflicts { title } } } } }`;
    const both = await hub.ok(LIST, { first: 2 }, { key: coordinator });
    const byCampaign = Object.fromEntries(
      both.campaigns.map((c: { name: string; gaps: Array<{ municipality: { name: string } }> }) => [
        c.name,
        c.gaps.map((g) => g.municipality.name),
      ]),
    );
    // Nobody takes part in the action day yet; in the week, the Kaufungen mosque does.
    expect(byCampaign).toEqual({
      'Tag der offenen Moschee 2030': ['Ahnatal', 'Bad Emstal', 'Bad Karlshafen'],
      'Interkulturelle Woche 2030': ['Ahnatal', 'Bad Emstal', 'Bad Karlshafen'],
    });
    const karlshafen = both.campaigns[0].gaps[2];
    expect(karlshafen.suggestions.map((s: Suggestion) => s.organisation.name)).toEqual([
      'Interkultureller Verein Bad Karlshafen',
    ]);
    const one = await hub.countStatements(() => hub.ok(LIST, { first: 1 }, { key: coordinator }));
    const two = await hub.countStatements(() => hub.ok(LIST, { first: 2 }, { key: coordinator }));
    expect(two).toBe(one);
  });

  test('coordinators only: others get null and FORBIDDEN', async () => {
    const result = await hub.gql(GAPS, { id: campaignId }, { key: orgs.lead!.editor });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(result.data.node.name).toBe('Interkulturelle Woche 2030');
    expect(result.data.node.gaps).toBeNull();
  });

  test('bad counts → BAD_USER_INPUT naming the argument', async () => {
    const result = await hub.gql(GAPS, { id: campaignId, first: 0 }, { key: coordinator });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('first');
    const per = await hub.gql(GAPS, { id: campaignId, per: 11 }, { key: coordinator });
    expect(per.errors![0]!.extensions!.field).toBe('suggestionsPerMunicipality');
  });
});

describe('reasons in German', () => {
  const SUGGEST_DE = `query($input: PartnerSearchInput!, $first: Int, $language: LanguageCode) {
    suggestPartners(input: $input, first: $first) {
      organisation { name }
      reasons { code en: description de: description(language: $language) }
    }
  }`;
  type Worded = { organisation: { name: string }; reasons: Array<{ code: string; en: string; de: string }> };
  const wordsOf = (list: Worded[], name: string) =>
    Object.fromEntries(list.find((s) => s.organisation.name === name)!.reasons.map((r) => [r.code, r.de]));
  let list: Worded[];
  let english: Suggestion[];

  beforeAll(async () => {
    const data = await hub.ok(
      SUGGEST_DE,
      { input: { eventId: plannedEventId }, first: 20, language: 'de' },
      { key: orgs.lead!.editor },
    );
    list = data.suggestPartners;
    english = await suggestOk(orgs.lead!.editor, { eventId: plannedEventId }, 20);
  });

  test('each code, worded in German from the same facts (German topic and language names, decimal comma)', () => {
    const best = wordsOf(list, 'Türkisch-Arabischer Dialogverein Baunatal');
    expect(best.TOPICS).toBe('teilt die Themen: Interreligiöser Dialog, Kultur');
    expect(best.LANGUAGES).toBe('spricht Deutsch, Türkisch und Arabisch');
    expect(best.DISTANCE).toMatch(/^\d,\d km entfernt in Baunatal, der Gemeinde der Veranstaltung$/);
    expect(best.KIND_MIX).toBe('bringt einen Verein ein; bisher veranstalten: Moscheegemeinde und Religionsgemeinschaft');
    expect(best.LOOKING_FOR_PARTNERS).toBe('sucht Partner für gemeinsame Veranstaltungen');
    expect(best.NEW_TO_NETWORK).toBe('neu im Netzwerk: hat noch an keiner Kampagne teilgenommen');
    expect(wordsOf(list, 'Arabisch-Türkischer Dialogverein Baunatal').BUSY).toBe(
      'hat zu der Zeit eine eigene Veranstaltung: „Herbstfest der Kulturen“ am Do., 3. Okt. 2030, 12:00–18:00',
    );
    expect(wordsOf(list, 'Helferkreis Baunatal').CO_HOSTED).toBe(
      'hat 2 Veranstaltungen mit der federführenden Organisation (Moscheegemeinde Baunatal) ausgerichtet',
    );
    expect(wordsOf(list, 'Moscheegemeinde Kaufungen').DISTANCE).toMatch(/^1\d km entfernt in Kaufungen$/);
    // The English beside it is what clients without `language` get, unchanged.
    for (const suggestion of list) {
      for (const r of suggestion.reasons) {
        expect(r.de).not.toBe(r.en);
        const same = byName(english, suggestion.organisation.name)!.reasons.find((e) => e.code === r.code)!;
        expect(r.en).toBe(same.description);
      }
    }
  });

  test('campaign gaps answer German reasons too', async () => {
    const data = await hub.ok(
      `query($id: ID!) { node(id: $id) { ... on Campaign { gaps(suggestionsPerMunicipality: 2) {
        municipality { name } suggestions { organisation { name } reasons { code description(language: "de") } } } } } }`,
      { id: campaignId },
      { key: coordinator },
    );
    const baunatal = data.node.gaps.find((g: { municipality: { name: string } }) => g.municipality.name === 'Baunatal');
    const mosque = baunatal.suggestions.find((s: Worded) => s.organisation.name === 'Moscheegemeinde Baunatal');
    const words = Object.fromEntries(mosque.reasons.map((r: { code: string; description: string }) => [r.code, r.description]));
    expect(words.TOPICS).toBe('teilt die Themen: Interreligiöser Dialog, Religion');
  });

  test('"de-AT" counts as German, "en" and no argument as English', async () => {
    const run = (language: string | null) =>
      hub.ok(SUGGEST_DE, { input: { eventId: plannedEventId }, first: 1, language }, { key: orgs.lead!.editor });
    const [austrian, english, none] = await Promise.all([run('de-AT'), run('en'), run(null)]);
    expect(austrian.suggestPartners[0].reasons.map((r: { de: string }) => r.de)).toEqual(list[0]!.reasons.map((r) => r.de));
    expect(english.suggestPartners[0].reasons.map((r: { de: string }) => r.de)).toEqual(list[0]!.reasons.map((r) => r.en));
    expect(none.suggestPartners[0].reasons.map((r: { de: string }) => r.de)).toEqual(list[0]!.reasons.map((r) => r.en));
  });

  test.each([
    ['a language reasons are not worded in', 'tr'],
    ['not a language code', 'deutsch!'],
  ])('%s → BAD_USER_INPUT naming the argument', async (_name, language) => {
    const viaVariable = await hub.gql(SUGGEST_DE, { input: { eventId: plannedEventId }, language }, { key: orgs.lead!.editor });
    expect(errorCode(viaVariable)).toBe('BAD_USER_INPUT');
    expect(viaVariable.errors![0]!.extensions!.field).toBe('language');
    const inline = await hub.gql(
      `query($id: ID!) { suggestPartners(input: { eventId: $id }) { reasons { description(language: "${language}") } } }`,
      { id: plannedEventId },
      { key: orgs.lead!.editor },
    );
    expect(errorCode(inline)).toBe('BAD_USER_INPUT');
    expect(inline.errors![0]!.extensions!.field).toBe('language');
    expect(JSON.stringify(inline.errors)).not.toMatch(/at .+\.(ts|js):\d+/);
  });

  test('German costs no statement more than English', async () => {
    const run = (language: string) => () =>
      hub.ok(SUGGEST_DE, { input: { eventId: plannedEventId }, first: 20, language }, { key: orgs.lead!.editor });
    expect(await hub.countStatements(run('de'))).toBe(await hub.countStatements(run('en')));
  });
  // Last in this file: it changes the far association's entry.
  test('verified and recently confirmed entries, in German (after a coordinator verifies, the editor confirms)', async () => {
    await hub.ok(`mutation($id: ID!) { verifyOrganisation(id: $id) { id } }`, { id: orgs.far!.id }, { key: coordinator });
    await hub.ok(
      `mutation($id: ID!) { confirmOrganisationDetails(id: $id) { id } }`,
      { id: orgs.far!.id },
      { key: orgs.far!.editor },
    );
    const data = await hub.ok(
      SUGGEST_DE,
      {
        input: { eventId: plannedEventId, near: { latitude: 51.262, longitude: 9.418, radiusKm: 60 } },
        first: 20,
        language: 'de',
      },
      { key: orgs.lead!.editor },
    );
    const far = wordsOf(data.suggestPartners, orgs.far!.name);
    expect(far.VERIFIED).toBe('ihr Eintrag ist von der Koordination geprüft');
    expect(far.RECENTLY_CONFIRMED).toBe('hat ihre Angaben im letzten Monat bestätigt');
  });
});
