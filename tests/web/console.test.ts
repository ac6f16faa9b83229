/**
 * The coordinators' console (/console) in a real browser (Debian Chromium through playwright-core)
 * against a real hub with the demo seed, in separate browser contexts (own storage each): the
 * seed scenario end to end (coordinator plans, the invited organisation's editor answers live, the
 * coordinator publishes, the public sees the result and no hidden contact), a stale edit in two
 * tabs, an editor of another organisation trying every screen and URL, axe-core on every screen.
 * Screenshots of each screen go to test-results/console/ (and, with UPDATE_SCREENSHOTS=1, the README's set to docs/screenshots/).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { seedDemo } from '../../src/cli/seed-demo';
import { axeSource, CHROMIUM, CHROMIUM_FLAGS, seriousAxeViolations } from '../helpers/browser';
import { localInputToIso, reasonLabel } from '../../web/console/format';
import { dbId, memberKey } from '../helpers/events';
import { TestHub } from '../helpers/hub';
import { ensureBuilt } from '../server/processes';

const SHOTS = path.join(__dirname, '..', '..', 'test-results', 'console');
// The README's set is rewritten only when asked (`UPDATE_SCREENSHOTS=1`), so a test run leaves the work tree clean.
const README_SHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const UPDATE_README_SHOTS = process.env.UPDATE_SCREENSHOTS === '1';
/** How long the page may take to show a fact (a live change, a loaded screen) before the test fails. */
const SHOW_MS = 10_000;

let hub: TestHub;
let browser: Browser;
let origin: string;
let coordinator: string;
const contexts: BrowserContext[] = [];
const violations: Record<string, unknown[]> = {};

beforeAll(async () => {
  ensureBuilt(); // the console is served from dist/web
  mkdirSync(SHOTS, { recursive: true });
  // Webhooks need their secrets' key (WEBHOOKS_ENABLED stays off: nothing is delivered from a test).
  hub = await TestHub.start({ WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64') });
  origin = new URL(hub.url).origin;
  [browser] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 30_000 }),
    seedDemo(hub.db),
  ]);
  coordinator = await hub.key({ coordinator: true }, 'Koordination Landkreis Kassel');
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await hub?.stop();
});

/** A new browser context (its own sessionStorage, cookies, cache): one person at one device. */
async function person(options: { width?: number } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1100, height: 900 }, locale: 'de-DE' });
  context.setDefaultTimeout(SHOW_MS);
  contexts.push(context);
  return context;
}

async function open(context: BrowserContext, pathname = '/console'): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(`${origin}${pathname}`);
  return page;
}

async function signIn(page: Page, key: string | null): Promise<void> {
  await page.getByRole('heading', { name: 'Mit API-Schlüssel anmelden' }).waitFor({ timeout: SHOW_MS });
  if (key === null) {
    await page.getByRole('button', { name: 'Ohne Schlüssel ansehen (öffentlich)' }).click();
    await page.getByText('Öffentliche Ansicht').waitFor({ timeout: SHOW_MS });
    return;
  }
  await page.getByLabel('API-Schlüssel', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByTestId('viewer').getByText('Angemeldet als').waitFor({ timeout: SHOW_MS });
}

/** Runs axe-core and saves a screenshot for the screen `name`; the violations are checked in the last test. */
async function screen(page: Page, name: string, readme = false): Promise<void> {
  // The console's CSP refuses inline scripts (addScriptTag): axe-core comes in through DevTools, which CSP does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  violations[name] = (await seriousAxeViolations(page)).map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => n.target),
  }));
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (readme && UPDATE_README_SHOTS && process.env.DATABASE_URL === undefined) {
    await page.screenshot({ path: path.join(README_SHOTS, `console-${name}.png`), fullPage: false });
  }
}

const text = (page: Page) => page.locator('main').innerText();

async function organisationBySlug(slug: string): Promise<{ id: string; name: string }> {
  const data = await hub.ok('query($slug: String!) { organisation(slug: $slug) { id name } }', { slug }, { key: coordinator });
  return data.organisation;
}

/** Every contact of every organisation with its visibility (as coordinators see them). */
async function allContacts(): Promise<Array<{ name: string; visibility: string; organisation: string }>> {
  const data = await hub.ok(
    '{ organisations(first: 100) { edges { node { slug contacts { name visibility } } } } }',
    {},
    { key: coordinator },
  );
  return data.organisations.edges.flatMap((e: any) =>
    e.node.contacts.map((c: any) => ({ name: c.name, visibility: c.visibility, organisation: e.node.slug })),
  );
}

let invitedSlug: string;

