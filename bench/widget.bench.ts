import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { insertApiKey } from '../src/access';
import { startHub } from '../src/server/hub';
import { createLogger } from '../src/shared/logger';
import { benchConfig, createScratchDatabase } from './scratch';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';
import { percentile } from './stats';

/**
 * `npm run bench widget`: how soon a change made through the API shows on a partner's page.
 *
 * A hub in this process on a scratch database of the PostgreSQL server; a partner page on a
 * second origin embedding `<wir-events>`, in headless Debian Chromium (playwright-core). Each
 * round renames a published event with `updateEvent` and measures from sending the mutation to
 * the new title being in the widget's DOM: the mutation, NOTIFY, the change feed, the websocket
 * message, the widget's reload (debounced 100 ms, one GET) and its rendering. The page is polled
 * every 10 ms, so figures are up to 10 ms late.
 *
 * Settings (environment): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * WIDGET_BENCH_CHANGES (default 20), CHROMIUM_PATH (default /usr/bin/chromium).
 */
export const name = 'widget';
export const description = 'events widget in Chromium: API change to updated page, p50/p95/max';

const CHANGES = Number(process.env.WIDGET_BENCH_CHANGES ?? 20);

export async function run(): Promise<void> {
  const scratch = await createScratchDatabase('widget');
  const config = benchConfig(scratch.url);
  const hub = await startHub(config, { log: createLogger(config) });
  const site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bench</title></head>
<body><script type="module" src="${new URL(hub.url).origin}/widget.js"></script><wir-events lang="de" limit="5"></wir-events></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const gql = async (query: string, variables: Record<string, unknown>, key: string) => {
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const { secret: coordinator } = await insertApiKey(hub.database.dataSource, {
      label: 'bench',
      coordinator: true,
      organisationId: null,
      role: null,
    });
    const { createOrganisation } = await gql(
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      { input: { kind: 'ASSOCIATION', name: 'Bench-Verein' } },
      coordinator,
    );
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const endsAt = new Date(Date.now() + 90_000_000).toISOString();
    let event = (
      await gql(
        'mutation($input: CreateEventInput!) { createEvent(input: $input) { id version } }',
        {
          input: {
            leadOrganisationId: createOrganisation.id,
            title: [{ language: 'de', text: 'Bench 0' }],
            category: 'MEETING',
            startsAt,
            endsAt,
          },
        },
        coordinator,
      )
    ).createEvent;
    event = (
      await gql(
        'mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { id version } }',
        { id: event.id, v: event.version },
        coordinator,
      )
    ).publishEvent;

    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    await page.waitForFunction(
      `(() => { const r = document.querySelector('wir-events')?.shadowRoot?.querySelector('.root[data-live="on"]'); return r && Number(r.dataset.loads) >= 2; })()`,
    );
    const latencies: number[] = [];
    for (let i = 1; i <= CHANGES; i++) {
      const title = `Bench ${i}`;
      const started = performance.now();
      event = (
        await gql(
          'mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { id version } }',
          { id: event.id, v: event.version, input: { title: [{ language: 'de', text: title }] } },
          coordinator,
        )
      ).updateEvent;
      await page.waitForFunction(
        `document.querySelector('wir-events').shadowRoot.querySelector('h3 .title')?.textContent === ${JSON.stringify(title)}`,
        undefined,
        { polling: 10, timeout: 30_000 },
      );
      latencies.push(performance.now() - started);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    console.log(
      `${CHANGES} changes: p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, max ${ms(sorted.at(-1)!)}` +
        ` (load average ${os
          .loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')})`,
    );
  } finally {
    await browser.close();
    site.closeAllConnections();
    site.close();
    await hub.stop();
    await scratch.drop();
  }
}
