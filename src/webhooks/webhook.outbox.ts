import type { DataSource, EntityManager } from 'typeorm';
import { Viewer } from '../access';
import type { Config } from '../config';
import { renewWhileRunning } from '../db/lease';
import { queryRows, type Row } from '../db/query-rows';
import { backgroundTransaction, inBackground } from '../db/background';
import { encodeChangeCursor, readChanges, type ChangeFeed } from '../live';
import type { Logger } from '../shared/logger';
import { webhookPayload, type StoredWebhookFilter } from './webhook.filter';
import { decryptSecret } from './webhook.secret';
import { sendWebhook, type AttemptResult } from './webhook.send';

/** Change-log entries fanned out per transaction. */
const FAN_OUT_BATCH = 200;
/** Deliveries claimed (and sent in parallel) per round. */
const SEND_BATCH = 100;
/** The longest wait a Retry-After may ask for. */
const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

/** Counters and timings of the outbox, for /metrics. */
export interface OutboxStats {
  delivered: number;
  failedAttempts: number;
  /** Commit-to-2xx latencies (ms) since the last read by the metrics. */
  latencies: number[];
}

/**
 * The webhook outbox of one hub instance. Two jobs, both safe with any
 * number of instances on one database:
 *
 * 1. Fan-out: reads the change log after the durable position in
 *    `webhook_dispatch` (locked for the transaction, so one instance at a
 *    time), decides for each enabled webhook what it receives (its filter,
 *    and what its creating key may see now: the subscriptions' rules), and
 *    inserts one delivery per (webhook, change), unique, in the same
 *    transaction that moves the position. A crash loses nothing: the
 *    position moves only with the rows.
 * 2. Sending: claims due deliveries with FOR UPDATE SKIP LOCKED and a lease,
 *    only the oldest pending one of each webhook (so each endpoint receives
 *    its changes in cursor order, one at a time), signs and POSTs them, and
 *    records the outcome: 2xx delivered; 410 disables the webhook; 429/503
 *    wait as Retry-After says; anything else (3xx included, time-outs,
 *    refused connections) retries on the schedule with jitter, and after the
 *    last attempt fails the delivery and disables the webhook with the reason.
 *    The claim is a lease of JOB_LEASE_MS, renewed while the attempt runs;
 *    an instance that dies mid-attempt (SIGKILL) stops renewing, its lease
 *    runs out, and another instance sends the delivery again (same
 *    webhook-id, so the receiver can tell).
 */
export class WebhookOutbox {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly schedule: number[];
  private readonly key: Buffer | undefined;
  readonly stats: OutboxStats = { delivered: 0, failedAttempts: 0, latencies: [] };

