import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import nodeIcal, { type VEvent } from 'node-ical';
import { createOrganisation, municipalityIds } from '../helpers/factories';
import { cancelEvent, createCampaign, createEvent, dbId, memberKey, publishEvent } from '../helpers/events';
import { TestHub } from '../helpers/hub';
import { Viewer } from '../../src/access';
import { parseFeedQuery } from '../../src/feeds/feed.params';
import { loadIcsRows } from '../../src/feeds/feed.query';

// ical.js ships ES module types; under Jest (CommonJS) its CommonJS build is loaded.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;
type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;

/**
 * The iCalendar and Atom feeds, read by real parsers: ical.js (strict: it
 * throws on malformed content, and we check line folding and required
 * properties on top) and node-ical, both expanding RRULE + EXDATE with the
 * feed's VTIMEZONE to the same instants as the API's `occurrences`, across
 * the changes to summer time (29 March 2026) and back (25 October 2026).
 */

const SERIES_WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-11-30T00:00:00Z' };

interface Feed {
  status: number;
  text: string;
  headers: Headers;
}

/** Checks what ical.js does not: CRLF line ends, lines folded at 75 octets, FREQ first, required properties. */
function strictParse(text: string): Component {
  expect(text.endsWith('\r\n')).toBe(true);
  for (const line of text.split('\r\n')) {
    expect(line).not.toContain('\n');
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    for (const property of ['uid', 'dtstamp', 'dtstart', 'summary']) expect(vevent.hasProperty(property)).toBe(true);
    const rrule = vevent.getFirstProperty('rrule');
    if (rrule) expect(rrule.toICALString()).toMatch(/^RRULE:FREQ=/);
  }
  return calendar;
}

function vevents(calendar: Component): Map<string, Component> {
  return new Map(
    calendar.getAllSubcomponents('vevent').map((vevent) => [String(vevent.getFirstPropertyValue('uid')), vevent] as const),
  );
}

/** Occurrence starts of a VEVENT in [from, to) as ical.js expands them (EXDATE applied). */
function icalStarts(vevent: Component, from: Date, to: Date): string[] {
  const event = new ICAL.Event(vevent);
  const iterator = event.iterator();
  const found: string[] = [];
  for (let next = iterator.next(); next; next = iterator.next()) {
    const date = next.toJSDate();
    if (date.getTime() >= to.getTime()) break;
    if (date.getTime() >= from.getTime()) found.push(date.toISOString());
  }
  return found;
}

