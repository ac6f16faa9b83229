/**
 * The <wir-events> widget in a real browser (Debian Chromium through playwright-core), embedded in
 * pages of a second origin, against a real hub: the events it shows are the `occurrences` the
 * public may see, it follows changes live and after a dropped socket, it never receives private
 * data, it explains bad attributes, and it passes axe-core. Saves the README's screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CuttableProxy } from '../helpers/proxy';
import { seriousAxeViolations, TestBrowser, TestSite, type TestPage } from '../helpers/browser';
import { cancelEvent, createCampaign, createEvent, inviteOrganisers, memberKey, publishEvent } from '../helpers/events';
import { createOrganisation, municipalityIds } from '../helpers/factories';
import { TestHub } from '../helpers/hub';
import { ensureBuilt } from '../server/processes';

// Into the README's set only when asked (`UPDATE_SCREENSHOTS=1`), so a test run leaves the work tree clean.
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(__dirname, '..', '..', 'docs', 'screenshots')
    : path.join(__dirname, '..', '..', 'test-results', 'widget');
const DAY = 86_400_000;

let hub: TestHub;
let browser: TestBrowser;
let site: TestSite;
let hubOrigin: string;
let editor: string;
let baunatal: string;
let vellmar: string;
let campaign: { id: string; slug: string };

/** A moment `days` from now at a whole hour, as the API takes it. */
function inDays(days: number, hours = 0): string {
  const at = new Date(Date.now() + days * DAY + hours * 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  return at.toISOString();
}

/** Texts that only non-public events, invitations or partners carry: none may reach the widget. */
const SECRETS = [
  'GEHEIM-Entwurf',
  'GEHEIM-Partner',
  'GEHEIM-Organisatoren',
  'GEHEIM-Einladung',
  'Eingeladener Verein (nicht zugesagt)',
];

const embed = (attributes: string, hub = hubOrigin) => `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Partnerseite</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Unser Verein</h1>
<script type="module" src="${hub}/widget.js"></script>
<wir-events ${attributes}></wir-events>
</main></body></html>`;

/** What the widget shows: its items in order. */
function shown(page: TestPage): Promise<Array<{ id: string; startsAt: string; text: string }>> {
  return page.evaluate(() =>
    [...document.querySelector('wir-events')!.shadowRoot!.querySelectorAll<HTMLElement>('li[data-event-id]')].map((li) => ({
      id: li.dataset.eventId!,
      startsAt: li.dataset.startsAt!,
      text: li.textContent!.replace(/\s+/g, ' ').trim(),
    })),
  );
}

/** An item the widget must show: its event, and optionally its start and a pattern its text matches. */
interface WantedItem {
  id: string;
  startsAt?: string;
  text?: string;
}

/**
 * Waits until the widget shows every wanted item: checked in the page on
 * each animation frame (the page's own signal that it may have rendered),
 * not by the test on a timer. How soon a change shows is a figure of
 * `npm run bench widget`, not an assertion here; the wait is bounded only so
 * that a widget that never shows it fails instead of hanging.
 */
async function waitForWidget(page: TestPage, wanted: WantedItem[]): Promise<void> {
  await page.waitForFunction(
    (items: WantedItem[]) => {
      const shownItems = [
        ...(document.querySelector('wir-events')?.shadowRoot?.querySelectorAll<HTMLElement>('li[data-event-id]') ?? []),
      ];
      return items.every((item) =>
        shownItems.some(
          (li) =>
            li.dataset.eventId === item.id &&
            (item.startsAt === undefined || li.dataset.startsAt === item.startsAt) &&
            (item.text === undefined || new RegExp(item.text).test(li.textContent ?? '')),
        ),
      );
    },
    wanted,
    { timeout: 30_000 },
  );
}

/** The anonymous `occurrences` for a filter over the widget's window (180 days): what the widget must show. */
async function expected(filter: Record<string, unknown>, first = 10): Promise<Array<{ id: string; startsAt: string }>> {
  const from = new Date().toISOString();
  const to = new Date(Date.now() + 180 * DAY).toISOString();
  const data = await hub.ok(
    `query($from: DateTime!, $to: DateTime!, $filter: EventFilter, $first: Int) {
       occurrences(from: $from, to: $to, filter: $filter, first: $first) { startsAt event { id } } }`,
    { from, to, filter, first },
  );
  return data.occurrences.map((o: any) => ({ id: o.event.id, startsAt: o.startsAt }));
}

/** Opens a partner page with the widget; collects every HTTP body and websocket frame it receives from the hub. */
async function open(attributes: string, options: { colorScheme?: 'light' | 'dark'; width?: number; hub?: string } = {}) {
  const page = await browser.page(options);
  const received: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/graphql'))
      void response.text().then(
        (body) => received.push(body),
        () => undefined,
      );
  });
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => received.push(String(frame.payload))));
  const url = site.serve(`/p${Math.random().toString(36).slice(2)}`, embed(attributes, options.hub));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('wir-events')?.shadowRoot?.querySelector('.root[aria-busy="false"]'));
  return { page, received };
}

