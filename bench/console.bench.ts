import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { insertApiKey } from '../src/access';
import { seedDemo } from '../src/cli/seed-demo';
import { loadConfig } from '../src/config';
import { startHub } from '../src/server/hub';
import { createLogger } from '../src/shared/logger';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';
import { percentile } from './stats';

/**
 * `npm run bench console`: the console's size and how soon its first screen is interactive.
 *
 * A hub in this process on the embedded database (PGlite in a temporary folder) with the demo
 * seed; headless Debian Chromium (playwright-core), a fresh browser context (empty cache) per
 * round. Two figures per round, read in the page as `performance.now()` (milliseconds since the
 * navigation started; checked every animation frame, so up to ~16 ms late):
 *   - sign-in: the sign-in form is rendered and its field can take input (the first screen);
 *   - directory: signed in (key already in sessionStorage), the directory's results are listed
 *     (viewer, municipalities and organisations answered by the hub).
 * Also prints the bundle's bytes, raw and gzipped (level 9).
 *
 * Settings (environment): CONSOLE_BENCH_ROUNDS (default 10), CHROMIUM_PATH (default /usr/bin/chromium).
 */
export const name = 'console';
export const description = 'console: bundle size and time to the first interactive screen (embedded database), p50/p95/max';

const ROUNDS = Number(process.env.CONSOLE_BENCH_ROUNDS ?? 10);

export async function run(): Promise<void> {
  const assets = path.join(__dirname, '..', 'web', 'console', 'assets');
  for (const file of fs.readdirSync(assets)) {
    const body = fs.readFileSync(path.join(assets, file));
    console.log(
      `${file}: ${(body.length / 1024).toFixed(1)} KiB, gzip ${(gzipSync(body, { level: 9 }).length / 1024).toFixed(1)} KiB`,
    );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wirhub-bench-console-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  const hub = await startHub(config, { log: createLogger(config) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    await seedDemo(hub.database.dataSource);
    const { secret } = await insertApiKey(hub.database.dataSource, {
      label: 'Bench',
      coordinator: true,
      organisationId: null,
      role: null,
    });
    const origin = new URL(hub.url).origin;
    const signIn: number[] = [];
    const directory: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${origin}/console`);
      signIn.push(
        (await page
          .waitForFunction(
            () => {
              const input = document.querySelector<HTMLInputElement>('input[name="apiKey"]');
              return input && !input.disabled ? performance.now() : null;
            },
            undefined,
            { polling: 'raf' },
          )
          .then((h) => h.jsonValue())) as number,
      );
      await context.close();
      const signedIn = await browser.newContext();
      await signedIn.addInitScript((key) => sessionStorage.setItem('wirhub.console.key', key), secret);
      const second = await signedIn.newPage();
      second.on('pageerror', (e) => console.log('pageerror', e.message));
      await second.goto(`${origin}/console/directory`);
      directory.push(
        (await second
          .waitForFunction(() => (document.querySelector('[data-testid="organisation"]') ? performance.now() : null), undefined, {
            polling: 'raf',
          })
          .then((h) => h.jsonValue())) as number,
      );
      await signedIn.close();
    }
    for (const [label, values] of [
      ['sign-in form interactive', signIn],
      ['directory listed (signed in)', directory],
    ] as const) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(
        `${label}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (${ROUNDS} rounds, cold cache)`,
      );
    }
  } finally {
    await browser.close();
    await hub.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