test('the seed scenario: plan in Vellmar, invite the top suggestion, it accepts live, publish; the public sees it and no hidden contact', async () => {
  // The facts the screens must show, from the API.
  const mosques = await hub.ok(
    `{ organisations(first: 100, filter: { search: "Moschee", kinds: [MOSQUE] }) { totalCount edges { node { name } } } }`,
    {},
    { key: coordinator },
  );
  expect(mosques.organisations.totalCount).toBeGreaterThan(1);
  const campaigns = await hub.ok('{ campaigns(first: 50) { id slug name } }', {}, { key: coordinator });
  const campaign = campaigns.campaigns.find((c: any) => c.name.startsWith('Tag der offenen Moschee'));
  expect(campaign).toBeDefined();
  const gapsAnswer = await hub.ok(
    'query($slug: String!) { campaign(slug: $slug) { gaps(suggestionsPerMunicipality: 3) { municipality { name } suggestions { organisation { name } reasons { de: description(language: "de") } } } } }',
    { slug: campaign.slug },
    { key: coordinator },
  );
  const gapNames: string[] = gapsAnswer.campaign.gaps.map((g: any) => g.municipality.name);
  expect(gapNames.length).toBeGreaterThan(0);

  // The coordinator signs in (the key stays in sessionStorage only) and finds the mosques.
  const coordinatorContext = await person();
  const desk = await open(coordinatorContext);
  await screen(desk, 'sign-in', true);
  await signIn(desk, coordinator);
  expect(desk.url()).not.toContain(coordinator);
  expect(await desk.evaluate(() => Object.values(localStorage).join(' '))).not.toContain(coordinator);
  await desk.getByLabel('Suche', { exact: true }).fill('Moschee');
  await desk.getByLabel('Art', { exact: true }).selectOption('MOSQUE');
  await desk.getByRole('button', { name: 'Suche', exact: true }).click();
  await desk.getByRole('heading', { name: `${mosques.organisations.totalCount} Organisationen` }).waitFor({ timeout: SHOW_MS });
  const listed = await desk.getByTestId('organisation').locator('a').allInnerTexts();
  expect(listed.sort()).toEqual(mosques.organisations.edges.map((e: any) => e.node.name).sort());
  // Each result is a dot on the district map, and the map has the 28 municipalities.
  expect(await desk.locator('figure.map g[data-municipality]').count()).toBe(28);
  expect(await desk.locator('figure.map circle.dot').count()).toBe(listed.length);
  await screen(desk, 'directory', true);

  // An organisation's page.
  await desk.getByTestId('organisation').locator('a').first().click();
  await desk.getByRole('heading', { name: 'Ansprechpersonen' }).waitFor({ timeout: SHOW_MS });
  await screen(desk, 'organisation');

  // The open-mosque-day campaign: the gaps on the map and in the list, with suggestions and reasons.
  await desk.getByRole('link', { name: 'Kampagnen' }).click();
  await desk.getByRole('link', { name: campaign.name }).click();
  await desk.getByRole('heading', { name: 'Lücken' }).waitFor({ timeout: SHOW_MS });
  const mapGaps = await desk
    .locator('figure.map g[data-coverage="gap"]')
    .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-municipality')));
  expect(mapGaps.sort()).toEqual([...gapNames].sort());
  const listGaps = await desk.getByTestId('gap').evaluateAll((items) => items.map((i) => i.getAttribute('data-municipality')));
  expect(listGaps).toEqual(gapNames);
  await screen(desk, 'campaign', true);

  // Each gap offers to plan there (with its best-fitting organisation as the lead).
  const firstGap = desk.locator(`[data-testid="gap"][data-municipality="${gapNames[0]}"]`);
  // Its best suggestion's reasons are worded in German, as the API words them (no English marker).
  const gapReasons = gapsAnswer.campaign.gaps[0].suggestions[0].reasons.map((r: any) => r.de);
  const gapShown = await firstGap.locator('ol > li').first().locator('ul.reasons > li').allInnerTexts();
  expect(gapShown.map((line) => line.split(': ').slice(1).join(': '))).toEqual(gapReasons);
  expect(await desk.locator('ul.reasons [lang]').count()).toBe(0);
  expect(await firstGap.getByRole('link', { name: /Hier planen/ }).getAttribute('href')).toMatch(
    /^\/console\/plan\?campaign=.+&municipality=.+&lead=.+/,
  );

  // Plan an event in Vellmar for the campaign, led by the mosque community there.
  await desk.getByRole('link', { name: 'Veranstaltung für diese Kampagne planen' }).click();
  await desk.getByTestId('plan-form').waitFor({ timeout: SHOW_MS });
  const vellmar = (await hub.ok('{ municipality(slug: "vellmar") { id } }')).municipality.id;
  const vellmarMosque = (
    await hub.ok(
      'query($m: ID!) { organisations(filter: { kinds: [MOSQUE], municipalityIds: [$m] }) { edges { node { name } } } }',
      { m: vellmar },
    )
  ).organisations.edges[0].node.name;
  expect(vellmarMosque).toMatch(/^Moscheegemeinde Vellmar/);
  await desk.getByLabel('Gemeinde', { exact: true }).selectOption({ label: 'Vellmar' });
  await desk.getByLabel('Federführende Organisation', { exact: true }).selectOption({ label: vellmarMosque });
  await desk.getByLabel('Titel', { exact: true }).fill('Offene Moschee und Teestube in Vellmar');
  await desk.getByText('Interreligiöser Dialog').click();
  const startsLocal = await desk.getByLabel('Beginn', { exact: true }).inputValue();
  expect(startsLocal).toMatch(/T14:00$/);
  // The clashes for the chosen window, as the API answers them.
  await desk.getByRole('heading', { name: 'Überschneidungen' }).waitFor();
  const clashes = await hub.ok(
    'query($s: DateTime!, $e: DateTime!, $m: ID) { conflicts(startsAt: $s, endsAt: $e, municipalityId: $m) { title } }',
    {
      s: localInputToIso(startsLocal),
      e: localInputToIso(await desk.getByLabel('Ende', { exact: true }).inputValue()),
      m: vellmar,
    },
    { key: coordinator },
  );
  await desk
    .getByText('Keine Überschneidungen in diesem Zeitraum.')
    .or(desk.getByTestId('clashes').locator('li').first())
    .waitFor({ timeout: SHOW_MS });
  expect(await desk.getByTestId('clashes').locator('li a').allInnerTexts()).toEqual(clashes.conflicts.map((c: any) => c.title));
  await screen(desk, 'plan', true);
  await desk.getByRole('button', { name: 'Entwurf anlegen' }).click();
  await desk.getByTestId('event-status').getByText('Entwurf').waitFor({ timeout: SHOW_MS });
  const eventId = decodeURIComponent(desk.url().split('/console/events/')[1]!);
  const suggested = await hub.ok(
    'query($id: ID!) { suggestPartners(input: { eventId: $id }, first: 5) { organisation { id slug name } reasons { code en: description de: description(language: "de") } } }',
    { id: eventId },
    { key: coordinator },
  );
  const top = suggested.suggestPartners[0].organisation;
  invitedSlug = top.slug;
  await desk.getByTestId('suggestions').locator('li[data-organisation]').first().waitFor({ timeout: SHOW_MS });
  expect(
    await desk
      .getByTestId('suggestions')
      .locator(':scope > li')
      .evaluateAll((l) => l.map((i) => i.getAttribute('data-organisation'))),
  ).toEqual(suggested.suggestPartners.map((s: any) => s.organisation.name));
  // The top suggestion's reasons: the German name of the signal, then the API's German detail ("… km entfernt in …").
  const topReasons: Array<{ code: string; en: string; de: string }> = suggested.suggestPartners[0].reasons;
  const shownReasons = await desk
    .getByTestId('suggestions')
    .locator(':scope > li')
    .first()
    .locator('ul.reasons > li')
    .allInnerTexts();
  expect(shownReasons).toEqual(topReasons.map((r) => `${reasonLabel(r.code, 'de')}: ${r.de}`));
  expect(topReasons.find((r) => r.code === 'DISTANCE')?.de).toMatch(/^\d+(,\d)? km entfernt in /);
  for (const r of topReasons) expect(shownReasons.join('\n')).not.toContain(r.en);
  expect(await desk.locator('[data-testid="suggestions"] ul.reasons [lang]').count()).toBe(0);

  // The top suggestion's editor has the inbox open on a phone before the invitation exists.
  const editorContext = await person({ width: 390 });
  const phone = await open(editorContext);
  await signIn(phone, await memberKey(hub, top.id, 'EDITOR', `${top.name} Redaktion`));
  await phone.getByRole('link', { name: 'Einladungen' }).click();
  await phone.getByTestId('no-invitations').waitFor({ timeout: SHOW_MS });
  await phone.locator('[data-testid="inbox-live"][data-connection="connected"]').getByText('Live: verbunden').waitFor();

  // One click invites; the editor's inbox shows it without a reload.
  const navigations: string[] = [];
  phone.on('framenavigated', (frame) => navigations.push(frame.url()));
  await desk.getByRole('button', { name: `Als Mitveranstalter einladen: ${top.name}` }).click();
  await desk
    .locator(`[data-testid="organisers"] li[data-organisation="${top.name}"][data-status="INVITED"]`)
    .waitFor({ timeout: SHOW_MS });
  // Every suggestion's button is named by its visible text first (WCAG 2.5.3), also while an invited organisation's
  // button reads "Eingeladen" before the refreshed suggestions drop it (axe caught the old fixed name in that moment).
  const buttonNames = await desk
    .getByTestId('suggestions')
    .locator('button')
    .evaluateAll((l) => l.map((b) => [b.textContent ?? '', b.getAttribute('aria-label') ?? '']));
  for (const [text, name] of buttonNames) expect(name.startsWith(`${text}: `)).toBe(true);
  await screen(desk, 'event-planning', true);
  const invitation = phone.locator(`[data-testid="invitation"][data-event-id="${eventId}"]`);
  await invitation.waitFor({ timeout: SHOW_MS });
  expect(navigations).toEqual([]);
  await screen(phone, 'inbox', true);

  // The editor accepts with a message; the coordinator sees the answer arrive live.
  await invitation.getByLabel('Nachricht (optional)', { exact: true }).fill('Sehr gerne, wir bringen Tee mit.');
  await invitation.getByRole('button', { name: 'Zusagen' }).click();
  await desk
    .locator(`[data-testid="organisers"] li[data-organisation="${top.name}"][data-status="ACCEPTED"]`)
    .waitFor({ timeout: SHOW_MS });
  expect(await desk.getByTestId('organisers').innerText()).toContain('Sehr gerne, wir bringen Tee mit.');
  await desk.getByRole('button', { name: 'Veröffentlichen' }).click();
  await desk.getByTestId('event-status').getByText('Veröffentlicht').waitFor({ timeout: SHOW_MS });
  const published = await hub.ok('query($id: ID!) { event(id: $id) { status organisers { status organisation { name } } } }', {
    id: eventId,
  });
  expect(published.event.status).toBe('PUBLISHED');

  // The public: sees the event and its organisers' public contacts, none of the hidden ones.
  const publicContext = await person();
  const visitor = await open(publicContext);
  await signIn(visitor, null);
  await visitor.goto(`${origin}/console/events/${encodeURIComponent(eventId)}`);
  await visitor.getByRole('heading', { name: 'Offene Moschee und Teestube in Vellmar' }).waitFor({ timeout: SHOW_MS });
  expect(await text(visitor)).toContain(top.name);
  const hidden = (await allContacts()).filter((c) => c.visibility !== 'PUBLIC');
  expect(hidden.length).toBeGreaterThan(0);
  const lead = (await hub.ok('query($id: ID!) { event(id: $id) { leadOrganisation { slug } } }', { id: eventId })).event
    .leadOrganisation.slug;
  for (const slug of [lead, top.slug]) {
    await visitor.goto(`${origin}/console/organisations/${slug}`);
    await visitor.getByRole('heading', { name: 'Ansprechpersonen' }).waitFor({ timeout: SHOW_MS });
    const shown = await text(visitor);
    for (const contact of hidden) expect(shown).not.toContain(contact.name);
  }
  await screen(visitor, 'public-organisation');
  for (const page of [desk, phone, visitor]) expect((page as Page & { errors: string[] }).errors).toEqual([]);

  // Signing out forgets the key.
  await desk.getByRole('button', { name: 'Abmelden' }).click();
  await desk.getByRole('heading', { name: 'Mit API-Schlüssel anmelden' }).waitFor();
  expect(await desk.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(coordinator);
});

test('an invitation to a published event is in the inbox among the open ones, and is answered from the event page', async () => {
  expect(invitedSlug).toBeDefined(); // set by the scenario above
  const invited = await organisationBySlug(invitedSlug);
  const lead = (
    await hub.ok('{ organisations(first: 100) { edges { node { id slug } } } }', {}, { key: coordinator })
  ).organisations.edges.find((e: any) => e.node.slug !== invitedSlug).node;
  const created = await hub.ok(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id version } }`,
    {
      input: {
        title: [{ language: 'de', text: 'Interkulturelles Fest am Rathaus' }],
        startsAt: '2031-06-01T12:00:00Z',
        endsAt: '2031-06-01T16:00:00Z',
        category: 'FESTIVAL',
        leadOrganisationId: lead.id,
      },
    },
    { key: coordinator },
  );
  const eventId = created.createEvent.id;
  await hub.ok(
    'mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { status } }',
    { id: eventId, v: created.createEvent.version },
    { key: coordinator },
  );
  await hub.ok(
    'mutation($id: ID!, $o: ID!) { inviteOrganisers(eventId: $id, invitations: [{ organisationId: $o, role: SUPPORTER }]) { id } }',
    { id: eventId, o: invited.id },
    { key: coordinator },
  );

  const context = await person();
  const page = await open(context);
  await signIn(page, await memberKey(hub, invited.id, 'EDITOR', `${invited.name} Fest`));
  await page.getByRole('link', { name: 'Einladungen' }).click();
  const invitation = page.locator(`[data-testid="invitation"][data-event-id="${eventId}"]`);
  await invitation.getByText('Veröffentlicht').waitFor();
  // Open invitations come first: the scenario's answered one is listed after it.
  expect(
    await page
      .locator('[data-testid="invitation"], li[data-status]')
      .evaluateAll((l) => l.map((i) => i.getAttribute('data-testid') ?? 'answered')),
  ).toEqual(expect.arrayContaining(['invitation', 'answered']));
  expect(
    await page.locator('[data-testid="invitation"], li[data-status]').evaluateAll((l) => {
      const kinds = l.map((i) => (i.getAttribute('data-testid') === 'invitation' ? 0 : 1));
      return kinds.join('') === [...kinds].sort().join('');
    }),
  ).toBe(true);

  await invitation.getByRole('link', { name: 'Interkulturelles Fest am Rathaus' }).click();
  const mine = page.locator(`[data-testid="organisers"] li[data-organisation="${invited.name}"]`);
  await mine.getByLabel('Nachricht (optional)', { exact: true }).fill('Leider an dem Tag nicht.');
  await mine.getByRole('button', { name: 'Absagen' }).click();
  // Declined organisers of a published event are not listed to others (the API's rule): the form goes away.
  await mine.getByTestId('answer').waitFor({ state: 'detached' });
  const answered = await hub.ok(
    'query($id: ID!) { event(id: $id) { organisers { status responseMessage organisation { id } } } }',
    {
      id: eventId,
    },
    { key: coordinator },
  );
  expect(answered.event.organisers.find((o: any) => o.organisation.id === invited.id)).toMatchObject({
    status: 'DECLINED',
    responseMessage: 'Leider an dem Tag nicht.',
  });
  // The lead's entry never had an answer form for this editor.
  expect(await page.locator('[data-testid="organisers"] [data-testid="answer"]').count()).toBe(0);
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
});

test('a stale edit in a second tab gets the CONFLICT in plain words, keeps its input, and saves after reloading', async () => {
  expect(invitedSlug).toBeDefined(); // set by the scenario above
  const organisation = await organisationBySlug(invitedSlug);
  const key = await memberKey(hub, organisation.id, 'EDITOR', 'Redaktion zwei Tabs');
  const context = await person();
  // sessionStorage is per tab: each tab signs in.
  const [first, second] = [await open(context), await open(context)];
  for (const tab of [first, second]) {
    await signIn(tab, key);
    await tab.goto(`${origin}/console/organisations/${invitedSlug}/edit`);
    await tab.getByTestId('edit-organisation').waitFor({ timeout: SHOW_MS });
  }
  await first.getByTestId('edit-organisation').getByLabel('Telefon', { exact: true }).fill('0561 111111');
  await first.getByTestId('edit-organisation').getByRole('button', { name: 'Speichern', exact: true }).click();
  await first.getByTestId('edit-organisation').getByText('Gespeichert.').waitFor({ timeout: SHOW_MS });

  await second
    .getByTestId('edit-organisation')
    .getByLabel('Webseite', { exact: true })
    .fill('https://zweiter-tab.example/verein');
  await second.getByTestId('edit-organisation').getByRole('button', { name: 'Speichern', exact: true }).click();
  const problem = second.locator('[data-code="CONFLICT"]');
  await problem.waitFor({ timeout: SHOW_MS });
  expect(await problem.innerText()).toContain('Jemand anderes hat das inzwischen geändert');
  expect(await second.getByTestId('edit-organisation').getByLabel('Webseite', { exact: true }).inputValue()).toBe(
    'https://zweiter-tab.example/verein',
  );
  await screen(second, 'conflict', true);

  await second.getByRole('button', { name: /Aktuelle Fassung laden/ }).click();
  await second.getByTestId('reloaded').waitFor({ timeout: SHOW_MS });
  // Typed input kept; the field the other tab changed shows its current value.
  expect(await second.getByTestId('edit-organisation').getByLabel('Webseite', { exact: true }).inputValue()).toBe(
    'https://zweiter-tab.example/verein',
  );
  expect(await second.getByTestId('edit-organisation').getByLabel('Telefon', { exact: true }).inputValue()).toBe('0561 111111');
  await second.getByTestId('edit-organisation').getByRole('button', { name: 'Speichern', exact: true }).click();
  await second.getByTestId('edit-organisation').getByText('Gespeichert.').waitFor({ timeout: SHOW_MS });
  const saved = await hub.ok('query($slug: String!) { organisation(slug: $slug) { phone website } }', { slug: invitedSlug });
  expect(saved.organisation).toEqual({ phone: '0561 111111', website: 'https://zweiter-tab.example/verein' });

  // A validation error names its field, next to it.
  await second.getByTestId('edit-organisation').getByLabel('E-Mail', { exact: true }).fill('keine-adresse');
  await second
    .getByTestId('edit-organisation')
    .getByLabel('E-Mail', { exact: true })
    .evaluate((input: HTMLInputElement) => (input.type = 'text')); // past the browser's own check
  await second.getByTestId('edit-organisation').getByRole('button', { name: 'Speichern', exact: true }).click();
  const emailProblem = second.locator('.field:has(label:text-is("E-Mail")) [data-code="BAD_USER_INPUT"]');
  await emailProblem.waitFor({ timeout: SHOW_MS });
  expect(await emailProblem.innerText()).toMatch(/^Bitte prüfen:/);
});

test('an event is edited after the draft; a stale tab gets the CONFLICT, keeps its input and saves after reloading', async () => {
  const lead = (await hub.ok('{ organisations(first: 1) { edges { node { id } } } }', {}, { key: coordinator })).organisations
    .edges[0].node;
  const created = await hub.ok(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id version } }`,
    {
      input: {
        title: [{ language: 'de', text: 'Sprachcafé im Bürgerhaus' }],
        startsAt: '2031-07-01T15:00:00Z',
        endsAt: '2031-07-01T17:00:00Z',
        category: 'LANGUAGE_CAFE',
        leadOrganisationId: lead.id,
      },
    },
    { key: coordinator },
  );
  const eventId = created.createEvent.id;
  await hub.ok(
    'mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { status } }',
    { id: eventId, v: created.createEvent.version },
    { key: coordinator },
  );
  const context = await person();
  // Two tabs (sessionStorage is per tab: each signs in).
  const tabs = [await open(context), await open(context)];
  const [first, second] = tabs as [Page, Page];
  for (const tab of tabs) await signIn(tab, coordinator);
  for (const tab of tabs) {
    await tab.goto(`${origin}/console/events/${encodeURIComponent(eventId)}`);
    await tab.getByRole('button', { name: 'Bearbeiten' }).click();
    await tab.getByTestId('edit-event').getByLabel('Titel', { exact: true }).waitFor();
  }
  const form = (tab: Page) => tab.getByTestId('edit-event');
  await form(first).getByLabel('Titel', { exact: true }).fill('Sprachcafé im Bürgerhaus Vellmar');
  await form(first).getByRole('button', { name: 'Speichern', exact: true }).click();
  await form(first).getByText('Gespeichert.').waitFor();
  await first.getByRole('heading', { name: 'Sprachcafé im Bürgerhaus Vellmar' }).waitFor();

  await form(second).getByLabel('Beschreibung', { exact: true }).fill('Deutsch üben bei Tee und Gebäck.');
  await form(second).getByText('Sprachförderung').click();
  await form(second).getByRole('button', { name: 'Speichern', exact: true }).click();
  await form(second).locator('[data-code="CONFLICT"]').waitFor();
  expect(await form(second).getByLabel('Beschreibung', { exact: true }).inputValue()).toBe('Deutsch üben bei Tee und Gebäck.');
  await form(second)
    .getByRole('button', { name: /Aktuelle Fassung laden/ })
    .click();
  // The other tab's title arrives; what this tab typed stays.
  await form(second)
    .getByLabel('Titel', { exact: true })
    .and(second.locator('[value="Sprachcafé im Bürgerhaus Vellmar"]'))
    .waitFor();
  expect(await form(second).getByLabel('Beschreibung', { exact: true }).inputValue()).toBe('Deutsch üben bei Tee und Gebäck.');
  await form(second).getByRole('button', { name: 'Speichern', exact: true }).click();
  await form(second).getByText('Gespeichert.').waitFor();
  const saved = await hub.ok(
    'query($id: ID!) { event(id: $id) { title(language: "de") description(language: "de") topics status } }',
    {
      id: eventId,
    },
  );
  expect(saved.event).toEqual({
    title: 'Sprachcafé im Bürgerhaus Vellmar',
    description: 'Deutsch üben bei Tee und Gebäck.',
    topics: ['LANGUAGE_SUPPORT'],
    status: 'PUBLISHED',
  });
  await screen(second, 'edit-event');
  for (const tab of tabs) expect((tab as Page & { errors: string[] }).errors).toEqual([]);
});

