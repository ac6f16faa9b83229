import { createOrganisation } from '../helpers/factories';
import { createScratchDatabase, TestHub } from '../helpers/hub';
import { Receiver, webhookSettings } from '../helpers/webhooks';

/**
 * The outbox with several hub instances on one PostgreSQL database, and
 * across a restart: each change reaches the endpoint exactly once, in cursor
 * order. Needs the PostgreSQL server (DATABASE_URL); the embedded database is
 * single-process by design.
 */
const serverUrl = process.env.DATABASE_URL;
const describeOnServer = serverUrl ? describe : describe.skip;

describeOnServer('webhooks with two instances and a restart', () => {
  let drop: () => Promise<void>;
  let url: string;
  let settings: Record<string, string>;
  const receivers: Receiver[] = [];
  const hubs: TestHub[] = [];

  const start = async () => {
    const hub = await TestHub.start({ ...settings, DATABASE_URL: url });
    hubs.push(hub);
    return hub;
  };
  const cursorOf = (body: string) => Number(Buffer.from(JSON.parse(body).data.cursor, 'base64url').toString().slice(4));

  beforeAll(async () => {
    const scratch = await createScratchDatabase(serverUrl!);
    drop = scratch.drop;
    url = scratch.url;
    // Both instances read secrets with the same key, as a deployment's would.
    settings = webhookSettings();
  });
  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.stop()));
    await Promise.all(receivers.map((r) => r.close()));
    await drop?.();
  });

  test('two instances deliver each change exactly once, in cursor order', async () => {
    const one = await start();
    const two = await start();
    const coordinator = await one.key({ coordinator: true });
    const receiver = await Receiver.start();
    receivers.push(receiver);
    await one.ok(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`,
      {
        input: { url: receiver.url, filter: { organisationKinds: ['CREATED'] } },
      },
      { key: coordinator },
    );
    const count = 20;
    for (let i = 0; i < count; i += 1) await createOrganisation(i % 2 ? two : one, coordinator, { name: `Verein ${i}` });
    await receiver.waitFor(count);
    // Barrier: one more change, and it must be the next (and last) request.
    await createOrganisation(one, coordinator, { name: 'Verein Schluss' });
    const all = await receiver.waitFor(count + 1);
    await Promise.all([one.hub.webhooks.settle(), two.hub.webhooks.settle()]);
    expect(receiver.received).toHaveLength(count + 1);
    const ids = all.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(count + 1);
    const cursors = all.map((r) => cursorOf(r.body));
    expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);
    expect(JSON.parse(all[count]!.body).data.kind).toBe('CREATED');
    const [sent] = await one.db.query(`SELECT count(*)::int AS n, sum(attempts)::int AS attempts FROM webhook_delivery`);
    expect(sent).toEqual({ n: count + 1, attempts: count + 1 });
    await two.stop();
    hubs.splice(hubs.indexOf(two), 1);
  });

  test('a restart in the middle of a delivery loses nothing', async () => {
    const first = hubs[0]!;
    const coordinator = await first.key({ coordinator: true });
    const receiver = await Receiver.start();
    receivers.push(receiver);
    // The first attempt hangs until the instance goes away.
    receiver.script('hang');
    await first.ok(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`,
      {
        input: { url: receiver.url, filter: { organisationKinds: ['UPDATED'] } },
      },
      { key: coordinator },
    );
    const org = await createOrganisation(first, coordinator, { name: 'Verein Neustart' });
    await first.ok(
      `mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { name: "Verein Neustart e.V." }) { version } }`,
      { id: org.id, v: org.version },
      { key: coordinator },
    );
    await receiver.waitFor(1);
    await first.stop();
    hubs.splice(0, 1);
    const second = await start();
    const [, retried] = await receiver.waitFor(2);
    expect(retried!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
    await second.hub.webhooks.settle();
    const [row] = await second.db.query(
      `SELECT status FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE w.url = $1`,
      [receiver.url],
    );
    expect(row.status).toBe('DELIVERED');
  });
});
