import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { extendOccurrences } from '../src/events/event.occurrence-table';
import { startHub } from '../src/server/hub';
import { createLogger } from '../src/shared/logger';
import { benchConfig, createScratchDatabase } from './scratch';
import { percentile } from './stats';

/**
 * `npm run bench feeds`: calendar feeds and exact windows on the PostgreSQL server.
 *
 * A scratch database with FEEDS_BENCH_EVENTS events (default 100,000; 10 %
 * weekly series, the rest single events over two years from January 2026,
 * every status and visibility, over the 28 municipalities and 2,000
 * organisations). Measures, one request at a time over HTTP (p50/p95):
 *
 * - `events` with a one-day window, before exact windows (the series have
 *   no occurrence rows yet, so their overall span decides, as before) and
 *   after (the occurrence table filled by the periodic job), with the number
 *   of events each finds;
 * - the ICS feed of one municipality and of the whole district (at most
 *   FEED_MAX_EVENTS = 5,000 events), rendered anew per request (a different
 *   `limit` each time, so the body cache cannot answer), answered from the
 *   body cache (same URL), and answered 304 to If-None-Match.
 *
 * The database is dropped afterwards.
 */
export const name = 'feeds';
export const description = 'ICS feeds (municipality, district; fresh, cached, 304) and events with exact windows, 100,000 events';

const EVENTS = Number(process.env.FEEDS_BENCH_EVENTS ?? 100_000);
const REQUESTS = Number(process.env.FEEDS_BENCH_REQUESTS ?? 50);