test('the editor adds a contact visible to coordinators only: the public never receives it', async () => {
  const organisation = await organisationBySlug(invitedSlug);
  const context = await person();
  const page = await open(context);
  await signIn(page, await memberKey(hub, organisation.id, 'EDITOR', 'Redaktion Kontakte'));
  await page.goto(`${origin}/console/organisations/${invitedSlug}/edit`);
  const rows = page.getByTestId('contact-row');
  await page.getByTestId('edit-organisation').waitFor();
  const before = await rows.count();
  const form = page.locator('form.contact.new');
  await form.getByLabel('Name', { exact: true }).fill('Nur-Koordination Kontakt');
  await form.getByLabel('Funktion', { exact: true }).fill('Vorstand, privat');
  await form.getByLabel('Sichtbarkeit', { exact: true }).selectOption('COORDINATORS');
  await form.getByRole('button', { name: 'Ansprechperson hinzufügen' }).click();
  await rows.nth(before).waitFor();
  const asCoordinator = await hub.ok(
    'query($slug: String!) { organisation(slug: $slug) { contacts { name visibility } } }',
    { slug: invitedSlug },
    { key: coordinator },
  );
  expect(asCoordinator.organisation.contacts).toContainEqual({ name: 'Nur-Koordination Kontakt', visibility: 'COORDINATORS' });
  const anonymous = await hub.ok('query($slug: String!) { organisation(slug: $slug) { contacts { name } } }', {
    slug: invitedSlug,
  });
  expect(anonymous.organisation.contacts.map((c: any) => c.name)).not.toContain('Nur-Koordination Kontakt');
  // Topics and languages of the entry.
  const current = await hub.ok('query($slug: String!) { organisation(slug: $slug) { topics languages } }', { slug: invitedSlug });
  const entry = page.getByTestId('edit-organisation');
  const topic = current.organisation.topics.includes('SENIORS') ? 'YOUTH' : 'SENIORS';
  await entry.getByLabel(topic === 'SENIORS' ? 'Senioren' : 'Jugend', { exact: true }).check();
  await entry.getByLabel('Sprachen (de, tr, ar …)', { exact: true }).fill([...current.organisation.languages, 'uk'].join(', '));
  await entry.getByRole('button', { name: 'Speichern', exact: true }).click();
  await entry.getByText('Gespeichert.').waitFor();
  const saved = await hub.ok('query($slug: String!) { organisation(slug: $slug) { topics languages } }', { slug: invitedSlug });
  expect(saved.organisation.topics).toContain(topic);
  expect(saved.organisation.languages).toContain('uk');

  const visitor = await open(await person());
  await signIn(visitor, null);
  await visitor.goto(`${origin}/console/organisations/${invitedSlug}`);
  await visitor.getByRole('heading', { name: 'Ansprechpersonen' }).waitFor();
  expect(await text(visitor)).not.toContain('Nur-Koordination Kontakt');
});