/** Waits until the widget's live connection is up (it subscribes right then). */
async function live(page: TestPage) {
  // …and has reloaded the list once more, catching up on changes since the first load.
  await page.waitForFunction(() => {
    const root = document.querySelector('wir-events')?.shadowRoot?.querySelector<HTMLElement>('.root[data-live="on"]');
    return root !== null && root !== undefined && Number(root.dataset.loads) >= 2;
  });
}

beforeAll(async () => {
  ensureBuilt(); // the widget and the explorer are served from dist/web
  mkdirSync(SCREENSHOTS, { recursive: true });
  hub = await TestHub.start();
  hubOrigin = new URL(hub.url).origin;
  [browser, site] = await Promise.all([TestBrowser.launch(), TestSite.start()]);
  const coordinator = await hub.key({ coordinator: true });
  const ids = await municipalityIds(hub);
  baunatal = ids.Baunatal!;
  vellmar = ids.Vellmar!;
  const lead = await createOrganisation(hub, coordinator, { name: 'Kulturverein Baunatal (Test)' });
  const invited = await createOrganisation(hub, coordinator, { name: 'Eingeladener Verein (nicht zugesagt)' });
  editor = await memberKey(hub, lead.id);
  campaign = await createCampaign(hub, coordinator, {
    name: 'Interkulturelle Woche Widget',
    startsOn: inDays(0).slice(0, 10),
    endsOn: inDays(30).slice(0, 10),
  });
  const at = (municipalityId: string) => ({ address: { municipalityId, street: 'Marktplatz 1', postalCode: '34225' } });
  const published = async (spec: Record<string, unknown>) => {
    if (!Array.isArray(spec.title)) return publishEvent(hub, editor, await createEvent(hub, editor, spec));
    // Several title languages: createEvent takes one German title.
    const data = await hub.ok(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { id version } }`,
      { input: { category: 'MEETING', ...spec } },
      { key: editor },
    );
    return publishEvent(hub, editor, data.createEvent);
  };

  const fest = await published({
    title: [
      { language: 'de', text: 'Sommerfest der Kulturen' },
      { language: 'ar', text: 'مهرجان الثقافات' },
    ],
    summary: [{ language: 'de', text: 'Musik, Essen und Begegnung für alle.' }],
    startsAt: inDays(3, 0),
    endsAt: inDays(3, 4),
    topics: ['CULTURE'],
    campaignId: campaign.id,
    free: true,
    barrierFree: true,
    interpretingLanguages: ['ar', 'tr'],
    registrationUrl: 'https://example.org/anmeldung',
    ...at(baunatal),
  });
  await inviteOrganisers(hub, editor, fest.id, [{ organisationId: invited.id, message: 'GEHEIM-Einladung: bitte bis Freitag' }]);
  await published({
    title: 'Sprachcafé Baunatal',
    startsAt: inDays(5),
    endsAt: inDays(5, 2),
    topics: ['LANGUAGE_SUPPORT'],
    ...at(baunatal),
  });
  await published({
    title: 'Nähcafé (wöchentlich)',
    startsAt: inDays(1),
    endsAt: inDays(1, 2),
    recurrence: 'FREQ=WEEKLY;COUNT=4',
    ...at(baunatal),
  });
  await published({ title: 'Fest in Vellmar', startsAt: inDays(4), endsAt: inDays(4, 3), ...at(vellmar) });
  await createEvent(hub, editor, { title: 'GEHEIM-Entwurf', startsAt: inDays(2), endsAt: inDays(2, 1), ...at(baunatal) });
  await published({
    title: 'GEHEIM-Partner',
    startsAt: inDays(2),
    endsAt: inDays(2, 1),
    visibility: 'PARTNERS',
    ...at(baunatal),
  });
  await published({
    title: 'GEHEIM-Organisatoren',
    startsAt: inDays(2),
    endsAt: inDays(2, 1),
    visibility: 'ORGANISERS',
    ...at(baunatal),
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await hub?.stop();
});

test('renders the same occurrences as the occurrences query, in German, with what a visitor needs', async () => {
  const { page, received } = await open('municipality="baunatal" lang="de" details-url="https://verein.example/termin?id={id}"');
  const items = await shown(page);
  const want = await expected({ municipalityIds: [baunatal] });
  expect(items.map(({ id, startsAt }) => ({ id, startsAt }))).toEqual(want);
  expect(items.length).toBe(6); // 4 × Nähcafé, Sommerfest, Sprachcafé
  const fest = items.find((item) => item.text.includes('Sommerfest der Kulturen'))!;
  expect(fest.text).toMatch(/Kostenlos/);
  expect(fest.text).toMatch(/Barrierefrei/);
  expect(fest.text).toMatch(/Verdolmetscht: Arabisch, Türkisch/);
  expect(fest.text).toMatch(/Veranstaltet von: Kulturverein Baunatal \(Test\)/);
  expect(fest.text).toMatch(/Marktplatz 1, 34225/);
  // Times in the event's zone (Europe/Berlin), German format.
  const festStart = new Date(want.find((o) => o.id === fest.id)!.startsAt);
  const berlin = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(
    festStart,
  );
  expect(fest.text).toContain(berlin);
  const root = page.locator('wir-events .root');
  expect(await root.getAttribute('lang')).toBe('de');
  expect(await page.locator('wir-events h2').textContent()).toBe('Veranstaltungen in Baunatal');
  const titleLink = await page.locator(`wir-events li[data-event-id="${fest.id}"] a[part~="title-link"]`).getAttribute('href');
  expect(titleLink).toBe(`https://verein.example/termin?id=${encodeURIComponent(fest.id)}`);
  const calendar = await page.locator(`wir-events li[data-event-id="${fest.id}"] a[part~="calendar"]`).getAttribute('href');
  expect(calendar).toBe(`${hubOrigin}/feeds/events/${encodeURIComponent(fest.id)}.ics`);
  // schema.org Event JSON-LD in the light DOM.
  const jsonLd = JSON.parse((await page.locator('wir-events > script[type="application/ld+json"]').textContent())!);
  expect(jsonLd['@graph']).toHaveLength(6);
  expect(jsonLd['@graph']).toContainEqual(
    expect.objectContaining({
      '@type': 'Event',
      name: 'Sommerfest der Kulturen',
      isAccessibleForFree: true,
      eventStatus: 'https://schema.org/EventScheduled',
    }),
  );
  expect(page.errors).toEqual([]);
  for (const secret of SECRETS) expect(received.join('\n')).not.toContain(secret);
  await page.setViewportSize({ width: 480, height: 900 });
  await page.locator('wir-events').screenshot({ path: path.join(SCREENSHOTS, 'widget-de.png') });
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.close();
});

test('campaign and topics narrow the list; Arabic is right to left with Arabic titles', async () => {
  const { page } = await open(`municipality="baunatal" campaign="${campaign.slug}" topics="culture" lang="ar"`, { width: 480 });
  const items = await shown(page);
  expect(items.map(({ id, startsAt }) => ({ id, startsAt }))).toEqual(
    await expected({ municipalityIds: [baunatal], campaignIds: [campaign.id], topics: ['CULTURE'] }),
  );
  expect(items).toHaveLength(1);
  expect(await page.locator('wir-events .root').getAttribute('dir')).toBe('rtl');
  expect(await page.locator('wir-events .root').getAttribute('lang')).toBe('ar');
  const title = page.locator('wir-events h3 .title');
  expect(await title.textContent()).toBe('مهرجان الثقافات');
  expect(await title.getAttribute('lang')).toBe('ar');
  expect(items[0]!.text).toContain('مجاني');
  await page.locator('wir-events').screenshot({ path: path.join(SCREENSHOTS, 'widget-ar.png') });
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.close();
});

test('dark theme, down to 320 px wide', async () => {
  const { page } = await open('municipality="baunatal" lang="de" limit="3" theme="dark"', { colorScheme: 'dark', width: 320 });
  expect(await shown(page)).toHaveLength(3);
  // No horizontal scrolling at 320 px.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.locator('wir-events').screenshot({ path: path.join(SCREENSHOTS, 'widget-dark.png') });
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.close();
});

test('publishing, moving and cancelling an event change the page live, without a reload', async () => {
  const { page, received } = await open('municipality="baunatal" lang="de" limit="20"');
  await live(page);
  const before = await shown(page);

  const draft = await createEvent(hub, editor, {
    title: 'Neu: Kochabend',
    startsAt: inDays(6),
    endsAt: inDays(6, 3),
    address: { municipalityId: baunatal },
  });
  let event = await publishEvent(hub, editor, draft);
  await waitForWidget(page, [{ id: event.id }]);

  const moved = inDays(8);
  const update = await hub.ok(
    `mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { id version status visibility title startsAt endsAt } }`,
    { id: event.id, v: event.version, input: { startsAt: moved, endsAt: inDays(8, 3) } },
    { key: editor },
  );
  event = update.updateEvent;
  await waitForWidget(page, [{ id: event.id, startsAt: moved }]);

  await cancelEvent(hub, editor, event, 'Die Küche ist zu klein.');
  await waitForWidget(page, [{ id: event.id, text: 'Abgesagt' }]);

  expect((await shown(page)).map(({ id, startsAt }) => ({ id, startsAt }))).toEqual(
    await expected({ municipalityIds: [baunatal] }, 20),
  );
  expect((await shown(page)).length).toBe(before.length + 1);
  expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1); // never reloaded
  for (const secret of SECRETS) expect(received.join('\n')).not.toContain(secret);
  await page.close();
});