describe('calendar feeds', () => {
  let hub: TestHub;
  let base: string;
  let coordinator: string;
  let editorA: string;
  let editorB: string;
  const ids: Record<string, string> = {};
  let orgA: { id: string; slug: string };

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Feed> => {
    const response = await fetch(`${base}${path}`, { headers });
    return { status: response.status, text: await response.text(), headers: response.headers };
  };
  const uid = (title: string) => `${dbId(ids[title]!)}@wir-hub`;
  const uidsOf = (text: string) => [...vevents(strictParse(text)).keys()].sort();

  beforeAll(async () => {
    hub = await TestHub.start({ PUBLIC_URL: 'https://hub.example.org/', CHANGE_POLL_INTERVAL_MS: '600000' });
    base = hub.url.replace(/\/graphql$/, '');
    coordinator = await hub.key({ coordinator: true });
    const m = await municipalityIds(hub);
    orgA = await createOrganisation(hub, coordinator, {
      name: 'Moscheegemeinde Baunatal',
      email: 'info@moschee-baunatal.example.org',
      address: { municipalityId: m.Baunatal },
    });
    const orgB = await createOrganisation(hub, coordinator, {
      name: 'Helferkreis Vellmar',
      address: { municipalityId: m.Vellmar },
    });
    editorA = await memberKey(hub, orgA.id, 'EDITOR');
    editorB = await memberKey(hub, orgB.id, 'EDITOR');
    const week = await createCampaign(hub, coordinator, {
      name: 'Interkulturelle Woche 2026',
      startsOn: '2026-09-20',
      endsOn: '2026-09-27',
    });
    const baunatal = {
      municipalityId: m.Baunatal,
      street: 'Marktplatz 1',
      postalCode: '34225',
      locality: 'Baunatal',
      location: { latitude: 51.2557, longitude: 9.4181 },
    };
    const make = async (key: string, title: string, spec: Record<string, unknown>, publish = true) => {
      const created = await createEvent(hub, key, { title, ...spec });
      ids[title] = created.id;
      return publish ? publishEvent(hub, key, created) : created;
    };
    // A weekly Tuesday 18:00 Berlin time from March to November: across both clock changes.
    await make(editorA, 'Sprachcafé', {
      title: undefined,
      startsAt: '2026-03-03T18:00:00+01:00',
      endsAt: '2026-03-03T20:00:00+01:00',
      recurrence: 'BYDAY=TU;FREQ=WEEKLY;UNTIL=20261124',
      topics: ['LANGUAGE_SUPPORT'],
      category: 'LANGUAGE_CAFE',
      summary: [
        { language: 'de', text: 'Deutsch sprechen bei Tee und Gebäck' },
        { language: 'en', text: 'Speak German over tea and biscuits' },
      ],
      registrationUrl: 'https://moschee-baunatal.example.org/sprachcafe',
      address: baunatal,
    });
    // Title in two languages (createEvent sets the German one from the title argument).
    const cafe = await hub.ok(`query($id: ID!) { event(id: $id) { version } }`, { id: ids['Sprachcafé'] }, { key: editorA });
    await hub.ok(
      `mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { version } }`,
      {
        id: ids['Sprachcafé'],
        v: cafe.event.version,
        input: {
          title: [
            { language: 'de', text: 'Sprachcafé' },
            { language: 'en', text: 'Language café' },
          ],
        },
      },
      { key: editorA },
    );
    // Not on 31 March (the first Tuesday in summer time) nor on 27 October (the first back in winter time).
    for (const at of ['2026-03-31T18:00:00+02:00', '2026-10-27T18:00:00+01:00']) {
      const current = await hub.ok(`query($id: ID!) { event(id: $id) { version } }`, { id: ids['Sprachcafé'] }, { key: editorA });
      await hub.ok(
        `mutation($id: ID!, $at: DateTime!, $v: Int!) { cancelOccurrence(eventId: $id, occurrenceStartsAt: $at, expectedVersion: $v) { version } }`,
        { id: ids['Sprachcafé'], at, v: current.event.version },
        { key: editorA },
      );
    }
    // All day on the day of the autumn change, in the campaign.
    await make(editorA, 'Tag der offenen Tür', {
      startsAt: '2026-10-25T00:00:00+02:00',
      endsAt: '2026-10-25T23:00:00+01:00',
      allDay: true,
      address: baunatal,
      campaignId: week.id,
      category: 'OPEN_HOUSE',
    });
    const talk = await make(editorA, 'Vortrag', { startsAt: '2026-09-10T19:00:00+02:00', endsAt: '2026-09-10T21:00:00+02:00' });
    await cancelEvent(hub, editorA, talk, 'Referentin erkrankt');
    await make(editorA, 'Partnertreffen', {
      visibility: 'PARTNERS',
      startsAt: '2026-09-15T10:00:00+02:00',
      endsAt: '2026-09-15T12:00:00+02:00',
    });
    await make(editorA, 'Entwurf A', { startsAt: '2026-09-16T10:00:00+02:00', endsAt: '2026-09-16T12:00:00+02:00' }, false);
    await make(editorB, 'Entwurf B', { startsAt: '2026-09-17T10:00:00+02:00', endsAt: '2026-09-17T12:00:00+02:00' }, false);
    await make(editorB, 'Nur Organisatoren B', {
      visibility: 'ORGANISERS',
      startsAt: '2026-09-18T10:00:00+02:00',
      endsAt: '2026-09-18T12:00:00+02:00',
      address: { municipalityId: m.Vellmar },
    });
  });
  afterAll(() => hub?.stop());

  test('the anonymous district feed holds the published public events only, as RFC 5545 that ical.js parses strictly', async () => {
    const feed = await get('/feeds/events.ics?from=2026-01-01');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(uidsOf(feed.text)).toEqual([uid('Sprachcafé'), uid('Tag der offenen Tür'), uid('Vortrag')].sort());
    for (const hidden of ['Partnertreffen', 'Entwurf', 'Nur Organisatoren', 'Referentin'])
      expect(feed.text).not.toContain(hidden);
  });

  test('every VEVENT carries its fields: UID, SEQUENCE, DTSTAMP, LAST-MODIFIED, texts, place, GEO, URL, ORGANIZER, categories, status', async () => {
    const feed = await get('/feeds/events.ics?from=2026-01-01');
    const calendar = strictParse(feed.text);
    const cafe = vevents(calendar).get(uid('Sprachcafé'))!;
    const api = await hub.ok(`query($id: ID!) { event(id: $id) { version updatedAt } }`, { id: ids['Sprachcafé'] });
    expect(cafe.getFirstPropertyValue('sequence')).toBe(api.event.version - 1);
    expect(cafe.getFirstPropertyValue('summary')).toBe('Sprachcafé');
    expect(cafe.getFirstPropertyValue('description')).toBe('Deutsch sprechen bei Tee und Gebäck');
    expect(cafe.getFirstPropertyValue('location')).toBe('Marktplatz 1, 34225 Baunatal');
    expect(cafe.getFirstPropertyValue('geo')).toEqual([51.2557, 9.4181]);
    expect(cafe.getFirstPropertyValue('url')).toBe('https://moschee-baunatal.example.org/sprachcafe');
    const organizer = cafe.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:info@moschee-baunatal.example.org');
    expect(organizer.getParameter('cn')).toBe('Moscheegemeinde Baunatal');
    expect(cafe.getAllProperties('categories').flatMap((p: { getValues(): unknown[] }) => p.getValues())).toEqual([
      'LANGUAGE_CAFE',
      'LANGUAGE_SUPPORT',
    ]);
    expect(cafe.getFirstPropertyValue('status')).toBe('CONFIRMED');
    const lastModified = (cafe.getFirstPropertyValue('last-modified') as Time).toJSDate();
    expect(Math.abs(lastModified.getTime() - Date.parse(api.event.updatedAt))).toBeLessThan(1000);
    expect(String(cafe.getFirstProperty('dtstamp')!.getFirstValue())).toMatch(/Z$/);
    // The series in its zone, with its VTIMEZONE; UNTIL as UTC.
    expect(cafe.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');
    expect(calendar.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual([
      'Europe/Berlin',
    ]);
    expect(cafe.getFirstProperty('rrule')!.toICALString()).toBe('RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261124T225959Z');

    const vortrag = vevents(calendar).get(uid('Vortrag'))!;
    expect(vortrag.getFirstPropertyValue('status')).toBe('CANCELLED');

    // All day: DATE values, the day in Berlin (not the UTC day before).
    const fest = vevents(calendar).get(uid('Tag der offenen Tür'))!;
    const start = fest.getFirstPropertyValue('dtstart') as Time;
    expect([start.isDate, start.toString()]).toEqual([true, '2026-10-25']);
    expect((fest.getFirstPropertyValue('dtend') as Time).toString()).toBe('2026-10-26');
    expect(fest.getFirstPropertyValue('description')).toBe('Teil von: Interkulturelle Woche 2026');
  });

  test('RRULE + EXDATE + VTIMEZONE expand to the same instants as `occurrences` in ical.js and node-ical, across 29 March and 25 October', async () => {
    const api = await hub.ok(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) { event(id: $id) { occurrences(from: $from, to: $to, first: 100) { startsAt endsAt } } }`,
      { id: ids['Sprachcafé'], ...SERIES_WINDOW },
    );
    const expected: string[] = api.event.occurrences.map((o: any) => o.startsAt);
    expect(expected).toContain('2026-03-24T17:00:00.000Z'); // 18:00 CET
    expect(expected).not.toContain('2026-03-31T16:00:00.000Z'); // cancelled
    expect(expected).toContain('2026-04-07T16:00:00.000Z'); // 18:00 CEST
    expect(expected).toContain('2026-10-20T16:00:00.000Z'); // 18:00 CEST
    expect(expected).not.toContain('2026-10-27T17:00:00.000Z'); // cancelled
    expect(expected).toContain('2026-11-03T17:00:00.000Z'); // 18:00 CET
    expect(expected.at(-1)).toBe('2026-11-24T17:00:00.000Z');

    const feed = await get(`/feeds/events.ics?from=2026-01-01`);
    const cafe = vevents(strictParse(feed.text)).get(uid('Sprachcafé'))!;
    const from = new Date(SERIES_WINDOW.from);
    const to = new Date(SERIES_WINDOW.to);
    expect(icalStarts(cafe, from, to)).toEqual(expected);

    const parsed = nodeIcal.sync.parseICS(feed.text);
    const event = parsed[uid('Sprachcafé')] as VEvent;
    const instances = nodeIcal.expandRecurringEvent(event, { from, to });
    expect(instances.map((instance) => new Date(instance.start).toISOString())).toEqual(expected);
    expect(instances.every((i) => new Date(i.end).getTime() - new Date(i.start).getTime() === 2 * 3_600_000)).toBe(true);
    const fest = parsed[uid('Tag der offenen Tür')] as VEvent;
    expect(fest.datetype).toBe('date');
    expect(parsed[uid('Vortrag')]).toMatchObject({ status: 'CANCELLED' });
  });

  test('lang picks the language of the texts, falling back to the original', async () => {
    const feed = await get('/feeds/events.ics?from=2026-01-01&lang=en');
    const all = vevents(strictParse(feed.text));
    expect(all.get(uid('Sprachcafé'))!.getFirstPropertyValue('summary')).toBe('Language café');
    expect(all.get(uid('Sprachcafé'))!.getFirstPropertyValue('description')).toBe('Speak German over tea and biscuits');
    expect(all.get(uid('Vortrag'))!.getFirstPropertyValue('summary')).toBe('Vortrag');
    const viaHeader = await get('/feeds/events.ics?from=2026-01-01', { 'accept-language': 'en-GB,en;q=0.8' });
    expect(vevents(strictParse(viaHeader.text)).get(uid('Sprachcafé'))!.getFirstPropertyValue('summary')).toBe('Language café');
  });

  test('filters as parameters and path forms: municipality slug, organisation, campaign, topic, category, window, one event', async () => {
    // The talk has no address, so no municipality.
    expect(uidsOf((await get('/feeds/municipalities/baunatal.ics?from=2026-01-01')).text)).toEqual(
      [uid('Sprachcafé'), uid('Tag der offenen Tür')].sort(),
    );
    expect(uidsOf((await get('/feeds/municipalities/vellmar.ics?from=2026-01-01')).text)).toEqual([]);
    expect(uidsOf((await get(`/feeds/organisations/${orgA.slug}.ics?from=2026-01-01&topic=LANGUAGE_SUPPORT`)).text)).toEqual([
      uid('Sprachcafé'),
    ]);
    expect(uidsOf((await get('/feeds/campaigns/interkulturelle-woche-2026.ics?from=2026-01-01')).text)).toEqual([
      uid('Tag der offenen Tür'),
    ]);
    expect(
      uidsOf((await get('/feeds/events.ics?municipality=baunatal&category=OPEN_HOUSE,LANGUAGE_CAFE&from=2026-01-01')).text),
    ).toEqual([uid('Sprachcafé'), uid('Tag der offenen Tür')].sort());
    // Exact windows here too: 8–12 September holds the cancelled talk and no Tuesday.
    expect(uidsOf((await get('/feeds/events.ics?from=2026-09-09&to=2026-09-12')).text)).toEqual([uid('Vortrag')]);
    const single = await get(`/feeds/events/${encodeURIComponent(ids['Vortrag']!)}.ics`);
    expect(uidsOf(single.text)).toEqual([uid('Vortrag')]);
    const urls = await hub.ok(
      `query($id: ID!) { event(id: $id) { calendarUrl { ics webcal atom } } municipality(slug: "baunatal") { name calendarUrl { ics } } }`,
      { id: ids['Vortrag'] },
    );
    expect(urls.event.calendarUrl.ics).toBe(`https://hub.example.org/feeds/events/${encodeURIComponent(ids['Vortrag']!)}.ics`);
    expect(urls.event.calendarUrl.webcal).toBe(
      `webcal://hub.example.org/feeds/events/${encodeURIComponent(ids['Vortrag']!)}.ics`,
    );
    expect(urls.municipality).toEqual({
      name: 'Baunatal',
      calendarUrl: { ics: 'https://hub.example.org/feeds/municipalities/baunatal.ics' },
    });
  });

  test('bad parameters answer 400 naming the parameter; unknown slugs and hidden events 404; never a stack trace', async () => {
    for (const [path, parameter] of [
      ['/feeds/events.ics?topic=COOKING', 'topic'],
      ['/feeds/events.ics?from=yesterday', 'from'],
      ['/feeds/events.ics?limit=0', 'limit'],
      ['/feeds/events.ics?municipalty=baunatal', 'municipalty'],
      ['/feeds/events.ics?municipality=Bau%20natal', 'municipality'],
    ] as const) {
      const answer = await get(path);
      expect([answer.status, answer.text.startsWith(`${parameter}:`)]).toEqual([400, true]);
    }
    expect((await get('/feeds/municipalities/atlantis.ics')).status).toBe(404);
    expect((await get('/feeds/events.pdf')).status).toBe(404);
    const draft = await get(`/feeds/events/${encodeURIComponent(ids['Entwurf A']!)}.ics`);
    expect(draft.status).toBe(404);
    expect(draft.text).not.toContain('Entwurf');
  });

  test('ETag and Last-Modified answer 304; a change makes a new ETag', async () => {
    const path = '/feeds/municipalities/baunatal.ics?from=2026-01-01';
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const lastModified = first.headers.get('last-modified')!;
    expect((await get(path, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(path, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(path, { 'if-none-match': '"other"' })).status).toBe(200);

    const current = await hub.ok(
      `query($id: ID!) { event(id: $id) { version } }`,
      { id: ids['Tag der offenen Tür'] },
      { key: editorA },
    );
    await hub.ok(
      `mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, input: { free: true }) { version } }`,
      { id: ids['Tag der offenen Tür'], v: current.event.version },
      { key: editorA },
    );
    const changed = await get(path, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  test('a 304 costs one cheap statement; visible changes change the ETag, changes the viewer cannot see do not', async () => {
    const version = async (title: string) =>
      (await hub.ok(`query($id: ID!) { event(id: $id) { version } }`, { id: ids[title] }, { key: coordinator })).event.version;
    const touch = async (title: string, key: string, input: Record<string, unknown>) =>
      hub.ok(
        `mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { version } }`,
        { id: ids[title], v: await version(title), input },
        { key },
      );
    const token = (await hub.ok(`mutation { createFeedToken(label: "Validator") { secret } }`, {}, { key: editorA }))
      .createFeedToken.secret;
    const feeds = {
      district: '/feeds/events.ics?from=2026-09-01&to=2026-09-30',
      baunatal: '/feeds/municipalities/baunatal.atom?from=2026-09-01&to=2026-09-30',
      partner: `/feeds/events.ics?from=2026-09-01&to=2026-09-30&token=${token}`,
    };
    const etags = async () => {
      const found: Record<string, string> = {};
      for (const [name, path] of Object.entries(feeds)) {
        const answer = await get(path);
        expect([name, answer.status]).toEqual([name, 200]);
        found[name] = answer.headers.get('etag')!;
      }
      return found;
    };
    const before = await etags();

    // Unchanged: 304 after the validator alone (a token's feed adds the token's own lookup), the same for a path form.
    let answer: Feed | undefined;
    expect(
      await hub.countStatements(async () => (answer = await get(feeds.district, { 'if-none-match': before.district! }))),
    ).toBe(1);
    expect(answer!.status).toBe(304);
    expect(answer!.text).toBe('');
    expect(
      await hub.countStatements(async () => (answer = await get(feeds.baunatal, { 'if-none-match': before.baunatal! }))),
    ).toBe(1);
    expect(answer!.status).toBe(304);
    expect(await hub.countStatements(async () => (answer = await get(feeds.partner, { 'if-none-match': before.partner! })))).toBe(
      2,
    );
    expect(answer!.status).toBe(304);
    const lastModified = (await get(feeds.district)).headers.get('last-modified')!;
    expect(
      await hub.countStatements(async () => (answer = await get(feeds.district, { 'if-modified-since': lastModified }))),
    ).toBe(1);
    expect(answer!.status).toBe(304);
    // A body rendered before is answered from the cache after the validator, without loading the rows.
    expect(await hub.countStatements(async () => (answer = await get(feeds.district)))).toBe(1);
    expect(answer!.status).toBe(200);
    expect(answer!.headers.get('etag')).toBe(before.district);

    // Changes nobody in these feeds but the organisers may see: no ETag moves.
    await touch('Nur Organisatoren B', editorB, { free: true });
    await touch('Entwurf A', editorA, { free: true });
    expect(await etags()).toEqual(before);
    // A change to a partners-only event: only the partner's token feed changes.
    await touch('Partnertreffen', editorA, { free: true });
    const afterPartners = await etags();
    expect(afterPartners.partner).not.toBe(before.partner);
    expect({ ...afterPartners, partner: before.partner }).toEqual(before);
    expect((await get(feeds.partner, { 'if-none-match': before.partner! })).status).toBe(200);
    expect((await get(feeds.district, { 'if-none-match': before.district! })).status).toBe(304);

    // A public event changes: every feed holding it changes (and answers 200 to the old ETag, 304 to the new one).
    const fest = await publishEvent(
      hub,
      editorA,
      await createEvent(hub, editorA, {
        title: 'Herbstfest',
        startsAt: '2026-09-26T15:00:00+02:00',
        endsAt: '2026-09-26T18:00:00+02:00',
        address: { municipalityId: (await municipalityIds(hub)).Baunatal },
      }),
    );
    ids['Herbstfest'] = fest.id;
    const afterFest = await etags();
    for (const name of Object.keys(feeds)) expect([name, afterFest[name]]).not.toEqual([name, afterPartners[name]]);
    const fresh = await get(feeds.district, { 'if-none-match': afterPartners.district! });
    expect(fresh.status).toBe(200);
    expect(uidsOf(fresh.text)).toContain(uid('Herbstfest'));
    expect((await get(feeds.district, { 'if-none-match': afterFest.district! })).status).toBe(304);
    // A public event leaving the anonymous feeds (now for partners only) changes them too.
    await touch('Herbstfest', editorA, { visibility: 'PARTNERS' });
    const afterHidden = await etags();
    expect(afterHidden.district).not.toBe(afterFest.district);
    expect(afterHidden.baunatal).not.toBe(afterFest.baunatal);
    expect(uidsOf((await get(feeds.district)).text)).not.toContain(uid('Herbstfest'));
    // So does a change of what a VEVENT names: the lead organisation's name (ORGANIZER).
    const lead = await hub.ok(`query($id: ID!) { organisation(id: $id) { version } }`, { id: orgA.id });
    await hub.ok(
      `mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $input) { id } }`,
      { id: orgA.id, v: lead.organisation.version, input: { name: 'Moscheegemeinde Baunatal e. V.' } },
      { key: coordinator },
    );
    const afterLead = await etags();
    expect(afterLead.district).not.toBe(afterHidden.district);
    expect((await get(feeds.district)).text).toContain('Moscheegemeinde Baunatal e. V.');
  });

  test('rows read by id after the validator are checked again: an event hidden in between stays out', async () => {
    const feed = parseFeedQuery({ from: '2026-01-01' }, [], 5000);
    const wanted = ['Sprachcafé', 'Partnertreffen', 'Entwurf A', 'Nur Organisatoren B'].map((title) => dbId(ids[title]!));
    const anonymous = await loadIcsRows(hub.db, Viewer.anonymous(), feed, wanted);
    expect(anonymous.rows.map((row) => row.title)).toEqual(['Sprachcafé']);
  });

  test('the whole feed costs the same few statements with 4 events or 14', async () => {
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await publishEvent(
          hub,
          editorA,
          await createEvent(hub, editorA, { startsAt: '2026-09-20T10:00:00+02:00', endsAt: '2026-09-20T11:00:00+02:00' }),
        );
      }
    };
    // Each count follows a change, so the body cache cannot answer: the validator, then the rows.
    const count = () => hub.countStatements(() => get('/feeds/events.ics?from=2026-01-01'));
    await add(1);
    const few = await count();
    await add(10);
    const many = await count();
    expect(uidsOf((await get('/feeds/events.ics?from=2026-01-01')).text)).toHaveLength(14);
    expect(many).toBe(few);
    expect(few).toBe(2);
  });

  test('an Atom feed beside each ICS feed', async () => {
    const atom = await get('/feeds/municipalities/baunatal.atom?from=2026-01-01');
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(atom.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(atom.text).toContain('<title>Veranstaltungen in Baunatal</title>');
    expect(atom.text).toContain(`urn:uuid:${dbId(ids['Tag der offenen Tür']!)}`);
    expect(atom.text).toMatch(/So\.?, 25\. Okt\.? 2026 – Tag der offenen Tür/);
    expect(atom.text).not.toContain('Partnertreffen');
  });

  test('feed tokens: what the key may see, drafts only on request and only its own, revoked at once', async () => {
    const created = await hub.ok(
      `mutation { createFeedToken(label: "Outlook") { secret icsUrl feedToken { id prefix label } } }`,
      {},
      { key: editorA },
    );
    const { secret, icsUrl, feedToken } = created.createFeedToken;
    expect(icsUrl).toBe(`https://hub.example.org/feeds/events.ics?token=${secret}`);
    expect(secret.startsWith(feedToken.prefix)).toBe(true);
    const [stored] = await hub.db.query('SELECT secret_hash FROM feed_token');
    expect(stored.secret_hash).not.toContain(secret);

    const withToken = await get(`/feeds/events.ics?from=2026-09-01&to=2026-09-30&token=${secret}`);
    expect(withToken.headers.get('cache-control')).toBe('private, max-age=300');
    const seen = uidsOf(withToken.text);
    expect(seen).toContain(uid('Partnertreffen'));
    expect(seen).not.toContain(uid('Entwurf A'));
    expect(seen).not.toContain(uid('Nur Organisatoren B'));
    const drafts = uidsOf((await get(`/feeds/events.ics?from=2026-09-01&to=2026-09-30&drafts=true&token=${secret}`)).text);
    expect(drafts).toContain(uid('Entwurf A'));
    expect(drafts).not.toContain(uid('Entwurf B'));
    expect(drafts).not.toContain(uid('Nur Organisatoren B'));
    // Anonymous: drafts=true changes nothing.
    expect(uidsOf((await get('/feeds/events.ics?from=2026-09-01&to=2026-09-30&drafts=true')).text)).not.toContain(
      uid('Entwurf A'),
    );

    // B's token does not see A's draft, and A cannot revoke B's token.
    const other = await hub.ok(`mutation { createFeedToken(label: "B") { secret feedToken { id } } }`, {}, { key: editorB });
    const bDrafts = uidsOf(
      (await get(`/feeds/events.ics?from=2026-09-01&to=2026-09-30&drafts=true&token=${other.createFeedToken.secret}`)).text,
    );
    expect(bDrafts).toContain(uid('Entwurf B'));
    expect(bDrafts).not.toContain(uid('Entwurf A'));
    const foreign = await hub.gql(
      `mutation($id: ID!) { revokeFeedToken(id: $id) { id } }`,
      { id: other.createFeedToken.feedToken.id },
      { key: editorA },
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const revoked = await hub.ok(
      `mutation($id: ID!) { revokeFeedToken(id: $id) { revokedAt } }`,
      { id: feedToken.id },
      { key: editorA },
    );
    expect(revoked.revokeFeedToken.revokedAt).toBeTruthy();
    const refused = await get(`/feeds/events.ics?token=${secret}`);
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('BEGIN:VCALENDAR');
    expect((await get('/feeds/events.ics?token=whf_forged')).status).toBe(401);
  });

  test('a token dies with its API key', async () => {
    const key = await memberKey(hub, orgA.id, 'VIEWER', 'short-lived');
    const created = await hub.ok(`mutation { createFeedToken(label: "tmp") { secret } }`, {}, { key });
    expect((await get(`/feeds/events.ics?token=${created.createFeedToken.secret}`)).status).toBe(200);
    await hub.db.query(`UPDATE api_key SET revoked_at = now() WHERE label = 'short-lived'`);
    expect((await get(`/feeds/events.ics?token=${created.createFeedToken.secret}`)).status).toBe(401);
  });
});
