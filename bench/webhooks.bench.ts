import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { insertApiKey } from '../src/access/api-key.service';
import { appendChange } from '../src/db/change-log';
import { withTransaction } from '../src/db/transaction';
import { startHub } from '../src/server/hub';
import { benchConfig, createScratchDatabase } from './scratch';
import { percentile } from './stats';
import { createLogger } from '../src/shared/logger';
import { encryptSecret, newWebhookSecret } from '../src/webhooks/webhook.secret';

/**
 * `npm run bench webhooks`: webhook delivery from the outbox on the
 * PostgreSQL server.
 *
 * One hub runs in this process on a scratch database, with
 * WEBHOOK_BENCH_ENDPOINTS webhooks (default 1,000) of a coordinator key, each
 * its own URL on one loopback receiver (also in this process, answering 200
 * at once). The benchmark then commits WEBHOOK_BENCH_CHANGES directory
 * changes (default 1,000), one transaction each, as fast as it can, and
 * measures for every (endpoint, change) the time from COMMIT to the
 * receiver's receipt: NOTIFY, the fan-out into the outbox, the claim (SKIP
 * LOCKED), signing and the HTTP call. Each endpoint receives its changes one
 * after the other in cursor order (the outbox's per-endpoint order), so
 * latency grows with the burst; throughput is deliveries per second from the
 * first commit to the last receipt. The receiver shares the process (and the
 * machine's two cores) with the hub: the figures are upper bounds.
 */
export const name = 'webhooks';
export const description = 'webhook outbox: commit-to-receipt latency p50/p99 and throughput, 1,000 endpoints × 1,000 changes';

const ENDPOINTS = Number(process.env.WEBHOOK_BENCH_ENDPOINTS ?? 1000);
const CHANGES = Number(process.env.WEBHOOK_BENCH_CHANGES ?? 1000);

export async function run(): Promise<void> {
  const scratch = await createScratchDatabase('webhooks');
  const secretKey = randomBytes(32);
  const config = benchConfig(scratch.url, {
    WEBHOOK_SECRET_KEY: secretKey.toString('base64'),
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
  });

  const committedAt = new Map<number, number>();
  const latencies: number[] = [];
  let lastReceipt = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const now = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const cursor = Number(Buffer.from(body.data.cursor, 'base64url').toString().slice(4));
      latencies.push(now - committedAt.get(cursor)!);
      lastReceipt = now;
      response.writeHead(200).end();
      if (latencies.length === ENDPOINTS * CHANGES) done();
    });
  });
  receiver.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;

  const hub = await startHub(config, { log: createLogger(config) });
  try {
    const db = hub.database.dataSource;
    const { apiKey } = await insertApiKey(db, { label: 'bench coordinator', coordinator: true });
    const [organisation] = await db.query(
      `INSERT INTO organisation (kind, name, slug) VALUES ('ASSOCIATION', 'Bench-Verein', 'bench-verein') RETURNING id`,
    );
    await db.query(
      `INSERT INTO webhook (created_by_key_id, url, secret_encrypted, since_cursor)
       SELECT $1, 'http://127.0.0.1:' || $2 || '/hook/' || n, $3, 0 FROM generate_series(1, $4::int) AS n`,
      [apiKey.id, port, encryptSecret(newWebhookSecret(), secretKey), ENDPOINTS],
    );
    const started = performance.now();
    for (let i = 1; i <= CHANGES; i += 1) {
      let cursor = 0;
      await withTransaction(db, async (manager) => {
        cursor = await appendChange(manager, {
          subject: 'ORGANISATION',
          organisationId: String(organisation.id),
          kind: 'UPDATED',
          changedFields: ['name'],
          version: i + 1,
          snapshot: { municipalityIds: [], contactVisibilities: [] },
        });
      });
      committedAt.set(cursor, performance.now());
    }
    const committed = performance.now();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`only ${latencies.length} of ${ENDPOINTS * CHANGES} deliveries arrived`)),
        30 * 60_000,
      ).unref(),
    );
    await Promise.race([all, timeout]);
    latencies.sort((a, b) => a - b);
    const seconds = (lastReceipt - started) / 1000;
    console.log(
      `  ${ENDPOINTS} endpoints × ${CHANGES} changes = ${latencies.length} deliveries; commits took ${((committed - started) / 1000).toFixed(1)} s`,
    );
    console.log(
      `  commit → receipt: p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s, p99 ${(percentile(latencies, 99) / 1000).toFixed(2)} s; throughput ${(latencies.length / seconds).toFixed(0)} deliveries/s over ${seconds.toFixed(1)} s`,
    );
    console.log(
      `  load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await hub.stop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
    await scratch.drop();
  }
}
