import { Webhook } from 'standardwebhooks';
import { createEvent, memberKey } from '../helpers/events';
import { addContact, createOrganisation, municipalityIds } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';
import { Receiver, webhookSettings } from '../helpers/webhooks';

/**
 * Webhooks through the public API, delivered to receivers this test starts
 * on loopback (WEBHOOK_ALLOW_PRIVATE_URLS=true, fast retry schedule). "Nothing
 * arrives" is proven with a barrier: a change the receiver must get is made
 * after the one it must not, and must be the next thing it receives.
 */
let hub: TestHub;
let coordinator: string;
let towns: Record<string, string>;
const receivers: Receiver[] = [];

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id url enabled } } }`;
const DELIVERIES = `query { webhooks { id enabled disabledReason deliveries(first: 50) { id type status attempts responseStatus responseExcerpt lastError cursor } } }`;

async function receiver(): Promise<Receiver> {
  const r = await Receiver.start();
  receivers.push(r);
  return r;
}

async function createWebhook(key: string, input: Record<string, unknown>) {
  const data = await hub.ok(CREATE, { input }, { key });
  return { id: data.createWebhook.webhook.id as string, secret: data.createWebhook.secret as string };
}

async function webhookState(key: string, id: string) {
  const data = await hub.ok(DELIVERIES, {}, { key });
  return data.webhooks.find((w: any) => w.id === id);
}

async function rename(key: string, organisation: { id: string; version: number }, name: string) {
  const data = await hub.ok(
    `mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $input) { version } }`,
    { id: organisation.id, v: organisation.version, input: { name } },
    { key },
  );
  organisation.version = data.updateOrganisation.version;
}

beforeAll(async () => {
  hub = await TestHub.start(webhookSettings());
  coordinator = await hub.key({ coordinator: true });
  towns = await municipalityIds(hub);
});
afterAll(async () => {
  await hub?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

test('signed per Standard Webhooks, verified with the standardwebhooks package; thin payloads', async () => {
  const r = await receiver();
  const { id, secret } = await createWebhook(coordinator, { url: r.url, description: 'Spiegel der Website' });
  expect(secret).toMatch(/^whsec_/);
  const org = await createOrganisation(hub, coordinator, {
    name: 'Kulturverein Vellmar',
    address: { municipalityId: towns.Vellmar },
  });
  const [delivery] = await r.waitFor(1);
  const verified = new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>) as any;
  expect(verified).toEqual({
    type: 'organisation.created',
    timestamp: expect.any(String),
    data: {
      cursor: expect.any(String),
      subject: 'ORGANISATION',
      id: org.id,
      kind: 'CREATED',
      changedFields: expect.arrayContaining(['name']),
    },
  });
  expect(delivery!.headers['webhook-id']).toMatch(/^msg_/);
  // A forged body does not verify.
  expect(() =>
    new Webhook(secret).verify(delivery!.body.replace('CREATED', 'UPDATED'), delivery!.headers as Record<string, string>),
  ).toThrow();
  // The cursor catches up through the API.
  const caught = await hub.ok(`query($since: String) { organisationChanges(since: $since) { edges { node { kind } } } }`, {
    since: verified.data.cursor,
  });
  expect(caught.organisationChanges.edges).toEqual([]);
  await hub.hub.webhooks.settle();
  const state = await webhookState(coordinator, id);
  expect(state.deliveries[0]).toMatchObject({ status: 'DELIVERED', attempts: 1, responseStatus: 200, responseExcerpt: 'ok' });
  await hub.ok(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, { key: coordinator });
});

test('retries after 500 and a time-out, then succeeds; redelivery sends the same message again', async () => {
  const r = await receiver();
  r.script({ status: 500, body: 'kaputt' }, 'hang');
  const { id, secret } = await createWebhook(coordinator, { url: r.url, filter: { organisationKinds: ['CREATED'] } });
  await createOrganisation(hub, coordinator, { name: 'Helferkreis Ahnatal' });
  const attempts = await r.waitFor(3);
  expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
  for (const attempt of attempts) new Webhook(secret).verify(attempt.body, attempt.headers as Record<string, string>);
  await hub.hub.webhooks.settle();
  let state = await webhookState(coordinator, id);
  expect(state.deliveries[0]).toMatchObject({ status: 'DELIVERED', attempts: 3, responseStatus: 200 });

  const redelivered = await hub.ok(
    `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id status } }`,
    { id: state.deliveries[0].id },
    { key: coordinator },
  );
  expect(redelivered.redeliverWebhook.status).toBe('PENDING');
  const [, , , again] = await r.waitFor(4);
  expect(again!.headers['webhook-id']).toBe(attempts[0]!.headers['webhook-id']);
  await hub.hub.webhooks.settle();
  state = await webhookState(coordinator, id);
  expect(state.deliveries[0]).toMatchObject({ status: 'DELIVERED', attempts: 4 });
  await hub.ok(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, { key: coordinator });
});

test('429 with Retry-After waits as asked; 410 disables the webhook with the reason', async () => {
  const r = await receiver();
  r.script({ status: 429, headers: { 'retry-after': '1' } });
  const { id } = await createWebhook(coordinator, { url: r.url, filter: { organisationKinds: ['CREATED'] } });
  await createOrganisation(hub, coordinator, { name: 'Verein Retry' });
  const [first, second] = await r.waitFor(2);
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);

  const gone = await receiver();
  gone.script({ status: 410 });
  const barrier = await receiver();
  const hook = await createWebhook(coordinator, { url: gone.url, filter: { organisationKinds: ['CREATED'] } });
  await createWebhook(coordinator, { url: barrier.url, filter: { organisationKinds: ['CREATED'] } });
  await createOrganisation(hub, coordinator, { name: 'Verein Gone 1' });
  await gone.waitFor(1);
  await barrier.waitFor(1);
  await hub.hub.webhooks.settle();
  const state = await webhookState(coordinator, hook.id);
  expect(state).toMatchObject({ enabled: false, disabledReason: 'The endpoint answered 410 Gone.' });
  // Barrier: the next change reaches the healthy endpoint, and nothing more reaches the gone one.
  await createOrganisation(hub, coordinator, { name: 'Verein Gone 2' });
  await barrier.waitFor(2);
  await hub.hub.webhooks.settle();
  expect(gone.received).toHaveLength(1);
  await hub.ok(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, { key: coordinator });
});

test("a partner key's webhook never receives a draft or a hidden contact change; a revoked key stops it", async () => {
  const mosque = await createOrganisation(hub, coordinator, { name: 'Moscheegemeinde Baunatal', kind: 'MOSQUE' });
  const editor = await memberKey(hub, mosque.id, 'EDITOR');
  const partnerOrg = await createOrganisation(hub, coordinator, { name: 'Partner-App' });
  const partnerAdmin = await memberKey(hub, partnerOrg.id, 'ADMIN');
  const r = await receiver();
  const { secret } = await createWebhook(partnerAdmin, { url: r.url, filter: { organisationIds: [mosque.id] } });

  await createEvent(hub, editor, { title: 'Entwurf' });
  await addContact(hub, editor, mosque.id, { name: 'Imam privat', phone: '+49 561 999', visibility: 'COORDINATORS' });
  await rename(editor, mosque, 'Moscheegemeinde Baunatal e.V.');
  const [next] = await r.waitFor(1);
  const body = new Webhook(secret).verify(next!.body, next!.headers as Record<string, string>) as any;
  expect(body).toMatchObject({ type: 'organisation.updated', data: { changedFields: ['name'] } });
  expect(next!.body).not.toContain('999');

  // Revoke the key that created it (directly: the partner's keys): the webhook stops, and says why.
  await hub.db.query(`UPDATE api_key SET revoked_at = now() WHERE organisation_id = $1`, [
    Buffer.from(partnerOrg.id, 'base64').toString().split(':')[1],
  ]);
  await rename(editor, mosque, 'Moscheegemeinde Baunatal');
  const barrier = await receiver();
  await createWebhook(coordinator, { url: barrier.url, filter: { organisationIds: [mosque.id] } });
  await rename(editor, mosque, 'Moscheegemeinde Baunatal e.V.');
  await barrier.waitFor(1);
  await hub.hub.webhooks.settle();
  expect(r.received).toHaveLength(1);
  const [row] = await hub.db.query(`SELECT enabled, disabled_reason FROM webhook WHERE url = $1`, [r.url]);
  expect(row).toMatchObject({ enabled: false, disabled_reason: expect.stringContaining('revoked') });
});

test('rotation: old and new signatures side by side during the grace period', async () => {
  const r = await receiver();
  const { id, secret: old } = await createWebhook(coordinator, { url: r.url, filter: { organisationKinds: ['CREATED'] } });
  const rotated = await hub.ok(
    `mutation($id: ID!) { rotateWebhookSecret(id: $id, graceHours: 1) { secret webhook { previousSecretExpiresAt } } }`,
    { id },
    { key: coordinator },
  );
  const fresh = rotated.rotateWebhookSecret.secret;
  expect(fresh).not.toBe(old);
  expect(rotated.rotateWebhookSecret.webhook.previousSecretExpiresAt).toBeTruthy();
  await createOrganisation(hub, coordinator, { name: 'Verein Rotation' });
  const [delivery] = await r.waitFor(1);
  expect(String(delivery!.headers['webhook-signature']).split(' ')).toHaveLength(2);
  for (const secret of [old, fresh]) new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>);
  await hub.ok(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, { key: coordinator });
});

test('rights and bad input: BAD_USER_INPUT naming the field; only coordinators and ADMIN keys', async () => {
  const bad = async (input: Record<string, unknown>, key = coordinator) =>
    (await hub.gql(CREATE, { input }, { key })).errors?.[0]?.extensions;
  expect(await bad({ url: 'ftp://example.org/hook' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
  expect(await bad({ url: 'not a url' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
  expect(await bad({ url: 'https://example.org/hook', description: 'x'.repeat(501) })).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'input.description',
  });
  expect(await bad({ url: 'https://example.org/hook', filter: { organisationIds: ['nope'] } })).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'input.filter.organisationIds[0]',
  });
  expect(
    (
      await hub.gql(
        CREATE,
        { input: { url: 'https://example.org/hook', filter: { eventKinds: ['EXPLODED'] } } },
        { key: coordinator },
      )
    ).errors?.[0]?.extensions?.code,
  ).toBe('BAD_USER_INPUT');
  const org = await createOrganisation(hub, coordinator);
  expect(await bad({ url: 'https://example.org/hook' }, await memberKey(hub, org.id, 'EDITOR'))).toMatchObject({
    code: 'FORBIDDEN',
  });
  expect(errorCode(await hub.gql(CREATE, { input: { url: 'https://example.org/hook' } }))).toBe('UNAUTHENTICATED');
  // Another organisation's ADMIN does not see, and cannot touch, a coordinator's webhook.
  const { id } = await createWebhook(coordinator, { url: 'https://example.org/hook' });
  const admin = await memberKey(hub, org.id, 'ADMIN');
  expect((await hub.ok(`{ webhooks { id } }`, {}, { key: admin })).webhooks).toEqual([]);
  expect(errorCode(await hub.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, { key: admin }))).toBe('NOT_FOUND');
  await hub.ok(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, { key: coordinator });
});

test('/metrics reports the outbox: pending and failed deliveries, attempts, latency', async () => {
  const text = await (await fetch(hub.url.replace(/\/graphql$/, '/metrics'))).text();
  expect(text).toMatch(/wirhub_webhook_outbox_deliveries\{[^}]*status="pending"[^}]*\} \d+/);
  expect(text).toMatch(/wirhub_webhook_outbox_deliveries\{[^}]*status="failed"[^}]*\} [1-9]/);
  expect(text).toMatch(/wirhub_webhook_attempts_total\{[^}]*outcome="delivered"[^}]*\} [1-9]/);
  expect(text).toMatch(/wirhub_webhook_delivery_latency_seconds_count\{[^}]*\} [1-9]/);
});

test('private, loopback and link-local addresses are refused unless the setting allows them', async () => {
  const strict = await TestHub.start(webhookSettings({ WEBHOOK_ALLOW_PRIVATE_URLS: 'false' }));
  try {
    const key = await strict.key({ coordinator: true });
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest',
      'http://[::1]/hook',
      'http://192.168.0.10/',
    ]) {
      const result = await strict.gql(CREATE, { input: { url } }, { key });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    }
  } finally {
    await strict.stop();
  }
});
