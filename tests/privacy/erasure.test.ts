import { Writable } from 'node:stream';
import { createEvent, memberKey, publishEvent } from '../helpers/events';
import { addContact, createOrganisation, databaseId, municipalityIds } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';
import { feedOf, waitForSubscribers } from '../helpers/live';
import { Receiver, webhookSettings } from '../helpers/webhooks';
import { WsClient, type WsSubscription } from '../helpers/ws';
import { copiesOf, recordsPerTable } from './scan';

/**
 * Erasure and the report through the public API, as a district office would
 * use them (issue 16): a person's e-mail address and phone number are spread
 * by ordinary writes into every place the hub copies data to — a contact and
 * its history, the organisation's own entry, an event text and its history
 * and search document, an imported calendar event, an API key's label and
 * the history entries that key wrote, a webhook's description and a partner
 * endpoint's answer kept as an excerpt, the stored answer of an idempotent
 * request. The report must find every copy the test's own scan of the
 * database finds; after `erasePersonalData` no API path and no column of
 * any table holds the address or the number, while another person's data
 * stays. The hub logs at trace level into a stream the test reads: the log of
 * the whole run must hold neither.
 */
const EMAIL = 'Leyla.Demir@verein-beispiel.example';
const PHONE = '+49 561 7654321';
/** The same number as another person would write it: matched by its digits in phone fields. */
const PHONE_OTHER_SPELLING = '0561/7654321';
const OTHER_EMAIL = 'kontrolle@verein-beispiel.example';

let hub: TestHub;
let coordinator: string;
let receiver: Receiver;
let log = '';
const clients: WsClient[] = [];

const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    log += chunk.toString('utf8');
    done();
  },
});

beforeAll(async () => {
  receiver = await Receiver.start();
  hub = await TestHub.start({ ...webhookSettings(), LOG_LEVEL: 'trace' }, { log: logStream });
  coordinator = await hub.key({ coordinator: true }, 'Koordinierung Landkreis');
});
afterAll(async () => {
  if (process.env.PRIVACY_TEST_LOG) (await import('node:fs')).writeFileSync(process.env.PRIVACY_TEST_LOG, log);
  await Promise.all(clients.map((client) => client.close()));
  await hub?.stop();
  await receiver?.close();
});

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const lower = (value: unknown) => JSON.stringify(value).toLowerCase();

interface Scene {
  organisation: { id: string; version: number };
  contact: string;
  otherContact: string;
  event: { id: string };
  importedEventId: string;
  personKey: string;
  webhookId: string;
  startCursor: string;
}
let scene: Scene;

