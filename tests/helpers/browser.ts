import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { CHROMIUM, CHROMIUM_FLAGS } from '../../bench/chromium';

// The benchmarks launch the same Chromium with the same flags (bench/chromium.ts).
export { CHROMIUM, CHROMIUM_FLAGS };

/**
 * One headless Chromium for a test file, with a fresh profile folder: open pages with
 * {@link TestBrowser.page} (each in its own context, so storage and caches are not shared) and
 * `close()` in `afterAll`. Pages collect their console messages and uncaught errors.
 */
export class TestBrowser {
  private constructor(
    readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<TestBrowser> {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'wirhub-chromium-'));
    // launchPersistentContext is how playwright takes a user-data-dir of our choosing.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 900, height: 900 },
      timeout: 30_000,
    });
    return new TestBrowser(context, profile);
  }

  get browser(): Browser | null {
    return this.context.browser();
  }

  /** A new page (tab); `console` and `errors` collect what it logs. */
  async page(options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<TestPage> {
    const page = await this.context.newPage();
    if (options.width) await page.setViewportSize({ width: options.width, height: options.height ?? 900 });
    if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
    const console: Array<{ type: string; text: string }> = [];
    const errors: string[] = [];
    page.on('console', (message) => console.push({ type: message.type(), text: message.text() }));
    page.on('pageerror', (error) => errors.push(error.message));
    return Object.assign(page, { console, errors });
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export type TestPage = Page & { console: Array<{ type: string; text: string }>; errors: string[] };

/**
 * A second origin for pages that embed the hub's widget (a partner's web site): a tiny HTTP server
 * on 127.0.0.1 answering every path with the HTML `pages[path]` (404 otherwise).
 */
export class TestSite {
  private constructor(
    private readonly server: http.Server,
    readonly origin: string,
    readonly pages: Map<string, string>,
  ) {}

  static async start(): Promise<TestSite> {
    const pages = new Map<string, string>();
    const server = http.createServer((req, res) => {
      const body = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new TestSite(server, `http://127.0.0.1:${port}`, pages);
  }

  /** Serves `body` at `pathname`; answers its URL. */
  serve(pathname: string, body: string): string {
    this.pages.set(pathname, body);
    return `${this.origin}${pathname}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** axe-core's source, to inject into pages (`page.addScriptTag({ content })`). */
export function axeSource(): string {
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core (WCAG 2.x A/AA rules) in the page, shadow roots included; answers the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource() });
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations as AxeViolation[];
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
