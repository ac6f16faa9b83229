import { createOrganisation, municipalityIds } from '../helpers/factories';
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
import { Client } from 'pg';
import { errorCode, TestHub } from '../helpers/hub';

const onServer = () => Boolean(process.env.DATABASE_URL);

/**
 * Listing: every EventFilter field, every order, stable cursors, totalCount,
 * nested lists, translations, campaigns, clashes — and a constant number of
 * SQL statements per page whatever its size.
 */

let hub: TestHub;
let coordinator: string;
let m: Record<string, string>;
const ids: Record<string, string> = {};
let mosque: { id: string };
let circle: { id: string };
let club: { id: string };
let weekId: string;
let dayId: string;

const titles = (connection: { edges: Array<{ node: { title: string } }> }) => connection.edges.map((e) => e.node.title);

beforeAll(async () => {
  // Generous cost limit for the deep statement-count queries; no periodic change-feed
  // catch-up, whose reads would count as statements of the request being measured.
  hub = await TestHub.start({ GRAPHQL_MAX_COST: '1000000', CHANGE_POLL_INTERVAL_MS: '600000' });
  coordinator = await hub.key({ coordinator: true });
  m = await municipalityIds(hub);
  mosque = await createOrganisation(hub, coordinator, {
    kind: 'MOSQUE',
    name: 'Moscheegemeinde Baunatal',
    address: {
      municipalityId: m.Baunatal,
      street: 'Moscheeweg 1',
      postalCode: '34225',
      locality: 'Baunatal',
      location: { latitude: 51.26, longitude: 9.42 },
    },
  });
  circle = await createOrganisation(hub, coordinator, { kind: 'SUPPORT_CIRCLE', name: 'Helferkreis Vellmar' });
  club = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Kulturverein Kaufungen' });
  const mosqueKey = await memberKey(hub, mosque.id);
  const circleKey = await memberKey(hub, circle.id);
  const clubKey = await memberKey(hub, club.id);
  weekId = (
    await createCampaign(hub, coordinator, { name: 'Interkulturelle Woche 2026', startsOn: '2026-09-20', endsOn: '2026-10-04' })
  ).id;
  dayId = (
    await createCampaign(hub, coordinator, {
      name: 'Tag der offenen Moschee 2026',
      kind: 'ACTION_DAY',
      startsOn: '2026-10-03',
      endsOn: '2026-10-03',
    })
  ).id;

  const open = await createEvent(hub, mosqueKey, {
    title: 'Tag der offenen Moschee',
    summary: [
      { language: 'de', text: 'Führungen, Tee und Gespräche' },
      { language: 'en', text: 'Guided tours, tea and conversation' },
    ],
    category: 'OPEN_HOUSE',
    topics: ['RELIGION', 'INTERFAITH_DIALOGUE'],
    languages: ['de', 'tr'],
    barrierFree: true,
    free: true,
    venueId: mosque.id,
    campaignId: dayId,
    startsAt: '2026-10-03T11:00:00+02:00',
    endsAt: '2026-10-03T17:00:00+02:00',
  });
  await inviteOrganisers(hub, mosqueKey, open.id, [{ organisationId: circle.id }]);
  await respond(hub, circleKey, open.id, circle.id, true);
  ids.open = (await publishEvent(hub, mosqueKey, { id: open.id, version: 3 })).id;

  const cafe = await createEvent(hub, circleKey, {
    title: 'Sprachcafé Vellmar',
    category: 'LANGUAGE_CAFE',
    topics: ['LANGUAGE_SUPPORT'],
    languages: ['de'],
    interpretingLanguages: ['ar'],
    attendanceMode: 'ONLINE',
    onlineUrl: 'https://example.org/cafe',
    free: false,
    address: { municipalityId: m.Vellmar },
    startsAt: '2026-09-22T18:00:00+02:00',
    endsAt: '2026-09-22T20:00:00+02:00',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
    campaignId: weekId,
  });
  ids.cafe = (await publishEvent(hub, circleKey, cafe)).id;

  const fest = await createEvent(hub, clubKey, {
    title: 'Interkulturelles Fest',
    category: 'FESTIVAL',
    topics: ['CULTURE'],
    languages: ['uk'],
    attendanceMode: 'HYBRID',
    address: { municipalityId: m.Kaufungen, location: { latitude: 51.28, longitude: 9.62 } },
    campaignId: weekId,
    startsAt: '2026-11-14T14:00:00+01:00',
    endsAt: '2026-11-14T22:00:00+01:00',
  });
  ids.fest = (await publishEvent(hub, clubKey, fest)).id;

  const cancelled = await publishEvent(
    hub,
    clubKey,
    await createEvent(hub, clubKey, {
      title: 'Abgesagter Vortrag',
      category: 'INFORMATION',
      address: { municipalityId: m.Kaufungen },
      startsAt: '2026-10-03T18:00:00+02:00',
      endsAt: '2026-10-03T20:00:00+02:00',
    }),
  );
  ids.cancelled = (await cancelEvent(hub, clubKey, cancelled, 'Referentin erkrankt')).id;
  ids.draft = (await createEvent(hub, mosqueKey, { title: 'Entwurf Moschee', address: { municipalityId: m.Baunatal } })).id;
});
afterAll(() => hub?.stop());

