import { extendOccurrences } from '../../src/events/event.occurrence-table';
import { createOrganisation } from '../helpers/factories';
import { createEvent, dbId, eventRowCounts, memberKey, publishEvent } from '../helpers/events';
import { errorCode, TestHub } from '../helpers/hub';

/**
 * Exact time windows: a series is listed when one of its occurrences falls in
 * the window, not when its overall span overlaps it; cancelled occurrences
 * (EXDATE) do not count. 1–5 October 2026 (Thursday to Monday, Berlin time).
 */
const WINDOW = { from: '2026-10-01T00:00:00+02:00', to: '2026-10-05T23:59:59+02:00' };

describe('exact occurrence windows', () => {
  let hub: TestHub;
  let coordinator: string;
  let editor: string;
  let organisationId: string;
  const ids: Record<string, string> = {};
  const versions: Record<string, number> = {};

  const listed = async (filter: Record<string, unknown> = WINDOW, key?: string): Promise<string[]> => {
    const data = await hub.ok(
      `query($filter: EventFilter) { events(filter: $filter, first: 100) { edges { node { title } } } }`,
      { filter },
      { key },
    );
    return data.events.edges.map((edge: any) => edge.node.title).sort();
  };

  beforeAll(async () => {
    hub = await TestHub.start({ CHANGE_POLL_INTERVAL_MS: '600000' });
    coordinator = await hub.key({ coordinator: true });
    const organisation = await createOrganisation(hub, coordinator, { name: 'Sprachcafé-Verein' });
    organisationId = organisation.id;
    editor = await memberKey(hub, organisationId, 'EDITOR');
    const specs: Record<string, Record<string, unknown>> = {
      // Tuesdays since January: 29 September and 6 October, none in the window.
      tuesdays: {
        startsAt: '2026-01-06T18:00:00+01:00',
        endsAt: '2026-01-06T20:00:00+01:00',
        recurrence: 'FREQ=WEEKLY;BYDAY=TU',
      },
      // First Tuesday of the month: 1 September and 6 October.
      monthly: {
        startsAt: '2026-09-01T19:00:00+02:00',
        endsAt: '2026-09-01T21:00:00+02:00',
        recurrence: 'FREQ=MONTHLY;BYDAY=1TU',
      },
      // Fridays: 2 October is in the window.
      fridays: { startsAt: '2026-09-04T16:00:00+02:00', endsAt: '2026-09-04T18:00:00+02:00', recurrence: 'FREQ=WEEKLY;BYDAY=FR' },
      // Fridays too, but 2 October is cancelled below.
      cancelled: { startsAt: '2026-09-04T10:00:00+02:00', endsAt: '2026-09-04T11:00:00+02:00', recurrence: 'FREQ=WEEKLY' },
      // A single event in the window, and one before it.
      single: { startsAt: '2026-10-03T11:00:00+02:00', endsAt: '2026-10-03T15:00:00+02:00' },
      before: { startsAt: '2026-09-30T11:00:00+02:00', endsAt: '2026-09-30T15:00:00+02:00' },
    };
    for (const [title, spec] of Object.entries(specs)) {
      const created = await createEvent(hub, editor, { title, ...spec });
      const published = await publishEvent(hub, editor, created);
      ids[title] = published.id;
      versions[title] = published.version;
    }
  });
  afterAll(() => hub?.stop());

  test('a series is listed only when one of its occurrences falls in the window', async () => {
    expect(await listed()).toEqual(['cancelled', 'fridays', 'single']);
    // A window holding 6 October: both Tuesday series.
    expect(await listed({ from: '2026-10-06T00:00:00+02:00', to: '2026-10-06T23:59:59+02:00' })).toEqual(['monthly', 'tuesdays']);
    // Open windows: the span decides, which is exact (the first and last occurrences bound it).
    expect(await listed({ to: '2026-09-01T00:00:00+02:00' })).toEqual(['tuesdays']);
  });

  test('the occurrence dates are computed in the time zone: an occurrence just after a window in UTC terms is not in it', async () => {
    // Tuesday 6 October 18:00 Berlin is 16:00 UTC: a window ending 15:59 UTC misses it, one ending 16:00 catches it.
    const day = { from: '2026-10-06T00:00:00Z' };
    expect(await listed({ ...day, to: '2026-10-06T15:59:00Z' })).toEqual([]);
    expect(await listed({ ...day, to: '2026-10-06T16:00:00Z' })).toEqual(['tuesdays']);
  });

  test('cancelOccurrence leaves the occurrence out of windows and occurrences; restoreOccurrence brings it back, each with history and change log', async () => {
    const countsBefore = await eventRowCounts(hub);
    const cancelled = await hub.ok(
      `mutation($id: ID!, $at: DateTime!, $v: Int!) {
         cancelOccurrence(eventId: $id, occurrenceStartsAt: $at, expectedVersion: $v) {
           version cancelledOccurrences
           occurrences(from: "2026-09-28T00:00:00Z", to: "2026-10-12T00:00:00Z") { startsAt }
         } }`,
      { id: ids.cancelled, at: '2026-10-02T10:00:00+02:00', v: versions.cancelled },
      { key: editor },
    );
    expect(cancelled.cancelOccurrence.version).toBe(versions.cancelled! + 1);
    expect(cancelled.cancelOccurrence.cancelledOccurrences).toEqual(['2026-10-02T08:00:00.000Z']);
    expect(cancelled.cancelOccurrence.occurrences.map((o: any) => o.startsAt)).toEqual(['2026-10-09T08:00:00.000Z']);
    expect(await listed()).toEqual(['fridays', 'single']);
    const after = await eventRowCounts(hub);
    expect(after.event_history - countsBefore.event_history).toBe(1);
    expect(after.change_log - countsBefore.change_log).toBe(1);

    const history = await hub.ok(
      `query($id: ID!) { event(id: $id) { history(first: 50) { edges { node { kind version changes { field oldValue newValue } } } } } }`,
      { id: ids.cancelled },
      { key: editor },
    );
    const last = history.event.history.edges.at(-1).node;
    expect(last).toEqual({
      kind: 'OCCURRENCE_CANCELLED',
      version: versions.cancelled! + 1,
      changes: [{ field: 'cancelledOccurrences', oldValue: [], newValue: ['2026-10-02T08:00:00.000Z'] }],
    });
    const [log] = await hub.db.query(
      `SELECT kind, changed_fields FROM change_log WHERE event_id = $1 ORDER BY cursor DESC LIMIT 1`,
      [dbId(ids.cancelled!)],
    );
    expect(log).toMatchObject({ kind: 'UPDATED', changed_fields: ['cancelledOccurrences'] });

    const restored = await hub.ok(
      `mutation($id: ID!, $at: DateTime!, $v: Int!) {
         restoreOccurrence(eventId: $id, occurrenceStartsAt: $at, expectedVersion: $v) { version cancelledOccurrences } }`,
      { id: ids.cancelled, at: '2026-10-02T08:00:00Z', v: versions.cancelled! + 1 },
      { key: editor },
    );
    expect(restored.restoreOccurrence).toEqual({ version: versions.cancelled! + 2, cancelledOccurrences: [] });
    expect(await listed()).toEqual(['cancelled', 'fridays', 'single']);
    versions.cancelled = versions.cancelled! + 2;

    // Cancelled again for the rest of the file.
    const again = await hub.ok(
      `mutation($id: ID!, $at: DateTime!, $v: Int!) { cancelOccurrence(eventId: $id, occurrenceStartsAt: $at, expectedVersion: $v) { version } }`,
      { id: ids.cancelled, at: '2026-10-02T08:00:00Z', v: versions.cancelled },
      { key: editor },
    );
    versions.cancelled = again.cancelOccurrence.version;
  });

  test('bad exceptions are refused with a clear error and write nothing', async () => {
    const before = await eventRowCounts(hub);
    const attempt = (id: string, at: string, v: number, key = editor, mutation = 'cancelOccurrence') =>
      hub.gql(
        `mutation($id: ID!, $at: DateTime!, $v: Int!) { ${mutation}(eventId: $id, occurrenceStartsAt: $at, expectedVersion: $v) { id } }`,
        { id, at, v },
        { key },
      );
    const notAnOccurrence = await attempt(ids.fridays!, '2026-10-02T17:00:00+02:00', versions.fridays!);
    expect(errorCode(notAnOccurrence)).toBe('BAD_USER_INPUT');
    expect(notAnOccurrence.errors![0]!.extensions!.field).toBe('occurrenceStartsAt');
    const single = await attempt(ids.single!, '2026-10-03T11:00:00+02:00', versions.single!);
    expect(single.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventId' });
    expect(errorCode(await attempt(ids.fridays!, '2026-10-02T16:00:00+02:00', versions.fridays! - 1))).toBe('CONFLICT');
    expect(errorCode(await attempt(ids.cancelled!, '2026-10-02T10:00:00+02:00', versions.cancelled!))).toBe('CONFLICT');
    const notCancelled = await attempt(ids.fridays!, '2026-10-02T16:00:00+02:00', versions.fridays!, editor, 'restoreOccurrence');
    expect(notCancelled.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurrenceStartsAt' });
    const viewer = await memberKey(hub, organisationId, 'VIEWER');
    expect(errorCode(await attempt(ids.fridays!, '2026-10-02T16:00:00+02:00', versions.fridays!, viewer))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await hub.gql(
          `mutation { cancelOccurrence(eventId: "${ids.fridays}", occurrenceStartsAt: "2026-10-02T14:00:00Z", expectedVersion: 1) { id } }`,
        ),
      ),
    ).toBe('UNAUTHENTICATED');
    expect(await eventRowCounts(hub)).toEqual(before);
  });

  test('nested lists (Organisation.events) use the same exact window', async () => {
    const data = await hub.ok(
      `query($id: ID!, $filter: EventFilter) { node(id: $id) { ... on Organisation { events(filter: $filter, first: 50) { edges { node { title } } } } } }`,
      { id: organisationId, filter: WINDOW },
    );
    expect(data.node.events.edges.map((edge: any) => edge.node.title).sort()).toEqual(['fridays', 'single']);
  });

  test('updating a series refreshes its occurrences in the same transaction', async () => {
    // Move the Tuesday series to Thursdays: 1 October is in the window.
    const updated = await hub.ok(
      `mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { version } }`,
      {
        id: ids.tuesdays,
        v: versions.tuesdays,
        input: { startsAt: '2026-01-08T18:00:00+01:00', endsAt: '2026-01-08T20:00:00+01:00', recurrence: 'FREQ=WEEKLY;BYDAY=TH' },
      },
      { key: editor },
    );
    versions.tuesdays = updated.updateEvent.version;
    expect(await listed()).toEqual(['fridays', 'single', 'tuesdays']);
  });

  test('when a series moves, its cancelled dates move with its start, and those that are no occurrence any more are dropped', async () => {
    const fields = `version startsAt cancelledOccurrences occurrences(from: "2026-12-01T00:00:00Z", to: "2027-01-10T00:00:00Z") { startsAt }`;
    const update = (v: number, input: Record<string, unknown>) =>
      hub.ok(
        `mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { ${fields} } }`,
        { id: series.id, v, input },
        { key: editor },
      );
    // Weekly on Tuesdays at 18:00, not on 22 and 29 December (winter time) nor on 5 January.
    const series = await publishEvent(
      hub,
      editor,
      await createEvent(hub, editor, {
        title: 'Winter-Sprachcafé',
        startsAt: '2026-12-01T18:00:00+01:00',
        endsAt: '2026-12-01T20:00:00+01:00',
        recurrence: 'FREQ=WEEKLY;BYDAY=TU',
      }),
    );
    let version = series.version;
    for (const at of ['2026-12-22T18:00:00+01:00', '2026-12-29T18:00:00+01:00', '2027-01-05T18:00:00+01:00']) {
      version = (
        await hub.ok(
          `mutation($id: ID!, $at: DateTime!, $v: Int!) { cancelOccurrence(eventId: $id, occurrenceStartsAt: $at, expectedVersion: $v) { version } }`,
          { id: series.id, at, v: version },
          { key: editor },
        )
      ).cancelOccurrence.version;
    }

    // Moved to Wednesdays at 19:00: the cancelled dates move along (the day after, an hour later).
    const moved = (
      await update(version, {
        startsAt: '2026-12-02T19:00:00+01:00',
        endsAt: '2026-12-02T21:00:00+01:00',
        recurrence: 'FREQ=WEEKLY;BYDAY=WE',
      })
    ).updateEvent;
    expect(moved.cancelledOccurrences).toEqual([
      '2026-12-23T18:00:00.000Z',
      '2026-12-30T18:00:00.000Z',
      '2027-01-06T18:00:00.000Z',
    ]);
    expect(moved.occurrences.map((o: any) => o.startsAt)).toEqual([
      '2026-12-02T18:00:00.000Z',
      '2026-12-09T18:00:00.000Z',
      '2026-12-16T18:00:00.000Z',
    ]);
    const history = await hub.ok(
      `query($id: ID!) { event(id: $id) { history(first: 50) { edges { node { kind changes { field oldValue newValue } } } } } }`,
      { id: series.id },
      { key: editor },
    );
    const last = history.event.history.edges.at(-1).node;
    expect(last.kind).toBe('UPDATED');
    expect(last.changes).toContainEqual({
      field: 'cancelledOccurrences',
      oldValue: ['2026-12-22T17:00:00.000Z', '2026-12-29T17:00:00.000Z', '2027-01-05T17:00:00.000Z'],
      newValue: ['2026-12-23T18:00:00.000Z', '2026-12-30T18:00:00.000Z', '2027-01-06T18:00:00.000Z'],
    });
    const [log] = await hub.db.query(`SELECT changed_fields FROM change_log WHERE event_id = $1 ORDER BY cursor DESC LIMIT 1`, [
      dbId(series.id),
    ]);
    expect(log.changed_fields).toContain('cancelledOccurrences');

    // Every other week from 2 December: 16 and 30 December, 13 January; 23 December and 6 January are no
    // occurrences any more and are dropped, 30 December stays cancelled.
    const fortnightly = (await update(moved.version, { recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE' })).updateEvent;
    expect(fortnightly.cancelledOccurrences).toEqual(['2026-12-30T18:00:00.000Z']);
    expect(fortnightly.occurrences.map((o: any) => o.startsAt)).toEqual(['2026-12-02T18:00:00.000Z', '2026-12-16T18:00:00.000Z']);
    // Their occurrence rows agree: the window of 30 December does not list it, 13 January does.
    const titles = async (from: string, to: string) =>
      (
        await hub.ok(`query($f: DateTime, $t: DateTime) { events(filter: { from: $f, to: $t }) { edges { node { title } } } }`, {
          f: from,
          t: to,
        })
      ).events.edges.map((edge: any) => edge.node.title);
    expect(await titles('2026-12-30T00:00:00Z', '2026-12-30T23:00:00Z')).not.toContain('Winter-Sprachcafé');
    expect(await titles('2027-01-13T00:00:00Z', '2027-01-13T23:00:00Z')).toContain('Winter-Sprachcafé');

    // A change that leaves the dates alone (the end only) keeps them; a single event has none.
    const longer = (await update(fortnightly.version, { endsAt: '2026-12-02T22:00:00+01:00' })).updateEvent;
    expect(longer.cancelledOccurrences).toEqual(['2026-12-30T18:00:00.000Z']);
    const single = (await update(longer.version, { recurrence: null })).updateEvent;
    expect(single.cancelledOccurrences).toEqual([]);
    const [row] = await hub.db.query('SELECT cardinality(cancelled_occurrences) AS n FROM event WHERE id = $1', [
      dbId(series.id),
    ]);
    expect(Number(row.n)).toBe(0);
  });

  test('series written in bulk (no occurrence rows yet) count by their span until the job fills them in', async () => {
    const [row] = await hub.db.query(
      `INSERT INTO event (title, category, status, visibility, starts_at, ends_at, last_ends_at, recurrence, lead_organisation_id, published_at)
       VALUES ('{"de":"bulk"}', 'MEETING', 'PUBLISHED', 'PUBLIC', '2026-01-06T17:00:00Z', '2026-01-06T19:00:00Z', 'infinity',
               'FREQ=WEEKLY;BYDAY=TU', $1, now()) RETURNING id`,
      [dbId(organisationId)],
    );
    expect(await listed()).toContain('bulk');
    expect(await extendOccurrences(hub.db)).toBeGreaterThanOrEqual(1);
    expect(await listed()).not.toContain('bulk');
    const [materialised] = await hub.db.query(
      `SELECT count(*)::int AS n, min(o.starts_at) AS first FROM event_occurrence o WHERE o.event_id = $1`,
      [row.id],
    );
    expect(materialised.n).toBeGreaterThan(100);
    expect(new Date(materialised.first).toISOString()).toBe('2026-01-06T17:00:00.000Z');
    // A second run has nothing left to do.
    expect(await extendOccurrences(hub.db)).toBe(0);
  });

  test('a windowed list costs the same number of statements with 2 series or 12', async () => {
    const query = `query($filter: EventFilter) { events(filter: $filter, first: 20) { totalCount edges { node { title occurrences(from: "2026-10-01T00:00:00Z", to: "2026-10-10T00:00:00Z") { startsAt } } } } }`;
    const few = await hub.countStatements(() => hub.ok(query, { filter: WINDOW }));
    for (let i = 0; i < 10; i++) {
      const created = await createEvent(hub, editor, {
        title: `extra ${i}`,
        startsAt: '2026-09-04T12:00:00+02:00',
        endsAt: '2026-09-04T13:00:00+02:00',
        recurrence: 'FREQ=WEEKLY;BYDAY=FR',
      });
      await publishEvent(hub, editor, created);
    }
    expect((await listed()).length).toBe(13);
    const many = await hub.countStatements(() => hub.ok(query, { filter: WINDOW }));
    expect(many).toBe(few);
  });
});
