import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { syncDueSources } from '../../src/calendars';
import { fetchCalendar, isPrivateAddress } from '../../src/calendars/calendar.fetch';
import { createOrganisation, municipalityIds } from '../helpers/factories';
import { dbId, memberKey } from '../helpers/events';
import { errorCode, TestHub } from '../helpers/hub';

/**
 * Import of a partner's calendar from a feed the test serves on loopback
 * (the hub runs with CALENDAR_ALLOW_PRIVATE_ADDRESSES=true for it).
 */

const vevent = (uid: string, summary: string, start: string, extra = '') =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260901T000000Z\r\nDTSTART;TZID=Europe/Berlin:${start}\r\nDURATION:PT2H\r\nSUMMARY:${summary}\r\n${extra}END:VEVENT\r\n`;
const calendar = (...events: string[]) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Partner//DE\r\n${events.join('')}END:VCALENDAR\r\n`;

describe('importing partners’ calendars', () => {
  let hub: TestHub;
  let server: http.Server;
  let feedBase: string;
  let coordinator: string;
  let editor: string;
  let organisationId: string;
  const bodies: Record<string, string> = {};
  let useEtag = true;
  let hits = 0;
  /** When set, the next answer to /half-slow.ics is held and handed to it, to send when the test says so. */
  let holdNext: ((send: () => void) => void) | undefined;

  const source = `
    id url lastFetchedAt lastSuccessAt lastError createdCount updatedCount cancelledCount`;
  const add = (path: string, defaults: Record<string, unknown> = { publish: true }) =>
    hub.gql(
      `mutation($org: ID!, $url: String!, $defaults: CalendarSourceDefaults) { addCalendarSource(organisationId: $org, url: $url, defaults: $defaults) { ${source} } }`,
      { org: organisationId, url: `${feedBase}${path}`, defaults },
      { key: editor },
    );
  const sync = (id: string) =>
    hub.gql(`mutation($id: ID!) { syncCalendarSource(id: $id) { ${source} } }`, { id }, { key: editor });
  const imported = async (): Promise<Array<{ uid: string; status: string; title: string; version: number }>> =>
    (
      await hub.db.query(
        `SELECT source_uid, status, title->>'de' AS title, version, cancelled_occurrences FROM event WHERE source_uid IS NOT NULL ORDER BY source_uid`,
      )
    ).map((row: any) => ({ uid: row.source_uid, status: row.status, title: row.title, version: row.version }));

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits += 1;
      const path = req.url ?? '/';
      if (path === '/slow.ics') {
        // Never answers: only the hub's own fetch timeout (1.5 s) ends the request (afterAll closes what is left).
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.write('BEGIN:VCALENDAR\r\n');
        return;
      }
      if (path === '/loop.ics') {
        res.writeHead(302, { location: '/loop.ics' }).end();
        return;
      }
      if (path === '/huge.ics') {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.end(calendar(vevent('big', 'x'.repeat(60_000), '20261006T180000')));
        return;
      }
      const body = bodies[path];
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      const etag = `"${Buffer.from(body).length}-${body.length % 97}"`;
      if (useEtag && req.headers['if-none-match'] === etag) {
        res.writeHead(304).end();
        return;
      }
      const send = () => res.writeHead(200, { 'content-type': 'text/calendar', ...(useEtag ? { etag } : {}) }).end(body);
      const hold = path === '/half-slow.ics' ? holdNext : undefined;
      holdNext = undefined;
      if (hold) hold(send);
      else send();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    feedBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hub = await TestHub.start({
      CALENDAR_ALLOW_PRIVATE_ADDRESSES: 'true',
      CALENDAR_MAX_BYTES: '50000',
      CALENDAR_FETCH_TIMEOUT_MS: '1500',
      CALENDAR_MAX_EVENTS: '5',
      CHANGE_POLL_INTERVAL_MS: '600000',
    });
    coordinator = await hub.key({ coordinator: true });
    organisationId = (await createOrganisation(hub, coordinator, { name: 'Unterstützerkreis Wolfhagen' })).id;
    editor = await memberKey(hub, organisationId, 'EDITOR', 'Webmaster Wolfhagen');
  });
  afterAll(async () => {
    await hub?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('create, then update, then cancel by UID; re-import changes nothing; history names the source', async () => {
    const m = await municipalityIds(hub);
    bodies['/cal.ics'] = calendar(
      vevent(
        'cafe@partner',
        'Sprachcafé',
        '20261006T180000',
        'RRULE:FREQ=WEEKLY;BYDAY=TU\r\nEXDATE;TZID=Europe/Berlin:20261222T180000\r\n',
      ),
      vevent('fest@partner', 'Fest', '20261010T140000', 'LOCATION:Marktplatz Wolfhagen\r\n'),
    );
    const added = await add('/cal.ics', { publish: true, municipalityId: m.Wolfhagen, topics: ['LANGUAGE_SUPPORT'] });
    expect(added.errors).toBeUndefined();
    const created = added.data.addCalendarSource;
    expect(created).toMatchObject({ lastError: null, createdCount: 2, updatedCount: 0, cancelledCount: 0 });
    expect(await imported()).toEqual([
      { uid: 'cafe@partner', status: 'PUBLISHED', title: 'Sprachcafé', version: expect.any(Number) },
      { uid: 'fest@partner', status: 'PUBLISHED', title: 'Fest', version: expect.any(Number) },
    ]);
    const [cafeRow] = await hub.db.query(`SELECT id FROM event WHERE source_uid = 'cafe@partner'`);
    const cafeId = Buffer.from(`Event:${cafeRow.id}`).toString('base64');
    const cafe = await hub.ok(
      `query($id: ID!) { event(id: $id) { startsAt recurrence cancelledOccurrences topics municipality { name }
         history(first: 10) { edges { node { kind actor { label organisation { name } } } } } } }`,
      { id: cafeId },
      { key: editor },
    );
    expect(cafe.event).toMatchObject({
      startsAt: '2026-10-06T16:00:00.000Z',
      recurrence: 'FREQ=WEEKLY;BYDAY=TU',
      cancelledOccurrences: ['2026-12-22T17:00:00.000Z'],
      topics: ['LANGUAGE_SUPPORT'],
      municipality: { name: 'Wolfhagen' },
    });
    const kinds = cafe.event.history.edges.map((edge: any) => edge.node.kind);
    expect(kinds).toEqual(['CREATED', 'PUBLISHED', 'OCCURRENCE_CANCELLED']);
    expect(cafe.event.history.edges[0].node.actor).toEqual({
      label: `Kalenderimport ${new URL(feedBase).host}`,
      organisation: { name: 'Unterstützerkreis Wolfhagen' },
    });

    // Unchanged: a 304 to the conditional GET, nothing written.
    const before = await imported();
    const unchanged = await sync(created.id);
    expect(unchanged.data.syncCalendarSource).toMatchObject({ createdCount: 2, updatedCount: 0, lastError: null });
    expect(await imported()).toEqual(before);
    // Unchanged without ETag (a full 200): still nothing written.
    useEtag = false;
    await sync(created.id);
    expect(await imported()).toEqual(before);
    useEtag = true;

    // Changed SUMMARY and SEQUENCE: an update.
    bodies['/cal.ics'] = calendar(
      vevent(
        'cafe@partner',
        'Sprachcafé am Dienstag',
        '20261006T180000',
        'SEQUENCE:1\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\nEXDATE;TZID=Europe/Berlin:20261222T180000\r\n',
      ),
      vevent('fest@partner', 'Fest', '20261010T140000', 'LOCATION:Marktplatz Wolfhagen\r\n'),
    );
    const updated = await sync(created.id);
    expect(updated.data.syncCalendarSource).toMatchObject({ createdCount: 2, updatedCount: 1, cancelledCount: 0 });
    expect((await imported()).map((e) => e.title)).toEqual(['Sprachcafé am Dienstag', 'Fest']);

    // The festival is gone from the feed: cancelled, not deleted.
    bodies['/cal.ics'] = calendar(
      vevent(
        'cafe@partner',
        'Sprachcafé am Dienstag',
        '20261006T180000',
        'SEQUENCE:1\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\nEXDATE;TZID=Europe/Berlin:20261222T180000\r\n',
      ),
    );
    const cancelled = await sync(created.id);
    expect(cancelled.data.syncCalendarSource).toMatchObject({ cancelledCount: 1 });
    expect((await imported()).map((e) => [e.uid, e.status])).toEqual([
      ['cafe@partner', 'PUBLISHED'],
      ['fest@partner', 'CANCELLED'],
    ]);
    // Again: nothing more happens.
    const again = await imported();
    useEtag = false;
    await sync(created.id);
    useEtag = true;
    expect(await imported()).toEqual(again);
  });

  test('changed occurrences (RECURRENCE-ID) of a Google Calendar export: moved, retitled and cancelled on their dates', async () => {
    const fixture = fs.readFileSync(path.join(__dirname, 'fixtures', 'frauencafe-overrides.ics'), 'utf8');
    bodies['/frauencafe.ics'] = fixture;
    const added = await add('/frauencafe.ics');
    expect(added.errors).toBeUndefined();
    const linked = added.data.addCalendarSource;
    // The series and a single event for each changed occurrence that still takes place.
    expect(linked).toMatchObject({ lastError: null, createdCount: 3, updatedCount: 0, cancelledCount: 0 });

    /** Frauencafé dates in a window: start, title and status, as `events` lists them (cancelled events stay listed). */
    const onDays = async (from: string, to: string) =>
      (
        await hub.ok(
          `query($f: DateTime!, $t: DateTime!) { events(filter: { from: $f, to: $t }, first: 50) {
             edges { node { title status occurrences(from: $f, to: $t) { startsAt } } } } }`,
          { f: from, t: to },
          { key: editor },
        )
      ).events.edges
        .filter((edge: any) => edge.node.title.startsWith('Frauencafé'))
        .flatMap((edge: any) => edge.node.occurrences.map((o: any) => `${o.startsAt} ${edge.node.title} ${edge.node.status}`))
        .sort();
    const day = (date: string) => onDays(`${date}T00:00:00+02:00`, `${date}T23:59:59+02:00`);
    expect(await day('2026-10-07')).toEqual(['2026-10-07T14:00:00.000Z Frauencafé PUBLISHED']);
    // Moved from Wednesday 14 October, 16:00 to Thursday 15 October, 17:00.
    expect(await day('2026-10-14')).toEqual([]);
    expect(await day('2026-10-15')).toEqual(['2026-10-15T15:00:00.000Z Frauencafé PUBLISHED']);
    // Retitled on 21 October: that date under its own title only.
    expect(await day('2026-10-21')).toEqual(['2026-10-21T14:00:00.000Z Frauencafé – Herbstbasteln PUBLISHED']);
    // Cancelled on 28 October (winter time again).
    expect(await onDays('2026-10-28T00:00:00+01:00', '2026-10-28T23:59:59+01:00')).toEqual([]);
    // 4 November changes nothing the hub shows (an attendee only): the series' own occurrence.
    expect(await onDays('2026-11-04T00:00:00+01:00', '2026-11-04T23:59:59+01:00')).toEqual([
      '2026-11-04T15:00:00.000Z Frauencafé PUBLISHED',
    ]);

    const [series] = await hub.db.query(
      `SELECT id, cancelled_occurrences FROM event WHERE source_uid = 'frauencafe-2026@partner.example.org'`,
    );
    const seriesId = Buffer.from(`Event:${series.id}`).toString('base64');
    const exceptions = async () =>
      (await hub.ok(`query($id: ID!) { event(id: $id) { cancelledOccurrences version } }`, { id: seriesId }, { key: editor }))
        .event;
    expect((await exceptions()).cancelledOccurrences).toEqual([
      '2026-10-14T14:00:00.000Z',
      '2026-10-21T14:00:00.000Z',
      '2026-10-28T15:00:00.000Z',
    ]);
    expect((await imported()).filter((e) => e.uid.startsWith('frauencafe')).map((e) => [e.uid, e.status])).toEqual([
      ['frauencafe-2026@partner.example.org', 'PUBLISHED'],
      ['frauencafe-2026@partner.example.org#2026-10-14T14:00:00.000Z', 'PUBLISHED'],
      ['frauencafe-2026@partner.example.org#2026-10-21T14:00:00.000Z', 'PUBLISHED'],
    ]);

    // The same feed again: nothing changes.
    useEtag = false;
    const before = await imported();
    const version = (await exceptions()).version;
    expect((await sync(linked.id)).data.syncCalendarSource).toMatchObject({
      createdCount: 3,
      updatedCount: 0,
      cancelledCount: 0,
    });
    expect(await imported()).toEqual(before);
    expect((await exceptions()).version).toBe(version);

    // The partner takes the move back: 14 October is the series' again, the moved single event is cancelled.
    const vevents = fixture.split('BEGIN:VEVENT');
    bodies['/frauencafe.ics'] = vevents
      .filter((part) => !part.includes('RECURRENCE-ID;TZID=Europe/Berlin:20261014T160000'))
      .join('BEGIN:VEVENT');
    expect((await sync(linked.id)).data.syncCalendarSource).toMatchObject({ lastError: null, cancelledCount: 1 });
    useEtag = true;
    expect(await day('2026-10-14')).toEqual(['2026-10-14T14:00:00.000Z Frauencafé PUBLISHED']);
    expect(await day('2026-10-15')).toEqual(['2026-10-15T15:00:00.000Z Frauencafé CANCELLED']);
    expect((await exceptions()).cancelledOccurrences).toEqual(['2026-10-21T14:00:00.000Z', '2026-10-28T15:00:00.000Z']);
  });

  test('broken feeds leave a clear lastError and write nothing', async () => {
    bodies['/malformed.ics'] =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nthis line is broken\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    bodies['/page.ics'] = '<!doctype html><html><body>Kalender</body></html>';
    bodies['/many.ics'] = calendar(...[1, 2, 3, 4, 5, 6].map((n) => vevent(`m${n}`, `Termin ${n}`, '20261006T180000')));
    const [{ n: eventsBefore }] = await hub.db.query('SELECT count(*)::int AS n FROM event');
    const cases: Array<[string, RegExp]> = [
      ['/malformed.ics', /^line 5 is malformed/],
      ['/page.ics', /^not iCalendar/],
      ['/many.ics', /^too many events \(6; at most 5\)/],
      ['/huge.ics', /^the calendar is too large/],
      ['/slow.ics', /^no complete answer within 1.5 s/],
      ['/loop.ics', /^more than 3 redirects/],
      ['/missing.ics', /^the server answered HTTP 404/],
    ];
    for (const [path, message] of cases) {
      const result = await add(path);
      expect(result.errors).toBeUndefined();
      const linked = result.data.addCalendarSource;
      expect([path, linked.lastError]).toEqual([path, expect.stringMatching(message)]);
      expect(linked.lastSuccessAt).toBeNull();
      expect(linked.createdCount).toBe(0);
    }
    const [{ n: eventsAfter }] = await hub.db.query('SELECT count(*)::int AS n FROM event');
    expect(eventsAfter).toBe(eventsBefore);
    // The hub still answers.
    expect((await hub.gql('{ municipalities { name } }')).data.municipalities).toHaveLength(28);
  });

  test('bad input to addCalendarSource is refused naming the field; other organisations may not link calendars', async () => {
    const bad = await hub.gql(
      `mutation($org: ID!) { addCalendarSource(organisationId: $org, url: "ftp://example.org/cal.ics") { id } }`,
      { org: organisationId },
      { key: editor },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    const other = await createOrganisation(hub, coordinator, {});
    const otherEditor = await memberKey(hub, other.id, 'EDITOR');
    const foreign = await hub.gql(
      `mutation($org: ID!, $url: String!) { addCalendarSource(organisationId: $org, url: $url) { id } }`,
      { org: organisationId, url: `${feedBase}/cal.ics` },
      { key: otherEditor },
    );
    expect(errorCode(foreign)).toBe('FORBIDDEN');
  });

  test('private and loopback addresses are refused unless allowed', async () => {
    const limits = { maxBytes: 10_000, timeoutMs: 2_000, maxRedirects: 3, allowPrivateAddresses: false };
    await expect(fetchCalendar(`${feedBase}/cal.ics`, { etag: null, lastModified: null }, limits)).rejects.toThrow(
      /^127\.0\.0\.1 is a private or local address; such addresses are not fetched/,
    );
    await expect(
      fetchCalendar(`http://localhost:${new URL(feedBase).port}/cal.ics`, { etag: null, lastModified: null }, limits),
    ).rejects.toThrow(/private or local address/);
    for (const address of [
      '10.1.2.3',
      '192.168.0.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      'fd00::1',
      '0.0.0.0',
    ]) {
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    }
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    const allowed = await fetchCalendar(
      `${feedBase}/cal.ics`,
      { etag: null, lastModified: null },
      { ...limits, allowPrivateAddresses: true },
    );
    expect(allowed.body).toContain('BEGIN:VCALENDAR');
  });

  test('one sync of a source at a time: a second one while the first runs answers CONFLICT', async () => {
    bodies['/half-slow.ics'] = calendar(vevent('hs@partner', 'Halblangsam', '20261006T180000'));
    const linked = (await add('/half-slow.ics')).data.addCalendarSource;
    useEtag = false;
    // The first sync is held at the feed (a fact: its request has arrived) while the second one is asked for.
    const held = new Promise<() => void>((resolve) => (holdNext = resolve));
    const firstSync = sync(linked.id);
    const release = await held;
    const second = await sync(linked.id);
    release();
    const first = await firstSync;
    useEtag = true;
    expect(errorCode(first)).toBeUndefined();
    expect(errorCode(second)).toBe('CONFLICT');
    const [{ n }] = await hub.db.query(`SELECT count(*)::int AS n FROM event WHERE source_uid = 'hs@partner'`);
    expect(n).toBe(1);
  });

  test('the periodic sync runs in the background: its statements are in no request’s count', async () => {
    bodies['/background.ics'] = calendar(vevent('bg@partner', 'Hintergrund', '20261012T180000'));
    const linked = (await add('/background.ics')).data.addCalendarSource;
    bodies['/background.ics'] = calendar(vevent('bg@partner', 'Hintergrund, neu', '20261012T180000'));
    await hub.db.query('UPDATE calendar_source SET next_sync_at = now() WHERE id = $1', [dbId(linked.id)]);
    const log = hub.hub.database.queryLog;
    const [requests, background] = [log.count, log.backgroundCount];
    expect(await syncDueSources(hub.hub.services)).toBeGreaterThanOrEqual(1);
    expect(log.count).toBe(requests);
    // The claim, the import through the events slice's mutations and the outcome: all background.
    expect(log.backgroundCount - background).toBeGreaterThan(5);
    expect((await imported()).find((e) => e.uid === 'bg@partner')?.title).toBe('Hintergrund, neu');
  });

  test('importCalendar imports a text once, as drafts', async () => {
    const result = await hub.ok(
      `mutation($org: ID!, $ics: String!) { importCalendar(organisationId: $org, ics: $ics) { created updated cancelled unchanged skipped } }`,
      {
        org: organisationId,
        ics: calendar(
          vevent('once@partner', 'Einmalig', '20261107T100000'),
          vevent('bad@partner', 'Falsch', '20261107T100000', 'RRULE:FREQ=HOURLY\r\n'),
        ),
      },
      { key: editor },
    );
    expect(result.importCalendar).toMatchObject({ created: 1, updated: 0, cancelled: 0, unchanged: 0 });
    expect(result.importCalendar.skipped).toEqual([expect.stringMatching(/^bad@partner: .*FREQ=HOURLY is invalid/)]);
    const [row] = await hub.db.query(`SELECT status, lead_organisation_id FROM event WHERE source_uid = 'once@partner'`);
    expect(row).toEqual({ status: 'DRAFT', lead_organisation_id: dbId(organisationId) });
    const broken = await hub.gql(
      `mutation($org: ID!) { importCalendar(organisationId: $org, ics: "hello") { created } }`,
      { org: organisationId },
      { key: editor },
    );
    expect(broken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ics' });
    expect(hits).toBeGreaterThan(0);
  });
});
