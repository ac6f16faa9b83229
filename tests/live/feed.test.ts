import { decodeChangeCursor, encodeChangeCursor } from '../../src/live/change-cursor';
import { recordChange } from '../../src/events';
import { pruneChangeLog } from '../../src/live/change-log';
import { createOrganisation, databaseId, municipalityIds } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';
import {
  changeEvent,
  changeEventTimes,
  feedOf,
  insertEvent,
  nextAfterBarrier,
  take,
  waitForSubscriberCount,
} from '../helpers/live';
import { WsClient } from '../helpers/ws';

/**
 * The live infrastructure on its own: change log, cursors, feed and
 * subscriptions, with changes appended directly (as the events service does
 * inside its transactions). The API-level tests with real mutations are in
 * the other files of this folder.
 */
let hub: TestHub;
let coordinator: string;
let lead: { id: string };
let towns: Record<string, string>;
const clients: WsClient[] = [];

const SUBSCRIPTION = `subscription($filter: ChangeFilter, $since: String) {
  eventChanged(filter: $filter, since: $since) { cursor kind eventId changedFields version occurredAt }
}`;

async function connect(key?: string): Promise<WsClient> {
  const client = await WsClient.connect(hub, { key });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  hub = await TestHub.start({ CHANGE_POLL_INTERVAL_MS: '200' });
  coordinator = await hub.key({ coordinator: true });
  lead = await createOrganisation(hub, coordinator);
  towns = await municipalityIds(hub);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(() => hub?.stop());

test('a committed change reaches a subscriber, with an opaque increasing cursor', async () => {
  const client = await connect(coordinator);
  const subscription = client.subscribe(SUBSCRIPTION);
  await waitForSubscribers(1);
  const eventId = await insertEvent(hub, { leadOrganisationId: lead.id });
  await changeEvent(hub, eventId, { title: 'Neu' });
  const [created, updated] = await take(subscription, 2);
  expect(created.eventChanged).toMatchObject({ kind: 'CREATED', version: 1, changedFields: [] });
  expect(updated.eventChanged).toMatchObject({ kind: 'UPDATED', version: 2, changedFields: ['title'] });
  expect(databaseId(updated.eventChanged.eventId)).toBe(eventId);
  expect(created.eventChanged.cursor).not.toMatch(/^\d+$/);
  expect(decodeChangeCursor(updated.eventChanged.cursor)!).toBeGreaterThan(decodeChangeCursor(created.eventChanged.cursor)!);
});

test('a rolled-back change is never announced', async () => {
  const client = await connect(coordinator);
  const subscription = client.subscribe(SUBSCRIPTION);
  await waitForSubscribers(1);
  const eventId = await insertEvent(hub, { leadOrganisationId: lead.id });
  await expect(
    hub.db.transaction(async (manager) => {
      await recordChange(manager, { eventId, kind: 'UPDATED', changedFields: ['title'], version: 99 });
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  await changeEvent(hub, eventId, { title: 'Danach' });
  const [created, updated] = await take(subscription, 2);
  expect(created.eventChanged.kind).toBe('CREATED');
  expect(updated.eventChanged).toMatchObject({ kind: 'UPDATED', version: 2 });
});

test('resume with since: exactly the missed changes, in order, then live ones', async () => {
  const eventId = await insertEvent(hub, { leadOrganisationId: lead.id });
  const first = await connect(coordinator);
  const subscription = first.subscribe(SUBSCRIPTION, { filter: { eventIds: [globalEventId(eventId)] } });
  await waitForSubscribers(1);
  await changeEvent(hub, eventId, { title: 'A' });
  const [seen] = await take(subscription, 1);
  await first.close();
  const versions: number[] = [];
  for (let i = 0; i < 30; i += 1) {
    await changeEvent(hub, eventId, { title: `B${i}` });
    versions.push(3 + i);
  }
  const second = await connect(coordinator);
  const resumed = second.subscribe(SUBSCRIPTION, {
    since: seen.eventChanged.cursor,
    filter: { eventIds: [globalEventId(eventId)] },
  });
  const replayed = await take(resumed, 30);
  expect(replayed.map((r) => r.eventChanged.version)).toEqual(versions);
  await changeEvent(hub, eventId, { title: 'live' });
  const [live] = await take(resumed, 1);
  expect(live.eventChanged.version).toBe(33);
  // Nothing more (no duplicate of the replay): the next thing to arrive is the barrier's change.
  const next = await nextAfterBarrier(resumed, () => changeEvent(hub, eventId, { title: 'barrier' }));
  expect(next.eventChanged.version).toBe(34);
});

test('changes committed while a replay runs are neither lost nor duplicated', async () => {
  const eventId = await insertEvent(hub, { leadOrganisationId: lead.id });
  const start = await hub.ok(
    `{ changes(filter: { eventIds: ["${globalEventId(eventId)}"] }, first: 100) { pageInfo { endCursor } } }`,
    {},
    { key: coordinator },
  );
  await changeEventTimes(hub, eventId, 450, (i) => `R${i}`);
  const client = await connect(coordinator);
  const resumed = client.subscribe(SUBSCRIPTION, {
    since: start.changes.pageInfo.endCursor,
    filter: { eventIds: [globalEventId(eventId)] },
  });
  // Writers keep going while the first pages are replayed.
  const writer = (async () => {
    for (let i = 0; i < 20; i += 1) await changeEvent(hub, eventId, { title: `W${i}` });
  })();
  const received = await take(resumed, 470, 20_000);
  await writer;
  expect(received.map((r) => r.eventChanged.version)).toEqual(Array.from({ length: 470 }, (_, i) => i + 2));
  const next = await nextAfterBarrier(resumed, () => changeEvent(hub, eventId, { title: 'barrier' }));
  expect(next.eventChanged.version).toBe(472);
});

test('a lost notification only delays: the periodic catch-up delivers', async () => {
  const feed = feedOf(hub);
  const client = await connect(coordinator);
  const subscription = client.subscribe(SUBSCRIPTION);
  await waitForSubscribers(1);
  await feed.stopListening();
  try {
    expect(feed.listening).toBe(false);
    const eventId = await insertEvent(hub, { leadOrganisationId: lead.id });
    const [created] = await take(subscription, 1, 2_000);
    expect(databaseId(created.eventChanged.eventId)).toBe(eventId);
  } finally {
    await feed.resumeListening();
  }
});

test('bad cursors answer BAD_USER_INPUT with a reason; the connection keeps serving', async () => {
  const client = await connect();
  for (const [since, reason] of [
    ['not a cursor', 'CURSOR_INVALID'],
    [encodeChangeCursor(10_000_000), 'CURSOR_INVALID'],
  ] as const) {
    const result = await client.subscribe(SUBSCRIPTION, { since }).next();
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions).toMatchObject({ field: 'since', reason });
    const polled = await hub.gql('query($since: String) { changes(since: $since) { edges { cursor } } }', { since });
    expect(polled.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since', reason });
  }
  const result = await client.execute('{ municipalities { name } }');
  expect(result.data.municipalities).toHaveLength(28);
});

test('pruning keeps a prefix of the log and expires older cursors', async () => {
  const eventId = await insertEvent(hub, { leadOrganisationId: lead.id, municipalityId: towns.Vellmar });
  const old = await changeEvent(hub, eventId, { title: 'alt' });
  const kept = await changeEvent(hub, eventId, { title: 'neu' });
  await hub.db.query(`UPDATE change_log SET occurred_at = now() - interval '40 days' WHERE cursor <= $1`, [old]);
  expect(await pruneChangeLog(hub.db, 30)).toBeGreaterThan(0);
  const expired = await hub.gql('query($since: String) { changes(since: $since) { edges { cursor } } }', {
    since: encodeChangeCursor(old - 1),
  });
  expect(expired.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since', reason: 'CURSOR_EXPIRED' });
  const client = await connect(coordinator);
  const result = await client.subscribe(SUBSCRIPTION, { since: encodeChangeCursor(old - 1) }).next();
  expect(result.errors![0]!.extensions).toMatchObject({ reason: 'CURSOR_EXPIRED' });
  // The newest pruned cursor itself is still a valid place to resume from.
  const fine = await hub.ok(
    'query($since: String) { changes(since: $since) { edges { node { version } } } }',
    { since: encodeChangeCursor(old) },
    { key: coordinator },
  );
  expect(fine.changes.edges.map((e: any) => e.node.version)).toEqual([3]);
  expect(kept).toBeGreaterThan(old);
});

function globalEventId(id: string): string {
  return Buffer.from(`Event:${id}`).toString('base64');
}

async function waitForSubscribers(count: number): Promise<void> {
  await waitForSubscriberCount(hub, (n) => n >= count);
  expect(feedOf(hub).subscriberCount).toBeGreaterThanOrEqual(count);
}

test('the feed reads the log in the background: its statements are not counted as a request statements', async () => {
  const eventId = await insertEvent(hub, { leadOrganisationId: lead.id, municipalityId: towns.Vellmar });
  await feedOf(hub).settle();
  const log = hub.hub.database.queryLog;
  const [requests, background] = [log.count, log.backgroundCount];
  await changeEvent(hub, eventId, { title: 'im Hintergrund gelesen' });
  const afterWrite = log.count;
  await feedOf(hub).settle();
  // The feed read the new entry (at least one statement), on its own runner: not one more request statement.
  expect(log.backgroundCount).toBeGreaterThan(background);
  expect(log.count).toBe(afterWrite);
  expect(afterWrite).toBeGreaterThan(requests);
});
