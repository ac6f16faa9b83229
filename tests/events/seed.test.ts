import { DateTime } from 'luxon';
import { seedDemo } from '../../src/cli/seed-demo';
import { queryRows } from '../../src/db/query-rows';
import { withTransaction } from '../../src/db/transaction';
import { DEMO_CAMPAIGNS, DEMO_EVENTS } from '../../src/events/events.demo-data';
import { seedEventsDemo } from '../../src/events/events.seed';
import { TestHub } from '../helpers/hub';

let hub: TestHub;
let coordinator: string;

async function state() {
  return {
    events: await queryRows(hub.db, 'SELECT id, version, updated_at, status FROM event ORDER BY id'),
    organisers: await queryRows(hub.db, 'SELECT event_id, organisation_id, status FROM event_organiser ORDER BY 1, 2'),
    campaigns: await queryRows(hub.db, 'SELECT id, slug, version, updated_at FROM campaign ORDER BY slug'),
    history: await queryRows(hub.db, 'SELECT count(*)::int AS n FROM event_history'),
    log: await queryRows(hub.db, 'SELECT count(*)::int AS n FROM change_log'),
  };
}

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
});
afterAll(() => hub?.stop());

test('without the directory demo, the events seed fails with a clear message and writes nothing', async () => {
  await expect(withTransaction(hub.db, (manager) => seedEventsDemo(manager))).rejects.toThrow(
    /run the directory demo seed first/,
  );
  expect((await state()).events).toEqual([]);
});

test('the demo seed loads campaigns and events, and a second run changes nothing', async () => {
  const summary = await seedDemo(hub.db);
  expect(summary).toContain(
    `events: 3 demo campaigns (3 new, 0 unchanged), ${DEMO_EVENTS.length} demo events (${DEMO_EVENTS.length} new, 0 unchanged)`,
  );
  const first = await state();
  const again = await seedDemo(hub.db);
  expect(again).toContain(
    `events: 3 demo campaigns (0 new, 3 unchanged), ${DEMO_EVENTS.length} demo events (0 new, ${DEMO_EVENTS.length} unchanged)`,
  );
  expect(await state()).toEqual(first);
});

test('the demo is what the issue asks for, through the API', async () => {
  const campaigns = await hub.ok(`{ campaigns { name kind startsOn events { totalCount } } }`);
  expect(campaigns.campaigns).toEqual(
    expect.arrayContaining([
      { name: 'Tag der offenen Moschee 2027 (Demo)', kind: 'ACTION_DAY', startsOn: '2027-10-03', events: { totalCount: 2 } },
      expect.objectContaining({ name: 'Interkulturelle Woche im Landkreis Kassel 2027 (Demo)', kind: 'ACTION_WEEK' }),
      expect.objectContaining({ name: 'Tag der offenen Gesellschaft 2027 (Demo)', kind: 'ACTION_DAY' }),
    ]),
  );
  expect(DEMO_CAMPAIGNS).toHaveLength(3);

  // Co-hosted events with every invitation state (a coordinator sees them all).
  const statuses = await queryRows<{ status: string }>(
    hub.db,
    "SELECT DISTINCT status FROM event_organiser WHERE role <> 'LEAD' ORDER BY 1",
  );
  expect(statuses.map((row) => row.status)).toEqual(['ACCEPTED', 'DECLINED', 'INVITED', 'WITHDRAWN']);
  const all = await hub.ok(`{ events(first: 100) { edges { node { status title } } } }`, {}, { key: coordinator });
  expect(new Set(all.events.edges.map((e: { node: { status: string } }) => e.node.status))).toEqual(
    new Set(['DRAFT', 'PLANNING', 'PUBLISHED', 'CANCELLED']),
  );
  expect(all.events.edges.every((e: { node: { title: string } }) => e.node.title.endsWith('(Demo)'))).toBe(true);

  // Anonymous visitors see neither drafts, plans, nor partner or organiser events.
  const anonymous = await hub.ok(`{ events(first: 100) { edges { node { status visibility } } } }`);
  expect(
    anonymous.events.edges.every(
      (e: { node: { visibility: string; status: string } }) =>
        e.node.visibility === 'PUBLIC' && ['PUBLISHED', 'CANCELLED'].includes(e.node.status),
    ),
  ).toBe(true);

  // The weekly language café: every Tuesday at 18:00 Berlin time, summer or winter.
  const cafe = await hub.ok(`{ events(filter: { categories: [LANGUAGE_CAFE] }) { edges { node { title recurrence
      occurrences(from: "2027-03-20T00:00:00Z", to: "2027-04-10T00:00:00Z") { startsAt } } } } }`);
  const node = cafe.events.edges[0].node;
  expect(node.recurrence).toBe('FREQ=WEEKLY;BYDAY=TU');
  expect(
    node.occurrences.map((o: { startsAt: string }) =>
      DateTime.fromISO(o.startsAt).setZone('Europe/Berlin').toFormat('ccc dd.MM. HH:mm'),
    ),
  ).toEqual(['Tue 23.03. 18:00', 'Tue 30.03. 18:00', 'Tue 06.04. 18:00']);
});
