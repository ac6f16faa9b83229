import { createEvent, memberKey, publishEvent } from '../helpers/events';
import { createOrganisation } from '../helpers/factories';
import { TestHub } from '../helpers/hub';
import { take, updateEvent, waitForSubscribers } from '../helpers/live';
import { WsClient, type WsSubscription } from '../helpers/ws';

/** 200 concurrent subscribers, each on its own connection, each get every one of 50 changes exactly once, in order. */
const SUBSCRIBERS = 200;
const CHANGES = 50;

let hub: TestHub;
const clients: WsClient[] = [];

beforeAll(async () => {
  hub = await TestHub.start();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await hub?.stop();
});

test(`${SUBSCRIBERS} subscribers × ${CHANGES} changes: each exactly once, in order`, async () => {
  const coordinator = await hub.key({ coordinator: true });
  const organisation = await createOrganisation(hub, coordinator);
  const key = await memberKey(hub, organisation.id, 'EDITOR');
  let event = await publishEvent(hub, key, await createEvent(hub, key));

  const subscriptions: WsSubscription[] = [];
  for (let i = 0; i < SUBSCRIBERS; i += 1) {
    const client = await WsClient.connect(hub);
    clients.push(client);
    subscriptions.push(client.subscribe(`subscription { eventChanged { cursor version eventId } }`));
  }
  await waitForSubscribers(hub, SUBSCRIBERS, 20_000);

  const versions: number[] = [];
  for (let i = 1; i <= CHANGES; i += 1) {
    event = { ...event, ...(await updateEvent(hub, key, event, { capacity: i })) };
    versions.push(event.version);
  }
  const received = await Promise.all(subscriptions.map((subscription) => take(subscription, CHANGES, 30_000)));
  for (const results of received) {
    expect(results.map((r) => r.eventChanged.version)).toEqual(versions);
    expect(results.every((r) => r.eventChanged.eventId === event.id)).toBe(true);
  }
  // The same cursors for everyone, and nothing more arrives.
  const cursors = received[0]!.map((r) => r.eventChanged.cursor);
  expect(new Set(cursors).size).toBe(CHANGES);
  for (const results of received) expect(results.map((r) => r.eventChanged.cursor)).toEqual(cursors);
  // Nothing more arrives: after one more change, that change is the next thing each subscriber receives.
  event = { ...event, ...(await updateEvent(hub, key, event, { capacity: CHANGES + 1 })) };
  const after = await Promise.all(subscriptions.map((subscription) => take(subscription, 1, 30_000)));
  for (const [next] of after) expect(next.eventChanged.version).toBe(event.version);
  expect(subscriptions.every((subscription) => subscription.pending === 0)).toBe(true);
}, 120_000);