test('a dropped socket misses nothing: the widget resumes from its cursor', async () => {
  const proxy = await CuttableProxy.start(Number(new URL(hub.url).port));
  try {
    const { page } = await open('municipality="baunatal" lang="de" limit="20"', { hub: proxy.origin });
    await live(page);
    // A first change, so that the widget holds a cursor.
    const first = await publishEvent(
      hub,
      editor,
      await createEvent(hub, editor, {
        title: 'Vor dem Abbruch',
        startsAt: inDays(9),
        endsAt: inDays(9, 1),
        address: { municipalityId: baunatal },
      }),
    );
    await waitForWidget(page, [{ id: first.id }]);
    const cursor = await page.evaluate(() => (document.querySelector('wir-events') as any).cursor);
    expect(cursor).toEqual(expect.any(String));

    await proxy.cut();
    await page.waitForFunction(() =>
      /Keine Verbindung/.test(document.querySelector('wir-events')!.shadowRoot!.querySelector('[part="message"]')!.textContent!),
    );
    // Changes while the widget is offline: it hears of them only by resuming after its cursor.
    const during = await publishEvent(
      hub,
      editor,
      await createEvent(hub, editor, {
        title: 'Während des Abbruchs',
        startsAt: inDays(10),
        endsAt: inDays(10, 1),
        address: { municipalityId: baunatal },
      }),
    );
    await cancelEvent(hub, editor, first, 'Abgesagt während des Abbruchs');
    await proxy.restore();

    await waitForWidget(page, [{ id: during.id }, { id: first.id, text: 'Abgesagt' }]);
    expect((await shown(page)).map(({ id, startsAt }) => ({ id, startsAt }))).toEqual(
      await expected({ municipalityIds: [baunatal] }, 20),
    );
    expect(await page.evaluate(() => (document.querySelector('wir-events') as any).cursor)).not.toBe(cursor);
    await page.close();
  } finally {
    await proxy.stop();
  }
});

