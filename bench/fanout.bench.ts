import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { insertApiKey } from '../src/access/api-key.service';
import { migrate, openDatabase, type Database } from '../src/db/database';
import { recordChange } from '../src/events';
import { entities } from '../src/entities';
import { createLogger } from '../src/shared/logger';
import { createScratchDatabase } from './scratch';
import { percentile } from './stats';

/**
 * `npm run bench fanout`: live-update fan-out on the PostgreSQL server.
 *
 * One hub instance runs as its own process (`node dist/src/main.js`) on a
 * fresh database. The benchmark opens N websocket subscribers to it (raw
 * graphql-transport-ws clients, one connection each, anonymous, all following
 * one public event), then commits changes to that event directly in the
 * database, one at a time, and measures for every subscriber the time from
 * sending COMMIT to receiving the change: the whole path of NOTIFY, the
 * feed's read of the change log, the visibility and filter checks per
 * subscriber, GraphQL execution and the websocket write. The clients run in
 * this process, so their own work (receiving and timing N messages) is part
 * of the figures: a p99 here is an upper bound.
 *
 * Memory per connection is the growth of the hub's resident set (and V8
 * heap) from before the connections to after N subscribed, read from its
 * /metrics, divided by N. The hub's CPU time per delivered message
 * (process_cpu_seconds_total over the measured changes, divided by changes ×
 * subscribers) is the figure least moved by other load on the machine.
 *
 * Settings (environment): DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres; a scratch database is created
 * and dropped), FANOUT_BENCH_SUBSCRIBERS ("1000,5000"), FANOUT_BENCH_CHANGES (20 per size).
 */
export const name = 'fanout';
export const description =
  'subscription fan-out: commit-to-receipt latency p50/p99 and memory per connection, 1,000 and 5,000 subscribers';

const SIZES = (process.env.FANOUT_BENCH_SUBSCRIBERS ?? '1000,5000').split(',').map(Number);
const CHANGES = Number(process.env.FANOUT_BENCH_CHANGES ?? 20);

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

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function hubMemory(base: string): Promise<{ rss: number; heap: number; cpuSeconds: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rss: metric('process_resident_memory_bytes'),
    heap: metric('nodejs_heap_size_used_bytes'),
    cpuSeconds: metric('process_cpu_seconds_total'),
  };
}

/** A subscriber: records when each change arrives. */
class Subscriber {
  readonly socket: WebSocket;
  readonly received: number[] = [];
  /** Resolves true once the server acknowledged the connection, false when it failed. */
  readonly ready: Promise<boolean>;
  onChange?: () => void;