const LIST = `query($filter: EventFilter, $orderBy: EventOrder, $first: Int, $after: String) {
  events(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { title } } } }`;

async function list(filter: Record<string, unknown>, orderBy?: string, key?: string): Promise<string[]> {
  const data = await hub.ok(LIST, { filter, orderBy }, { key });
  expect(data.events.totalCount).toBe(data.events.edges.length);
  return titles(data.events);
}

test.each([
  [
    'no filter: published and cancelled public events by start',
    {},
    ['Sprachcafé Vellmar', 'Tag der offenen Moschee', 'Abgesagter Vortrag', 'Interkulturelles Fest'],
  ],
  [
    'from/to: a window on Saturday 3 October (the Tuesday series has no occurrence in it)',
    { from: '2026-10-03T00:00:00Z', to: '2026-10-03T23:00:00Z' },
    ['Tag der offenen Moschee', 'Abgesagter Vortrag'],
  ],
  [
    'from/to: a window on Tuesday 6 October',
    { from: '2026-10-06T00:00:00Z', to: '2026-10-06T23:00:00Z' },
    ['Sprachcafé Vellmar'],
  ],
  ['from only: the series ends in November', { from: '2026-12-01T00:00:00Z' }, []],
  ['to only', { to: '2026-09-30T00:00:00Z' }, ['Sprachcafé Vellmar']],
  ['municipalityIds (from the venue)', { municipalityIds: ['Baunatal'] }, ['Tag der offenen Moschee']],
  [
    'organisationIds: as lead or accepted co-host',
    { organisationIds: ['circle'] },
    ['Sprachcafé Vellmar', 'Tag der offenen Moschee'],
  ],
  ['campaignIds', { campaignIds: ['week'] }, ['Sprachcafé Vellmar', 'Interkulturelles Fest']],
  ['categories', { categories: ['FESTIVAL', 'OPEN_HOUSE'] }, ['Tag der offenen Moschee', 'Interkulturelles Fest']],
  ['topics', { topics: ['INTERFAITH_DIALOGUE', 'CULTURE'] }, ['Tag der offenen Moschee', 'Interkulturelles Fest']],
  ['languages: held in or interpreted into', { languages: ['ar', 'uk'] }, ['Sprachcafé Vellmar', 'Interkulturelles Fest']],
  ['statuses', { statuses: ['CANCELLED'] }, ['Abgesagter Vortrag']],
  ['attendanceModes', { attendanceModes: ['ONLINE', 'HYBRID'] }, ['Sprachcafé Vellmar', 'Interkulturelles Fest']],
  ['barrierFree', { barrierFree: true }, ['Tag der offenen Moschee']],
  ['free true', { free: true }, ['Tag der offenen Moschee']],
  ['free false', { free: false }, ['Sprachcafé Vellmar', 'Abgesagter Vortrag', 'Interkulturelles Fest']],
  ['search, stemmed', { search: 'Moscheen' }, ['Tag der offenen Moschee']],
  ['search, prefix and umlaut-insensitive', { search: 'sprachcafe' }, ['Sprachcafé Vellmar']],
  ['search with a typo in the title', { search: 'Interkulturelle Fst' }, ['Interkulturelles Fest']],
  ['search in a translation', { search: 'guided tours' }, ['Tag der offenen Moschee']],
  ['near: within 5 km of Baunatal', { near: { latitude: 51.26, longitude: 9.42, radiusKm: 5 } }, ['Tag der offenen Moschee']],
  [
    'several criteria at once',
    { campaignIds: ['week'], attendanceModes: ['HYBRID'], languages: ['uk'] },
    ['Interkulturelles Fest'],
  ],
])('filter %s', async (_, filter, expected) => {
  const resolved: Record<string, unknown> = { ...filter };
  const names: Record<string, string> = { Baunatal: m.Baunatal!, circle: circle.id, week: weekId };
  for (const key of ['municipalityIds', 'organisationIds', 'campaignIds']) {
    if (resolved[key]) resolved[key] = (resolved[key] as string[]).map((name) => names[name]);
  }
  expect(await list(resolved)).toEqual(expected);
});

