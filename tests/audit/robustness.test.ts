import { seriesEnd } from '../../src/events/event.recurrence';
import { createOrganisation, rowCounts } from '../helpers/factories';
import { createCampaign, createEvent, eventRowCounts, inviteOrganisers, memberKey, publishEvent } from '../helpers/events';
import { errorCode, type GraphQLResponse, TestHub } from '../helpers/hub';
import { WsClient } from '../helpers/ws';

/**
 * Hostile input, through the public API (HTTP and websocket): every request
 * answers a clear error with a code — never INTERNAL_SERVER_ERROR, never a
 * stack trace — and a refused mutation writes nothing. Each case here
 * answered INTERNAL_SERVER_ERROR (or kept the process busy for seconds)
 * before the audit.
 */
let hub: TestHub;
let coordinator: string;
let organisation: { id: string; version: number };
let admin: string;
let published: { id: string; version: number };

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  organisation = await createOrganisation(hub, coordinator, { kind: 'MOSQUE', name: 'Moscheegemeinde Robust' });
  admin = await memberKey(hub, organisation.id, 'ADMIN');
  published = await publishEvent(hub, admin, await createEvent(hub, admin, { title: 'Robuste Veranstaltung' }));
});
afterAll(() => hub?.stop());

const NUL = 'Mo\u0000schee';

