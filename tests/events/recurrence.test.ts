import { DateTime } from 'luxon';
import { occurrencesBetween, parseRule, seriesEnd } from '../../src/events/event.recurrence';
import { createOrganisation } from '../helpers/factories';
import { createEvent, dbId, eventRowCounts, memberKey } from '../helpers/events';
import { errorCode, TestHub } from '../helpers/hub';

const BERLIN = 'Europe/Berlin';
const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(BERLIN).toFormat('ccc yyyy-MM-dd HH:mm ZZ');

describe('recurrence rules (unit)', () => {
  const cafe = {
    startsAt: new Date('2026-03-17T17:00:00Z'), // Tuesday 18:00 CET
    endsAt: new Date('2026-03-17T19:00:00Z'),
    timeZone: BERLIN,
    recurrence: 'FREQ=WEEKLY;BYDAY=TU',
  };

  test('a weekly Tuesday 18:00 stays at 18:00 local time across the spring change (29 March 2026)', () => {
    const found = occurrencesBetween(cafe, new Date('2026-03-16T00:00:00Z'), new Date('2026-04-08T00:00:00Z'), 10);
    expect(found.map((o) => local(o.startsAt.toISOString()))).toEqual([
      'Tue 2026-03-17 18:00 +01:00',
      'Tue 2026-03-24 18:00 +01:00',
      'Tue 2026-03-31 18:00 +02:00',
      'Tue 2026-04-07 18:00 +02:00',
    ]);
    expect(found.map((o) => o.startsAt.toISOString())).toEqual([
      '2026-03-17T17:00:00.000Z',
      '2026-03-24T17:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
      '2026-04-07T16:00:00.000Z',
    ]);
    expect(found.every((o) => o.endsAt.getTime() - o.startsAt.getTime() === 2 * 3_600_000)).toBe(true);
  });

  test('… and across the autumn change (25 October 2026)', () => {
    const found = occurrencesBetween(cafe, new Date('2026-10-19T00:00:00Z'), new Date('2026-11-04T00:00:00Z'), 10);
    expect(found.map((o) => o.startsAt.toISOString())).toEqual([
      '2026-10-20T16:00:00.000Z',
      '2026-10-27T17:00:00.000Z',
      '2026-11-03T17:00:00.000Z',
    ]);
  });

  test('an all-day series stays midnight to midnight on the day of the change', () => {
    const allDay = {
      startsAt: new Date('2026-03-28T23:00:00Z'), // Sunday 29 March, 00:00 CET
      endsAt: new Date('2026-03-29T22:00:00Z'), // Monday 30 March, 00:00 CEST (a 23-hour day)
      timeZone: BERLIN,
      recurrence: 'FREQ=WEEKLY;COUNT=2',
    };
    const found = occurrencesBetween(allDay, new Date('2026-03-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'), 10);
    expect(found.map((o) => [local(o.startsAt.toISOString()), local(o.endsAt.toISOString())])).toEqual([
      ['Sun 2026-03-29 00:00 +01:00', 'Mon 2026-03-30 00:00 +02:00'],
      ['Sun 2026-04-05 00:00 +02:00', 'Mon 2026-04-06 00:00 +02:00'],
    ]);
  });

  test('occurrences that began before the window but reach into it are included', () => {
    const long = { ...cafe, endsAt: new Date('2026-03-19T17:00:00Z'), recurrence: 'FREQ=WEEKLY;COUNT=3' }; // two days each
    const found = occurrencesBetween(long, new Date('2026-03-25T00:00:00Z'), new Date('2026-03-26T00:00:00Z'), 10);
    expect(found.map((o) => o.startsAt.toISOString())).toEqual(['2026-03-24T17:00:00.000Z']);
  });

  test('the end of a series: bounded by COUNT or UNTIL, infinite when open', () => {
    expect(seriesEnd({ ...cafe, recurrence: 'FREQ=WEEKLY;COUNT=3' })).toEqual(new Date('2026-03-31T18:00:00Z'));
    expect(seriesEnd({ ...cafe, recurrence: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260401T000000Z' })).toEqual(
      new Date('2026-03-31T18:00:00Z'),
    );
    expect(seriesEnd({ ...cafe, recurrence: 'FREQ=WEEKLY;UNTIL=20260331' })).toEqual(new Date('2026-03-31T18:00:00Z'));
    expect(seriesEnd(cafe)).toBe(Infinity);
    expect(seriesEnd({ ...cafe, recurrence: null })).toEqual(cafe.endsAt);
  });

  test.each([
    ['', 'is empty'],
    ['BYDAY=TU', 'FREQ is required'],
    ['FREQ=HOURLY', 'FREQ=HOURLY is invalid'],
    ['FREQ=WEEKLY;BYHOUR=10', 'BYHOUR is not supported'],
    ['FREQ=WEEKLY;TZID=Europe/Berlin', 'TZID'],
    ['FREQ=WEEKLY;COUNT=3;UNTIL=20261231T000000Z', 'COUNT and UNTIL'],
    ['FREQ=WEEKLY;COUNT=1001', 'COUNT=1001 is invalid'],
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL=0 is invalid'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY=XX is invalid'],
    ['FREQ=WEEKLY;FOO=1', 'unknown or unsupported RRULE part "FOO"'],
    ['FREQ=WEEKLY;FREQ=DAILY', 'FREQ is given twice'],
    ['DTSTART:20260317T170000Z\nRRULE:FREQ=WEEKLY', 'without DTSTART'],
    ['FREQ=WEEKLY;UNTIL=next-year', 'UNTIL=NEXT-YEAR is invalid'],
  ])('refuses %j (%s)', (rule, reason) => {
    expect(() => parseRule(rule, 'input.recurrence')).toThrow(reason);
  });

  test('refuses a start that is not an occurrence, a rule without occurrences, and too long series', () => {
    expect(() => seriesEnd({ ...cafe, recurrence: 'FREQ=WEEKLY;BYDAY=WE' })).toThrow('must itself be an occurrence');
    expect(() => seriesEnd({ ...cafe, recurrence: 'FREQ=WEEKLY;UNTIL=20260101' })).toThrow('no occurrence');
    expect(() => seriesEnd({ ...cafe, recurrence: 'FREQ=DAILY;UNTIL=20300101' })).toThrow('at most 1000 occurrences');
  });
});

describe('recurrence through the API', () => {
  let hub: TestHub;
  let editor: string;
  let cafeId: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    const coordinator = await hub.key({ coordinator: true });
    const organisation = await createOrganisation(hub, coordinator, { name: 'Sprachcafé-Verein' });
    editor = await memberKey(hub, organisation.id, 'EDITOR');
    const cafe = await createEvent(hub, editor, {
      title: 'Sprachcafé',
      category: 'LANGUAGE_CAFE',
      startsAt: '2026-03-17T18:00:00+01:00',
      endsAt: '2026-03-17T20:00:00+01:00',
      recurrence: 'FREQ=WEEKLY;BYDAY=TU',
      visibility: 'PUBLIC',
    });
    cafeId = cafe.id;
    await hub.ok(`mutation($id: ID!) { publishEvent(id: $id, expectedVersion: 1) { id } }`, { id: cafeId }, { key: editor });
  });
  afterAll(() => hub?.stop());

  test('Event.occurrences keeps 18:00 local across both changes of 2026', async () => {
    const data = await hub.ok(
      `query($id: ID!) {
         spring: event(id: $id) { occurrences(from: "2026-03-20T00:00:00Z", to: "2026-04-05T00:00:00Z") { startsAt endsAt } }
         autumn: event(id: $id) { occurrences(from: "2026-10-19T00:00:00Z", to: "2026-11-01T00:00:00Z") { startsAt endsAt } } }`,
      { id: cafeId },
    );
    expect(data.spring.occurrences).toEqual([
      { startsAt: '2026-03-24T17:00:00.000Z', endsAt: '2026-03-24T19:00:00.000Z' },
      { startsAt: '2026-03-31T16:00:00.000Z', endsAt: '2026-03-31T18:00:00.000Z' },
    ]);
    expect(data.autumn.occurrences).toEqual([
      { startsAt: '2026-10-20T16:00:00.000Z', endsAt: '2026-10-20T18:00:00.000Z' },
      { startsAt: '2026-10-27T17:00:00.000Z', endsAt: '2026-10-27T19:00:00.000Z' },
    ]);
    for (const o of [...data.spring.occurrences, ...data.autumn.occurrences]) {
      expect(DateTime.fromISO(o.startsAt).setZone(BERLIN).toFormat('ccc HH:mm')).toBe('Tue 18:00');
    }
  });

  test('Query.occurrences pages through a window with cursors, merging series and single events', async () => {
    const single = await createEvent(hub, editor, {
      title: 'Fest',
      startsAt: '2026-03-25T15:00:00+01:00',
      endsAt: '2026-03-25T22:00:00+01:00',
    });
    await hub.ok(`mutation($id: ID!) { publishEvent(id: $id, expectedVersion: 1) { id } }`, { id: single.id }, { key: editor });
    const QUERY = `query($after: String) { occurrences(from: "2026-03-18T00:00:00Z", to: "2026-04-15T00:00:00Z", first: 2, after: $after) {
      startsAt cursor event { title } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const data: { occurrences: Array<{ startsAt: string; cursor: string; event: { title: string } }> } = await hub.ok(QUERY, {
        after,
      });
      seen.push(...data.occurrences.map((o) => `${o.startsAt} ${o.event.title}`));
      if (data.occurrences.length < 2) break;
      after = data.occurrences[data.occurrences.length - 1]!.cursor;
    }
    expect(seen).toEqual([
      '2026-03-24T17:00:00.000Z Sprachcafé',
      '2026-03-25T14:00:00.000Z Fest',
      '2026-03-31T16:00:00.000Z Sprachcafé',
      '2026-04-07T16:00:00.000Z Sprachcafé',
      '2026-04-14T16:00:00.000Z Sprachcafé',
    ]);
  });

  test('the series is found by time windows through the index (last_ends_at)', async () => {
    const [row] = await hub.db.query(`SELECT last_ends_at = 'infinity'::timestamptz AS open FROM event WHERE id = $1`, [
      dbId(cafeId),
    ]);
    expect(row.open).toBe(true);
    const data = await hub.ok(
      `{ events(filter: { from: "2030-01-01T00:00:00Z", to: "2030-01-02T00:00:00Z", categories: [LANGUAGE_CAFE] }) { totalCount } }`,
    );
    expect(data.events.totalCount).toBe(1);
    const bounded = await createEvent(hub, editor, {
      startsAt: '2026-03-17T18:00:00+01:00',
      endsAt: '2026-03-17T20:00:00+01:00',
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    const [end] = await hub.db.query(`SELECT last_ends_at FROM event WHERE id = $1`, [dbId(bounded.id)]);
    expect(new Date(end.last_ends_at).toISOString()).toBe('2026-03-31T18:00:00.000Z');
  });

  test.each([
    ['to before from', `occurrences(from: "2026-05-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { startsAt }`, 'to'],
    ['to equal to from', `occurrences(from: "2026-05-01T00:00:00Z", to: "2026-05-01T00:00:00Z") { startsAt }`, 'to'],
    ['a window over a year', `occurrences(from: "2026-01-01T00:00:00Z", to: "2027-06-01T00:00:00Z") { startsAt }`, 'to'],
    ['first over 500', `occurrences(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", first: 501) { startsAt }`, 'first'],
    ['first 0', `occurrences(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", first: 0) { startsAt }`, 'first'],
    [
      'a malformed cursor',
      `occurrences(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", after: "nope") { startsAt }`,
      'after',
    ],
    [
      'an unbounded Event.occurrences',
      `event(id: "$ID") { occurrences(from: "2026-01-01T00:00:00Z", to: "2099-01-01T00:00:00Z") { startsAt } }`,
      'to',
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_, selection, field) => {
    const result = await hub.gql(`{ ${selection.replace('$ID', cafeId)} }`);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe(field);
  });

  test.each([
    ['an invalid RRULE', { recurrence: 'FREQ=SOMETIMES' }, 'input.recurrence', 'FREQ=SOMETIMES is invalid'],
    [
      'a start that is not an occurrence',
      { recurrence: 'FREQ=WEEKLY;BYDAY=MO' },
      'input.recurrence',
      'must itself be an occurrence',
    ],
    ['an offset as time zone', { timeZone: '+01:00' }, 'input.timeZone', 'IANA'],
    ['an unknown time zone', { timeZone: 'Europe/Kassel' }, 'input.timeZone', 'IANA'],
  ])('createEvent refuses %s, naming the field, and writes nothing', async (_, extra, field, reason) => {
    const before = await eventRowCounts(hub);
    const result = await hub.gql(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      {
        input: {
          title: [{ language: 'de', text: 'Serie' }],
          category: 'MEETING',
          startsAt: '2026-03-17T18:00:00+01:00',
          endsAt: '2026-03-17T20:00:00+01:00',
          ...extra,
        },
      },
      { key: editor },
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe(field);
    expect(result.errors![0]!.message).toContain(reason);
    expect(await eventRowCounts(hub)).toEqual(before);
  });

  test('a series in another time zone repeats at its own local time', async () => {
    const event = await createEvent(hub, editor, {
      startsAt: '2026-03-02T10:00:00-05:00', // Monday 10:00 in New York (EST)
      endsAt: '2026-03-02T11:00:00-05:00',
      timeZone: 'America/New_York',
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    const data = await hub.ok(
      `query($id: ID!) { event(id: $id) { timeZone occurrences(from: "2026-03-01T00:00:00Z", to: "2026-03-31T00:00:00Z") { startsAt } } }`,
      {
        id: event.id,
      },
      { key: editor },
    );
    // New York changes on 8 March: 15:00Z before, 14:00Z after — still 10:00 local.
    expect(data.event.occurrences.map((o: { startsAt: string }) => o.startsAt)).toEqual([
      '2026-03-02T15:00:00.000Z',
      '2026-03-09T14:00:00.000Z',
      '2026-03-16T14:00:00.000Z',
    ]);
  });
});
