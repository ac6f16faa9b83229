import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { insertApiKey } from '../src/access/api-key.service';
import { loadConfig } from '../src/config';
import { startHub, type Hub } from '../src/server/hub';
import { createLogger } from '../src/shared/logger';
import { percentile } from './stats';

/**
 * `npm run bench matching`: partner matching at national scale.
 *
 * Builds (once) a Germany-sized network on the PostgreSQL server — ~10,800
 * municipalities over 47.3–55.0 °N / 5.9–15.0 °E, 100,000 organisations and
 * 1,000,000 events with ~1.8 million organiser rows, over three years — in a
 * database kept between runs (`wirhub_bench_national`; rebuilt when its scale
 * differs or with `--rebuild`). Everything is generated in SQL with
 * `INSERT ... SELECT generate_series`, secondary indexes dropped during the
 * load and rebuilt after, so a build takes minutes, not hours.
 *
 * Then it starts a hub in-process on that database and sends a few hundred
 * varied `suggestPartners` requests through the real GraphQL API (HTTP), one
 * at a time, and reports latency p50/p95/max per kind of request and overall.
 *
 * Settings (environment): DATABASE_URL (the server; default
 * postgres://postgres@127.0.0.1:5432/postgres), MATCHING_BENCH_ORGANISATIONS
 * (100000), MATCHING_BENCH_EVENTS (1000000), MATCHING_BENCH_REQUESTS (400),
 * MATCHING_BENCH_REBUILD=1 (or `--rebuild` on the command line:
 * `npm run bench -- matching --rebuild`).
 */
export const name = 'matching';
export const description = 'suggestPartners latency (p50/p95) on a national-scale network (100k organisations, 1M events)';

const DATABASE = 'wirhub_bench_national';
// The network's calendar: three years of events; requests look at the middle year.
const CALENDAR_START = '2026-01-01T00:00:00Z';
const CALENDAR_DAYS = 1096;

interface Scale {
  organisations: number;
  events: number;
  municipalities: number;
  campaigns: number;
}

function intFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name} must be a positive whole number, got "${value}".`);
  return parsed;
}

function serverUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function log(message: string): void {
  console.log(`  ${message}`);
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** The scale the kept database was built with, or undefined when it must be (re)built. */
async function builtScale(): Promise<Scale | undefined> {
  const exists = await withClient('postgres', (client) =>
    client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]).then((r) => r.rowCount === 1),
  );
  if (!exists) return undefined;
  return withClient(DATABASE, async (client) => {
    const table = await client.query(`SELECT to_regclass('bench_meta') AS t`);
    if (!table.rows[0].t) return undefined;
    const { rows } = await client.query('SELECT scale FROM bench_meta WHERE complete');
    return rows[0]?.scale as Scale | undefined;
  });
}

/** A hub in this process on the benchmark database (starting it applies the hub's own migrations). */
async function startBenchHub() {
  const config = loadConfig({
    DATABASE_URL: serverUrl(DATABASE),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Measures the hub, not its budgets: a benchmark from one address would run out of them.
    RATE_LIMIT_ENABLED: 'false',
    NODE_ENV: 'test',
  });
  return startHub(config, { log: createLogger(config) });
}

/** Migrates an empty database through a hub start, then stops it. */
async function migrateEmpty(): Promise<void> {
  await (await startBenchHub()).stop();
}

async function build(scale: Scale): Promise<void> {
  await withClient('postgres', async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${DATABASE}`);
  });
  await timed('migrations', migrateEmpty);
  await withClient(DATABASE, async (client) => {
    await client.query(
      `CREATE TABLE bench_meta (scale jsonb NOT NULL, complete boolean NOT NULL DEFAULT false, built_at timestamptz DEFAULT now())`,
    );
    await client.query(`INSERT INTO bench_meta (scale) VALUES ($1)`, [JSON.stringify(scale)]);
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query(`SET max_parallel_maintenance_workers = 2`);
    await client.query(`SET synchronous_commit = off`);
    // The generated rows are consistent by construction: skip the per-row foreign key triggers.
    await client.query(`SET session_replication_role = replica`);

    const tables = ['municipality', 'organisation', 'event', 'event_organiser', 'campaign'];
    // Secondary indexes (not those behind constraints) are rebuilt after the load: much faster than maintaining them row by row.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [tables],
    );
    await client.query(indexes.map((index) => `DROP INDEX ${index.name};`).join('\n'));

    await timed(`${scale.municipalities} municipalities`, () =>
      client.query(
        `INSERT INTO municipality (id, slug, name, district, latitude, longitude)
         SELECT md5('bench:m:' || i)::uuid, 'bench-gemeinde-' || i, 'Gemeinde ' || lpad(i::text, 5, '0'),
                'Kreis ' || (i % 400 + 1),
                47.3 + 7.7 * ((hashint4(i) & 2147483647) / 2147483647.0),
                5.9 + 9.1 * ((hashint4(i + 1000000) & 2147483647) / 2147483647.0)
         FROM generate_series(1, $1::int) AS i`,
        [scale.municipalities],
      ),
    );

    // Organisation i lies in municipality (i % M) + 1, so neighbours are cheap to compute: i + k·M.
    await timed(`${scale.organisations} organisations`, () =>
      client.query(
        `WITH kinds AS (SELECT ARRAY['ASSOCIATION','ASSOCIATION','ASSOCIATION','ASSOCIATION','FEDERATION','MOSQUE','MOSQUE',
                  'SUPPORT_CIRCLE','SUPPORT_CIRCLE','MIGRANT_ORGANISATION','MIGRANT_ORGANISATION','RELIGIOUS_COMMUNITY',
                  'RELIGIOUS_COMMUNITY','PUBLIC_INSTITUTION','OTHER'] AS k),
              topics AS (SELECT ARRAY['LANGUAGE_SUPPORT','INTEGRATION_GUIDANCE','INTERPRETING','COUNSELLING','EDUCATION',
                  'LABOUR_MARKET','YOUTH','WOMEN','FAMILY','SENIORS','SPORTS','CULTURE','RELIGION','INTERFAITH_DIALOGUE',
                  'HEALTH','HOUSING','ANTI_DISCRIMINATION','VOLUNTEERING'] AS t),
              languages AS (SELECT ARRAY['tr','ar','fa','ru','uk','en','ku','pl','ro','it','el','sq','ti','so','fr','es'] AS l)
         INSERT INTO organisation (id, kind, name, slug, municipality_id, latitude, longitude, languages, topics,
                                   looking_for_partners, verified, verified_at, last_confirmed_at, created_at, updated_at)
         SELECT md5('bench:o:' || i)::uuid, kinds.k[1 + h1 % 15], 'Organisation ' || i || ' ' || m.name,
                'bench-org-' || i, m.id,
                CASE WHEN h2 % 20 = 0 THEN NULL ELSE m.latitude + ((h3 % 2001) - 1000) / 30000.0 END,
                CASE WHEN h2 % 20 = 0 THEN NULL ELSE m.longitude + ((h4 % 2001) - 1000) / 20000.0 END,
                ARRAY['de'] || CASE WHEN h2 % 3 = 0 THEN ARRAY[]::text[]
                                    WHEN h2 % 3 = 1 THEN ARRAY[languages.l[1 + h3 % 16]]
                                    ELSE ARRAY[languages.l[1 + h3 % 16], languages.l[1 + (h3 / 16 + 1) % 16]] END,
                ARRAY(SELECT DISTINCT topics.t[1 + ((h4 >> (n * 5)) + n * 7) % 18] FROM generate_series(0, h1 % 3) AS n),
                h2 % 10 < 3, h3 % 10 < 4, CASE WHEN h3 % 10 < 4 THEN now() - interval '400 days' END,
                now() - make_interval(days => h4 % 730), now() - interval '3 years', now() - make_interval(days => h1 % 365)
         FROM (SELECT i, hashint4(i) & 2147483647 AS h1, hashint4(i + 7000000) & 2147483647 AS h2,
                      hashint4(i + 13000000) & 2147483647 AS h3, hashint4(i + 29000000) & 2147483647 AS h4
               FROM generate_series(1, $1::int) AS i) AS g
         CROSS JOIN kinds CROSS JOIN topics CROSS JOIN languages
         JOIN municipality m ON m.id = md5('bench:m:' || (g.i % $2::int + 1))::uuid`,
        [scale.organisations, scale.municipalities],
      ),
    );

    await timed(`${scale.campaigns} campaigns`, () =>
      client.query(
        `INSERT INTO campaign (id, name, slug, kind, starts_on, ends_on)
         SELECT md5('bench:c:' || i)::uuid, 'Aktionswoche ' || i, 'bench-campaign-' || i, 'ACTION_WEEK',
                ($1::timestamptz + make_interval(days => (i * 97) % ($2::int - 10)))::date,
                ($1::timestamptz + make_interval(days => (i * 97) % ($2::int - 10) + 6))::date
         FROM generate_series(1, $3::int) AS i`,
        [CALENDAR_START, CALENDAR_DAYS, scale.campaigns],
      ),
    );

    // Event i is led by organisation lead(i), held at its place; 2 % are weekly series, 10 % belong to a campaign.
    await timed(`${scale.events} events`, () =>
      client.query(
        `WITH categories AS (SELECT ARRAY['OPEN_HOUSE','FESTIVAL','INFORMATION','LANGUAGE_CAFE','LANGUAGE_COURSE','WORKSHOP',
                  'TRAINING','SPORTS','CULTURE','RELIGIOUS','DIALOGUE','MEETING','OTHER'] AS c)
         INSERT INTO event (id, title, category, topics, status, visibility, starts_at, ends_at, recurrence, last_ends_at,
                            municipality_id, latitude, longitude, languages, interpreting_languages, campaign_id,
                            lead_organisation_id, published_at, created_at, updated_at)
         SELECT md5('bench:e:' || g.i)::uuid, jsonb_build_object('de', 'Veranstaltung ' || g.i), categories.c[1 + g.h1 % 13],
                o.topics[1:1 + g.h2 % 2],
                CASE WHEN g.h3 % 20 < 16 THEN 'PUBLISHED' WHEN g.h3 % 20 < 18 THEN 'DRAFT' WHEN g.h3 % 20 < 19 THEN 'PLANNING' ELSE 'CANCELLED' END,
                CASE WHEN g.h4 % 20 < 17 THEN 'PUBLIC' WHEN g.h4 % 20 < 19 THEN 'PARTNERS' ELSE 'ORGANISERS' END,
                g.starts_at, g.starts_at + g.duration,
                CASE WHEN g.series THEN 'FREQ=WEEKLY;COUNT=10' END,
                g.starts_at + g.duration + CASE WHEN g.series THEN interval '63 days' ELSE interval '0' END,
                o.municipality_id, o.latitude, o.longitude, o.languages,
                CASE WHEN g.h2 % 10 = 0 THEN ARRAY['ar'] ELSE ARRAY[]::text[] END,
                CASE WHEN g.h1 % 10 = 0 THEN md5('bench:c:' || (g.h2 % $4::int + 1))::uuid END,
                o.id,
                CASE WHEN g.h3 % 20 < 16 OR g.h3 % 20 = 19 THEN g.starts_at - interval '30 days' END,
                g.starts_at - interval '60 days', g.starts_at - interval '30 days'
         FROM (SELECT i, h1, h2, h3, h4, h4 % 50 = 0 AS series,
                      $1::timestamptz + make_interval(days => h1 % $2::int, hours => 9 + h2 % 11) AS starts_at,
                      make_interval(hours => 1 + h3 % 4) AS duration,
                      1 + (i::bigint * 7919) % $3::int AS lead
               FROM (SELECT i, hashint4(i) & 2147483647 AS h1, hashint4(i + 7000000) & 2147483647 AS h2,
                            hashint4(i + 13000000) & 2147483647 AS h3, hashint4(i + 29000000) & 2147483647 AS h4
                     FROM generate_series(1, $5::int) AS i) AS r) AS g
         CROSS JOIN categories
         JOIN organisation o ON o.id = md5('bench:o:' || g.lead)::uuid`,
        [CALENDAR_START, CALENDAR_DAYS, scale.organisations, scale.campaigns, scale.events],
      ),
    );

    // The lead of every event, and for 40 % of them one or two co-hosts from the same municipality.
    await timed('event organisers', () =>
      client.query(
        `INSERT INTO event_organiser (event_id, organisation_id, role, status, invited_at, responded_at)
         SELECT md5('bench:e:' || i)::uuid, md5('bench:o:' || lead)::uuid, 'LEAD', 'ACCEPTED', now() - interval '60 days', NULL
         FROM (SELECT i, 1 + (i::bigint * 7919) % $1::int AS lead FROM generate_series(1, $2::int) AS i) AS g
         UNION ALL
         SELECT md5('bench:e:' || i)::uuid,
                md5('bench:o:' || (1 + (lead - 1 + k * $3::int) % $1::int))::uuid,
                CASE WHEN k = 1 THEN 'CO_HOST' ELSE 'SUPPORTER' END,
                CASE WHEN h % 10 < 7 THEN 'ACCEPTED' WHEN h % 10 < 9 THEN 'INVITED' ELSE 'DECLINED' END,
                now() - interval '50 days', CASE WHEN h % 10 < 7 OR h % 10 = 9 THEN now() - interval '40 days' END
         FROM (SELECT i, 1 + (i::bigint * 7919) % $1::int AS lead, hashint4(i + 41000000) & 2147483647 AS h
               FROM generate_series(1, $2::int) AS i) AS g
         CROSS JOIN generate_series(1, 2) AS k
         WHERE (k = 1 AND h % 5 < 2) OR (k = 2 AND h % 5 = 0)`,
        [scale.organisations, scale.events, scale.municipalities],
      ),
    );

    await client.query(`SET session_replication_role = origin`);
    await timed(`${indexes.length} indexes`, () => client.query(indexes.map((index) => `${index.definition};`).join('\n')));
    await timed('analyze', () => client.query('VACUUM ANALYZE'));
    await client.query('UPDATE bench_meta SET complete = true');
  });
}