  constructor(
    private readonly options: {
      db: DataSource;
      config: Pick<
        Config,
        | 'WEBHOOK_SECRET_KEY'
        | 'WEBHOOK_ALLOW_PRIVATE_URLS'
        | 'WEBHOOK_TIMEOUT_MS'
        | 'WEBHOOK_RETRY_SCHEDULE'
        | 'WEBHOOK_POLL_INTERVAL_MS'
        | 'JOB_LEASE_MS'
      >;
      log: Logger;
      feed?: ChangeFeed;
    },
  ) {
    this.schedule = options.config.WEBHOOK_RETRY_SCHEDULE.split(',').map(Number);
    this.key = options.config.WEBHOOK_SECRET_KEY ? Buffer.from(options.config.WEBHOOK_SECRET_KEY, 'base64') : undefined;
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.config.WEBHOOK_POLL_INTERVAL_MS);
    this.timer.unref();
    this.unwatch = this.options.feed?.onNewChanges(() => this.wake());
    this.wake();
  }

  /** Runs a round now (coalesced: a wake during a round makes one more after it). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Waits for the current round and the attempts in flight (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.running || this.inFlight.size) {
      await this.running;
      await Promise.all([...this.inFlight]);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unwatch?.();
    await this.settle().catch(() => undefined);
  }

  private async round(): Promise<void> {
    try {
      while (!this.stopped && (await this.fanOut()) === FAN_OUT_BATCH);
      while (!this.stopped && (await this.sendDue()) === SEND_BATCH);
    } catch (error) {
      if (!this.stopped) this.options.log.warn({ err: error }, 'webhook outbox round failed; retrying on the next tick');
    }
  }

  /** One fan-out transaction; answers how many change-log entries it covered. */
  async fanOut(): Promise<number> {
    return backgroundTransaction(this.options.db, async (manager) => {
      const [dispatch] = await queryRows<{ position: string }>(manager, 'SELECT position FROM webhook_dispatch FOR UPDATE');
      const position = Number(dispatch?.position ?? 0);
      const [{ any } = { any: false }] = await queryRows<{ any: boolean }>(
        manager,
        'SELECT EXISTS (SELECT 1 FROM webhook WHERE enabled) AS any',
      );
      if (!any) {
        // No webhook to feed: skip ahead without reading entries. (createWebhook takes this lock too, so a
        // webhook created meanwhile starts after the position this moves to.)
        await manager.query(
          'UPDATE webhook_dispatch SET position = greatest(position, (SELECT coalesce(max(cursor), 0) FROM change_log))',
        );
        return 0;
      }
      const rows = await readChanges(manager, position, FAN_OUT_BATCH);
      if (!rows.length) return 0;
      const hooks = await queryRows(
        manager,
        `SELECT w.id, w.filter, w.since_cursor, k.id AS key_id, k.label, k.coordinator, k.organisation_id, k.role, k.expires_at,
                (k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())) AS key_valid
           FROM webhook w JOIN api_key k ON k.id = w.created_by_key_id
          WHERE w.enabled`,
      );
      const ids: string[] = [];
      const cursors: number[] = [];
      const types: string[] = [];
      const payloads: string[] = [];
      const committed: string[] = [];
      const revoked: string[] = [];
      for (const hook of hooks) {
        if (!hook.key_valid) {
          revoked.push(String(hook.id));
          continue;
        }
        const viewer = viewerOf(hook);
        const filter = hook.filter as StoredWebhookFilter;
        for (const change of rows) {
          if (change.cursor <= Number(hook.since_cursor)) continue;
          const payload = webhookPayload(viewer, filter, change, encodeChangeCursor(change.cursor));
          if (!payload) continue;
          ids.push(String(hook.id));
          cursors.push(change.cursor);
          types.push(payload.type);
          payloads.push(JSON.stringify(payload));
          committed.push(change.occurredAt.toISOString());
        }
      }
      if (ids.length) {
        await manager.query(
          `INSERT INTO webhook_delivery (webhook_id, cursor, type, payload, committed_at)
           SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::jsonb[], $5::timestamptz[])
           ON CONFLICT (webhook_id, cursor) DO NOTHING`,
          [ids, cursors, types, payloads, committed],
        );
      }
      if (revoked.length) await disable(manager, revoked, 'The API key that created this webhook was revoked or has expired.');
      await manager.query('UPDATE webhook_dispatch SET position = $1', [rows[rows.length - 1]!.cursor]);
      return rows.length;
    });
  }

  /** Claims due deliveries and starts sending them; answers how many it claimed. */
  async sendDue(): Promise<number> {
    // Short, so that a dead instance's claims soon run out; renewed below while the attempts run.
    const leaseMs = this.options.config.JOB_LEASE_MS;
    const claimed = await inBackground(this.options.db, (manager) =>
      queryRows(
        manager,
        `WITH due AS (
         SELECT d.id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id AND w.enabled
          WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
            AND (d.locked_until IS NULL OR d.locked_until < now())
            AND NOT EXISTS (SELECT 1 FROM webhook_delivery e
                             WHERE e.webhook_id = d.webhook_id AND e.status = 'PENDING' AND e.cursor < d.cursor)
          ORDER BY d.next_attempt_at, d.id
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_delivery d
          SET locked_until = now() + make_interval(secs => $2::double precision / 1000),
              attempts = d.attempts + 1, last_attempt_at = now()
         FROM due, webhook w, api_key k
        WHERE d.id = due.id AND w.id = d.webhook_id AND k.id = w.created_by_key_id
       RETURNING d.id, d.webhook_id, d.payload, d.attempts, d.committed_at, w.url, w.secret_encrypted,
                 w.previous_secret_encrypted, (w.previous_secret_expires_at > now()) AS previous_valid,
                 (k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())) AS key_valid`,
        [SEND_BATCH, leaseMs],
      ),
    );
    if (!claimed.length) return 0;
    const held = new Set(claimed.map((row) => String(row.id)));
    const stopRenewing = renewWhileRunning(
      leaseMs,
      () =>
        inBackground(this.options.db, (manager) =>
          queryRows(
            manager,
            `UPDATE webhook_delivery SET locked_until = now() + make_interval(secs => $2::double precision / 1000)
            WHERE id = ANY($1::bigint[]) AND status = 'PENDING' AND locked_until IS NOT NULL`,
            [[...held], leaseMs],
          ),
        ),
      (error) => this.options.log.warn({ err: error }, 'renewing webhook delivery leases failed'),
    );
    try {
      for (const row of claimed) {
        const attempt = this.attempt(row).finally(() => {
          this.inFlight.delete(attempt);
          held.delete(String(row.id));
        });
        this.inFlight.add(attempt);
      }
      await Promise.all([...this.inFlight]);
    } finally {
      stopRenewing();
    }
    return claimed.length;
  }

  private async attempt(row: Row): Promise<void> {
    const { db, config } = this.options;
    const id = String(row.id);
    if (!row.key_valid) {
      await backgroundTransaction(db, async (manager) => {
        await finishDelivery(manager, id, 'FAILED', { durationMs: 0, error: 'the creating API key was revoked or has expired' });
        await disable(manager, [String(row.webhook_id)], 'The API key that created this webhook was revoked or has expired.');
      });
      return;
    }
    let result: AttemptResult;
    try {
      if (!this.key) throw new Error('WEBHOOK_SECRET_KEY is not configured: secrets cannot be read');
      const secrets = [decryptSecret(String(row.secret_encrypted), this.key)];
      if (row.previous_secret_encrypted && row.previous_valid)
        secrets.push(decryptSecret(String(row.previous_secret_encrypted), this.key));
      const body = typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload);
      result = await sendWebhook({
        url: String(row.url),
        messageId: `msg_${id}`,
        body,
        secrets,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_URLS,
      });
    } catch (error) {
      result = { durationMs: 0, error: (error as Error).message };
    }
    const status = result.status;
    if (status !== undefined && status >= 200 && status < 300) {
      await backgroundTransaction(db, (manager) => finishDelivery(manager, id, 'DELIVERED', result));
      this.stats.delivered += 1;
      const committedAt = row.committed_at instanceof Date ? row.committed_at : new Date(String(row.committed_at));
      // Bounded: the metrics drain it at every scrape; without scrapes only the newest are kept.
      if (this.stats.latencies.push(Date.now() - committedAt.getTime()) > 10_000) this.stats.latencies.shift();
      return;
    }
    this.stats.failedAttempts += 1;
    if (status === 410) {
      await backgroundTransaction(db, async (manager) => {
        await finishDelivery(manager, id, 'FAILED', result);
        await disable(manager, [String(row.webhook_id)], 'The endpoint answered 410 Gone.');
      });
      return;
    }
    const attempts = Number(row.attempts);
    const honoured = (status === 429 || status === 503) && result.retryAfterSeconds !== undefined;
    if (!honoured && attempts > this.schedule.length) {
      await backgroundTransaction(db, async (manager) => {
        await finishDelivery(manager, id, 'FAILED', result);
        await disable(
          manager,
          [String(row.webhook_id)],
          `Deliveries kept failing: ${attempts} attempts; the last one ${status ? `answered HTTP ${status}` : `failed: ${result.error}`}.`,
        );
      });
      return;
    }
    const delaySeconds = honoured
      ? Math.min(result.retryAfterSeconds!, MAX_RETRY_AFTER_SECONDS)
      : this.schedule[attempts - 1]! * (0.8 + Math.random() * 0.4);
    await inBackground(db, (manager) =>
      queryRows(
        manager,
        `UPDATE webhook_delivery SET locked_until = NULL, next_attempt_at = now() + make_interval(secs => $2::double precision),
              response_status = $3, response_excerpt = $4, last_error = $5, duration_ms = $6
        WHERE id = $1`,
        [id, delaySeconds, status ?? null, result.excerpt ?? null, result.error ?? null, result.durationMs],
      ),
    );
  }
}

