import { createEvent, memberKey, publishEvent } from '../helpers/events';
import { addContact, createOrganisation, databaseId } from '../helpers/factories';
import { createScratchDatabase, TestHub } from '../helpers/hub';

/**
 * Retention (issue 16): after PRIVACY_HISTORY_RETENTION_DAYS the personal
 * values of history entries (a contact's name, role, e-mail and phone; an
 * organisation's own e-mail and phone; the actor's key label) are replaced,
 * after PRIVACY_EXCERPT_RETENTION_DAYS webhook delivery excerpts are
 * cleared — exactly what is older, nothing younger. One run at a time: in
 * one process, and across instances on one PostgreSQL database (advisory lock).
 */
const SETTINGS = {
  PRIVACY_HISTORY_RETENTION_DAYS: '30',
  PRIVACY_EXCERPT_RETENTION_DAYS: '10',
  // The tests run the job themselves; no timer.
  PRIVACY_RETENTION_ENABLED: 'false',
};

let hub: TestHub;

beforeAll(async () => {
  hub = await TestHub.start(SETTINGS);
});
afterAll(() => hub?.stop());

/** A gate a test opens: `wait` blocks until `open` is called. */
function gate() {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

const HISTORY = `query($id: ID!) { organisation(id: $id) { history(first: 20) { edges { node { kind actor { label } changes { field oldValue newValue } } } } } }`;

test('redacts exactly the history values and excerpts older than the retention', async () => {
  const coordinator = await hub.key({ coordinator: true });
  const organisation = await createOrganisation(hub, coordinator, {
    name: 'Nachbarschaftshilfe Fuldatal',
    email: 'vorstand.privat@fuldatal.example',
    phone: '+49 561 111222',
  });
  const editor = await memberKey(hub, organisation.id, 'EDITOR', 'Hans Becker (Webmaster)');
  const contact = await addContact(hub, editor, organisation.id, {
    name: 'Hans Becker',
    role: 'Kassenwart',
    email: 'hans.becker@fuldatal.example',
    phone: '+49 561 333444',
  });
  await hub.ok(
    `mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }`,
    { id: contact, input: { name: 'Hans Becker', role: 'Kassierer', email: 'hans.becker@fuldatal.example' } },
    { key: editor },
  );
  const event = await publishEvent(hub, editor, await createEvent(hub, editor, { title: 'Reparaturcafé' }));
  const orgId = databaseId(organisation.id);
  const eventId = databaseId(event.id);
  // Ages: 31 days (past the 30-day retention) for the creation and the contact's addition; 29 days for the rest.
  await hub.db.query(
    `UPDATE organisation_history SET occurred_at = now() - CASE WHEN kind IN ('CREATED', 'CONTACT_ADDED') THEN interval '31 days' ELSE interval '29 days' END
      WHERE organisation_id = $1`,
    [orgId],
  );
  await hub.db.query(
    `UPDATE event_history SET occurred_at = now() - CASE WHEN kind = 'CREATED' THEN interval '31 days' ELSE interval '29 days' END WHERE event_id = $1`,
    [eventId],
  );
  // Two delivery excerpts of a partner endpoint: 11 and 9 days old (retention 10 days).
  const [key] = await hub.db.query(`SELECT id FROM api_key WHERE coordinator LIMIT 1`);
  const [webhook] = await hub.db.query(
    `INSERT INTO webhook (created_by_key_id, url, secret_encrypted, since_cursor) VALUES ($1, 'https://partner.example/hook', 'x', 0) RETURNING id`,
    [key.id],
  );
  await hub.db.query(
    `INSERT INTO webhook_delivery (webhook_id, cursor, type, payload, status, response_excerpt, last_error, committed_at, created_at, last_attempt_at)
     VALUES ($1, 1, 'organisation.updated', '{}', 'DELIVERED', 'alt: danke, Hans', NULL, now(), now() - interval '11 days', now() - interval '11 days'),
            ($1, 2, 'organisation.updated', '{}', 'FAILED', 'neu: danke, Hans', 'timeout', now(), now() - interval '9 days', now() - interval '9 days')`,
    [webhook.id],
  );

  const result = await hub.hub.retention.run();
  expect(result).toEqual({ ran: true, organisationHistory: 2, eventHistory: 1, webhookDeliveries: 1 });

  const history = (await hub.ok(HISTORY, { id: organisation.id }, { key: coordinator })).organisation.history.edges.map(
    (edge: any) => edge.node,
  );
  const marker = expect.stringMatching(/^\[entfernt nach Aufbewahrungsfrist\/redacted after retention \d{4}-\d{2}-\d{2}\]$/);
  const created = history.find((entry: any) => entry.kind === 'CREATED');
  const field = (entry: any, name: string) => entry.changes.find((change: any) => change.field === name);
  expect(field(created, 'email')).toEqual({ field: 'email', oldValue: null, newValue: marker });
  expect(field(created, 'phone')).toEqual({ field: 'phone', oldValue: null, newValue: marker });
  expect(field(created, 'name').newValue).toBe('Nachbarschaftshilfe Fuldatal');
  const added = history.find((entry: any) => entry.kind === 'CONTACT_ADDED');
  expect(added.actor.label).toBeNull();
  for (const name of ['name', 'role', 'email', 'phone'])
    expect(field(added, name)).toEqual({ field: name, oldValue: null, newValue: marker });
  expect(field(added, 'visibility').newValue).toBe('COORDINATORS');
  // Younger than the retention: untouched.
  const updated = history.find((entry: any) => entry.kind === 'CONTACT_UPDATED');
  expect(updated.actor.label).toBe('Hans Becker (Webmaster)');
  expect(field(updated, 'role')).toEqual({ field: 'role', oldValue: 'Kassenwart', newValue: 'Kassierer' });

  const events = await hub.db.query(
    `SELECT kind, actor_label, personal_data_redacted_at IS NOT NULL AS redacted FROM event_history WHERE event_id = $1 ORDER BY id`,
    [eventId],
  );
  expect(events).toEqual([
    { kind: 'CREATED', actor_label: null, redacted: true },
    { kind: 'PUBLISHED', actor_label: 'Hans Becker (Webmaster)', redacted: false },
  ]);
  const deliveries = await hub.db.query(
    `SELECT cursor::int AS cursor, response_excerpt, last_error FROM webhook_delivery WHERE webhook_id = $1 ORDER BY cursor`,
    [webhook.id],
  );
  expect(deliveries).toEqual([
    { cursor: 1, response_excerpt: null, last_error: null },
    { cursor: 2, response_excerpt: 'neu: danke, Hans', last_error: 'timeout' },
  ]);

  // Each entry is redacted once: a second run finds nothing more to do.
  expect(await hub.hub.retention.run()).toEqual({ ran: true, organisationHistory: 0, eventHistory: 0, webhookDeliveries: 0 });
});

test('within one instance a second run while one is going does nothing', async () => {
  const locked = gate();
  const release = gate();
  const first = hub.hub.retention.run({
    afterLock: async () => {
      locked.open();
      await release.wait;
    },
  });
  await locked.wait;
  expect(await hub.hub.retention.run()).toMatchObject({ ran: false });
  release.open();
  expect(await first).toMatchObject({ ran: true });
});

const serverUrl = process.env.DATABASE_URL;
const describeOnServer = serverUrl ? describe : describe.skip;

describeOnServer('two instances on one PostgreSQL database', () => {
  let drop: () => Promise<void>;
  const hubs: TestHub[] = [];
  afterAll(async () => {
    await Promise.all(hubs.map((one) => one.stop()));
    await drop?.();
  });

  test('never run the retention job at once: the one that finds the lock held does nothing', async () => {
    const scratch = await createScratchDatabase(serverUrl!);
    drop = scratch.drop;
    const one = await TestHub.start({ ...SETTINGS, DATABASE_URL: scratch.url });
    hubs.push(one);
    const two = await TestHub.start({ ...SETTINGS, DATABASE_URL: scratch.url });
    hubs.push(two);
    const coordinator = await one.key({ coordinator: true });
    const organisation = await createOrganisation(one, coordinator, { name: 'Verein Zwei Instanzen', email: 'a@zwei.example' });
    await one.db.query(`UPDATE organisation_history SET occurred_at = now() - interval '40 days' WHERE organisation_id = $1`, [
      databaseId(organisation.id),
    ]);
    const locked = gate();
    const release = gate();
    const first = one.hub.retention.run({
      afterLock: async () => {
        locked.open();
        await release.wait;
      },
    });
    await locked.wait;
    // The other instance finds the advisory lock held and does nothing, however often it tries.
    expect(await two.hub.retention.run()).toEqual({ ran: false, organisationHistory: 0, eventHistory: 0, webhookDeliveries: 0 });
    expect(await two.hub.retention.run()).toMatchObject({ ran: false });
    release.open();
    expect(await first).toEqual({ ran: true, organisationHistory: 1, eventHistory: 0, webhookDeliveries: 0 });
    // Once the lock is free, the other instance runs, and finds the work done.
    expect(await two.hub.retention.run()).toEqual({ ran: true, organisationHistory: 0, eventHistory: 0, webhookDeliveries: 0 });
  });
});
