import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { insertApiKey } from '../src/access/api-key.service';
import { migrate, openDatabase } from '../src/db/database';
import { entities } from '../src/entities';
import { createLogger } from '../src/shared/logger';
import { buildPeersData, RAW_SQL } from './peers-data';

/**
 * `npm run bench peers`: the hub side by side with its peers (issue 9), as an
 * outsider would measure them, on the PostgreSQL server.
 *
 * Builds the data set of bench/peers-data.ts in a scratch database, then, in
 * interleaved rounds (every system once per round and page, so load from
 * elsewhere on the machine hits all alike), puts the same page under
 * autocannon (PEERS_BENCH_CONNECTIONS connections, PEERS_BENCH_DURATION
 * seconds) on:
 * - raw SQL: the page as one hand-written statement, under pgbench (the floor);
 * - PostGraphile 4 (bench/peers, its own package folder: it needs graphql 15),
 *   serving the plain copy of the tables;
 * - PostGraphile 5 (bench/peers5, its own folder again: graphql 16, Grafast,
 *   Node.js 22+), the same tables and the same documents (PEERS_BENCH_POSTGRAPHILE5=0 leaves it out);
 * - the hub (`node dist/src/main.js`), anonymous and with a partner key, once
 *   per Node.js binary in PEERS_BENCH_HUB_NODES (comma-separated; default the
 *   one running the benchmark).
 * Pages: "events" (50 events of one municipality by start, each with its
 * municipality's name and its organisers: role, organisation id, name, kind)
 * and "organisations" (50 mosques by name, with municipality, memberOf and
 * contacts; PostGraphile's and the anonymous hub's are the PUBLIC ones).
 *
 * Each server runs as its own process with bench/peers/probe.js preloaded,
 * which reports its CPU time and V8 allocation over a measurement; figures
 * per request divide those by the requests served. SQL statements per
 * request: the hub's `wirhub_db_statements_total` (/metrics), PostGraphile's
 * own count. The load average is printed with every round.
 *
 * Settings (environment): DATABASE_URL (server; default
 * postgres://postgres@127.0.0.1:5432/postgres), PEERS_BENCH_EVENTS (50000),
 * PEERS_BENCH_ORGANISATIONS (2000), PEERS_BENCH_ROUNDS (3),
 * PEERS_BENCH_DURATION (5), PEERS_BENCH_CONNECTIONS (20), PEERS_BENCH_PAGES
 * ("events,organisations"; "typename" adds `{ __typename }`, the fixed cost of a request), PEERS_BENCH_HUB_NODES, PEERS_BENCH_OTHER_HUBS
 * (other builds run beside this one, "label=path/to/dist/src/main.js,...", e.g.
 * main's for before/after in the same rounds), PEERS_BENCH_DATABASE (reuse or
 * keep a database of this name instead of a scratch one).
 */
export const name = 'peers';
export const description =
  'events and organisations pages: raw SQL (pgbench), PostGraphile 4 and 5 and the hub, req/s, p50/p99, CPU, allocation and SQL per request';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.env.PEERS_BENCH_EVENTS ?? 50_000);
const ORGANISATIONS = Number(process.env.PEERS_BENCH_ORGANISATIONS ?? 2_000);
const ROUNDS = Number(process.env.PEERS_BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.PEERS_BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.PEERS_BENCH_CONNECTIONS ?? 20);
const PAGES = (process.env.PEERS_BENCH_PAGES ?? 'events,organisations').split(',') as Page[];
const HUB_NODES = (process.env.PEERS_BENCH_HUB_NODES ?? process.execPath).split(',').filter(Boolean);
// Other builds of the hub to run beside this one, e.g. main's, for before/after in the same rounds: "label=path/to/dist/src/main.js".
const OTHER_HUBS = (process.env.PEERS_BENCH_OTHER_HUBS ?? '')
  .split(',')
  .filter(Boolean)
  .map((entry) => ({ label: entry.split('=')[0]!, main: entry.slice(entry.indexOf('=') + 1) }));
const KEEP_DATABASE = process.env.PEERS_BENCH_DATABASE;
// A fixed number of requests per system and round instead of a duration: CPU and allocation per request then
// come from the same work for every system, whatever else the machine is doing.
const AMOUNT = process.env.PEERS_BENCH_REQUESTS ? Number(process.env.PEERS_BENCH_REQUESTS) : undefined;