test('an unknown municipality shows a clear message in the widget and a console warning', async () => {
  const { page } = await open('municipality="atlantis" lang="de"');
  const message = page.locator('wir-events [part="message"]');
  expect(await message.textContent()).toBe('Unbekannte Gemeinde „atlantis“ (Attribut municipality).');
  expect(await message.getAttribute('role')).toBe('alert');
  expect(page.console).toContainEqual({ type: 'warning', text: expect.stringContaining('Unbekannte Gemeinde „atlantis“') });
  await page.close();
  const bad = await open('limit="many" lang="en"');
  expect(await bad.page.locator('wir-events [part="message"]').textContent()).toBe('Invalid value "many" in attribute limit.');
  await bad.page.close();
});

test('the iframe form renders the widget and reports its height to the embedding page', async () => {
  const page = await browser.page();
  const url = site.serve(
    '/iframe',
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>iframe</title></head><body>
     <iframe id="f" title="Veranstaltungen" src="${hubOrigin}/embed/events?municipality=baunatal&lang=de&limit=2" style="width:100%;border:0;height:100px"></iframe>
     <script>addEventListener('message', (e) => { if (e.data && e.data.type === 'wir-events:resize') document.getElementById('f').style.height = e.data.height + 'px'; });</script>
     </body></html>`,
  );
  await page.goto(url);
  const frame = page.frameLocator('#f');
  await frame.locator('wir-events li[data-event-id]').first().waitFor();
  expect(await frame.locator('wir-events li[data-event-id]').count()).toBe(2);
  await page.waitForFunction(() => parseInt(document.getElementById('f')!.style.height) > 200);
  await page.close();
});