async function measure(label: string, request: (i: number) => Promise<string>): Promise<void> {
  const times: number[] = [];
  let note = '';
  for (let i = 0; i < REQUESTS; i += 1) {
    const t0 = performance.now();
    note = await request(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(62)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   ${note}`,
  );
}

export async function run(): Promise<void> {
  // FEEDS_BENCH_KEEP=1 keeps the database (for EXPLAIN).
  const scratch = await createScratchDatabase('feeds', 'FEEDS_BENCH_KEEP');
  // The bench runs the occurrence job itself, between "before" and "after".
  const config = benchConfig(scratch.url, {
    OCCURRENCE_REFRESH_INTERVAL_MS: '86400000',
    // One client asks hundreds of times a minute: fair-use budgets are not what is measured.
    RATE_LIMIT_ANONYMOUS_POINTS: '100000000',
  });
  const hub = await startHub(config, { log: createLogger(config) });
  const base = hub.url.replace(/\/graphql$/, '');
  try {
    const db = hub.database.dataSource;
    // Bulk loading goes through its own connection: the hub's pool stops statements after 30 s.
    const loader = new Client({ connectionString: scratch.url });
    await loader.connect();
    const started = performance.now();
    await loader.query(`
      INSERT INTO organisation (kind, name, slug, municipality_id, latitude, longitude, languages, topics, email)
      SELECT (ARRAY['ASSOCIATION','MOSQUE','SUPPORT_CIRCLE','RELIGIOUS_COMMUNITY'])[1 + n % 4], 'Bench-Verein ' || n, 'bench-' || n,
             m.id, m.latitude + (n % 7) * 0.003, m.longitude + (n % 5) * 0.003, ARRAY['de'], ARRAY['CULTURE'],
             'info' || n || '@example.org'
      FROM generate_series(1, 2000) AS n
      JOIN LATERAL (SELECT * FROM municipality ORDER BY name OFFSET n % 28 LIMIT 1) m ON true`);
    // Series: weekly on the weekday of their start, a third of them until a date.
    await loader.query(
      `INSERT INTO event (title, summary, category, topics, status, visibility, starts_at, ends_at, last_ends_at, recurrence,
         lead_organisation_id, municipality_id, street, postal_code, locality, latitude, longitude, languages, free, published_at)
       SELECT jsonb_build_object('de', (ARRAY['Sprachcafé','Interkulturelles Fest','Tag der offenen Moschee','Lesung','Workshop'])[1 + n % 5] || ' ' || n,
                                 'en', 'Event ' || n),
              jsonb_build_object('de', 'Begegnung und Gespräch'),
              (ARRAY['LANGUAGE_CAFE','FESTIVAL','OPEN_HOUSE','CULTURE','WORKSHOP'])[1 + n % 5], ARRAY['CULTURE'],
              (ARRAY['PUBLISHED','PUBLISHED','PUBLISHED','PUBLISHED','DRAFT','PLANNING','CANCELLED'])[1 + (n / 29) % 7],
              (ARRAY['PUBLIC','PUBLIC','PARTNERS','ORGANISERS'])[1 + (n / 31) % 4],
              s, s + interval '2 hours',
              CASE WHEN n % 10 <> 0 THEN s + interval '2 hours'
                   WHEN n % 30 = 0 THEN s + interval '12 weeks 2 hours' ELSE 'infinity'::timestamptz END,
              CASE WHEN n % 10 <> 0 THEN NULL
                   WHEN n % 30 = 0 THEN 'FREQ=WEEKLY;UNTIL=' || to_char((s + interval '12 weeks 1 hour') AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"')
                   ELSE 'FREQ=WEEKLY' END,
              o.id, o.municipality_id, 'Hauptstraße ' || n % 90, '34225', 'Ort', o.latitude, o.longitude,
              ARRAY['de', (ARRAY['tr','ar','uk'])[1 + n % 3]],
              n % 2 = 0, CASE WHEN (n / 29) % 7 IN (0, 1, 2, 3, 6) THEN s - interval '30 days' END
       -- Status and visibility vary independently of the municipality (which follows n % 28).
       FROM generate_series(1, $1::int) AS n
       CROSS JOIN LATERAL (SELECT '2026-01-01 08:00+01'::timestamptz + (n * 631) % (730 * 24) * interval '1 hour' AS s) t
       JOIN organisation o ON o.slug = 'bench-' || (1 + n % 2000)`,
      [EVENTS],
    );
    await loader.query(`
      INSERT INTO event_organiser (event_id, organisation_id, role, status)
      SELECT id, lead_organisation_id, 'LEAD', 'ACCEPTED' FROM event`);
    await loader.query('ANALYZE');
    await loader.end();
    console.log(`  ${EVENTS} events (10 % weekly series) loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // One day: a weekly series has an occurrence on one day of seven, but its span covers them all.
    const week = (i: number) => {
      const from = new Date(Date.UTC(2026, 0, 5) + (i % 300) * 86_400_000);
      return { f: from, t: new Date(from.getTime() + 86_400_000 - 1) };
    };
    const eventsQuery = `query($f: DateTime, $t: DateTime) { events(first: 20, filter: { from: $f, to: $t }) { totalCount edges { node { id title startsAt } } } }`;
    const listWeek = async (i: number) => {
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: eventsQuery, variables: week(i) }),
      });
      const body = (await response.json()) as { data?: { events: { totalCount: number } }; errors?: unknown };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return `${body.data.events.totalCount} events on the last day asked`;
    };
    await measure('events(first: 20), one day, before exact windows (span)', listWeek);
    const t0 = performance.now();
    const refreshed = await extendOccurrences(db, new Date(), 1_000);
    const [{ rows }] = await db.query('SELECT count(*)::int AS rows FROM event_occurrence');
    console.log(
      `  occurrence job: ${refreshed} series, ${rows} occurrence rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    await db.query('ANALYZE event_occurrence');
    await measure('events(first: 20), one day, exact windows', listWeek);

    const feed = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${base}${path}`, { headers });
      const text = await response.text();
      if (response.status !== 200 && response.status !== 304) throw new Error(`${path}: ${response.status} ${text}`);
      return {
        status: response.status,
        etag: response.headers.get('etag')!,
        bytes: text.length,
        events: text.split('BEGIN:VEVENT').length - 1,
      };
    };
    const since = '2026-06-01';
    for (const [label, path] of [
      ['ICS feed of Vellmar', `/feeds/municipalities/vellmar.ics?from=${since}`],
      ['ICS feed of the district (5,000 events)', `/feeds/events.ics?from=${since}`],
    ] as const) {
      // A limit below the feed's size, different each time: other rows, so the body cache cannot answer.
      const size = Math.min(5000, (await feed(path)).events);
      await measure(`${label}, rendered per request`, async (i) => {
        const answer = await feed(`${path}&limit=${size - i}`);
        return `${answer.events} events, ${(answer.bytes / 1024).toFixed(0)} KiB`;
      });
      const first = await feed(path);
      await measure(`${label}, from the body cache`, async () => `${(await feed(path)).events} events`);
      await measure(
        `${label}, 304 to If-None-Match`,
        async () => `status ${(await feed(path, { 'if-none-match': first.etag })).status}`,
      );
    }
  } finally {
    await hub.stop();
    await scratch.drop();
  }
}