  constructor(url: string, query: string) {
    this.socket = new WebSocket(url, 'graphql-transport-ws');
    this.ready = new Promise((resolve) => {
      this.socket.on('message', (data) => {
        if (String(data).includes('"connection_ack"')) resolve(true);
      });
      this.socket.once('close', () => resolve(false));
      this.socket.once('error', () => resolve(false));
    });
    this.socket.on('open', () => this.socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    this.socket.on('message', (data) => {
      const at = performance.now();
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'connection_ack') {
        this.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      } else if (message.type === 'next') {
        this.received.push(at);
        this.onChange?.();
      } else if (message.type === 'ping') {
        this.socket.send(JSON.stringify({ type: 'pong' }));
      }
    });
    this.socket.on('error', () => undefined);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

export async function run(): Promise<void> {
  const log = createLogger({ LOG_LEVEL: 'warn' });
  const scratch = await createScratchDatabase('fanout');
  const databaseUrl = scratch.url;

  let database: Database | undefined;
  let hub: ChildProcess | undefined;
  try {
    database = await openDatabase({ DATABASE_URL: databaseUrl, DATA_DIR: 'memory://', DB_POOL_SIZE: 2 }, log, { entities });
    await migrate(database);
    const db = database.dataSource;
    const { secret } = await insertApiKey(db, { label: 'fanout bench', coordinator: true });
    const port = await freePort();
    const profile = process.env.FANOUT_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FANOUT_BENCH_PROFILE}`] : [];
    // FANOUT_BENCH_MAIN: another build of the hub (e.g. main's dist/src/main.js), for before/after with the same clients.
    const main = process.env.FANOUT_BENCH_MAIN ?? path.join(__dirname, '..', 'src', 'main.js');
    hub = spawn(process.execPath, [...profile, main], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        // "slow sql" warnings here would only measure the event loop being busy with the fan-out.
        LOG_LEVEL: 'error',
        WS_KEEPALIVE_MS: '600000',
        // The benchmark measures fan-out, not the catch-up timer.
        CHANGE_POLL_INTERVAL_MS: '600000',
        // Thousands of anonymous subscriptions from one address would spend its fair-use budget.
        RATE_LIMIT_ENABLED: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor('the hub to start', async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined), 60_000);

    // One public, published event, made through the API.
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const organisation = (
      await gql(`mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`, {
        i: { kind: 'ASSOCIATION', name: 'Fan-out Verein' },
      })
    ).createOrganisation;
    const created = (
      await gql(`mutation($i: CreateEventInput!) { createEvent(input: $i) { id version } }`, {
        i: {
          title: [{ language: 'de', text: 'Fan-out' }],
          category: 'MEETING',
          startsAt: '2026-10-03T11:00:00+02:00',
          endsAt: '2026-10-03T15:00:00+02:00',
          leadOrganisationId: organisation.id,
        },
      })
    ).createEvent;
    await gql(`mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { version } }`, {
      id: created.id,
      v: created.version,
    });
    const eventId = Buffer.from(created.id, 'base64').toString('utf8').split(':')[1]!;

    /** Commits one change to the event; answers when COMMIT was sent. */
    const commitChange = async (): Promise<number> => {
      const runner = db.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        const [[row]] = (await runner.query(
          'UPDATE event SET version = version + 1, capacity = coalesce(capacity, 0) + 1 WHERE id = $1 RETURNING version',
          [eventId],
        )) as [Array<{ version: number }>, number];
        await recordChange(runner.manager, {
          eventId,
          kind: 'UPDATED',
          changedFields: ['capacity'],
          version: Number(row!.version),
        });
        const sent = performance.now();
        await runner.commitTransaction();
        return sent;
      } finally {
        await runner.release();
      }
    };

    const query = `subscription { eventChanged(filter: { eventIds: ["${created.id}"] }) { cursor kind version event { id capacity } } }`;
    const wsUrl = `ws://127.0.0.1:${port}/graphql`;
    const rows: string[] = [];
    for (const size of SIZES) {
      const before = await hubMemory(base);
      // Connect in batches (a burst of thousands overflows the listen backlog), retrying refused ones.
      const subscribers: Subscriber[] = [];
      let retries = 0;
      while (subscribers.length < size) {
        const batch = Array.from({ length: Math.min(100, size - subscribers.length) }, () => new Subscriber(wsUrl, query));
        const results = await Promise.all(batch.map((s) => s.ready));
        batch.forEach((s, i) => (results[i] ? subscribers.push(s) : (retries += 1)));
        if (retries > size) throw new Error('too many refused connections');
      }
      // Warm-up change: once everyone has it, every subscription is registered.
      const everyoneHas = (count: number) =>
        waitFor(
          `${size} subscribers to receive change ${count}`,
          async () => (subscribers.every((s) => s.received.length >= count) ? true : undefined),
          60_000,
        );
      let round = 0;
      const start = Date.now();
      for (;;) {
        round += 1;
        await commitChange();
        try {
          await waitFor('warm-up', async () => (subscribers.every((s) => s.received.length >= 1) ? true : undefined), 3_000);
          break;
        } catch {
          if (Date.now() - start > 120_000) {
            const states = subscribers.reduce<Record<string, number>>((acc, s) => {
              const state = `${s.socket.readyState}:${s.received.length ? 'got' : 'none'}`;
              acc[state] = (acc[state] ?? 0) + 1;
              return acc;
            }, {});
            throw new Error(`subscribers did not all register (readyState:received → count) ${JSON.stringify(states)}`);
          }
        }
      }
      for (const s of subscribers) s.received.length = 0;
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const s of subscribers) s.received.length = 0;
      const after = await hubMemory(base);

      const latencies: number[] = [];
      for (let change = 1; change <= CHANGES; change += 1) {
        const sent = await commitChange();
        await everyoneHas(change);
        for (const s of subscribers) latencies.push(s.received[change - 1]! - sent);
      }
      // The hub's CPU time (user + system, all threads) per message delivered: unlike latency, barely touched
      // by what else the machine runs, and free of the clients' own work in this process.
      const cpuPerDelivery = (((await hubMemory(base)).cpuSeconds - after.cpuSeconds) * 1e6) / (CHANGES * size);
      latencies.sort((a, b) => a - b);
      const perConnection = (bytes: number) => `${(bytes / size / 1024).toFixed(1)} KiB`;
      rows.push(
        `${String(size).padStart(6)} subscribers | ${CHANGES} changes | latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms | hub CPU ${cpuPerDelivery.toFixed(1)} µs per delivery | memory per connection: RSS ${perConnection(after.rss - before.rss)}, heap ${perConnection(after.heap - before.heap)} (warm-up rounds ${round}, reconnects ${retries})`,
      );
      console.log(rows[rows.length - 1]);
      await Promise.all(subscribers.map((s) => s.close()));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    if (hub && hub.exitCode === null) {
      const exited = new Promise((resolve) => hub!.once('exit', resolve));
      hub.kill('SIGTERM');
      await exited;
    }
    await database?.close();
    await scratch.drop();
  }
}
