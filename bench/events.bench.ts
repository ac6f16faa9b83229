import { performance } from 'node:perf_hooks';
import { insertApiKey } from '../src/access/api-key.service';
import { startHub } from '../src/server/hub';
import { createLogger } from '../src/shared/logger';
import { benchConfig, createScratchDatabase } from './scratch';
import { percentile } from './stats';

/**
 * `npm run bench events`: event reads on the PostgreSQL server.
 *
 * Builds a scratch database with EVENTS_BENCH_EVENTS events (default 100,000:
 * 5% weekly series, the rest single events over two years, every status and
 * visibility, each with a lead and a co-host, spread over the 28
 * municipalities and 2,000 organisations), starts an in-process hub on it,
 * and measures request latency (p50/p95, through HTTP, one request at a
 * time) of the event queries partner apps and planners make most. The
 * database is dropped afterwards (kept, for EXPLAIN, with EVENTS_BENCH_KEEP=1).
 */
export const name = 'events';
export const description = 'event listing, search, occurrences, clashes and single events: latency p50/p95 over 100,000 events';

const EVENTS = Number(process.env.EVENTS_BENCH_EVENTS ?? 100_000);
const REQUESTS = Number(process.env.EVENTS_BENCH_REQUESTS ?? 200);
export async function run(): Promise<void> {
  // EVENTS_BENCH_KEEP=1 keeps the database afterwards (for EXPLAIN).
  const scratch = await createScratchDatabase('events', 'EVENTS_BENCH_KEEP');
  // Measures the hub, not its budgets: a benchmark from one address would run out of them.
  const config = benchConfig(scratch.url, { RATE_LIMIT_ENABLED: 'false' });
  const hub = await startHub(config, { log: createLogger(config) });
  try {
    const db = hub.database.dataSource;
    const started = performance.now();
    await db.query(`
      INSERT INTO organisation (kind, name, slug, municipality_id, latitude, longitude, languages, topics)
      SELECT (ARRAY['ASSOCIATION','MOSQUE','SUPPORT_CIRCLE','RELIGIOUS_COMMUNITY'])[1 + n % 4], 'Bench-Verein ' || n, 'bench-' || n,
             m.id, m.latitude + (n % 7) * 0.003, m.longitude + (n % 5) * 0.003, ARRAY['de'], ARRAY['CULTURE']
      FROM generate_series(1, 2000) AS n
      JOIN LATERAL (SELECT * FROM municipality ORDER BY name OFFSET n % 28 LIMIT 1) m ON true`);
    await db.query(
      `INSERT INTO event (title, summary, category, topics, status, visibility, starts_at, ends_at, last_ends_at, recurrence,
         lead_organisation_id, municipality_id, latitude, longitude, languages, free, barrier_free, published_at)
       SELECT jsonb_build_object('de', (ARRAY['Sprachcafé','Interkulturelles Fest','Tag der offenen Moschee','Lesung','Workshop'])[1 + n % 5] || ' ' || n),
              jsonb_build_object('de', 'Begegnung und Gespräch'),
              (ARRAY['LANGUAGE_CAFE','FESTIVAL','OPEN_HOUSE','CULTURE','WORKSHOP'])[1 + n % 5], ARRAY['CULTURE'],
              (ARRAY['PUBLISHED','PUBLISHED','PUBLISHED','PUBLISHED','DRAFT','PLANNING','CANCELLED'])[1 + n % 7],
              (ARRAY['PUBLIC','PUBLIC','PARTNERS','ORGANISERS'])[1 + n % 4],
              s, s + interval '2 hours',
              CASE WHEN n % 20 = 0 THEN 'infinity'::timestamptz ELSE s + interval '2 hours' END,
              CASE WHEN n % 20 = 0 THEN 'FREQ=WEEKLY' END,
              o.id, o.municipality_id, o.latitude, o.longitude, ARRAY['de', (ARRAY['tr','ar','uk'])[1 + n % 3]],
              n % 2 = 0, n % 3 = 0, CASE WHEN n % 7 IN (0, 1, 2, 3, 6) THEN s - interval '30 days' END
       FROM generate_series(1, $1::int) AS n
       CROSS JOIN LATERAL (SELECT '2026-01-01 08:00+01'::timestamptz + (n * 631) % (730 * 24) * interval '1 hour' AS s) t
       JOIN organisation o ON o.slug = 'bench-' || (1 + n % 2000)`,
      [EVENTS],
    );
    await db.query(`
      INSERT INTO event_organiser (event_id, organisation_id, role, status)
      SELECT id, lead_organisation_id, 'LEAD', 'ACCEPTED' FROM event
      UNION ALL
      SELECT e.id, o.id, 'CO_HOST', (ARRAY['ACCEPTED','INVITED','DECLINED'])[1 + abs(hashtext(e.id::text)) % 3]
      FROM event e JOIN organisation o ON o.slug = 'bench-' || (1 + abs(hashtext(e.id::text)) % 2000)
      WHERE o.id <> e.lead_organisation_id`);
    await db.query('ANALYZE');
    console.log(`  ${EVENTS} events, 2000 organisations loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const { secret: partner } = await insertApiKey(db, {
      label: 'bench partner',
      coordinator: false,
      organisationId: (await db.query(`SELECT id FROM organisation WHERE slug = 'bench-7'`))[0].id,
      role: 'EDITOR',
    });
    const [vellmar] = await db.query(`SELECT id FROM municipality WHERE name = 'Vellmar'`);
    const vellmarId = Buffer.from(`Municipality:${vellmar.id}`).toString('base64');
    const [sample] = await db.query(`SELECT id FROM event WHERE status = 'PUBLISHED' AND visibility = 'PUBLIC' LIMIT 1`);
    const eventId = Buffer.from(`Event:${sample.id}`).toString('base64');

    const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + (i % 700) * 86_400_000);
    const cases: Array<[string, (i: number) => { query: string; variables?: Record<string, unknown> }, string?]> = [
      [
        'events(first: 20), a month, anonymous',
        (i) => ({
          query: `query($f: DateTime, $t: DateTime) { events(first: 20, filter: { from: $f, to: $t }) { totalCount edges { node { id title startsAt municipality { name } leadOrganisation { name } } } } }`,
          variables: { f: day(i), t: new Date(day(i).getTime() + 30 * 86_400_000) },
        }),
      ],
      [
        'events(first: 20), a month in Vellmar, with a partner key',
        (i) => ({
          query: `query($f: DateTime, $t: DateTime, $m: ID!) { events(first: 20, filter: { from: $f, to: $t, municipalityIds: [$m] }) { edges { node { id title organisers { organisation { name } status } } } } }`,
          variables: { f: day(i), t: new Date(day(i).getTime() + 30 * 86_400_000), m: vellmarId },
        }),
        partner,
      ],
      [
        'events(first: 20), search "Sprachcafe", anonymous',
        () => ({
          query: `{ events(first: 20, filter: { search: "Sprachcafe", from: "2026-06-01T00:00:00Z" }) { edges { node { id title } } } }`,
        }),
      ],
      [
        'occurrences, one week, anonymous',
        (i) => ({
          query: `query($f: DateTime!, $t: DateTime!) { occurrences(from: $f, to: $t, first: 100) { startsAt event { id title } } }`,
          variables: { f: day(i), t: new Date(day(i).getTime() + 7 * 86_400_000) },
        }),
      ],
      [
        'conflicts, an afternoon in Vellmar, with a partner key',
        (i) => ({
          query: `query($s: DateTime!, $e: DateTime!, $m: ID!) { conflicts(startsAt: $s, endsAt: $e, municipalityId: $m) { id title } }`,
          variables: {
            s: new Date(day(i).getTime() + 13 * 3_600_000),
            e: new Date(day(i).getTime() + 18 * 3_600_000),
            m: vellmarId,
          },
        }),
        partner,
      ],
      [
        'event(id) with organisers, venue and conflicts',
        () => ({
          query: `query($id: ID!) { event(id: $id) { title organisers { organisation { name } } venue { name } conflicts { id } occurrences(from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z", first: 10) { startsAt } } }`,
          variables: { id: eventId },
        }),
      ],
    ];
    for (const [label, build, key] of cases) {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        const { query, variables } = build(i);
        const t0 = performance.now();
        const response = await fetch(hub.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        if (body.errors) throw new Error(`${label}: ${JSON.stringify(body.errors)}`);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${label.padEnd(60)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms`,
      );
    }
  } finally {
    await hub.stop();
    await scratch.drop();
  }
}