/** Ordinary writes that copy the person's data everywhere the hub keeps copies. */
async function spreadThePersonsData(): Promise<Scene> {
  const towns = await municipalityIds(hub);
  const [start] = await hub.db.query('SELECT coalesce(max(cursor), 0) AS cursor FROM change_log');
  const startCursor = Buffer.from(`chg:${start.cursor}`).toString('base64url');
  // The association uses its chair's own address and number (its history holds them too).
  const organisation = await createOrganisation(hub, coordinator, {
    name: 'Kulturverein Beispiel',
    email: EMAIL,
    phone: PHONE,
    address: { municipalityId: towns.Baunatal },
  });
  const admin = await memberKey(hub, organisation.id, 'ADMIN');
  // A key labelled with the person's address: its label, and the history entries it writes.
  const personKey = await hub.key({ organisationId: databaseId(organisation.id), role: 'EDITOR' }, `Leyla Demir <${EMAIL}>`);
  const contact = await addContact(hub, admin, organisation.id, {
    name: 'Leyla Demir',
    role: 'Vorsitzende',
    email: EMAIL,
    phone: PHONE,
    visibility: 'PUBLIC',
    publicationBasis: 'CONSENT',
  });
  await hub.ok(
    `mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }`,
    {
      id: contact,
      input: {
        name: 'Leyla Demir',
        role: 'Vorstand',
        email: EMAIL,
        phone: PHONE,
        visibility: 'PUBLIC',
        publicationBasis: 'CONSENT',
      },
    },
    { key: personKey },
  );
  const otherContact = await addContact(hub, admin, organisation.id, {
    name: 'Jonas Kontrolle',
    email: OTHER_EMAIL,
    visibility: 'PUBLIC',
  });
  // The same person at another organisation, written with an Idempotency-Key (the answer is kept) and another spelling of the number.
  const second = await createOrganisation(hub, coordinator, { name: 'Elterninitiative Beispiel' });
  const stored = await hub.gql(
    `mutation($id: ID!, $input: ContactInput!) { addContact(organisationId: $id, input: $input) { id email phone } }`,
    { id: second.id, input: { name: 'L. Demir', email: EMAIL.toLowerCase(), phone: PHONE_OTHER_SPELLING } },
    { key: coordinator, headers: { 'idempotency-key': 'privacy-test-1' } },
  );
  expect(stored.errors).toBeUndefined();
  // An event whose text names her, written by her key; published, so it is in feeds and its search document.
  const draft = await createEvent(hub, personKey, {
    title: 'Kulturabend',
    description: [{ language: 'de', text: `Anmeldung bei ${EMAIL} oder ${PHONE}.` }],
    startsAt: '2027-03-05T18:00:00+01:00',
    endsAt: '2027-03-05T21:00:00+01:00',
  });
  const event = await publishEvent(hub, personKey, draft);
  // An imported calendar whose event names her.
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//Partner//DE',
    'BEGIN:VEVENT',
    'UID:lesung@partner',
    'DTSTAMP:20260901T000000Z',
    'DTSTART;TZID=Europe/Berlin:20270310T190000',
    'DURATION:PT2H',
    'SUMMARY:Lesung',
    `DESCRIPTION:Fragen an ${EMAIL}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  await hub.ok(
    `mutation($id: ID!, $ics: String!) { importCalendar(organisationId: $id, ics: $ics) { created } }`,
    { id: organisation.id, ics },
    { key: admin },
  );
  const [imported] = await hub.db.query(`SELECT id FROM event WHERE source_uid = 'lesung@partner'`);
  // A webhook described with her address, whose endpoint answers with it (kept as the excerpt).
  receiver.script({ status: 200, body: `received, thanks - ${EMAIL}` });
  const webhook = await hub.ok(
    `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`,
    { input: { url: receiver.url, description: `Benachrichtigung an ${EMAIL}`, filter: { organisationKinds: ['UPDATED'] } } },
    { key: coordinator },
  );
  await hub.ok(
    `mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { shortName: "KVB" }) { version } }`,
    { id: organisation.id, v: organisation.version },
    { key: admin },
  );
  await receiver.waitFor(1);
  await hub.hub.webhooks.settle();
  return {
    organisation,
    contact,
    otherContact,
    event,
    importedEventId: gid('Event', String(imported.id)),
    personKey,
    webhookId: webhook.createWebhook.webhook.id,
    startCursor,
  };
}

/** Everything the API shows a coordinator about the scene, on every path (organisation, node, history, changes, feeds, webhooks). */
async function everythingTheApiShows(): Promise<unknown[]> {
  const shown: unknown[] = [];
  const org = `id name email phone contacts { id name email phone role } history(first: 100) { edges { node { kind actor { label } changes { field oldValue newValue } } } }`;
  shown.push(
    await hub.ok(`query($id: ID!) { organisation(id: $id) { ${org} } }`, { id: scene.organisation.id }, { key: coordinator }),
  );
  shown.push(await hub.ok(`query($id: ID!) { organisation(id: $id) { ${org} } }`, { id: scene.organisation.id }));
  shown.push(
    await hub.ok(
      `query { organisations(first: 100) { edges { node { name email phone contacts { name email phone } } } } }`,
      {},
      { key: coordinator },
    ),
  );
  shown.push(
    await hub.ok(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Organisation { email phone contacts { name email phone } } ... on Event { title description } } }`,
      { ids: [scene.organisation.id, scene.event.id, scene.importedEventId] },
      { key: coordinator },
    ),
  );
  for (const id of [scene.event.id, scene.importedEventId]) {
    shown.push(
      await hub.ok(
        `query($id: ID!) { event(id: $id) { title description history(first: 50) { edges { node { kind actor { label } changes { field oldValue newValue } } } } } }`,
        { id },
        { key: coordinator },
      ),
    );
  }
  shown.push(
    await hub.ok(
      `query($q: String!) { events(filter: { search: $q }, first: 10) { edges { node { title } } } }`,
      { q: 'Demir' },
      { key: coordinator },
    ),
  );
  // Replayed from before the first write, page by page: thin changes, and what they lead to now.
  const replay = async (field: 'changes' | 'organisationChanges', node: string) => {
    let since = scene.startCursor;
    for (;;) {
      const page = await hub.ok(
        `query($since: String) { ${field}(since: $since, first: 100) { edges { node { ${node} } } pageInfo { endCursor hasNextPage } } }`,
        { since },
        { key: coordinator },
      );
      shown.push(page);
      if (!page[field].pageInfo.hasNextPage) return;
      since = page[field].pageInfo.endCursor;
    }
  };
  await replay('changes', 'kind changedFields event { title description }');
  await replay('organisationChanges', 'kind contactId changedFields organisation { email phone contacts { email phone name } }');
  shown.push(
    await hub.ok(
      `{ webhooks { description deliveries(first: 100) { type responseExcerpt lastError } } }`,
      {},
      { key: coordinator },
    ),
  );
  shown.push(await hub.ok(`{ viewer { name } }`, {}, { key: scene.personKey }).catch((error: unknown) => String(error)));
  const base = hub.url.replace(/\/graphql$/, '');
  for (const path of ['/feeds/events.ics?from=2026-01-01', '/feeds/events.atom?from=2026-01-01']) {
    shown.push(await (await fetch(`${base}${path}`)).text());
  }
  return shown;
}

