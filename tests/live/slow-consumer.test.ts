import WebSocket from 'ws';
import { withTransaction } from '../../src/db/transaction';
import { recordChange } from '../../src/events';
import { SLOW_CONSUMER_CLOSE_CODE } from '../../src/live/live';
import { createOrganisation } from '../helpers/factories';
import { TestHub } from '../helpers/hub';
import { feedOf, insertEvent, take, waitForSubscriberCount } from '../helpers/live';
import { WsClient } from '../helpers/ws';

/**
 * A subscriber whose socket does not drain is closed with 1013 once more
 * than WS_MAX_BUFFERED_MESSAGES changes wait for it; everyone else keeps
 * receiving in the meantime.
 */
const CHANGES = 120;
let hub: TestHub;
let coordinator: string;

beforeAll(async () => {
  hub = await TestHub.start({ WS_MAX_BUFFERED_MESSAGES: '50' });
  coordinator = await hub.key({ coordinator: true });
});
afterAll(() => hub?.stop());

/** A raw graphql-transport-ws client whose reading we can stop. */
async function rawSubscriber(query: string): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${coordinator}` } }));
  await new Promise<void>((resolve) =>
    socket.once('message', (data) => {
      expect(JSON.parse(String(data)).type).toBe('connection_ack');
      resolve();
    }),
  );
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
  return { socket, closed };
}

test('a subscriber that stops reading is closed with 1013; a normal one receives everything meanwhile', async () => {
  const lead = await createOrganisation(hub, coordinator);
  const eventId = await insertEvent(hub, { leadOrganisationId: lead.id });
  // Big messages (30 aliases of a long list) fill the socket buffers after a few changes.
  const aliases = Array.from({ length: 30 }, (_, i) => `f${i}: changedFields`).join(' ');
  const slow = await rawSubscriber(`subscription { eventChanged { cursor ${aliases} } }`);
  const healthy = await WsClient.connect(hub, { key: coordinator });
  const subscription = healthy.subscribe(`subscription { eventChanged { version } }`);
  const feed = feedOf(hub);
  await waitForSubscriberCount(hub, (n) => n >= 2);
  expect(feed.subscriberCount).toBe(2);

  // The slow client stops reading: its kernel buffers fill, the server's sends stall.
  (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
  const fields = Array.from({ length: 3000 }, (_, i) => `field_with_a_long_name_${i}`);
  for (let version = 2; version <= CHANGES + 1; version += 1) {
    await withTransaction(hub.db, (manager) =>
      recordChange(manager, { eventId, kind: 'UPDATED', changedFields: fields, version }),
    );
    // Let socket I/O run between writes, as it does between requests (the embedded database
    // answers in-process, in microtasks only, which would otherwise starve every socket).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const received = await take(subscription, CHANGES, 20_000);
  expect(received.map((r) => r.eventChanged.version)).toEqual(Array.from({ length: CHANGES }, (_, i) => i + 2));
  // The slow one was cut off (its stream left the feed) instead of buffering every change.
  await waitForSubscriberCount(hub, (n) => n <= 1);
  expect(feed.subscriberCount).toBe(1);
  (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
  const close = await slow.closed;
  expect(close.code).toBe(SLOW_CONSUMER_CLOSE_CODE);
  expect(close.reason).toMatch(/slow consumer/i);
  await healthy.close();
}, 60_000);
