import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { CONTACT_PERSONAL_FIELDS, ORGANISATION_PERSONAL_FIELDS, redactedChangesSql } from '../directory';
import { queryRows } from '../db/query-rows';
import { backgroundTransaction } from '../db/background';
import type { Logger } from '../shared/logger';
import { SqlParams } from '../shared/sql';

/**
 * Retention (Art. 5 (1) e DSGVO/GDPR, storage limitation): personal values
 * are kept no longer than needed.
 *
 * - History entries (organisations and their contacts, events) older than
 *   PRIVACY_HISTORY_RETENTION_DAYS: a contact's name, role, e-mail and phone
 *   and an organisation's own e-mail and phone are replaced by a marker in
 *   the old and new values, and the actor's key label is cleared. What
 *   happened and when stays (kind, fields, version, key id).
 * - Webhook delivery excerpts (the partner endpoint's answer, the last
 *   error) older than PRIVACY_EXCERPT_RETENTION_DAYS are cleared.
 * - The change log holds no personal values (only ids, kinds, field names,
 *   municipalities and visibilities); its entries go after
 *   CHANGE_LOG_RETENTION_DAYS (src/live), which is its retention.
 *
 * One instance at a time: the run takes a transaction-scoped advisory lock
 * and gives up when another instance holds it (it will have done the same
 * work); within one process a second run while one is going is skipped too.
 */

/** The advisory lock of the retention run (4711001: migrations, 4711002: change-log appends). */
const RETENTION_LOCK = 4711003;

export interface RetentionResult {
  /** False when another run (this instance's or another's) was going, and this one did nothing. */
  ran: boolean;
  organisationHistory: number;
  eventHistory: number;
  webhookDeliveries: number;
}

export interface RetentionSettings {
  historyDays: number;
  excerptDays: number;
}

/** Test seam: called with the lock held, before any redaction. */
export interface RetentionHooks {
  afterLock?: () => Promise<void>;
}

const SKIPPED: RetentionResult = { ran: false, organisationHistory: 0, eventHistory: 0, webhookDeliveries: 0 };

/** The marker of values removed for retention. */
export function retentionMarker(at: Date): string {
  return `[entfernt nach Aufbewahrungsfrist/redacted after retention ${at.toISOString().slice(0, 10)}]`;
}

async function redact(db: DataSource, settings: RetentionSettings, hooks: RetentionHooks): Promise<RetentionResult> {
  // A background job: its statements are counted apart from requests' (db/background.ts).
  return backgroundTransaction(db, async (manager) => {
    const [lock] = await queryRows<{ locked: boolean }>(manager, 'SELECT pg_try_advisory_xact_lock($1) AS locked', [
      RETENTION_LOCK,
    ]);
    if (!lock?.locked) return SKIPPED;
    await hooks.afterLock?.();
    const marker = retentionMarker(new Date());
    const organisation = new SqlParams();
    const days = organisation.add(settings.historyDays, 'int');
    const organisationRows = await queryRows(
      manager,
      `UPDATE organisation_history
          SET changes = CASE WHEN contact_id IS NOT NULL
                             THEN ${redactedChangesSql('changes', organisation, CONTACT_PERSONAL_FIELDS, marker)}
                             ELSE ${redactedChangesSql('changes', organisation, ORGANISATION_PERSONAL_FIELDS, marker)} END,
              actor_label = NULL, personal_data_redacted_at = now()
        WHERE personal_data_redacted_at IS NULL AND occurred_at < now() - make_interval(days => ${days})
        RETURNING id`,
      organisation.values,
    );
    const eventRows = await queryRows(
      manager,
      `UPDATE event_history SET actor_label = NULL, personal_data_redacted_at = now()
        WHERE personal_data_redacted_at IS NULL AND occurred_at < now() - make_interval(days => $1::int)
        RETURNING id`,
      [settings.historyDays],
    );
    const deliveryRows = await queryRows(
      manager,
      `UPDATE webhook_delivery SET response_excerpt = NULL, last_error = NULL
        WHERE (response_excerpt IS NOT NULL OR last_error IS NOT NULL)
          AND coalesce(last_attempt_at, created_at) < now() - make_interval(days => $1::int)
        RETURNING id`,
      [settings.excerptDays],
    );
    return {
      ran: true,
      organisationHistory: organisationRows.length,
      eventHistory: eventRows.length,
      webhookDeliveries: deliveryRows.length,
    };
  });
}

/** The retention job of one hub instance. */
export class RetentionJob {
  private running: Promise<RetentionResult> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly log: Logger,
    private readonly settings: RetentionSettings,
  ) {}

  /** Runs once now; answers `ran: false` when a run of this or another instance is going. */
  run(hooks: RetentionHooks = {}): Promise<RetentionResult> {
    if (this.running || this.stopped) return Promise.resolve(SKIPPED);
    const run = redact(this.db, this.settings, hooks).finally(() => {
      this.running = undefined;
    });
    this.running = run;
    return run;
  }

  /** Runs every `intervalMs` (the first run after one interval: a starting hub has other work). */
  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.run()
        .then((result) => {
          const total = result.organisationHistory + result.eventHistory + result.webhookDeliveries;
          if (total) this.log.info({ ...result }, 'redacted personal data past its retention');
        })
        .catch((error: unknown) => this.log.warn({ err: error }, 'retention run failed; retrying on the next run'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}

/** The job with the hub's settings; started when PRIVACY_RETENTION_ENABLED. */
export function startRetentionJob(
  db: DataSource,
  log: Logger,
  config: Pick<
    Config,
    | 'PRIVACY_HISTORY_RETENTION_DAYS'
    | 'PRIVACY_EXCERPT_RETENTION_DAYS'
    | 'PRIVACY_RETENTION_INTERVAL_MS'
    | 'PRIVACY_RETENTION_ENABLED'
  >,
): RetentionJob {
  const job = new RetentionJob(db, log.child({ component: 'retention' }), {
    historyDays: config.PRIVACY_HISTORY_RETENTION_DAYS,
    excerptDays: config.PRIVACY_EXCERPT_RETENTION_DAYS,
  });
  if (config.PRIVACY_RETENTION_ENABLED) job.start(config.PRIVACY_RETENTION_INTERVAL_MS);
  return job;
}