/** What an organisationChanged subscription replays from `since` until a barrier change (a rename) arrives. */
async function replayedBySubscription(key: string | undefined): Promise<unknown[]> {
  const client = await WsClient.connect(hub, { key });
  clients.push(client);
  const before = feedOf(hub).subscriberCount;
  const subscription = client.subscribe(
    `subscription($since: String) { organisationChanged(since: $since) { kind changedFields organisation { name email phone contacts { name email phone } } } }`,
    { since: scene.startCursor },
  );
  await waitForSubscribers(hub, before + 1);
  const barrier = `Kulturverein Beispiel ${Date.now()}`;
  const current = await hub.ok(
    `query($id: ID!) { organisation(id: $id) { version } }`,
    { id: scene.organisation.id },
    { key: coordinator },
  );
  await hub.ok(
    `mutation($id: ID!, $v: Int!, $name: String!) { updateOrganisation(id: $id, expectedVersion: $v, input: { name: $name }) { version } }`,
    { id: scene.organisation.id, v: current.organisation.version, name: barrier },
    { key: coordinator },
  );
  const received: unknown[] = [];
  for (;;) {
    const result = await subscription.next(10_000);
    received.push(result);
    if ((result.data as any)?.organisationChanged?.organisation?.name === barrier) break;
  }
  subscription.unsubscribe();
  return received;
}

test('the report finds every copy the writes made, with where each came from', async () => {
  scene = await spreadThePersonsData();
  const report = await hub.ok(
    `query($input: PersonalDataInput!) { personalDataReport(input: $input) { kind generatedAt records { place recordId fields origin recordedAt data } json document } }`,
    { input: { email: EMAIL } },
    { key: coordinator },
  );
  const { records } = report.personalDataReport;
  const perTable: Record<string, number> = {};
  for (const record of records) perTable[record.place] = (perTable[record.place] ?? 0) + 1;
  // The test's own scan of every column of every table: the report holds exactly those records.
  expect(perTable).toEqual(await recordsPerTable(hub, EMAIL));
  expect(Object.keys(perTable).sort()).toEqual(
    expect.arrayContaining([
      'api_key',
      'contact',
      'event',
      'event_history',
      'idempotency_key',
      'organisation',
      'organisation_history',
      'webhook',
      'webhook_delivery',
    ]),
  );
  const contactRecord = records.find((record: any) => record.place === 'contact' && record.data.name === 'Leyla Demir');
  expect(contactRecord.origin).toMatch(/^Kontaktperson der Organisation „Kulturverein Beispiel“, angelegt am .+ durch „/);
  expect(contactRecord.data).not.toHaveProperty('secret_hash');
  expect(records.find((record: any) => record.place === 'api_key').data).not.toHaveProperty('secret_hash');
  expect(records.find((record: any) => record.place === 'event' && record.data.source_uid).origin).toMatch(
    /importiert aus einer Kalenderdatei/,
  );
  expect(report.personalDataReport.json.records).toHaveLength(records.length);
  expect(report.personalDataReport.document).toContain('# Auskunft über gespeicherte Daten (Art. 15 DSGVO)');
  expect(report.personalDataReport.document).toContain(`Gefunden: ${records.length} Datensätze`);
  // The phone number, in either spelling: both contacts.
  const byPhone = await hub.ok(
    `query($input: PersonalDataInput!) { personalDataReport(input: $input) { records { place data } } }`,
    { input: { phone: PHONE_OTHER_SPELLING } },
    { key: coordinator },
  );
  expect(byPhone.personalDataReport.records.filter((record: any) => record.place === 'contact')).toHaveLength(2);
});