/** A deterministic pseudo-random sequence (mulberry32), so every run sends the same requests. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  'LANGUAGE_SUPPORT',
  'INTEGRATION_GUIDANCE',
  'COUNSELLING',
  'EDUCATION',
  'YOUTH',
  'WOMEN',
  'FAMILY',
  'SPORTS',
  'CULTURE',
  'RELIGION',
  'INTERFAITH_DIALOGUE',
  'VOLUNTEERING',
];
const LANGUAGES = ['tr', 'ar', 'fa', 'ru', 'uk', 'en', 'ku', 'pl'];

const QUERY = `query Suggest($input: PartnerSearchInput!, $first: Int) {
  suggestPartners(input: $input, first: $first) {
    organisation { id name kind municipality { name } }
    score
    reasons { code description weight }
    conflicts { id title startsAt endsAt }
  }
}`;

interface Request {
  kind: string;
  key: string;
  input: Record<string, unknown>;
  first: number;
}

function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

/** Varied requests: for events (by their leads' editors), by municipality, around a point, and by topic nationwide. */
async function planRequests(hub: Hub, count: number): Promise<Request[]> {
  const db = hub.database.dataSource;
  const next = random(20261003);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const coordinator = (await insertApiKey(db, { label: 'bench coordinator', coordinator: true })).secret;
  // Upcoming events in the middle year, not cancelled, with their lead (a sample spread over the table).
  const events: Array<{ id: string; lead: string }> = await db.query(
    `SELECT id, lead_organisation_id AS lead FROM event TABLESAMPLE SYSTEM (1) REPEATABLE (42)
     WHERE status <> 'CANCELLED' AND starts_at BETWEEN '2027-01-01' AND '2028-01-01' LIMIT 150`,
  );
  const municipalities: Array<{ id: string; latitude: number; longitude: number }> = await db.query(
    `SELECT id, latitude, longitude FROM municipality TABLESAMPLE SYSTEM (20) REPEATABLE (7) WHERE latitude IS NOT NULL LIMIT 200`,
  );
  const editors = new Map<string, string>();
  for (const event of events) {
    if (!editors.has(event.lead)) {
      editors.set(
        event.lead,
        (await insertApiKey(db, { label: 'bench editor', coordinator: false, organisationId: event.lead, role: 'EDITOR' }))
          .secret,
      );
    }
  }
  const window = () => {
    const start = new Date(
      Date.parse('2027-01-01T00:00:00Z') + Math.floor(next() * 365) * 86_400_000 + (9 + Math.floor(next() * 10)) * 3_600_000,
    );
    return {
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + (1 + Math.floor(next() * 4)) * 3_600_000).toISOString(),
    };
  };
  const some = <T>(list: readonly T[], max: number): T[] => [
    ...new Set(Array.from({ length: 1 + Math.floor(next() * max) }, () => pick(list))),
  ];
  const requests: Request[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = next();
    const first = pick([5, 10, 10, 20, 50]);
    if (roll < 0.5) {
      const event = pick(events);
      requests.push({
        kind: 'event (lead editor)',
        key: editors.get(event.lead)!,
        input: { eventId: globalId('Event', event.id) },
        first,
      });
    } else if (roll < 0.7) {
      const place = pick(municipalities);
      requests.push({
        kind: 'municipality + topics + window',
        key: coordinator,
        input: {
          municipalityId: globalId('Municipality', place.id),
          topics: some(TOPICS, 3),
          languages: ['de', ...some(LANGUAGES, 2)],
          ...window(),
        },
        first,
      });
    } else if (roll < 0.9) {
      const place = pick(municipalities);
      requests.push({
        kind: 'point + radius 5-50 km + window',
        key: coordinator,
        input: {
          near: {
            latitude: place.latitude + (next() - 0.5) / 10,
            longitude: place.longitude + (next() - 0.5) / 10,
            radiusKm: pick([5, 10, 25, 50]),
          },
          topics: some(TOPICS, 2),
          languages: some(LANGUAGES, 2),
          ...window(),
        },
        first,
      });
    } else {
      requests.push({
        kind: 'nationwide topics + languages',
        key: coordinator,
        input: {
          topics: some(TOPICS, 2),
          languages: some(LANGUAGES, 1),
          kinds: some(['MOSQUE', 'RELIGIOUS_COMMUNITY', 'ASSOCIATION', 'SUPPORT_CIRCLE'], 2),
        },
        first,
      });
    }
  }
  return requests;
}