test('drafts are listed only for their organisers and coordinators', async () => {
  expect(await list({ statuses: ['DRAFT'] })).toEqual([]);
  expect(await list({ statuses: ['DRAFT'] }, undefined, coordinator)).toEqual(['Entwurf Moschee']);
});

test('orders: RECENTLY_UPDATED, RELEVANCE and DISTANCE; and their preconditions', async () => {
  expect(await list({}, 'RECENTLY_UPDATED')).toEqual([
    'Abgesagter Vortrag',
    'Interkulturelles Fest',
    'Sprachcafé Vellmar',
    'Tag der offenen Moschee',
  ]);
  expect(await list({ search: 'Tag Moschee' }, 'RELEVANCE')).toEqual(['Tag der offenen Moschee']);
  expect((await list({ search: 'Fest' }))[0]).toBe('Interkulturelles Fest');
  expect(await list({ near: { latitude: 51.26, longitude: 9.42, radiusKm: 50 } })).toEqual([
    'Tag der offenen Moschee',
    'Interkulturelles Fest',
  ]);
  for (const [filter, orderBy] of [
    [{}, 'RELEVANCE'],
    [{}, 'DISTANCE'],
  ] as const) {
    const result = await hub.gql(LIST, { filter, orderBy });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('orderBy');
  }
});

test('pagination: stable cursors, no duplicates or gaps, last page; bad cursors and sizes refused', async () => {
  for (const orderBy of ['STARTS_AT', 'RECENTLY_UPDATED']) {
    const all = await list({}, orderBy);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: {
        events: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: Array<{ node: { title: string } }>;
        };
      } = await hub.ok(LIST, { first: 1, after, orderBy });
      expect(data.events.totalCount).toBe(all.length);
      seen.push(...titles(data.events));
      if (!data.events.pageInfo.hasNextPage) break;
      after = data.events.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  }
  const startCursor = (await hub.ok(LIST, { first: 1 })).events.pageInfo.endCursor;
  for (const [variables, field] of [
    [{ after: 'garbage' }, 'after'],
    [{ after: startCursor, orderBy: 'RECENTLY_UPDATED' }, 'after'],
    [{ first: 0 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ filter: { from: '2026-10-02T00:00:00Z', to: '2026-10-01T00:00:00Z' } }, 'filter.to'],
    [{ filter: { municipalityIds: [ids.open] } }, 'filter.municipalityIds[0]'],
    [{ filter: { search: '!!!' } }, 'filter.search'],
    [{ filter: { near: { latitude: 51, longitude: 9, radiusKm: 0 } } }, 'filter.near.radiusKm'],
  ] as const) {
    const result = await hub.gql(LIST, variables);
    expect([variables, errorCode(result), result.errors?.[0]?.extensions?.field]).toEqual([variables, 'BAD_USER_INPUT', field]);
  }
});

