import { createEvent, memberKey } from '../helpers/events';
import { createOrganisation, databaseId } from '../helpers/factories';
import { createScratchDatabase, TestHub } from '../helpers/hub';
import { feedOf, insertEvent, take, waitForSubscriberCount } from '../helpers/live';
import { WsClient } from '../helpers/ws';

/**
 * Several hub instances on one PostgreSQL database (the scale-out setup of
 * docker-compose.yml): a change committed through one reaches subscribers on
 * the other, woken by LISTEN/NOTIFY, or by the periodic catch-up when the
 * notification is lost. Needs the PostgreSQL server (DATABASE_URL); the
 * embedded database is single-process by design.
 */
const serverUrl = process.env.DATABASE_URL;
const describeOnServer = serverUrl ? describe : describe.skip;

describeOnServer('two hub instances sharing one PostgreSQL database', () => {
  let one: TestHub;
  let two: TestHub;
  let drop: () => Promise<void>;
  let coordinator: string;
  let lead: { id: string };
  let leadKey: string;
  const clients: WsClient[] = [];

  const SUBSCRIPTION = `subscription { eventChanged { cursor kind eventId version } }`;

  beforeAll(async () => {
    const scratch = await createScratchDatabase(serverUrl!);
    drop = scratch.drop;
    // No catch-up timer within a test (10 minutes): what arrives came by NOTIFY, by the catch-up the test
    // triggers itself (`wake()`, what the timer calls), or by the catch-up of a reconnected LISTEN. Which
    // way a change came is then a fact, not something read from how long it took.
    one = await TestHub.start({ DATABASE_URL: scratch.url, CHANGE_POLL_INTERVAL_MS: '600000' });
    two = await TestHub.start({ DATABASE_URL: scratch.url, CHANGE_POLL_INTERVAL_MS: '600000' });
    coordinator = await one.key({ coordinator: true });
    lead = await createOrganisation(one, coordinator);
    leadKey = await memberKey(one, lead.id, 'EDITOR');
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await drop?.();
  });

  async function subscribeOn(hub: TestHub) {
    const client = await WsClient.connect(hub, { key: coordinator });
    clients.push(client);
    const subscription = client.subscribe(SUBSCRIPTION);
    await waitForSubscriberCount(hub, (n) => n >= 1);
    return subscription;
  }

  test('a change committed through one instance reaches a subscriber on the other, woken by NOTIFY', async () => {
    const subscription = await subscribeOn(two);
    const event = await createEvent(one, leadKey);
    const [change] = await take(subscription, 1);
    expect(change.eventChanged).toMatchObject({ kind: 'CREATED', eventId: event.id });
  });

  test('still delivered when the NOTIFY is lost: the catch-up reads the log', async () => {
    const subscription = await subscribeOn(two);
    const feed = feedOf(two);
    await feed.stopListening();
    try {
      const event = await createEvent(one, leadKey);
      // Nothing can wake instance two but its catch-up: run it as its timer would.
      feed.wake();
      const [change] = await take(subscription, 1);
      expect(change.eventChanged).toMatchObject({ kind: 'CREATED', eventId: event.id });
    } finally {
      await feed.resumeListening();
    }
  });

  test('the LISTEN connection comes back after it is killed, and nothing is lost meanwhile', async () => {
    const subscription = await subscribeOn(two);
    const admin = one.db;
    // Kill the other instance's LISTEN session from the database side, as a failover or network cut would.
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'wir-hub-listen' AND datname = current_database()`,
    );
    const eventId = await insertEvent(one, { leadOrganisationId: lead.id });
    // No timer catches up here: the change arrives by the reconnected LISTEN (which reads what it missed).
    const [change] = await take(subscription, 1);
    expect(databaseId(change.eventChanged.eventId)).toBe(eventId);
    const feed = feedOf(two);
    await feed.whenListening();
    expect(feed.listening).toBe(true);
  });
});