async function send(hub: Hub, request: Request): Promise<number> {
  const started = performance.now();
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${request.key}` },
    body: JSON.stringify({ query: QUERY, variables: { input: request.input, first: request.first } }),
  });
  const body = (await response.json()) as { errors?: unknown[]; data?: { suggestPartners: unknown[] } };
  const elapsed = performance.now() - started;
  if (body.errors)
    throw new Error(`suggestPartners failed: ${JSON.stringify(body.errors).slice(0, 500)} for ${JSON.stringify(request.input)}`);
  return elapsed;
}

function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (ms: number) => `${ms.toFixed(1).padStart(6)} ms`;
  console.log(
    `  ${label.padEnd(34)} n=${String(sorted.length).padStart(4)}  p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  max ${f(sorted[sorted.length - 1] ?? NaN)}`,
  );
}

async function coordinatorKey(hub: Hub): Promise<string> {
  return (await insertApiKey(hub.database.dataSource, { label: 'bench coordinator (gaps)', coordinator: true })).secret;
}

const GAPS = `query Gaps($id: ID!) {
  node(id: $id) { ... on Campaign { gaps(first: 30, suggestionsPerMunicipality: 3) {
    municipality { name } organisationCount
    suggestions { organisation { id name } score reasons { code description weight } conflicts { id title } }
  } } }
}`;

/** Campaign.gaps (30 municipalities, 3 suggestions each) for the campaigns, one at a time. */
async function measureGaps(hub: Hub, key: string): Promise<void> {
  const campaigns: Array<{ id: string }> = await hub.database.dataSource.query('SELECT id FROM campaign ORDER BY id LIMIT 60');
  const samples: number[] = [];
  for (const [index, campaign] of campaigns.entries()) {
    const started = performance.now();
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: GAPS, variables: { id: globalId('Campaign', campaign.id) } }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`Campaign.gaps failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    if (index >= 10) samples.push(performance.now() - started);
  }
  console.log('  Campaign.gaps over HTTP (30 municipalities × 3 suggestions), one campaign at a time:');
  report('gaps', samples);
}

