import type { DataSource, EntityManager } from 'typeorm';
import { createContext, Viewer, type AppServices, type Context } from '../access';
import type { Config } from '../config';
import { inBackground, inBackgroundScope } from '../db/background';
import { renewWhileRunning } from '../db/lease';
import { queryRows, type Row } from '../db/query-rows';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { startPeriodic } from '../shared/periodic';
import { checkUrl, FetchError, fetchCalendar, type FetchLimits } from './calendar.fetch';
import { applyEvents, type ImportCounts, type SourceDefaults } from './calendar.apply';
import { parseCalendar, ParseError } from './calendar.parse';

export type { ImportCounts, SourceDefaults } from './calendar.apply';

/**
 * Import of partners' own calendars. A calendar source is an organisation's
 * ICS URL; a sync fetches it (conditional GET), parses it, and creates,
 * updates or cancels the organisation's events by UID through the events
 * slice's own mutations, so every change has its history entry (attributed
 * to the source: "Kalenderimport <host>") and change-log entry, in its own
 * transaction. Events the feed no longer holds are cancelled, never deleted.
 * A feed that cannot be fetched or read changes nothing and leaves a message
 * in `lastError`; one source's failure never stops the others. A sync claims
 * its source with a lease taken under FOR UPDATE SKIP LOCKED, so of several
 * hub instances only one syncs a source at a time; the lease (JOB_LEASE_MS)
 * is renewed while the sync runs, so the claim of an instance that dies
 * runs out soon and another instance syncs the source at its next round.
 */

export interface CalendarSourceValue {
  id: string;
  organisationId: string;
  url: string;
  defaults: SourceDefaults;
  createdByKeyId: string | null;
  lastFetchedAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  createdCount: number;
  updatedCount: number;
  cancelledCount: number;
  nextSyncAt: Date;
  etag: string | null;
  lastModified: string | null;
}

const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

export function toSource(row: Row): CalendarSourceValue {
  return {
    id: String(row.id),
    organisationId: String(row.organisation_id),
    url: String(row.url),
    defaults: (typeof row.defaults === 'string' ? JSON.parse(row.defaults) : (row.defaults ?? {})) as SourceDefaults,
    createdByKeyId: (row.created_by_key_id as string | null) ?? null,
    lastFetchedAt: date(row.last_fetched_at),
    lastSuccessAt: date(row.last_success_at),
    lastError: (row.last_error as string | null) ?? null,
    createdCount: Number(row.created_count ?? 0),
    updatedCount: Number(row.updated_count ?? 0),
    cancelledCount: Number(row.cancelled_count ?? 0),
    nextSyncAt: date(row.next_sync_at)!,
    etag: (row.etag as string | null) ?? null,
    lastModified: (row.last_modified as string | null) ?? null,
  };
}

/** Linking a calendar: the organisation's EDITOR/ADMIN keys, or coordinators. */
export function assertCanManageSources(ctx: Context, organisationId: string): void {
  if (!ctx.viewer.authenticated) throw unauthenticated();
  if (ctx.viewer.coordinator || ctx.viewer.editsOrganisation(organisationId)) return;
  throw forbidden("Only the organisation's EDITOR or ADMIN keys and coordinators may link or import its calendars.");
}

export function fetchLimits(config: Config): FetchLimits {
  return {
    maxBytes: config.CALENDAR_MAX_BYTES,
    timeoutMs: config.CALENDAR_FETCH_TIMEOUT_MS,
    maxRedirects: 3,
    allowPrivateAddresses: config.CALENDAR_ALLOW_PRIVATE_ADDRESSES,
  };
}

/** The acting viewer of an import: an editor of the organisation, named after the source in the history. */
function importViewer(ctx: Context, organisationId: string, label: string): Viewer {
  const keyId = ctx.viewer.keyId;
  if (!keyId) throw unauthenticated();
  return Viewer.member(keyId, label, organisationId, 'EDITOR');
}

/** `importCalendar`: a one-off import of an iCalendar text (no cancellations of missing events). */
export async function importCalendar(ctx: Context, organisationId: string, ics: string): Promise<ImportCounts> {
  assertCanManageSources(ctx, organisationId);
  const config = ctx.app.config;
  if (Buffer.byteLength(ics, 'utf8') > config.CALENDAR_MAX_BYTES) {
    throw badInput('ics', `is larger than ${config.CALENDAR_MAX_BYTES} bytes.`);
  }
  let parsed;
  try {
    parsed = parseCalendar(ics, config.CALENDAR_MAX_EVENTS);
  } catch (error) {
    if (error instanceof ParseError) throw badInput('ics', error.message);
    throw error;
  }
  const exists = await queryRows(ctx.db, 'SELECT 1 FROM organisation WHERE id = $1', [organisationId]);
  if (!exists.length) throw badInput('organisationId', 'no organisation has this ID.');
  const acting = createContext(ctx.app, importViewer(ctx, organisationId, `Kalenderimport (${ctx.viewer.label ?? 'API'})`), []);
  return applyEvents(acting, organisationId, parsed.events, {}, null, [...parsed.skipped]);
}

