import type { DataSource, EntityManager } from 'typeorm';
import { selectList } from '../db/columns';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { EventEntity } from './event.entity';
import type { Logger } from '../shared/logger';
import { startPeriodic } from '../shared/periodic';
import type { SqlParams } from '../shared/sql';
import { occurrencesBetween, type SeriesFacts } from './event.recurrence';
import { backgroundTransaction } from '../db/background';

/**
 * The occurrence table: the starts and ends of every series' occurrences,
 * so a time window asks "does one of its occurrences fall in it?" of an
 * index instead of expanding RRULEs per row (see the migration
 * `1764700000000-calendars`).
 *
 * A series is materialised from {@link PAST_DAYS} before now (or its first
 * occurrence, if later) to {@link HORIZON_DAYS} after now (or its last
 * occurrence, if earlier); `occurrences_from`/`occurrences_until` on the event
 * say which range the rows cover ('-infinity'/'infinity' when they reach the
 * series' first/last occurrence). Windows reaching outside that range fall
 * back to the series' overall span there, which may count a series that has
 * no occurrence in the window, never the other way round. The write path
 * calls {@link refreshOccurrences} in the transaction of every change to an
 * event's timing; {@link extendOccurrences} moves the ranges on as time
 * passes (a periodic job of every hub instance; instances share the work
 * through `FOR UPDATE SKIP LOCKED`).
 */

/** How far ahead of now occurrences are materialised, in days. */
export const HORIZON_DAYS = 730;
/** How far back from now occurrences are kept, in days. */
export const PAST_DAYS = 1830;
/** The job extends a series once less than this many days of its horizon are left. */
const EXTEND_MARGIN_DAYS = 30;
/** Most occurrences materialised per series (a daily series over the whole range has about 2,560). */
const MAX_ROWS = 3_000;
/** Series the job refreshes per transaction. */
const JOB_BATCH = 200;

const DAY_MS = 86_400_000;

/** What the job reads of a series: the facts of {@link OccurrenceFacts}. */
const OCCURRENCE_PROPERTIES = [
  'id',
  'startsAt',
  'endsAt',
  'timeZone',
  'recurrence',
  'lastEndsAt',
  'cancelledOccurrences',
] as const satisfies ReadonlyArray<keyof EventEntity & keyof OccurrenceFacts>;

/** What {@link refreshOccurrences} needs of an event. */
export interface OccurrenceFacts extends SeriesFacts {
  id: string;
  lastEndsAt: Date | string;
}

/**
 * Rewrites the occurrence rows of one event inside the caller's transaction:
 * for a series, its occurrences in the materialised range (cancelled ones
 * left out); for a single event, none. Call it after every write that changes
 * `startsAt`, `endsAt`, `timeZone`, `recurrence` or the cancelled occurrences.
 */
export async function refreshOccurrences(manager: EntityManager, event: OccurrenceFacts, now = new Date()): Promise<void> {
  await manager.query('DELETE FROM event_occurrence WHERE event_id = $1', [event.id]);
  if (!event.recurrence) {
    await manager.query('UPDATE event SET occurrences_from = NULL, occurrences_until = NULL WHERE id = $1', [event.id]);
    return;
  }
  const pastLimit = new Date(now.getTime() - PAST_DAYS * DAY_MS);
  const horizon = new Date(now.getTime() + HORIZON_DAYS * DAY_MS);
  const lastEnd = new Date(event.lastEndsAt).getTime();
  const complete = Number.isFinite(lastEnd) && lastEnd <= horizon.getTime();
  const from = event.startsAt.getTime() >= pastLimit.getTime() ? event.startsAt : pastLimit;
  const to = complete ? new Date(lastEnd) : horizon;
  const found = from.getTime() <= to.getTime() ? occurrencesBetween(event, from, to, MAX_ROWS) : [];
  // A range cut short by MAX_ROWS ends where its rows end.
  const cut = found.length > MAX_ROWS;
  const rows = found.slice(0, MAX_ROWS);
  const until = cut ? rows[rows.length - 1]!.startsAt : complete ? 'infinity' : horizon;
  const since = from === event.startsAt ? '-infinity' : pastLimit;
  if (rows.length) {
    await manager.query(
      `INSERT INTO event_occurrence (event_id, starts_at, ends_at)
       SELECT $1, o.starts_at, o.ends_at FROM unnest($2::timestamptz[], $3::timestamptz[]) AS o(starts_at, ends_at)
       ON CONFLICT DO NOTHING`,
      [event.id, rows.map((o) => o.startsAt), rows.map((o) => o.endsAt)],
    );
  }
  await manager.query('UPDATE event SET occurrences_from = $2::timestamptz, occurrences_until = $3::timestamptz WHERE id = $1', [
    event.id,
    since,
    until,
  ]);
}