export async function run(): Promise<void> {
  const scale: Scale = {
    organisations: intFromEnv('MATCHING_BENCH_ORGANISATIONS', 100_000),
    events: intFromEnv('MATCHING_BENCH_EVENTS', 1_000_000),
    municipalities: 10_800,
    campaigns: 200,
  };
  const rebuild = process.argv.includes('--rebuild') || process.env.MATCHING_BENCH_REBUILD === '1';
  const existing = rebuild ? undefined : await builtScale();
  if (existing && existing.organisations === scale.organisations && existing.events === scale.events) {
    log(
      `reusing database ${DATABASE} (${existing.organisations} organisations, ${existing.events} events; --rebuild to start over)`,
    );
  } else {
    log(`building database ${DATABASE}: ${scale.organisations} organisations, ${scale.events} events ...`);
    await timed('build total', () => build(scale));
  }
  const counts = await withClient(DATABASE, (client) =>
    client
      .query(
        `SELECT (SELECT count(*) FROM organisation) AS organisations, (SELECT count(*) FROM event) AS events,
                (SELECT count(*) FROM event_organiser) AS organisers, (SELECT count(*) FROM municipality) AS municipalities`,
      )
      .then((r) => r.rows[0]),
  );
  log(
    `network: ${counts.organisations} organisations, ${counts.events} events, ${counts.organisers} organiser rows, ${counts.municipalities} municipalities`,
  );

  const hub = await startBenchHub();
  try {
    const total = intFromEnv('MATCHING_BENCH_REQUESTS', 400);
    const requests = await planRequests(hub, total + 40);
    // Warm-up: connection pool, JIT of the hub's code, PostgreSQL's caches.
    for (const request of requests.slice(0, 40)) await send(hub, request);
    const samples = new Map<string, number[]>();
    const all: number[] = [];
    for (const request of requests.slice(40)) {
      const ms = await send(hub, request);
      all.push(ms);
      samples.set(request.kind, [...(samples.get(request.kind) ?? []), ms]);
    }
    // The machine may be shared: the load average tells how far the figures are from an idle machine.
    const load = os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' / ');
    console.log(
      `  suggestPartners over HTTP, one request at a time (${all.length} requests, first 5..50; ${os.cpus().length} CPUs, load average ${load}):`,
    );
    for (const [kind, list] of [...samples].sort()) report(kind, list);
    report('all', all);
    await measureGaps(hub, await coordinatorKey(hub));
  } finally {
    await hub.stop();
  }
}