test('translations: the language argument, then Accept-Language, then the original language', async () => {
  const QUERY = `query($id: ID!) { event(id: $id) { title summary en: summary(language: "en") tr: summary(language: "tr") originalLanguage } }`;
  const plain = await hub.ok(QUERY, { id: ids.open });
  expect(plain.event).toEqual({
    title: 'Tag der offenen Moschee',
    summary: 'Führungen, Tee und Gespräche',
    en: 'Guided tours, tea and conversation',
    tr: 'Führungen, Tee und Gespräche',
    originalLanguage: 'de',
  });
  const english = await hub.ok(QUERY, { id: ids.open }, { headers: { 'accept-language': 'en-GB,en;q=0.9,de;q=0.5' } });
  expect(english.event.summary).toBe('Guided tours, tea and conversation');
  await hub.ok(
    `mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, input: {
       title: [{ language: "de", text: "Tag der offenen Moschee" }, { language: "tr", text: "Açık Cami Günü" }] }) { id } }`,
    { id: ids.open, v: 4 },
    { key: coordinator },
  );
  const turkish = await hub.ok(QUERY, { id: ids.open }, { headers: { 'accept-language': 'tr' } });
  expect(turkish.event.title).toBe('Açık Cami Günü');
  expect(turkish.event.summary).toBe('Führungen, Tee und Gespräche');
});

test('venue lends its address; nested municipality, campaign, lead and organisers', async () => {
  const data = await hub.ok(
    `query($id: ID!) { event(id: $id) {
    venue { name } address { street postalCode locality municipality { name } location { latitude longitude } }
    municipality { name } campaign { name kind } leadOrganisation { name ... on Mosque { id } }
    organisers { role status organisation { name } } } }`,
    { id: ids.open },
  );
  expect(data.event).toEqual({
    venue: { name: 'Moscheegemeinde Baunatal' },
    address: {
      street: 'Moscheeweg 1',
      postalCode: '34225',
      locality: 'Baunatal',
      municipality: { name: 'Baunatal' },
      location: { latitude: 51.26, longitude: 9.42 },
    },
    municipality: { name: 'Baunatal' },
    campaign: { name: 'Tag der offenen Moschee 2026', kind: 'ACTION_DAY' },
    leadOrganisation: { name: 'Moscheegemeinde Baunatal', id: mosque.id },
    organisers: [
      { role: 'LEAD', status: 'ACCEPTED', organisation: { name: 'Moscheegemeinde Baunatal' } },
      { role: 'CO_HOST', status: 'ACCEPTED', organisation: { name: 'Helferkreis Vellmar' } },
    ],
  });
});

test('campaigns: list with paging, by slug, participants, coverage of all 28 municipalities, update', async () => {
  const page1 = await hub.ok(`{ campaigns(first: 1) { id name } }`);
  expect(page1.campaigns).toHaveLength(1);
  const page2 = await hub.ok(`query($after: String) { campaigns(first: 5, after: $after) { id name } }`, {
    after: page1.campaigns[0].id,
  });
  const names = [...page1.campaigns, ...page2.campaigns].map((c: { name: string }) => c.name);
  expect(names).toEqual(['Tag der offenen Moschee 2026', 'Interkulturelle Woche 2026']);
  const week = await hub.ok(`{ campaign(slug: "interkulturelle-woche-2026") { id startsOn endsOn kind
    events { totalCount edges { node { title } } } participants { name }
    coverage { municipality { name } organisationCount participatingOrganisationCount eventCount } } }`);
  expect(week.campaign).toMatchObject({ id: weekId, startsOn: '2026-09-20', endsOn: '2026-10-04', kind: 'ACTION_WEEK' });
  expect(titles(week.campaign.events)).toEqual(['Sprachcafé Vellmar', 'Interkulturelles Fest']);
  expect(week.campaign.participants.map((o: { name: string }) => o.name)).toEqual([
    'Helferkreis Vellmar',
    'Kulturverein Kaufungen',
  ]);
  expect(week.campaign.coverage).toHaveLength(28);
  const by = Object.fromEntries(week.campaign.coverage.map((c: { municipality: { name: string } }) => [c.municipality.name, c]));
  expect(by.Kaufungen).toMatchObject({ eventCount: 1, participatingOrganisationCount: 0, organisationCount: 0 });
  expect(by.Vellmar).toMatchObject({ eventCount: 1 });
  expect(by.Baunatal).toMatchObject({ eventCount: 0, organisationCount: 1, participatingOrganisationCount: 0 });
  const day = await hub.ok(
    `query($id: ID!) { campaign(id: $id) { coverage { municipality { name } participatingOrganisationCount eventCount } } }`,
    { id: dayId },
  );
  expect(day.campaign.coverage.find((c: { municipality: { name: string } }) => c.municipality.name === 'Baunatal')).toEqual({
    municipality: { name: 'Baunatal' },
    participatingOrganisationCount: 1,
    eventCount: 1,
  });
  const updated = await hub.ok(
    `mutation($id: ID!) { updateCampaign(id: $id, input: { name: "Interkulturelle Woche im Landkreis Kassel 2026", kind: ACTION_WEEK,
       startsOn: "2026-09-20", endsOn: "2026-10-04", participationDeadline: "2026-09-01",
       description: [{ language: "de", text: "Eine Woche der Begegnung." }] }) { name slug participationDeadline description } }`,
    { id: weekId },
    { key: coordinator },
  );
  expect(updated.updateCampaign).toEqual({
    name: 'Interkulturelle Woche im Landkreis Kassel 2026',
    slug: 'interkulturelle-woche-im-landkreis-kassel-2026',
    participationDeadline: '2026-09-01',
    description: 'Eine Woche der Begegnung.',
  });
  const node = await hub.ok(`query($id: ID!) { node(id: $id) { ... on Campaign { name } } }`, { id: weekId });
  expect(node.node.name).toBe('Interkulturelle Woche im Landkreis Kassel 2026');
  // After the deadline, editors can no longer join the campaign; coordinators still can.
  const clubKey = await memberKey(hub, club.id);
  const late = await createEvent(hub, clubKey);
  const refused = await hub.gql(
    `mutation($id: ID!, $c: ID!) { updateEvent(id: $id, expectedVersion: 1, input: { campaignId: $c }) { id } }`,
    { id: late.id, c: weekId },
    { key: clubKey },
  );
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.campaignId' });
});