test("an editor of another organisation reaches none of an organisation's private data by any screen or URL", async () => {
  // Organisation A: a draft event, coordinators-only contacts, API keys. The outsider: an editor of B.
  const contacts = await allContacts();
  const secretContact = contacts.find((c) => c.visibility === 'COORDINATORS')!;
  const a = await organisationBySlug(secretContact.organisation);
  const draft = await hub.ok(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    {
      input: {
        title: [{ language: 'de', text: 'GEHEIM-Entwurf der Organisation A' }],
        startsAt: '2031-05-01T12:00:00Z',
        endsAt: '2031-05-01T14:00:00Z',
        category: 'MEETING',
        leadOrganisationId: a.id,
      },
    },
    { key: coordinator },
  );
  await hub.key({ organisationId: dbId(a.id), role: 'ADMIN' }, 'GEHEIM-Schlüssel A');
  // B: an organisation without coordinators-only contacts of its own (its own keys would see those).
  const b = contacts.find(
    (c) => !contacts.some((d) => d.organisation === c.organisation && d.visibility === 'COORDINATORS'),
  )!.organisation;
  const outsider = await memberKey(hub, (await organisationBySlug(b)).id, 'ADMIN', 'Admin B');
  const context = await person();
  const page = await open(context);
  await signIn(page, outsider);
  const secrets = [
    secretContact.name,
    'GEHEIM-Entwurf',
    'GEHEIM-Schlüssel A',
    ...contacts.filter((c) => c.visibility === 'COORDINATORS').map((c) => c.name),
  ];
  const urls = [
    `/console/organisations/${secretContact.organisation}`,
    `/console/organisations/${secretContact.organisation}/edit`,
    `/console/events/${encodeURIComponent(draft.createEvent.id)}`,
    `/console/inbox`,
    `/console/admin`,
    `/console/plan`,
    `/console/campaigns`,
    `/console/directory?search=${encodeURIComponent(secretContact.organisation)}`,
  ];
  // Every answer the page receives from the hub, too: nothing private may reach the browser at all.
  const bodies: string[] = [];
  page.on('response', async (response) => {
    if (response.url().includes('/graphql')) bodies.push(await response.text().catch(() => ''));
  });
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => bodies.push(String(frame.payload))));
  for (const url of urls) {
    await page.goto(`${origin}${url}`);
    await page.locator('main h1').waitFor({ timeout: SHOW_MS });
    await page.waitForLoadState('networkidle');
    const shown = await text(page);
    for (const secret of secrets) expect(shown).not.toContain(secret);
  }
  // The edit screen and the draft are not found for the outsider; its own admin screen lists only its keys.
  await page.goto(`${origin}/console/organisations/${secretContact.organisation}/edit`);
  await page.getByRole('heading', { name: 'Nicht gefunden – oder Sie dürfen es nicht sehen.' }).waitFor({ timeout: SHOW_MS });
  await page.goto(`${origin}/console/events/${encodeURIComponent(draft.createEvent.id)}`);
  await page.getByRole('heading', { name: 'Nicht gefunden – oder Sie dürfen es nicht sehen.' }).waitFor({ timeout: SHOW_MS });
  await page.goto(`${origin}/console/admin`);
  await page.getByTestId('api-keys').waitFor({ timeout: SHOW_MS });
  expect(
    await page
      .getByTestId('api-keys')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label'))),
  ).toEqual(['Admin B']);
  await screen(page, 'admin-organisation');
  for (const body of bodies) for (const secret of secrets) expect(body).not.toContain(secret);
});