function viewerOf(hook: Row): Viewer {
  if (hook.coordinator) return Viewer.coordinator(String(hook.key_id), String(hook.label));
  return Viewer.member(
    String(hook.key_id),
    String(hook.label),
    String(hook.organisation_id),
    hook.role as Parameters<typeof Viewer.member>[3],
    (hook.expires_at as Date | null) ?? null,
  );
}

async function finishDelivery(
  db: DataSource | EntityManager,
  id: string,
  status: 'DELIVERED' | 'FAILED',
  result: AttemptResult,
): Promise<void> {
  await queryRows(
    db,
    `UPDATE webhook_delivery SET status = $2, locked_until = NULL, response_status = $3, response_excerpt = $4,
            last_error = $5, duration_ms = $6, delivered_at = CASE WHEN $2 = 'DELIVERED' THEN now() END
      WHERE id = $1`,
    [id, status, result.status ?? null, result.excerpt ?? null, result.error ?? null, result.durationMs],
  );
}

async function disable(db: DataSource | EntityManager, webhookIds: readonly string[], reason: string): Promise<void> {
  await queryRows(
    db,
    `UPDATE webhook SET enabled = false, disabled_reason = $2, disabled_at = now(), updated_at = now()
      WHERE id = ANY($1::uuid[]) AND enabled`,
    [webhookIds, reason],
  );
}