test('only coordinators erase by value and read reports; an organisation ADMIN erases its own contacts only', async () => {
  const admin = await memberKey(hub, scene.organisation.id, 'ADMIN');
  const editor = await memberKey(hub, scene.organisation.id, 'EDITOR');
  const other = await createOrganisation(hub, coordinator, { name: 'Anderer Verein' });
  const otherAdmin = await memberKey(hub, other.id, 'ADMIN');
  const report = `query { personalDataReport(input: { email: "${EMAIL}" }) { kind } }`;
  expect(errorCode(await hub.gql(report, {}, { key: admin }))).toBe('FORBIDDEN');
  expect(errorCode(await hub.gql(report))).toBe('UNAUTHENTICATED');
  const byValue = `mutation { erasePersonalData(input: { email: "${EMAIL}" }) { id } }`;
  expect(errorCode(await hub.gql(byValue, {}, { key: admin }))).toBe('FORBIDDEN');
  const one = `mutation($id: ID!) { eraseContact(id: $id) { id } }`;
  expect(errorCode(await hub.gql(one, { id: scene.otherContact }, { key: editor }))).toBe('FORBIDDEN');
  expect(errorCode(await hub.gql(one, { id: scene.otherContact }, { key: otherAdmin }))).toBe('FORBIDDEN');
  expect(
    (await hub.gql(`mutation { erasePersonalData(input: { }) { id } }`, {}, { key: coordinator })).errors?.[0]?.extensions,
  ).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'input.email',
  });
  expect(
    (
      await hub.gql(
        `mutation { erasePersonalData(input: { email: "a@b.example", phone: "0561 1234" }) { id } }`,
        {},
        { key: coordinator },
      )
    ).errors?.[0]?.extensions,
  ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phone' });
  // Nothing was erased by the refusals.
  expect(Object.keys(await copiesOf(hub, EMAIL)).length).toBeGreaterThan(0);
  const [{ n }] = await hub.db.query('SELECT count(*)::int AS n FROM personal_data_erasure');
  expect(Number(n)).toBe(0);
});