test('the coordinator verifies an organisation and creates and revokes a key; the secret is shown once', async () => {
  const unverified = await hub.ok(
    '{ organisations(first: 100, filter: { verified: false }) { edges { node { id name } } } }',
    {},
    { key: coordinator },
  );
  const target = unverified.organisations.edges[0].node;
  const context = await person();
  const page = await open(context);
  await signIn(page, coordinator);
  await page.getByRole('link', { name: 'Verwaltung' }).click();
  await page.getByRole('button', { name: `Prüfen (verifizieren): ${target.name}` }).click();
  await page
    .getByRole('button', { name: `Prüfen (verifizieren): ${target.name}` })
    .waitFor({ state: 'detached', timeout: SHOW_MS });
  expect(
    (await hub.ok('query($id: ID!) { node(id: $id) { ... on Organisation { verified } } }', { id: target.id })).node.verified,
  ).toBe(true);

  await page.getByTestId('create-key').getByLabel('Bezeichnung', { exact: true }).fill('Stadtportal Baunatal');
  await page.getByTestId('create-key').getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Schlüssel erzeugen' }).click();
  const secret = await page.getByTestId('secret').locator('code').innerText({ timeout: SHOW_MS });
  const check = await hub.gql('{ viewer { authenticated coordinator } }', {}, { key: secret });
  expect(check.data.viewer).toEqual({ authenticated: true, coordinator: true });
  await screen(page, 'admin', true);
  await page.getByTestId('secret').getByRole('button', { name: 'OK' }).click();
  expect(await page.locator('main').innerText()).not.toContain(secret);
  await page.getByRole('button', { name: 'Widerrufen: Stadtportal Baunatal' }).click();
  await page.locator('tr[data-label="Stadtportal Baunatal"]').waitFor({ state: 'detached', timeout: SHOW_MS });
  expect((await hub.gql('{ viewer { authenticated } }', {}, { key: secret })).status).toBe(401);

  // A webhook narrowed to published events in Vellmar: the API stores exactly that filter.
  const hooks = page.locator('section[aria-labelledby="hooks-heading"]');
  await hooks.getByLabel('Adresse (URL)', { exact: true }).fill('https://example.org/wir-hub-vellmar');
  await hooks.getByRole('group', { name: 'Änderungen an Veranstaltungen' }).getByLabel('Veröffentlicht').check();
  await hooks.getByLabel('Gemeinde', { exact: true }).selectOption({ label: 'Vellmar' });
  await hooks.getByRole('button', { name: 'Webhook anlegen' }).click();
  await page.getByTestId('secret').locator('code').waitFor({ timeout: SHOW_MS });
  await page.getByTestId('secret').getByRole('button', { name: 'OK' }).click();
  const stored = await hub.ok(
    '{ webhooks { url filter { eventKinds organisationKinds municipalityIds organisationIds campaignIds } } }',
    {},
    {
      key: coordinator,
    },
  );
  const vellmar = (await hub.ok('{ municipality(slug: "vellmar") { id } }')).municipality.id;
  expect(stored.webhooks.find((w: any) => w.url === 'https://example.org/wir-hub-vellmar').filter).toEqual({
    eventKinds: ['PUBLISHED'],
    organisationKinds: [],
    municipalityIds: [vellmar],
    organisationIds: [],
    campaignIds: [],
  });
  expect(await page.locator('[data-testid="webhook"][data-url="https://example.org/wir-hub-vellmar"]').innerText()).toContain(
    'Filter: Veröffentlicht · kein Verzeichnis · Vellmar',
  );
});

