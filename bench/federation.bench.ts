import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { insertApiKey } from '../src/access';
import { serviceSdl } from '../src/federation';
import { startGateway } from '../src/federation/gateway';
import { composeSupergraph } from '../src/federation/supergraph';
import { startHub } from '../src/server/hub';
import { createLogger } from '../src/shared/logger';
import { benchConfig, createScratchDatabase } from './scratch';
import { percentile } from './stats';

/**
 * `npm run bench federation`: what federation costs, on the PostgreSQL server.
 *
 * Loads 2,000 organisations and FEDERATION_BENCH_EVENTS events (default
 * 20,000, every status and visibility) into a scratch database, starts a hub
 * and a Hive Gateway over it in this process, and measures latency (p50/p95,
 * one request at a time, FEDERATION_BENCH_REQUESTS each, default 200) of:
 * `_entities` with 100 event representations (as a gateway sends them) against
 * `nodes(ids:)` with the same 100 IDs, and a list query at the hub directly
 * against the same query through the gateway. The database is dropped afterwards.
 */
export const name = 'federation';
export const description =
  '_entities vs nodes(ids:) for 100 events, and a list query direct vs through Hive Gateway: latency p50/p95';

const EVENTS = Number(process.env.FEDERATION_BENCH_EVENTS ?? 20_000);
const REQUESTS = Number(process.env.FEDERATION_BENCH_REQUESTS ?? 200);

async function measure(label: string, url: string, body: string, key: string): Promise<void> {
  const send = async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body,
    });
    const answer = (await response.json()) as { errors?: unknown[] };
    if (answer.errors) throw new Error(`${label}: ${JSON.stringify(answer.errors).slice(0, 500)}`);
  };
  for (let i = 0; i < 20; i += 1) await send(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const started = performance.now();
    await send();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(62)} p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms`);
}

export async function run(): Promise<void> {
  const scratch = await createScratchDatabase('federation');
  const config = benchConfig(scratch.url, { LOG_LEVEL: 'error' });
  const hub = await startHub(config, { log: createLogger(config) });
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  try {
    const db = hub.database.dataSource;
    await db.query(`
      INSERT INTO organisation (kind, name, slug, municipality_id, languages, topics)
      SELECT (ARRAY['ASSOCIATION','MOSQUE','SUPPORT_CIRCLE','RELIGIOUS_COMMUNITY'])[1 + n % 4], 'Bench-Verein ' || n, 'bench-' || n,
             m.id, ARRAY['de'], ARRAY['CULTURE']
      FROM generate_series(1, 2000) AS n
      JOIN LATERAL (SELECT * FROM municipality ORDER BY name OFFSET n % 28 LIMIT 1) m ON true`);
    await db.query(
      `INSERT INTO event (title, category, status, visibility, starts_at, ends_at, last_ends_at, lead_organisation_id, municipality_id, published_at)
       SELECT jsonb_build_object('de', 'Sprachcafé ' || n), 'LANGUAGE_CAFE',
              (ARRAY['PUBLISHED','PUBLISHED','PUBLISHED','DRAFT','PLANNING'])[1 + n % 5],
              (ARRAY['PUBLIC','PUBLIC','PARTNERS','ORGANISERS'])[1 + n % 4],
              s, s + interval '2 hours', s + interval '2 hours', o.id, o.municipality_id, s - interval '30 days'
       FROM generate_series(1, $1::int) AS n
       CROSS JOIN LATERAL (SELECT '2027-01-01 08:00+01'::timestamptz + (n * 631) % (365 * 24) * interval '1 hour' AS s) t
       JOIN organisation o ON o.slug = 'bench-' || (1 + n % 2000)`,
      [EVENTS],
    );
    await db.query(
      `INSERT INTO event_organiser (event_id, organisation_id, role, status) SELECT id, lead_organisation_id, 'LEAD', 'ACCEPTED' FROM event`,
    );
    await db.query('ANALYZE');
    const { secret: partner } = await insertApiKey(db, {
      label: 'bench partner',
      coordinator: false,
      organisationId: (await db.query(`SELECT id FROM organisation WHERE slug = 'bench-7'`))[0].id,
      role: 'EDITOR',
    });
    const rows: Array<{ id: string }> = await db.query(`SELECT id FROM event ORDER BY id LIMIT 100`);
    const ids = rows.map((row) => Buffer.from(`Event:${row.id}`).toString('base64'));
    const fields = 'id title status startsAt municipality { name } organisers { organisation { name } }';
    const supergraph = composeSupergraph([{ name: 'hub', url: hub.url, sdl: await serviceSdl(hub.schema) }]);
    if (supergraph.errors) throw new Error(supergraph.errors.join('\n'));
    gateway = await startGateway({ supergraph: supergraph.supergraphSdl, port: 0, logLevel: false });
    const [load] = os.loadavg();
    console.log(`  ${EVENTS} events, 2000 organisations; load average ${load!.toFixed(2)} before measuring`);

    await measure(
      '_entities, 100 event representations, partner key',
      hub.url,
      JSON.stringify({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event { ${fields} } } }`,
        variables: { r: ids.map((id) => ({ __typename: 'Event', id })) },
      }),
      partner,
    );
    await measure(
      'nodes(ids:), the same 100 events, partner key',
      hub.url,
      JSON.stringify({ query: `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Event { ${fields} } } }`, variables: { ids } }),
      partner,
    );
    const list = JSON.stringify({
      query: `{ events(first: 20, filter: { from: "2027-03-01T00:00:00Z" }) { edges { node { ${fields} } } } }`,
    });
    await measure('events(first: 20) at the hub, partner key', hub.url, list, partner);
    await measure('events(first: 20) through Hive Gateway, partner key', gateway.url, list, partner);
    console.log(`  load average ${os.loadavg()[0]!.toFixed(2)} after measuring`);
  } finally {
    await gateway?.stop();
    await hub.stop();
    await scratch.drop();
  }
}