test('after erasePersonalData the address and the number are nowhere: no API path, no column of any table', async () => {
  // An anonymous subscriber that saw the published contact hears that it is gone.
  const client = await WsClient.connect(hub, {});
  clients.push(client);
  const before = feedOf(hub).subscriberCount;
  const live = client.subscribe(`subscription { organisationChanged { kind contactId changedFields } }`);
  // A partner (the coordinator's connection) following organisations and events live: it must hear of every rewrite.
  const partner = await WsClient.connect(hub, { key: coordinator });
  clients.push(partner);
  const organisations = partner.subscribe(
    `subscription { organisationChanged { kind changedFields organisation { id version email phone } } }`,
  );
  const events = partner.subscribe(`subscription { eventChanged { kind changedFields event { id version description } } }`);
  await waitForSubscribers(hub, before + 3);
  // The versions a partner's cached copies carry.
  const cached = await hub.ok(
    `query($id: ID!, $event: ID!) { organisation(id: $id) { version } event(id: $event) { version } }`,
    { id: scene.organisation.id, event: scene.event.id },
    { key: coordinator },
  );

  const erased = await hub.ok(
    `mutation($input: PersonalDataInput!) { erasePersonalData(input: $input) { id scope erasedAt byCoordinator erasedContacts places { place records } remaining { place records } } }`,
    { input: { email: EMAIL } },
    { key: coordinator },
  );
  expect(erased.erasePersonalData).toMatchObject({ scope: 'EMAIL', byCoordinator: true, erasedContacts: 2, remaining: [] });
  const places = Object.fromEntries(erased.erasePersonalData.places.map((p: any) => [p.place, p.records]));
  expect(places).toMatchObject({
    contact: 2,
    'organisation.email': 1,
    'api_key.label': 1,
    'webhook.description': 1,
    'webhook_delivery.response_excerpt': 1,
  });
  expect(places['organisation_history.changes']).toBeGreaterThanOrEqual(3);
  expect(places['event.description']).toBe(2);
  expect(places['event_history.actor_label']).toBeGreaterThanOrEqual(2);
  expect(places['idempotency_key.response']).toBe(1);

  const removed = await live.next(10_000);
  expect(removed.data.organisationChanged).toMatchObject({ kind: 'CONTACT_REMOVED', contactId: scene.contact });

  // The organisation's own address was cleared: an UPDATED change whose current snapshot no longer has it, one version on.
  const nextOf = async (subscription: WsSubscription, field: string, id: string, kind: string) => {
    for (;;) {
      const result = await subscription.next(10_000);
      expect(result.errors).toBeUndefined();
      const change = (result.data as any)[field];
      if (change.kind === kind && change[field === 'eventChanged' ? 'event' : 'organisation']?.id === id) return change;
    }
  };
  expect(await nextOf(organisations, 'organisationChanged', scene.organisation.id, 'UPDATED')).toEqual({
    kind: 'UPDATED',
    changedFields: ['email'],
    organisation: { id: scene.organisation.id, version: cached.organisation.version + 1, email: null, phone: PHONE },
  });
  const eventChange = await nextOf(events, 'eventChanged', scene.event.id, 'UPDATED');
  expect(eventChange).toMatchObject({ kind: 'UPDATED', changedFields: ['description'] });
  expect(eventChange.event.version).toBe(cached.event.version + 1);
  expect(lower(eventChange)).not.toContain(EMAIL.toLowerCase());
  expect(eventChange.event.description).toContain('[gelöscht/erased ');
  organisations.unsubscribe();
  events.unsubscribe();
  // An edit based on the copy from before the erasure is stale: it would write her data back.
  const stale = await hub.gql(
    `mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { shortName: "KV" }) { version } }`,
    { id: scene.organisation.id, v: cached.organisation.version },
    { key: coordinator },
  );
  expect(errorCode(stale)).toBe('CONFLICT');
  const staleEvent = await hub.gql(
    `mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, input: { title: [{ language: "de", text: "Kulturabend 2027" }] }) { version } }`,
    { id: scene.event.id, v: cached.event.version },
    { key: coordinator },
  );
  expect(errorCode(staleEvent)).toBe('CONFLICT');
  // History tells what changed and when, with the marker where the value was.
  const history = await hub.ok(
    `query($id: ID!, $event: ID!) {
       organisation(id: $id) { history(first: 100) { edges { node { kind version changes { field oldValue newValue } } } } }
       event(id: $event) { history(first: 50) { edges { node { kind version changes { field oldValue } } } } } }`,
    { id: scene.organisation.id, event: scene.event.id },
    { key: coordinator },
  );
  expect(history.organisation.history.edges.at(-1).node).toEqual({
    kind: 'UPDATED',
    version: cached.organisation.version + 1,
    changes: [{ field: 'email', oldValue: expect.stringMatching(/^\[gelöscht\/erased \d{4}-\d{2}-\d{2}\]$/), newValue: null }],
  });
  expect(history.event.history.edges.at(-1).node).toMatchObject({
    kind: 'UPDATED',
    version: cached.event.version + 1,
    changes: [{ field: 'description', oldValue: expect.stringMatching(/^\[gelöscht\/erased /) }],
  });

  expect(await copiesOf(hub, EMAIL)).toEqual({});
  for (const shown of await everythingTheApiShows()) expect(lower(shown)).not.toContain(EMAIL.toLowerCase());
  for (const key of [coordinator, undefined]) {
    for (const shown of await replayedBySubscription(key)) expect(lower(shown)).not.toContain(EMAIL.toLowerCase());
  }
  // Another person's data stays; the events and organisations stay, with a marker where her data was.
  const after = await hub.ok(
    `query($id: ID!, $event: ID!) { organisation(id: $id) { email contacts { name email } } event(id: $event) { description } }`,
    { id: scene.organisation.id, event: scene.event.id },
    { key: coordinator },
  );
  expect(after.organisation).toEqual({ email: null, contacts: [{ name: 'Jonas Kontrolle', email: OTHER_EMAIL }] });
  expect(after.event.description).toMatch(/^Anmeldung bei \[gelöscht\/erased \d{4}-\d{2}-\d{2}\] oder /);
  // The record says who, when and what kind, and holds nothing of her.
  const records = await hub.ok(
    `{ personalDataErasures { id scope byCoordinator erasedContacts places { place records } } }`,
    {},
    { key: coordinator },
  );
  expect(records.personalDataErasures).toHaveLength(1);
  expect(lower(records)).not.toContain('demir');
});

test('erasing the phone number finds it in every spelling; eraseContact by the organisation ADMIN', async () => {
  const erased = await hub.ok(
    `mutation { erasePersonalData(input: { phone: "${PHONE_OTHER_SPELLING}" }) { scope erasedContacts remaining { place } } }`,
    {},
    { key: coordinator },
  );
  // Both contacts went with the e-mail erasure already; the copies of the number in texts and history go now.
  expect(erased.erasePersonalData).toMatchObject({ scope: 'PHONE', erasedContacts: 0, remaining: [] });
  expect(await copiesOf(hub, PHONE)).toEqual({});
  expect(await copiesOf(hub, '7654321')).toEqual({});

  const admin = await memberKey(hub, scene.organisation.id, 'ADMIN');
  const one = await hub.ok(
    `mutation($id: ID!) { eraseContact(id: $id) { scope byCoordinator erasedContacts remaining { place } } }`,
    { id: scene.otherContact },
    { key: admin },
  );
  expect(one.eraseContact).toEqual({ scope: 'CONTACT', byCoordinator: false, erasedContacts: 1, remaining: [] });
  expect(await copiesOf(hub, OTHER_EMAIL)).toEqual({});
  expect(await copiesOf(hub, 'Jonas Kontrolle')).toEqual({});
  expect(
    errorCode(await hub.gql(`mutation($id: ID!) { eraseContact(id: $id) { id } }`, { id: scene.otherContact }, { key: admin })),
  ).toBe('NOT_FOUND');
});

test('a failing statement with her data in its parameters and error is logged without them', async () => {
  // A fault injected into the database: inserting this contact fails with an error that quotes the row.
  await hub.db.query(`
    CREATE FUNCTION privacy_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.name = 'Störfall' THEN RAISE EXCEPTION 'injected fault for %, %', NEW.email, NEW.phone; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER privacy_test_fault BEFORE INSERT ON contact FOR EACH ROW EXECUTE FUNCTION privacy_test_fault();
  `);
  const logged = log.length;
  const failed = await hub.gql(
    `mutation($id: ID!, $input: ContactInput!) { addContact(organisationId: $id, input: $input) { id } }`,
    { id: scene.organisation.id, input: { name: 'Störfall', email: EMAIL, phone: PHONE } },
    { key: coordinator },
  );
  expect(failed.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  expect(JSON.stringify(failed)).not.toContain(EMAIL);
  await hub.db.query('DROP TRIGGER privacy_test_fault ON contact; DROP FUNCTION privacy_test_fault()');
  // The failure was logged (statement, error, request), with the values replaced.
  const lines = log.slice(logged);
  expect(lines).toContain('injected fault for [e-mail], [phone]');
  expect(lines).toContain('"msg":"unexpected error while handling a request"');
});

test('the log of the whole run holds no contact e-mail address or phone number', async () => {
  // The run logged at trace level: every SQL statement, requests, the webhook outbox.
  expect(log.length).toBeGreaterThan(10_000);
  expect(log).toContain('"msg":"sql"');
  const text = log.toLowerCase();
  for (const value of [EMAIL, OTHER_EMAIL, PHONE, PHONE_OTHER_SPELLING, '7654321']) {
    expect(text).not.toContain(value.toLowerCase());
  }
});

test('no client address is stored: anonymous budgets are counted under a daily pseudonym', async () => {
  const keys: Array<{ key: string }> = await hub.db.query('SELECT key FROM rate_bucket UNION ALL SELECT key FROM rate_limit');
  // On PostgreSQL the shared buckets and counters are in these tables (the embedded database counts in memory).
  if (!hub.embedded) expect(keys.some((row) => row.key.includes('address:'))).toBe(true);
  for (const { key } of keys) expect(key).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
  expect(await copiesOf(hub, '::ffff:127.0.0.1')).toEqual({});
});