/** `addCalendarSource`: links an ICS URL; the first sync runs at once. */
export async function addCalendarSource(
  ctx: Context,
  organisationId: string,
  url: string,
  defaults: SourceDefaults,
): Promise<CalendarSourceValue> {
  assertCanManageSources(ctx, organisationId);
  try {
    checkUrl(url);
  } catch (error) {
    throw badInput('url', (error as Error).message);
  }
  const exists = await queryRows(ctx.db, 'SELECT 1 FROM organisation WHERE id = $1', [organisationId]);
  if (!exists.length) throw badInput('organisationId', 'no organisation has this ID.');
  if (defaults.municipalityId) {
    const found = await queryRows(ctx.db, 'SELECT 1 FROM municipality WHERE id = $1', [defaults.municipalityId]);
    if (!found.length) throw badInput('defaults.municipalityId', 'no municipality has this ID.');
  }
  const [row] = await queryRows(
    ctx.db,
    `INSERT INTO calendar_source (organisation_id, url, defaults, created_by_key_id) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (organisation_id, url) DO NOTHING RETURNING *`,
    [organisationId, url, JSON.stringify(defaults), ctx.viewer.keyId],
  );
  if (!row) throw conflict('The organisation already links this calendar URL.');
  return syncCalendarSource(ctx, String(row.id));
}

async function loadSource(ctx: Context, id: string): Promise<CalendarSourceValue> {
  const [row] = await queryRows(ctx.db, 'SELECT * FROM calendar_source WHERE id = $1', [id]);
  if (!row) throw notFound('The calendar source', 'id');
  const source = toSource(row);
  if (!ctx.viewer.coordinator && !ctx.viewer.belongsTo(source.organisationId)) throw notFound('The calendar source', 'id');
  return source;
}

/** `removeCalendarSource`: unlinks; its events stay (no longer synced). */
export async function removeCalendarSource(ctx: Context, id: string): Promise<boolean> {
  const source = await loadSource(ctx, id);
  assertCanManageSources(ctx, source.organisationId);
  await ctx.db.query('DELETE FROM calendar_source WHERE id = $1', [id]);
  return true;
}

/**
 * Claims a source for a sync: a lease under FOR UPDATE SKIP LOCKED, so that
 * no other instance (or request) syncs it at the same time. Undefined when
 * it is claimed elsewhere (or, with `dueOnly`, not due).
 */