/** The answer is a refusal with this code (and field), cleanly shaped. */
function expectRefused(result: GraphQLResponse, code: string, field?: string | RegExp): void {
  expect(result.errors?.length).toBeGreaterThan(0);
  const [error] = result.errors!;
  expect(error!.extensions?.code).toBe(code);
  if (typeof field === 'string') expect(error!.extensions?.field).toBe(field);
  if (field instanceof RegExp) expect(error!.extensions?.field).toMatch(field);
  for (const each of result.errors!) {
    expect(each.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(each.extensions?.stacktrace).toBeUndefined();
    expect(each.message).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  }
}

describe('NUL characters (PostgreSQL cannot hold them in text)', () => {
  const cases: Array<[string, string, Record<string, unknown>, 'anonymous' | 'coordinator' | 'admin', string]> = [
    [
      'organisation search',
      'query($s: String) { organisations(filter: { search: $s }) { totalCount } }',
      { s: NUL },
      'anonymous',
      'filter.search',
    ],
    [
      'event search',
      'query($s: String) { events(filter: { search: $s }) { totalCount } }',
      { s: NUL },
      'anonymous',
      'filter.search',
    ],
    ['organisation slug', 'query($s: String) { organisation(slug: $s) { id } }', { s: NUL }, 'anonymous', 'slug'],
    ['campaign slug', 'query($s: String) { campaign(slug: $s) { id } }', { s: NUL }, 'anonymous', 'slug'],
    [
      'nested search of a nested list',
      'query($s: String) { municipalities { organisations(filter: { search: $s }) { totalCount } } }',
      { s: NUL },
      'anonymous',
      'filter.search',
    ],
    [
      'organisation name',
      'mutation($n: String!) { createOrganisation(input: { kind: OTHER, name: $n }) { id } }',
      { n: NUL },
      'coordinator',
      'input.name',
    ],
    [
      'API key label',
      'mutation($n: String!) { createApiKey(input: { label: $n, coordinator: true }) { secret } }',
      { n: NUL },
      'coordinator',
      'input.label',
    ],
    [
      'a translation inside a list',
      `mutation($t: String!) { createEvent(input: { title: [{ language: "de", text: "Gut" }, { language: "tr", text: $t }],
         category: MEETING, startsAt: "2026-10-03T10:00:00Z", endsAt: "2026-10-03T11:00:00Z" }) { id } }`,
      { t: NUL },
      'admin',
      'input.title[1].text',
    ],
    [
      'an invitation message',
      'mutation($e: ID!, $o: ID!, $m: String) { inviteOrganisers(eventId: $e, invitations: [{ organisationId: $o, message: $m }]) { id } }',
      { m: NUL },
      'admin',
      'invitations[0].message',
    ],
    [
      'a cancellation reason',
      'mutation($e: ID!, $r: String!) { cancelEvent(id: $e, expectedVersion: 1, reason: $r) { id } }',
      { r: NUL },
      'admin',
      'reason',
    ],
  ];

  test.each(cases)('%s → BAD_USER_INPUT naming the field, nothing written', async (_name, query, variables, who, field) => {
    const key = { anonymous: undefined, coordinator, admin }[who];
    const before = { ...(await rowCounts(hub)), ...(await eventRowCounts(hub)) };
    const result = await hub.gql(query, { e: published.id, o: organisation.id, ...variables }, { key });
    expectRefused(result, 'BAD_USER_INPUT', field);
    expect(result.errors![0]!.message).toMatch(/NUL/);
    expect({ ...(await rowCounts(hub)), ...(await eventRowCounts(hub)) }).toEqual(before);
  });

  test('over the websocket too', async () => {
    const ws = await WsClient.connect(hub);
    try {
      const result = await ws.execute('query($s: String) { organisations(filter: { search: $s }) { totalCount } }', { s: NUL });
      expectRefused(result, 'BAD_USER_INPUT', 'filter.search');
      // The connection keeps serving.
      expect((await ws.execute('{ viewer { authenticated } }')).data).toEqual({ viewer: { authenticated: false } });
    } finally {
      await ws.close();
    }
  });

  test('strings with other unusual characters are searched, not refused', async () => {
    for (const text of ['ab\ud800cd', '🕌🕍⛪ Moschee', 'מסגד مسجد', 'Mo\u0301schee', 'x'.repeat(200)]) {
      const result = await hub.gql('query($s: String) { organisations(filter: { search: $s }) { totalCount } }', { s: text });
      expect(result.errors).toBeUndefined();
    }
  });
});

describe('moments PostgreSQL cannot hold', () => {
  test.each([
    ['events in the year 0', 'query { events(filter: { from: "0000-06-01T00:00:00Z" }) { totalCount } }', 'filter.from'],
    [
      'a moment that is in the year 0 in UTC',
      'query { events(filter: { to: "0001-01-01T00:30:00+01:00" }) { totalCount } }',
      'filter.to',
    ],
    [
      'occurrences in the year 0',
      'query { occurrences(from: "0000-01-01T00:00:00Z", to: "0000-06-01T00:00:00Z") { startsAt } }',
      'from',
    ],
    [
      'clashes in the year 0',
      'query { conflicts(startsAt: "0000-01-01T00:00:00Z", endsAt: "0000-06-01T00:00:00Z") { id } }',
      'startsAt',
    ],
  ])('%s → BAD_USER_INPUT naming the field', async (_name, query, field) => {
    expectRefused(await hub.gql(query), 'BAD_USER_INPUT', field);
  });

  test('the same moment as a variable', async () => {
    const result = await hub.gql('query($from: DateTime) { events(filter: { from: $from }) { totalCount } }', {
      from: '0000-12-31T23:00:00Z',
    });
    expectRefused(result, 'BAD_USER_INPUT', 'filter.from');
  });

  test('a campaign in the year 0 → BAD_USER_INPUT, nothing written', async () => {
    const before = await eventRowCounts(hub);
    const result = await hub.gql(
      'mutation { createCampaign(input: { name: "Jahr null", kind: ACTION_DAY, startsOn: "0000-01-01", endsOn: "0000-01-01" }) { id } }',
      {},
      { key: coordinator },
    );
    expectRefused(result, 'BAD_USER_INPUT', 'input.startsOn');
    expect(await eventRowCounts(hub)).toEqual(before);
  });

  test('the first and the last representable years still work', async () => {
    for (const from of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
      const result = await hub.gql('query($from: DateTime) { events(filter: { from: $from }) { totalCount } }', { from });
      expect(result.errors).toBeUndefined();
    }
    const far = await hub.gql('query { occurrences(from: "9999-01-01T00:00:00Z", to: "9999-12-31T00:00:00Z") { startsAt } }');
    expect(far.errors).toBeUndefined();
  });

  test.each([
    ['far in the past', '-271821-04-20T00:00:00.000Z'],
    ['far in the future', '+275760-09-13T00:00:00.000Z'],
    ['in the year 0', '0000-06-01T00:00:00.000Z'],
  ])('a forged occurrence cursor %s → BAD_USER_INPUT naming `after`', async (_name, moment) => {
    const after = Buffer.from(JSON.stringify({ o: 'occurrence', s: moment, e: '00000000-0000-4000-8000-000000000000' })).toString(
      'base64url',
    );
    const result = await hub.gql(
      'query($after: String) { occurrences(from: "2026-01-01T00:00:00Z", to: "2026-06-01T00:00:00Z", after: $after) { startsAt } }',
      { after },
    );
    expectRefused(result, 'BAD_USER_INPUT', 'after');
  });
});

describe('recurrence rules that (almost) never occur', () => {
  const base = {
    startsAt: new Date('2026-02-28T10:00:00Z'),
    endsAt: new Date('2026-02-28T11:00:00Z'),
    timeZone: 'Europe/Berlin',
  };

  // Such rules made rrule walk day by day to the year 9999 (10 s and more, the whole process blocked).
  test.each([
    'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
    'FREQ=DAILY;BYYEARDAY=366;BYMONTH=1',
    'FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31',
    'FREQ=MONTHLY;BYSETPOS=300',
    'FREQ=DAILY;COUNT=1000;BYMONTH=2;BYMONTHDAY=29',
  ])('%s is refused as too rare to check', (recurrence) => {
    expect(() => seriesEnd({ ...base, recurrence })).toThrow(/occurs too rarely/);
  });

  test('through the API: BAD_USER_INPUT naming input.recurrence, nothing written', async () => {
    const before = await eventRowCounts(hub);
    const result = await hub.gql(
      `mutation { createEvent(input: { title: [{ language: "de", text: "Nie" }], category: MEETING,
         startsAt: "2026-10-03T10:00:00Z", endsAt: "2026-10-03T11:00:00Z", recurrence: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30" }) { id } }`,
      {},
      { key: admin },
    );
    expectRefused(result, 'BAD_USER_INPUT', 'input.recurrence');
    expect(result.errors![0]!.message).toMatch(/occurs too rarely/);
    expect(await eventRowCounts(hub)).toEqual(before);
  });

  test('a daily series asked about the year 9999 answers its occurrences there', async () => {
    const series = await createEvent(hub, admin, {
      title: 'Täglich',
      startsAt: '2026-10-03T10:00:00+02:00',
      endsAt: '2026-10-03T11:00:00+02:00',
      recurrence: 'FREQ=DAILY',
    });
    const data = await hub.ok(
      'query($id: ID!) { event(id: $id) { occurrences(from: "9999-03-01T00:00:00Z", to: "9999-03-04T00:00:00Z") { startsAt } } }',
      { id: series.id },
      { key: admin },
    );
    expect(data.event.occurrences.map((o: { startsAt: string }) => o.startsAt)).toEqual([
      '9999-03-01T09:00:00.000Z',
      '9999-03-02T09:00:00.000Z',
      '9999-03-03T09:00:00.000Z',
    ]);
  });

  test('time zones that are paths or offsets → BAD_USER_INPUT naming input.timeZone', async () => {
    for (const timeZone of ['../../etc/passwd', '/etc/localtime', '+01:00', 'Europe/../Berlin', 'Europe/Berlin\u0000']) {
      const result = await hub.gql(
        'mutation($id: ID!, $tz: String) { updateEvent(id: $id, expectedVersion: 99, input: { timeZone: $tz }) { id } }',
        { id: published.id, tz: timeZone },
        { key: admin },
      );
      // A stale version is checked first; the zone is then never looked at. Use the right one.
      const version = (await hub.ok('query($id: ID!) { event(id: $id) { version } }', { id: published.id }, { key: admin })).event
        .version;
      const checked = await hub.gql(
        'mutation($id: ID!, $v: Int!, $tz: String) { updateEvent(id: $id, expectedVersion: $v, input: { timeZone: $tz }) { id } }',
        { id: published.id, v: version, tz: timeZone },
        { key: admin },
      );
      expect(errorCode(result)).not.toBe('INTERNAL_SERVER_ERROR');
      expectRefused(checked, 'BAD_USER_INPUT', /^input\.timeZone$/);
    }
  });
});

describe('numbers and shapes a client should not send', () => {
  /** POSTs a raw body (JSON.stringify cannot write these). */
  async function raw(body: string): Promise<GraphQLResponse> {
    const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const json = (await response.json()) as { data?: unknown; errors?: GraphQLResponse['errors'] };
    return { status: response.status, data: json.data ?? undefined, errors: json.errors };
  }

  test.each([
    ['Infinity as a latitude', '{ "latitude": 1e999, "longitude": 9.4, "radiusKm": 5 }'],
    ['NaN-like text as a radius', '{ "latitude": 51.3, "longitude": 9.4, "radiusKm": "NaN" }'],
    ['a negative radius', '{ "latitude": 51.3, "longitude": 9.4, "radiusKm": -1 }'],
  ])('%s → BAD_USER_INPUT', async (_name, near) => {
    const result = await raw(
      `{"query":"query($near: GeoRadiusInput) { organisations(filter: { near: $near }) { totalCount } }","variables":{"near":${near}}}`,
    );
    expectRefused(result, 'BAD_USER_INPUT', /^filter\.near/);
  });

  test('variables nested thousands of levels deep → BAD_USER_INPUT, and the hub keeps serving', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const result = await raw(`{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":${deep}}}`);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await hub.gql('{ viewer { authenticated } }')).data).toEqual({ viewer: { authenticated: false } });
  });

  test.each([
    ['first: 0', 'query { organisations(first: 0) { totalCount } }', 'first'],
    ['first: -1', 'query { events(first: -1) { totalCount } }', 'first'],
    ['first beyond 32 bits', 'query { events(first: 4294967297) { totalCount } }', 'first'],
    [
      'occurrences first: -5',
      'query { occurrences(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", first: -5) { startsAt } }',
      'first',
    ],
    [
      'a window of ten years',
      'query { occurrences(from: "2026-01-01T00:00:00Z", to: "2036-01-01T00:00:00Z") { startsAt } }',
      'to',
    ],
    ['nodes: 101 ids', `query { nodes(ids: [${Array.from({ length: 101 }, () => '"x"').join(',')}]) { id } }`, 'ids'],
  ])('%s → BAD_USER_INPUT naming the field', async (_name, query, field) => {
    const result = await hub.gql(query);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // (A huge `first` also exceeds the cost limit, reported first with its `reason`.)
    expect(result.errors!.map((error) => error.extensions?.field)).toContain(field);
  });

  test('an expectedVersion beyond 32 bits, and huge lists in an input → BAD_USER_INPUT, nothing written', async () => {
    const before = await eventRowCounts(hub);
    const version = await hub.gql(
      'mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 9007199254740993, input: {}) { id } }',
      { id: published.id },
      { key: admin },
    );
    expectRefused(version, 'BAD_USER_INPUT', 'expectedVersion');
    const topics = await hub.gql(
      'mutation($id: ID!, $t: [Topic!]) { updateEvent(id: $id, expectedVersion: 1, input: { topics: $t }) { id } }',
      { id: published.id, t: Array.from({ length: 5000 }, () => 'CULTURE') },
      { key: admin },
    );
    expectRefused(topics, 'BAD_USER_INPUT', 'input.topics');
    const invitations = await hub.gql(
      'mutation($id: ID!, $i: [InvitationInput!]!) { inviteOrganisers(eventId: $id, invitations: $i) { id } }',
      { id: published.id, i: Array.from({ length: 500 }, () => ({ organisationId: organisation.id })) },
      { key: admin },
    );
    expectRefused(invitations, 'BAD_USER_INPUT', 'invitations');
    expect(await eventRowCounts(hub)).toEqual(before);
  });

  test('a long search text is refused, not run', async () => {
    const result = await hub.gql('query($s: String) { events(filter: { search: $s }) { totalCount } }', {
      s: 'Moschee '.repeat(5000),
    });
    expectRefused(result, 'BAD_USER_INPUT', 'filter.search');
  });
});