/**
 * SQL: event `alias` has an occurrence overlapping the window [`from`, `to`]
 * (SQL expressions of type timestamptz; parameters or columns). With
 * `inclusive` an occurrence touching a bound counts (the `events` filters);
 * without, only a real overlap does (availability). A NULL bound is open.
 *
 * Single events: their own interval. Series: a row of `event_occurrence` in
 * the window (primary key range scan), unless the window reaches outside the
 * materialised range, where the overall span decides. The span condition
 * (`event_period_idx`) comes first, so only series whose span overlaps the
 * window are looked up at all. Self-contained, so any list can AND it in.
 */
export function occursWithin(alias: string, from: string, to: string, inclusive = true): string {
  const e = alias;
  const [lt, gt, bounds] = inclusive ? ['<=', '>=', "'[]'"] : ['<', '>', "'()'"];
  return `(tstzrange(${e}.starts_at, ${e}.last_ends_at, ${bounds}) && tstzrange(${from}, ${to}, ${bounds})
    AND (${e}.recurrence IS NULL OR ${from} IS NULL OR ${to} IS NULL
      OR ${e}.occurrences_until IS NULL OR ${to} > ${e}.occurrences_until OR ${from} < ${e}.occurrences_from
      OR EXISTS (SELECT 1 FROM event_occurrence wo WHERE wo.event_id = ${e}.id
        AND wo.starts_at ${lt} ${to} AND wo.ends_at ${gt} ${from}
        AND wo.starts_at >= ${from} - (${e}.ends_at - ${e}.starts_at) - interval '1 day')))`;
}

/** {@link occursWithin} for a window given as values. */
export function occursWithinValues(params: SqlParams, alias: string, from: Date | null, to: Date | null): string {
  return occursWithin(alias, params.add(from, 'timestamptz'), params.add(to, 'timestamptz'));
}

/**
 * One run of the job: refreshes series never materialised (`occurrences_until`
 * NULL: written by bulk inserts or before the table existed) and series whose
 * horizon is running out, a batch per transaction, rows locked with SKIP
 * LOCKED so several hub instances never do the same series twice. Answers the
 * number of series refreshed.
 */
export async function extendOccurrences(db: DataSource, now = new Date(), maxBatches = 50): Promise<number> {
  const due = new Date(now.getTime() + (HORIZON_DAYS - EXTEND_MARGIN_DAYS) * DAY_MS);
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const done = await backgroundTransaction(db, async (manager) => {
      const rows = await queryRows(
        manager,
        `SELECT ${selectList(db, EventEntity, '', OCCURRENCE_PROPERTIES)} FROM event
         WHERE recurrence IS NOT NULL AND (occurrences_until IS NULL OR occurrences_until < $1)
         ORDER BY occurrences_until NULLS FIRST, id LIMIT ${JOB_BATCH} FOR UPDATE SKIP LOCKED`,
        [due],
      );
      for (const row of rows) {
        const event = hydrate(db, EventEntity, row);
        await refreshOccurrences(manager, { ...event, cancelledOccurrences: event.cancelledOccurrences ?? [] }, now);
      }
      return rows.length;
    });
    total += done;
    if (done < JOB_BATCH) break;
  }
  return total;
}

/** A running occurrence job; `stop()` waits for a run in progress. */
export interface OccurrenceJob {
  stop(): Promise<void>;
}

/**
 * Runs {@link extendOccurrences} now (awaited, so a starting hub serves exact
 * windows and counts no background statements in its first requests) and then
 * every `intervalMs`; failures are logged and retried on the next run.
 */
export async function startOccurrenceJob(db: DataSource, log: Logger, intervalMs: number): Promise<OccurrenceJob> {
  const job = startPeriodic(
    intervalMs,
    async () => {
      const refreshed = await extendOccurrences(db);
      if (refreshed) log.info({ refreshed }, 'occurrences extended');
    },
    (error) => log.warn({ err: error }, 'extending occurrences failed; retrying on the next run'),
  );
  await job.run();
  return job;
}