async function claim(db: DataSource | EntityManager, id: string | null, leaseMs: number): Promise<Row | undefined> {
  const [row] = await queryRows(
    db,
    `UPDATE calendar_source SET claimed_until = now() + $2::int * interval '1 millisecond'
     WHERE id = (SELECT id FROM calendar_source
                 WHERE ($1::uuid IS NULL OR id = $1::uuid)
                   AND ($1::uuid IS NOT NULL OR next_sync_at <= now())
                   AND (claimed_until IS NULL OR claimed_until < now())
                 ORDER BY next_sync_at LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [id, leaseMs],
  );
  return row;
}

/** Fetches, parses and applies one claimed source, then records the outcome and releases it. */
async function runSync(app: AppServices, row: Row): Promise<CalendarSourceValue> {
  const source = toSource(row);
  const { config, db } = app;
  const stopRenewing = renewWhileRunning(
    config.JOB_LEASE_MS,
    () =>
      inBackground(db, (manager) =>
        queryRows(
          manager,
          `UPDATE calendar_source SET claimed_until = now() + $2::int * interval '1 millisecond'
            WHERE id = $1 AND claimed_until IS NOT NULL`,
          [source.id, config.JOB_LEASE_MS],
        ),
      ),
    (error) => app.log.warn({ err: error, source: source.id }, 'renewing a calendar sync lease failed'),
  );
  try {
    return await syncClaimed(app, row, source);
  } finally {
    stopRenewing();
  }
}

async function syncClaimed(app: AppServices, row: Row, source: CalendarSourceValue): Promise<CalendarSourceValue> {
  const { config, db } = app;
  let outcome: { error: string | null; counts?: ImportCounts; etag?: string | null; lastModified?: string | null } = {
    error: null,
  };
  try {
    if (!source.createdByKeyId) throw new FetchError('the key that linked this calendar is gone; link it again.');
    const fetched = await fetchCalendar(source.url, source, fetchLimits(config));
    if (!fetched.notModified) {
      const parsed = parseCalendar(fetched.body!, config.CALENDAR_MAX_EVENTS);
      const viewer = Viewer.member(
        source.createdByKeyId,
        `Kalenderimport ${new URL(source.url).host}`,
        source.organisationId,
        'EDITOR',
      );
      const acting = createContext(app, viewer, []);
      const counts = await applyEvents(acting, source.organisationId, parsed.events, source.defaults, source.id, [
        ...parsed.skipped,
      ]);
      outcome = { error: counts.skipped.length ? `skipped: ${counts.skipped.slice(0, 5).join('; ')}` : null, counts, ...fetched };
    }
  } catch (error) {
    if (!(error instanceof FetchError) && !(error instanceof ParseError))
      app.log.warn({ err: error, source: source.id }, 'calendar sync failed');
    outcome = {
      error: error instanceof FetchError || error instanceof ParseError ? error.message : 'internal error while importing.',
    };
  }
  const failed = outcome.error !== null && !outcome.counts;
  const [updated] = await queryRows(
    db,
    `UPDATE calendar_source SET
       last_fetched_at = now(),
       last_success_at = CASE WHEN $2::boolean THEN last_success_at ELSE now() END,
       last_error = $3,
       created_count = created_count + $4, updated_count = updated_count + $5, cancelled_count = cancelled_count + $6,
       etag = CASE WHEN $7::boolean THEN $8 ELSE etag END,
       last_modified = CASE WHEN $7::boolean THEN $9 ELSE last_modified END,
       next_sync_at = now() + $10::int * interval '1 millisecond',
       claimed_until = NULL
     WHERE id = $1 RETURNING *`,
    [
      source.id,
      failed,
      outcome.error,
      outcome.counts?.created ?? 0,
      outcome.counts?.updated ?? 0,
      outcome.counts?.cancelled ?? 0,
      outcome.counts !== undefined,
      outcome.etag ?? null,
      outcome.lastModified ?? null,
      config.CALENDAR_SYNC_INTERVAL_MS,
    ],
  );
  return toSource(updated ?? row);
}

/** `syncCalendarSource`: syncs now; CONFLICT while another sync of it runs. */
export async function syncCalendarSource(ctx: Context, id: string): Promise<CalendarSourceValue> {
  const source = await loadSource(ctx, id);
  assertCanManageSources(ctx, source.organisationId);
  const row = await claim(ctx.db, id, ctx.app.config.JOB_LEASE_MS);
  if (!row) throw conflict('A sync of this calendar is running; try again in a moment.');
  return runSync(ctx.app, row);
}

/** Sources of an organisation (its members and coordinators see them). */
export async function organisationSources(ctx: Context, organisationId: string): Promise<CalendarSourceValue[]> {
  if (!ctx.viewer.coordinator && !ctx.viewer.belongsTo(organisationId)) return [];
  const rows = await queryRows(ctx.db, 'SELECT * FROM calendar_source WHERE organisation_id = $1 ORDER BY created_at, id', [
    organisationId,
  ]);
  return rows.map(toSource);
}

/**
 * One round of the periodic sync: claims due sources one by one (at most
 * `max`) and syncs each, until none is left or `stopped()`. Answers how many
 * it synced. Every hub instance runs it; the claim makes sure no source is
 * synced by two at once. Runs in the background scope (src/db/background.ts):
 * the claim, the imports through the events slice's own mutations (each in
 * its transaction) and the outcome are counted as no request's statements.
 */
export function syncDueSources(app: AppServices, max = 100, stopped: () => boolean = () => false): Promise<number> {
  return inBackgroundScope(async () => {
    let synced = 0;
    for (let i = 0; i < max && !stopped(); i++) {
      const row = await inBackground(app.db, (manager) => claim(manager, null, app.config.JOB_LEASE_MS));
      if (!row) break;
      await runSync(app, row);
      synced += 1;
    }
    return synced;
  });
}

/** The periodic sync of every instance: a round of {@link syncDueSources} every quarter interval. */
export function startCalendarSync(app: AppServices, log: Logger): { stop(): Promise<void> } {
  // A quarter of the interval: a source is synced at most a quarter interval late, and an idle
  // hub sends one small statement per quarter interval (15 minutes by default).
  return startPeriodic(
    Math.max(1_000, Math.floor(app.config.CALENDAR_SYNC_INTERVAL_MS / 4)),
    async (stopped) => {
      await syncDueSources(app, 100, stopped);
    },
    (error) => log.warn({ err: error }, 'calendar sync round failed'),
  );
}
