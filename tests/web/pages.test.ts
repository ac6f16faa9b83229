/**
 * The hub's pages for people, in a real browser: the landing page (German first, links, how-to,
 * accessible), the GraphiQL explorer working with no internet (every request stays on the hub),
 * `/graphql` in a browser's address bar, and how the widget's script is served.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { seriousAxeViolations, TestBrowser } from '../helpers/browser';
import { TestHub } from '../helpers/hub';
import { ensureBuilt } from '../server/processes';

let hub: TestHub;
let browser: TestBrowser;
let origin: string;

beforeAll(async () => {
  ensureBuilt(); // the widget and the explorer are served from dist/web
  [hub, browser] = await Promise.all([TestHub.start(), TestBrowser.launch()]);
  origin = new URL(hub.url).origin;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

test('the landing page says what the hub is, in German first, links onwards and passes axe-core', async () => {
  const page = await browser.page();
  await page.goto(`${origin}/`);
  expect(await page.getAttribute('html', 'lang')).toBe('de');
  expect(await page.locator('h1').textContent()).toMatch(/Integrationsnetzwerks im Landkreis Kassel/);
  for (const href of ['/explorer', '/schema.graphql', '#widget', '/embed/events', '#erste-abfrage']) {
    expect(await page.locator(`nav a[href="${href}"]`).count()).toBe(1);
  }
  // The how-to: snippets for a plain page, a pinned version with its integrity hash, WordPress and the iframe.
  const snippets = await page.locator('pre code').allTextContents();
  expect(snippets.join('\n')).toContain(`<script type="module" src="${origin}/widget.js"></script>`);
  expect(snippets.join('\n')).toContain('<!-- wp:html -->');
  expect(snippets.join('\n')).toMatch(/integrity="sha384-[A-Za-z0-9+/=]+"/);
  expect(snippets.join('\n')).toContain(`${origin}/embed/events?municipality=baunatal`);
  expect(await page.locator('#attribute + table tbody tr').count()).toBeGreaterThanOrEqual(8);
  expect(await page.locator('section[lang="en"]').count()).toBe(1);
  // The live example on the page itself.
  await page.waitForFunction(() => document.querySelector('wir-events')?.shadowRoot?.querySelector('.root[aria-busy="false"]'));
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(page.errors).toEqual([]);
  // The schema link answers the printed SDL.
  const sdl = await (await fetch(`${origin}/schema.graphql`)).text();
  expect(sdl).toContain('type Query {');
  await page.close();
});

test('the explorer loads with no internet access and runs a query', async () => {
  const page = await browser.page({ width: 1280, height: 900 });
  const elsewhere: string[] = [];
  // Everything not on the hub is cut off, and remembered.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    elsewhere.push(url);
    return route.abort('internetdisconnected');
  });
  browser.context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)) elsewhere.push(url);
  });
  await page.goto(`${origin}/explorer?query=${encodeURIComponent('{ municipalities { name slug } }')}`);
  const run = page.locator('.graphiql-execute-button');
  await run.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('.graphiql-query-editor')?.textContent?.includes('municipalities'));
  await run.click();
  await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('Ahnatal'), undefined, {
    timeout: 20_000,
  });
  expect(elsewhere).toEqual([]);
  expect(page.errors).toEqual([]);
  await page.close();
});

test('/graphql in a browser shows the explorer; GraphQL clients still get GraphQL', async () => {
  const page = await browser.page();
  const response = await page.goto(hub.url);
  expect(response!.status()).toBe(200);
  expect(response!.headers()['content-type']).toMatch(/text\/html/);
  await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
  await page.close();
  // A client asking for JSON (or anything) gets GraphQL's own answer.
  const plain = await fetch(hub.url, { headers: { accept: '*/*' } });
  expect(plain.headers.get('content-type')).toMatch(/json/);
});

test('the widget script: short caching at /widget.js, immutable at its versioned URL, integrity as in the how-to, small', async () => {
  const latest = await fetch(`${origin}/widget.js`);
  expect(latest.status).toBe(200);
  expect(latest.headers.get('content-type')).toMatch(/text\/javascript/);
  expect(latest.headers.get('access-control-allow-origin')).toBe('*');
  expect(latest.headers.get('cache-control')).toMatch(/max-age=3600/);
  const body = Buffer.from(await latest.arrayBuffer());
  const gzipKb = gzipSync(body, { level: 9 }).length / 1024;
  console.log(`widget.js: ${(body.length / 1024).toFixed(1)} kB, ${gzipKb.toFixed(1)} kB gzip`);
  expect(gzipKb).toBeLessThan(50);

  const version = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
  const landing = await (await fetch(`${origin}/`)).text();
  expect(landing).toContain(`${origin}/widget/${version}.js`);
  expect(landing).toContain(integrity);
  const pinned = await fetch(`${origin}/widget/${version}.js`);
  expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(Buffer.from(await pinned.arrayBuffer()).equals(body)).toBe(true);
  expect((await fetch(`${origin}/widget/0000000000000000.js`)).status).toBe(404);
  const revalidated = await fetch(`${origin}/widget.js`, { headers: { 'if-none-match': latest.headers.get('etag')! } });
  expect(revalidated.status).toBe(304);
});

test('the iframe page takes the widget attributes from its URL (and nothing else) and passes axe-core', async () => {
  const page = await browser.page();
  await page.goto(`${origin}/embed/events?lang=ar&limit=2&hub=https://elsewhere.example&municipality=%22%3E%3Cscript%3E`);
  expect(await page.getAttribute('html', 'lang')).toBe('ar');
  const widget = page.locator('wir-events');
  expect(await widget.getAttribute('limit')).toBe('2');
  expect(await widget.getAttribute('hub')).toBeNull(); // always this hub
  expect(await widget.getAttribute('municipality')).toBe('"><script>'); // an attribute value, never markup
  await page.waitForFunction(() => document.querySelector('wir-events')?.shadowRoot?.querySelector('.root[aria-busy="false"]'));
  expect(await page.locator('wir-events .root').getAttribute('dir')).toBe('rtl');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.close();
});

test('EXPLORER_ENABLED=false turns the explorer off', async () => {
  const off = await TestHub.start({ EXPLORER_ENABLED: 'false' });
  try {
    expect((await fetch(`${new URL(off.url).origin}/explorer`)).status).toBe(404);
    const browserLike = await fetch(off.url, { headers: { accept: 'text/html' } });
    expect(browserLike.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await (await fetch(`${new URL(off.url).origin}/`)).text()).not.toContain('href="/explorer"');
  } finally {
    await off.stop();
  }
});