describe('concurrent mutations on one event', () => {
  const PARALLEL = 8;

  test('the same organisation invited in parallel: invited once, the others told it is on the event', async () => {
    const event = await createEvent(hub, admin, { title: 'Parallel eingeladen' });
    const guest = await createOrganisation(hub, coordinator, { name: 'Gastverein Parallel' });
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        hub.gql(
          'mutation($e: ID!, $o: ID!) { inviteOrganisers(eventId: $e, invitations: [{ organisationId: $o }]) { version } }',
          { e: event.id, o: guest.id },
          { key: admin },
        ),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(1);
    for (const refused of results.filter((r) => r.errors))
      expectRefused(refused, 'BAD_USER_INPUT', 'invitations[0].organisationId');
    const [row] = await hub.db.query(
      "SELECT count(*)::int AS n FROM event_history WHERE kind = 'ORGANISERS_INVITED' AND event_id = (SELECT event_id FROM event_organiser WHERE role = 'CO_HOST' AND organisation_id = $1::uuid)",
      [Buffer.from(guest.id, 'base64').toString().split(':')[1]],
    );
    expect(row.n).toBe(1);
  });

  test('accept and decline at once: exactly one answer applies, the other is a CONFLICT', async () => {
    const event = await createEvent(hub, admin, { title: 'Gleichzeitig beantwortet' });
    const guest = await createOrganisation(hub, coordinator, { name: 'Gastverein Antwort' });
    const guestKey = await memberKey(hub, guest.id, 'EDITOR');
    await inviteOrganisers(hub, admin, event.id, [{ organisationId: guest.id }]);
    const answer = (accept: boolean) =>
      hub.gql(
        'mutation($e: ID!, $o: ID!, $a: Boolean!) { respondToInvitation(eventId: $e, organisationId: $o, accept: $a) { id } }',
        { e: event.id, o: guest.id, a: accept },
        { key: guestKey },
      );
    const calls = [true, false, true, false];
    const results = await Promise.all(calls.map((accept) => answer(accept)));
    const applied = results.findIndex((r) => !r.errors);
    expect(results.filter((r) => !r.errors).length).toBe(1);
    // The event is a draft: when the decline wins, the organisation no longer sees it (declined organisations
    // lose sight of drafts), so the others answer exactly as for an unknown event; when the accept wins, CONFLICT.
    const refusal = calls[applied] ? 'CONFLICT' : 'NOT_FOUND';
    for (const refused of results.filter((r) => r.errors)) {
      const code = refused.errors![0]!.extensions?.code;
      expect(code === refusal || code === 'CONFLICT').toBe(true);
    }
  });

  test('delete, update, publish and invite racing on one draft: each applies or answers a clear code', async () => {
    const event = await createEvent(hub, admin, { title: 'Wettlauf' });
    const guest = await createOrganisation(hub, coordinator, { name: 'Gastverein Wettlauf' });
    const results = await Promise.all([
      hub.gql('mutation($id: ID!) { deleteEvent(id: $id) }', { id: event.id }, { key: admin }),
      hub.gql(
        'mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, input: { capacity: 20 }) { id } }',
        { id: event.id, v: event.version },
        { key: admin },
      ),
      hub.gql(
        'mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { id } }',
        { id: event.id, v: event.version },
        { key: admin },
      ),
      hub.gql(
        'mutation($e: ID!, $o: ID!) { inviteOrganisers(eventId: $e, invitations: [{ organisationId: $o }]) { id } }',
        { e: event.id, o: guest.id },
        { key: admin },
      ),
    ]);
    for (const result of results) {
      if (result.errors) expect(['CONFLICT', 'NOT_FOUND']).toContain(errorCode(result));
    }
  });

  test('campaigns of the same name created at once all get their own slug', async () => {
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        hub.gql(
          'mutation($input: CampaignInput!) { createCampaign(input: $input) { slug } }',
          {
            input: { name: 'Woche der Begegnung', kind: 'ACTION_WEEK', startsOn: '2026-09-20', endsOn: '2026-09-27' },
          },
          { key: coordinator },
        ),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual(results.map(() => undefined));
    expect(new Set(results.map((r) => r.data.createCampaign.slug)).size).toBe(PARALLEL);
  });

  test('the campaign helper still works afterwards', async () => {
    expect((await createCampaign(hub, coordinator, { name: 'Nachher' })).slug).toBe('nachher');
  });
});