test('clashes: series are checked occurrence by occurrence; place, exclusion and cancelled events respected', async () => {
  const QUERY = `query($s: DateTime!, $e: DateTime!, $m: ID, $near: GeoRadiusInput, $x: ID) {
    conflicts(startsAt: $s, endsAt: $e, municipalityId: $m, near: $near, excludeEventId: $x) { title } }`;
  const ask = async (variables: Record<string, unknown>) =>
    (await hub.ok(QUERY, variables)).conflicts.map((e: { title: string }) => e.title);
  // Tuesday 29 September 19:00 (a café evening) and Wednesday 30 September (none).
  expect(await ask({ s: '2026-09-29T19:00:00+02:00', e: '2026-09-29T21:00:00+02:00' })).toEqual(['Sprachcafé Vellmar']);
  expect(await ask({ s: '2026-09-30T19:00:00+02:00', e: '2026-09-30T21:00:00+02:00' })).toEqual([]);
  // Touching is not clashing: the café ends at 20:00.
  expect(await ask({ s: '2026-09-29T20:00:00+02:00', e: '2026-09-29T21:00:00+02:00' })).toEqual([]);
  // Place: only in Vellmar; near Baunatal; excluded.
  const day = { s: '2026-10-03T09:00:00+02:00', e: '2026-10-03T23:00:00+02:00' };
  expect(await ask({ ...day, m: m.Baunatal })).toEqual(['Tag der offenen Moschee']);
  expect(await ask({ ...day, near: { latitude: 51.27, longitude: 9.43, radiusKm: 3 } })).toEqual(['Tag der offenen Moschee']);
  expect(await ask({ ...day, m: m.Baunatal, x: ids.open })).toEqual([]);
  // Cancelled events do not clash (the cancelled lecture is on 3 October in Kaufungen).
  expect(await ask({ ...day, m: m.Kaufungen })).toEqual([]);
  // Event.conflicts: the open day (Saturday) does not clash with the Tuesday café series elsewhere.
  const own = await hub.ok(`query($id: ID!) { event(id: $id) { conflicts { title } } }`, { id: ids.open });
  expect(own.event.conflicts).toEqual([]);
  for (const [variables, field] of [
    [{ s: '2026-10-03T10:00:00Z', e: '2026-10-03T09:00:00Z' }, 'endsAt'],
    [{ s: '2026-01-01T00:00:00Z', e: '2027-06-01T00:00:00Z' }, 'endsAt'],
    [{ ...day, m: m.Baunatal, near: { latitude: 51, longitude: 9, radiusKm: 1 } }, 'near'],
    [{ ...day, x: m.Baunatal }, 'excludeEventId'],
  ] as const) {
    const result = await hub.gql(QUERY, variables);
    expect([errorCode(result), result.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
  }
});

describe('SQL statements per page stay constant', () => {
  beforeAll(async () => {
    // 120 published events with a venue, a campaign, a municipality, a co-host and
    // a history entry, inserted in bulk (the API path is proven above).
    const lead = dbId(mosque.id);
    const cohost = dbId(club.id);
    await hub.db.query(
      `INSERT INTO event (title, category, status, visibility, starts_at, ends_at, last_ends_at, lead_organisation_id, venue_id,
                          campaign_id, municipality_id, published_at, recurrence)
       SELECT jsonb_build_object('de', 'Massentermin ' || n), 'MEETING', 'PUBLISHED', 'PUBLIC',
              '2027-01-01'::timestamptz + n * interval '1 hour', '2027-01-01'::timestamptz + n * interval '1 hour' + interval '30 minutes',
              CASE WHEN n % 10 = 0 THEN 'infinity'::timestamptz ELSE '2027-01-01'::timestamptz + n * interval '1 hour' + interval '30 minutes' END,
              $1, $1, $2, (SELECT id FROM municipality ORDER BY name OFFSET n % 28 LIMIT 1), now(),
              CASE WHEN n % 10 = 0 THEN 'FREQ=WEEKLY' END
       FROM generate_series(1, 120) AS n`,
      [lead, dbId(weekId)],
    );
    await hub.db.query(
      `INSERT INTO event_organiser (event_id, organisation_id, role, status)
       SELECT id, $1::uuid, 'LEAD', 'ACCEPTED' FROM event WHERE title->>'de' LIKE 'Massentermin%'
       UNION ALL SELECT id, $2::uuid, 'CO_HOST', 'ACCEPTED' FROM event WHERE title->>'de' LIKE 'Massentermin%'`,
      [lead, cohost],
    );
    await hub.db.query(
      `INSERT INTO event_history (event_id, kind, changes, version)
       SELECT id, 'CREATED', '[]', 1 FROM event WHERE title->>'de' LIKE 'Massentermin%'`,
    );
  });

  test('the events page (municipality, organisers and their organisations) is one statement, plus the key lookup with a key', async () => {
    const PAGE = `{ events(first: 100, filter: { from: "2027-01-01T00:00:00Z" }) { edges { node {
      id title startsAt municipality { name location { latitude } } organisers { role status message respondedAt organisation { id name kind } } } } } }`;
    const partner = await hub.key({ organisationId: dbId(club.id), role: 'VIEWER' });
    for (const [key, lookups] of [
      [undefined, 0],
      [partner, 1],
      [coordinator, 1],
    ] as const) {
      let data: any;
      const prepared = hub.preparedCount;
      const count = await hub.countStatements(async () => {
        data = await hub.ok(PAGE, {}, { key });
      });
      expect(count).toBe(1 + lookups);
      // The page names its columns, so it goes as a prepared statement (parsed and planned once per connection).
      expect(hub.preparedCount - prepared).toBe(1);
      const nodes = data.events.edges.map((edge: any) => edge.node);
      expect(nodes.length).toBeGreaterThan(50);
      // Nested fields really come with the page, as the loaders would answer them.
      const mass = nodes.filter((node: any) => node.title.startsWith('Massentermin'));
      expect(mass.every((node: any) => node.municipality?.name && node.organisers.length === 2)).toBe(true);
      expect(mass[0].organisers.map((o: any) => [o.role, o.organisation.id])).toEqual([
        ['LEAD', mosque.id],
        ['CO_HOST', club.id],
      ]);
      // The same answer as the loaders give: `nodes(ids)` is not prefetched.
      const viaLoaders = await hub.ok(
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Event { id title startsAt municipality { name location { latitude } } organisers { role status message respondedAt organisation { id name kind } } } } }`,
        { ids: nodes.map((node: any) => node.id) },
        { key },
      );
      expect(viaLoaders.nodes).toEqual(nodes);
    }
  });

  // PostgreSQL keeps planning a prepared statement at every run while its generic plan looks dearer than a custom
  // one; a `LIMIT $n` did that (a tenth of the matching rows estimated), and planning cost as much as running it.
  // The size in the text is what the old code failed; on this file's few rows its generic plan won even with
  // `LIMIT $n` (the benchmark's 50,000 events showed the difference), so the plan check shows the intent.
  (onServer() ? test : test.skip)(
    'the prepared events page has its size in its text, and PostgreSQL runs it on its generic plan',
    async () => {
      const PAGE = `{ events(first: 50, filter: { from: "2027-01-01T00:00:00Z" }) { edges { node { id title organisers { role organisation { name } } } } } }`;
      const sent: Array<{ text: string; values: unknown[] }> = [];
      const log = hub.hub.database.queryLog;
      const original = log.logQuery.bind(log);
      log.logQuery = (query: any, parameters?: unknown[]) => {
        if (typeof query === 'object' && query.name) sent.push({ text: query.text, values: parameters ?? [] });
        return original(query);
      };
      try {
        await hub.ok(PAGE);
      } finally {
        log.logQuery = original;
      }
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).toMatch(/LIMIT 51\b/);
      const client = new Client({ connectionString: hub.config.DATABASE_URL });
      await client.connect();
      try {
        await client.query('ANALYZE event');
        // After five custom plans PostgreSQL compares them with the generic plan and keeps the cheaper.
        for (let run = 0; run < 8; run++)
          await client.query({ name: 'events_page', text: sent[0]!.text, values: sent[0]!.values });
        const [plans] = (
          await client.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'events_page'`)
        ).rows;
        expect(Number(plans.generic_plans)).toBeGreaterThanOrEqual(3);
      } finally {
        await client.end();
      }
    },
  );

  test('organisers fetched with some columns for the page do not answer another field asking for more', async () => {
    const data = await hub.ok(
      `query($id: ID!) {
        events(first: 100, filter: { from: "2027-01-01T00:00:00Z" }) { edges { node { id organisers { role } } } }
        node(id: $id) { ... on Event { organisers { role invitedAt organisation { name } } history(first: 1) { totalCount } } }
      }`,
      {
        id: (await hub.ok('{ events(first: 1, filter: { from: "2027-01-01T00:00:00Z" }) { edges { node { id } } } }')).events
          .edges[0].node.id,
      },
      { key: coordinator },
    );
    expect(data.node.organisers.length).toBeGreaterThan(0);
    expect(data.node.organisers.every((o: any) => typeof o.invitedAt === 'string' && o.organisation.name)).toBe(true);
  });

  const FIELDS = `id title(language: "de") summary status
    organisers { role status organisation { name } } venue { name } campaign { name } municipality { name }
    leadOrganisation { name } address { municipality { name } } conflicts { id } history(first: 2) { totalCount edges { node { kind } } }
    occurrences(from: "2027-01-01T00:00:00Z", to: "2027-03-01T00:00:00Z", first: 3) { startsAt }`;

  test.each([
    [
      'events',
      (n: number) =>
        `{ events(first: ${n}, filter: { from: "2027-01-01T00:00:00Z" }) { totalCount edges { node { ${FIELDS} } } } }`,
    ],
    [
      'Organisation.events',
      (n: number) =>
        `{ organisations(first: 3) { edges { node { events(first: ${n}) { totalCount edges { node { ${FIELDS} } } } } } } }`,
    ],
    [
      'Campaign.events',
      (n: number) =>
        `{ campaigns { events(first: ${n}) { totalCount edges { node { ${FIELDS} } } } participants { name } coverage { eventCount } } }`,
    ],
    [
      'Municipality.events',
      (n: number) => `{ municipalities { events(first: ${Math.ceil(n / 10)}) { totalCount edges { node { ${FIELDS} } } } } }`,
    ],
    [
      'occurrences',
      (n: number) =>
        `{ occurrences(from: "2027-01-01T00:00:00Z", to: "2027-02-01T00:00:00Z", first: ${n}) { startsAt event { ${FIELDS} } } }`,
    ],
  ])('%s: the same for 10 and 100 items', async (_, query) => {
    const small = await hub.countStatements(() => hub.ok(query(10), {}, { key: coordinator }));
    const large = await hub.countStatements(() => hub.ok(query(100), {}, { key: coordinator }));
    const data = await hub.ok(query(100), {}, { key: coordinator });
    expect(JSON.stringify(data).length).toBeGreaterThan(10_000);
    expect(large).toBe(small);
    expect(small).toBeLessThan(20);
  });
});