test('English, a phone-width layout, and the server side: CSP, cache headers, the single-page fallback', async () => {
  const context = await person({ width: 390 });
  const page = await open(context);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Sign in with an API key' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await screen(page, 'sign-in-en');

  const shell = await fetch(`${origin}/console/campaigns/irgendwas`);
  expect(shell.status).toBe(200);
  expect(shell.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  expect(shell.headers.get('cache-control')).toBe('no-cache');
  // Every body is read to its end: an unread one keeps the socket open after the hub has stopped.
  expect(await shell.text()).toContain('/console/assets/');
  const script = await fetch(`${origin}/console/assets/console.js`);
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toMatch(/javascript/);
  expect((await script.text()).length).toBeGreaterThan(10_000);
  const missing = await fetch(`${origin}/console/assets/nothing.js`);
  expect(missing.status).toBe(404);
  await missing.arrayBuffer();
  // Offline: the page loads nothing from anywhere but the hub.
  const foreign: string[] = [];
  const offline = await open(context, '/console');
  offline.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  await offline.reload();
  await offline.getByRole('heading').first().waitFor();
  expect(foreign).toEqual([]);
});

test('the live note shows the socket as it is: connected, reconnecting after the server drops it, offline', async () => {
  expect(invitedSlug).toBeDefined(); // set by the scenario above
  const organisation = await organisationBySlug(invitedSlug);
  const context = await person();
  // Every websocket goes through the test: it can drop one (1012: service restart, which graphql-ws
  // retries) and refuse new ones until the page has shown that it is reconnecting.
  let refuse = false;
  const sockets: Array<{ close: (options?: { code?: number; reason?: string }) => Promise<void> }> = [];
  await context.routeWebSocket(/\/graphql$/, (ws) => {
    if (refuse) return void ws.close({ code: 1012, reason: 'refused by the test' });
    ws.connectToServer();
    sockets.push(ws);
  });
  const page = await open(context);
  await signIn(page, await memberKey(hub, organisation.id, 'EDITOR', `${organisation.name} Live`));
  await page.getByRole('link', { name: 'Einladungen' }).click();
  const note = page.getByTestId('inbox-live');
  await note.and(page.locator('[data-connection="connected"]')).getByText('Live: verbunden').waitFor();
  expect(await note.getAttribute('aria-live')).toBe('polite');

  refuse = true;
  await Promise.all(sockets.map((ws) => ws.close({ code: 1012, reason: 'restart' })));
  await note.and(page.locator('[data-connection="reconnecting"]')).getByText('Verbindung unterbrochen').waitFor();
  refuse = false;
  await note.and(page.locator('[data-connection="connected"]')).waitFor({ timeout: 2 * SHOW_MS });

  await context.setOffline(true);
  await note.and(page.locator('[data-connection="offline"]')).getByText('Live: offline').waitFor();
  await context.setOffline(false);
  await note.and(page.locator('[data-connection="connected"]')).waitFor({ timeout: 2 * SHOW_MS });
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
});

test('axe-core finds no serious or critical violation on any screen', () => {
  expect(Object.keys(violations).length).toBeGreaterThanOrEqual(8);
  expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
});