/** `typename`: `{ __typename }`, the fixed cost of a request (HTTP, pipeline, plugins) before any field. */
type Page = 'events' | 'organisations' | 'typename';
const TYPENAME = JSON.stringify({ query: '{ __typename }' });

const ROOT = path.resolve(__dirname, '..', '..');
const PEERS_DIR = path.join(ROOT, 'bench', 'peers');
const PEERS5_DIR = path.join(ROOT, 'bench', 'peers5');
const PROBE = path.join(PEERS_DIR, 'probe.js');
// PostGraphile 5 needs Node.js 22 or later (the benchmark's own Node runs it).
const POSTGRAPHILE5 = process.env.PEERS_BENCH_POSTGRAPHILE5 !== '0' && Number(process.versions.node.split('.')[0]) >= 22;

/** Installs a peers folder (bench/peers: PostGraphile 4, autocannon; bench/peers5: PostGraphile 5) from its lock file on first use. */
function ensurePeersInstalled(dir = PEERS_DIR): void {
  if (fs.existsSync(path.join(dir, 'node_modules', 'postgraphile', 'package.json'))) return;
  const folder = path.relative(ROOT, dir);
  console.log(`  installing ${folder} (npm ci --prefix ${folder}) ...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ci --prefix ${folder} failed`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A measured server process (hub or PostGraphile) with the probe preloaded. */
class Server {
  private waiting?: (message: any) => void;
  constructor(
    readonly label: string,
    readonly url: string,
    readonly process: ChildProcess,
    private readonly statements?: () => Promise<number>,
  ) {
    process.on('message', (message) => this.waiting?.(message));
  }

  private ask(type: string, answer: string): Promise<any> {
    return new Promise((resolve) => {
      this.waiting = (message) => {
        if (message?.type === answer) {
          this.waiting = undefined;
          resolve(message);
        }
      };
      this.process.send({ type });
    });
  }

  async start(): Promise<number | undefined> {
    await this.ask('bench:start', 'bench:started');
    return this.statements?.();
  }

  async stop(before: number | undefined): Promise<{ cpuMicros: number; allocatedBytes: number; statements: number | null }> {
    const stopped = await this.ask('bench:stop', 'bench:stopped');
    const statements = this.statements && before !== undefined ? (await this.statements()) - before : stopped.statements;
    return { cpuMicros: stopped.cpuMicros, allocatedBytes: stopped.allocatedBytes, statements };
  }

  kill(): Promise<void> {
    return new Promise((resolve) => {
      if (this.process.exitCode !== null) return resolve();
      this.process.once('exit', () => resolve());
      this.process.kill('SIGTERM');
      setTimeout(() => this.process.kill('SIGKILL'), 10_000).unref();
    });
  }
}

async function startHubProcess(node: string, main: string, databaseUrl: string, label: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(node, ['--require', PROBE, main], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '10',
      // The catch-up poll of the change feed is no part of a read; it would add statements to the count.
      CHANGE_POLL_INTERVAL_MS: '600000',
      // Fair use would refuse an outsider's load test from one address within seconds; the peers have no such budget.
      RATE_LIMIT_ENABLED: 'false',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${label} to start`, async () => (await fetch(`${base}/healthz`)).ok, 60_000);
  const statements = async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    return Number(/^wirhub_db_statements_total(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(text)?.[1] ?? NaN);
  };
  return new Server(label, `${base}/graphql`, child, statements);
}

async function startPostGraphile(databaseUrl: string, version: 4 | 5 = 4): Promise<Server> {
  const port = await freePort();
  const dir = version === 4 ? PEERS_DIR : PEERS5_DIR;
  const script = version === 4 ? 'postgraphile.js' : 'postgraphile5.js';
  const child = spawn(process.execPath, ['--require', PROBE, path.join(dir, script)], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production', DB_POOL_SIZE: '10' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const ping = JSON.stringify({ query: '{ __typename }' });
  await waitFor(
    `PostGraphile ${version} to start`,
    async () => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ping })).ok,
    60_000,
  );
  return new Server(`PostGraphile ${version}`, url, child);
}

interface Request {
  body: string;
  headers: Record<string, string>;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  cpuMs?: number;
  allocKb?: number;
  statements?: number | null;
  errors: number;
}

interface System {
  label: string;
  run(page: Page, seconds: number): Promise<Figures>;
}

/** Loads a server with autocannon for DURATION seconds, measuring its process meanwhile. */
async function loadServer(autocannon: any, server: Server, request: Request, seconds: number): Promise<Figures> {
  const before = await server.start();
  const result = await autocannon({
    url: server.url,
    method: 'POST',
    connections: CONNECTIONS,
    ...(AMOUNT ? { amount: AMOUNT } : { duration: seconds }),
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
  });
  const probe = await server.stop(before);
  const served = result.requests.total as number;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMs: probe.cpuMicros / 1000 / served,
    allocKb: probe.allocatedBytes / 1024 / served,
    statements: probe.statements === null ? null : probe.statements / served,
    errors: (result.errors as number) + (result.non2xx as number),
  };
}

async function pgbench(databaseUrl: string, page: Page, municipality: string, seconds: number): Promise<Figures> {
  // Nothing to select: the floor of `{ __typename }` is no statement at all.
  if (page === 'typename') return { rps: NaN, p50: NaN, p99: NaN, statements: 0, errors: 0 };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wirhub-pgbench-'));
  try {
    const script = path.join(dir, `${page}.sql`);
    fs.writeFileSync(script, RAW_SQL[page]);
    const url = new URL(databaseUrl);
    const { stdout } = await promisify(execFile)(
      'pgbench',
      [
        ...['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')],
        ...['-n', '-M', 'prepared', '-c', String(CONNECTIONS), '-j', '2', '-T', String(seconds)],
        ...['-D', `m=${municipality}`, '-f', script, '-l', '--log-prefix', path.join(dir, 'log')],
        url.pathname.slice(1),
      ],
      { maxBuffer: 10_000_000 },
    );
    const tps = Number(/tps = ([0-9.]+)/.exec(stdout)?.[1] ?? NaN);
    const latencies: number[] = [];
    for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('log'))) {
      for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        const micros = Number(line.split(' ')[2]);
        if (Number.isFinite(micros) && line) latencies.push(micros / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    return { rps: tps, p50: percentile(latencies, 50), p99: percentile(latencies, 99), statements: 1, errors: 0 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function hubRequest(page: Page, municipalityId: string, key?: string): Request {
  if (page === 'typename') return { body: TYPENAME, headers: key ? { authorization: `Bearer ${key}` } : {} };
  const query =
    page === 'events'
      ? `query($m: ID!) { events(first: 50, filter: { municipalityIds: [$m] }) { edges { node { id title startsAt municipality { name } organisers { role organisation { id name kind } } } } } }`
      : `{ organisations(first: 50, filter: { kinds: [MOSQUE] }) { edges { node { id name municipality { name } memberOf { id name } contacts { name role email } } } } }`;
  const variables = page === 'events' ? { m: Buffer.from(`Municipality:${municipalityId}`).toString('base64') } : {};
  return {
    body: JSON.stringify({ query, variables }),
    headers: key ? { authorization: `Bearer ${key}` } : {},
  };
}

function postGraphileRequest(page: Page, municipalityId: string): Request {
  if (page === 'typename') return { body: TYPENAME, headers: {} };
  const query =
    page === 'events'
      ? `query($m: UUID!) { allEvents(first: 50, orderBy: STARTS_AT_ASC, condition: { municipalityId: $m, status: "PUBLISHED", visibility: "PUBLIC" }) { nodes { id title startsAt municipalityByMunicipalityId { name } eventOrganisersByEventId(condition: { status: "ACCEPTED" }) { nodes { role organisationByOrganisationId { id name kind } } } } } }`
      : `{ allOrganisations(first: 50, orderBy: SORT_NAME_ASC, condition: { kind: "MOSQUE" }) { nodes { id name municipalityByMunicipalityId { name } organisationMembershipsByMemberId { nodes { organisationByUmbrellaId { id name } } } contactsByOrganisationId(condition: { visibility: "PUBLIC" }) { nodes { name role email } } } } }`;
  return { body: JSON.stringify({ query, variables: page === 'events' ? { m: municipalityId } : {} }), headers: {} };
}

/** One answer of each server, checked: no errors, a full page, the same items as PostGraphile's. */
async function checkAnswers(hub: Server, key: string, postgraphile: Server, page: Page, municipality: string): Promise<void> {
  if (page === 'typename') return;
  const post = async (server: Server, request: Request) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
    });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (body.errors || !body.data) throw new Error(`${server.label}, ${page}: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const peer = await post(postgraphile, postGraphileRequest(page, municipality));
  const peerItems: string[] =
    page === 'events'
      ? peer.allEvents.nodes.map(
          (n: any) =>
            `${n.startsAt}|${n.eventOrganisersByEventId.nodes.map((o: any) => o.organisationByOrganisationId.name).sort()}`,
        )
      : peer.allOrganisations.nodes.map((n: any) => `${n.name}|${n.contactsByOrganisationId.nodes.map((c: any) => c.name)}`);
  for (const authorization of [undefined, key]) {
    const data = await post(hub, hubRequest(page, municipality, authorization));
    const items: string[] =
      page === 'events'
        ? data.events.edges.map(
            (e: any) =>
              `${new Date(e.node.startsAt).toISOString()}|${e.node.organisers.map((o: any) => o.organisation.name).sort()}`,
          )
        : data.organisations.edges.map(
            (e: any) =>
              `${e.node.name}|${e.node.contacts.filter((c: any) => c.name.startsWith('Kontakt')).map((c: any) => c.name)}`,
          );
    const normalised = peerItems.map((item) =>
      page === 'events' ? `${new Date(item.split('|')[0]!).toISOString()}|${item.split('|')[1]}` : item,
    );
    if (items.length !== 50 || JSON.stringify(items) !== JSON.stringify(normalised)) {
      throw new Error(
        `${hub.label} ${authorization ? 'with a key' : 'anonymous'}, ${page}: the answer differs from PostGraphile's:\n${items.slice(0, 3).join('\n')}\n---\n${normalised.slice(0, 3).join('\n')}`,
      );
    }
  }
}

/** PostGraphile 5 answers the same documents as PostGraphile 4 (its default naming is 4's): a full page, no errors. */
async function checkPeerAnswer(server: Server, page: Page, municipality: string): Promise<void> {
  if (page === 'typename') return;
  const request = postGraphileRequest(page, municipality);
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: request.body,
  });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  const nodes = page === 'events' ? body.data?.allEvents?.nodes : body.data?.allOrganisations?.nodes;
  if (body.errors || nodes?.length !== 50)
    throw new Error(`${server.label}, ${page}: ${JSON.stringify(body.errors ?? body.data)}`);
}

/** The label of the system the hub is held against (issue 9's targets, in the same run: 1.2 times its req/s, a p99 below its). */
const REFERENCE = 'PostGraphile 4.14';

/** A figure of a system (req/s, p99) over PostGraphile 4's in the same round, one ratio per round. */
function ratios(figures: Figures[], reference: Figures[] | undefined, pick: (f: Figures) => number): number[] {
  if (!reference) return [];
  return figures.map((f, round) => pick(f) / pick(reference[round]!)).filter((ratio) => Number.isFinite(ratio) && ratio > 0);
}

function row(label: string, figures: Figures[], reference?: Figures[]): string {
  const range = (values: number[], digits: number) => {
    const min = Math.min(...values);
    const max = Math.max(...values);
    return min.toFixed(digits) === max.toFixed(digits) ? min.toFixed(digits) : `${min.toFixed(digits)}–${max.toFixed(digits)}`;
  };
  const cell = (pick: (f: Figures) => number | null | undefined, digits: number, unit = '') => {
    const values = figures.map(pick).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return values.length ? `${range(values, digits)}${unit}` : '–';
  };
  const errors = figures.reduce((sum, f) => sum + f.errors, 0);
  const relative = (pick: (f: Figures) => number) => {
    const values = label === REFERENCE ? [] : ratios(figures, reference, pick);
    return values.length ? `${range(values, 2)}×` : '–';
  };
  return `| ${label} | ${cell((f) => f.rps, 0)} | ${relative((f) => f.rps)} | ${cell((f) => f.p50, 1, ' ms')} | ${cell((f) => f.p99, 1, ' ms')} | ${relative((f) => f.p99)} | ${cell((f) => f.cpuMs, 2, ' ms')} | ${cell((f) => f.allocKb, 0, ' KB')} | ${cell((f) => f.statements, 2)} |${errors ? ` ${errors} errors` : ''}`;
}

export async function run(): Promise<void> {
  ensurePeersInstalled();
  if (POSTGRAPHILE5) ensurePeersInstalled(PEERS5_DIR);
  const requirePeer = createRequire(path.join(PEERS_DIR, 'package.json'));
  const autocannon = requirePeer('autocannon');
  const log = createLogger({ LOG_LEVEL: 'warn' });
  const dbName = KEEP_DATABASE ?? `wirhub_bench_peers_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();

  const servers: Server[] = [];
  try {
    const database = await openDatabase({ DATABASE_URL: databaseUrl, DATA_DIR: 'memory://', DB_POOL_SIZE: 2 }, log, { entities });
    let key: string;
    let municipality: string;
    try {
      await migrate(database);
      const db = database.dataSource;
      const built = (await db.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'peers'`)).length > 0;
      if (!built) {
        const started = Date.now();
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          await buildPeersData(client, ORGANISATIONS, EVENTS);
        } finally {
          await client.end();
        }
        console.log(
          `  built ${EVENTS} events, ${ORGANISATIONS} organisations in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      }
      const [partner] = await db.query(`SELECT id FROM organisation WHERE kind = 'ASSOCIATION' ORDER BY slug LIMIT 1`);
      key = (await insertApiKey(db, { label: 'peers bench', coordinator: false, organisationId: partner.id, role: 'VIEWER' }))
        .secret;
      [{ id: municipality }] = await db.query(`SELECT id FROM municipality WHERE name = 'Vellmar'`);
    } finally {
      await database.close();
    }

    const postgraphile = await startPostGraphile(databaseUrl);
    servers.push(postgraphile);
    const postgraphile5 = POSTGRAPHILE5 ? await startPostGraphile(databaseUrl, 5) : undefined;
    if (postgraphile5) servers.push(postgraphile5);
    const hubs: Server[] = [];
    const builds = [{ label: 'wir-hub', main: path.join(ROOT, 'dist', 'src', 'main.js') }, ...OTHER_HUBS];
    for (const build of builds) {
      for (const node of HUB_NODES) {
        const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
        const hub = await startHubProcess(node, build.main, databaseUrl, `${build.label} (Node ${version})`);
        servers.push(hub);
        hubs.push(hub);
      }
    }
    for (const page of PAGES) for (const hub of hubs) await checkAnswers(hub, key, postgraphile, page, municipality);
    if (postgraphile5) for (const page of PAGES) await checkPeerAnswer(postgraphile5, page, municipality);
    console.log('  answers checked: the hub (anonymous and with a key) lists the same items as PostGraphile');

    const systems: System[] = [
      { label: 'one raw SQL statement (pgbench)', run: (page, s) => pgbench(databaseUrl, page, municipality, s) },
      {
        label: REFERENCE,
        run: (page, s) => loadServer(autocannon, postgraphile, postGraphileRequest(page, municipality), s),
      },
      ...(postgraphile5
        ? [
            {
              label: 'PostGraphile 5',
              run: (page: Page, s: number) => loadServer(autocannon, postgraphile5, postGraphileRequest(page, municipality), s),
            },
          ]
        : []),
      ...hubs.flatMap((hub) => [
        {
          label: `${hub.label}, anonymous`,
          run: (page: Page, s: number) => loadServer(autocannon, hub, hubRequest(page, municipality), s),
        },
        {
          label: `${hub.label}, partner key`,
          run: (page: Page, s: number) => loadServer(autocannon, hub, hubRequest(page, municipality, key), s),
        },
      ]),
    ];
    // Warm-up (JIT, connection pools, caches), not counted.
    for (const page of PAGES) for (const system of systems.slice(1)) await system.run(page, 2);

    const results = new Map<string, Figures[]>();
    const loads: string[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const page of PAGES) {
        for (const system of systems) {
          const figures = await system.run(page, DURATION);
          const id = `${page}\u0000${system.label}`;
          results.set(id, [...(results.get(id) ?? []), figures]);
        }
      }
      const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      loads.push(load);
      console.log(`  round ${round}/${ROUNDS} done, load average ${load}`);
    }

    console.log(
      `\n  ${ROUNDS} interleaved rounds of ${DURATION} s, ${CONNECTIONS} connections, ${EVENTS} events, ${ORGANISATIONS} organisations; load average ${loads.join(' / ')}`,
    );
    for (const page of PAGES) {
      console.log(`\n  ${page} page (ranges over the rounds)\n`);
      console.log(
        '| system | req/s | req/s over PostGraphile 4 in the same round | p50 | p99 | p99 over PostGraphile 4 in the same round | server CPU per request | allocated per request | SQL statements per request |',
      );
      console.log('|---|---|---|---|---|---|---|---|---|');
      const reference = results.get(`${page}\u0000${REFERENCE}`);
      for (const system of systems) console.log(row(system.label, results.get(`${page}\u0000${system.label}`)!, reference));
    }
  } finally {
    for (const server of servers) await server.kill();
    if (!KEEP_DATABASE) {
      const cleanup = new Client({ connectionString: SERVER_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await cleanup.end();
    }
  }
}
