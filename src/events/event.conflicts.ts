import DataLoader from 'dataloader';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import type { Context } from '../access';
import { requestLoader } from '../db/request-loader';
import { badInput } from '../shared/errors';
import { parseGlobalId } from '../shared/global-id';
import { SqlParams } from '../shared/sql';
import { EventEntity } from './event.entity';
import { visibleEventCondition } from './event.policy';
import { EVENT_PERIOD } from './event.query';
import { checkWindow, occurrencesBetween, type Interval } from './event.recurrence';
import { withinRadius } from '../shared/geo';

/**
 * Clash detection: which events the viewer may see overlap a time (window)
 * at a place. Candidates come from the period index (`event_period_idx`:
 * the whole span of a series); series among them are then expanded to check
 * their real occurrences, so a weekly Tuesday café does not clash with a
 * Wednesday. Cancelled events never clash. Overlap is strict: an event
 * ending at 18:00 does not clash with one starting at 18:00.
 */

/** Most clashes answered per question. */
export const MAX_CONFLICTS = 100;
/** How far `Event.conflicts` looks ahead for a series, in days. */
export const SERIES_HORIZON_DAYS = 366;
/** Most candidates of each kind one question considers (series, and single events checked against a series). */
export const MAX_SERIES_CANDIDATES = 5000;
/** Radius around an event's position when it has no municipality, in km. */
export const EVENT_NEIGHBOURHOOD_KM = 10;

const DAY_MS = 86_400_000;

export interface ConflictWindow {
  startsAt: Date;
  endsAt: Date;
}

/** Where: in a municipality, or within a radius; neither means anywhere. */
export interface ConflictPlace {
  municipalityId?: string | null;
  near?: { latitude: number; longitude: number; radiusKm: number } | null;
}

export interface ConflictOptions {
  /** Events to leave out (the one being planned). */
  excludeEventIds?: readonly string[];
  /**
   * The times to test, when more than the window (a series' occurrences):
   * a candidate clashes when it overlaps any of them. Default: the window.
   */
  intervals?: readonly Interval[];
  /** Most events answered (default and at most {@link MAX_CONFLICTS}). */
  limit?: number;
}

interface ConflictQuestion {
  window: ConflictWindow;
  place: ConflictPlace;
  options: ConflictOptions;
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/** Whether a candidate event really overlaps one of the intervals (series expanded within the window). */
function clashes(candidate: EventEntity, window: ConflictWindow, intervals: readonly Interval[]): boolean {
  const occurrences = candidate.recurrence
    ? occurrencesBetween(candidate, window.startsAt, window.endsAt, 2 * SERIES_HORIZON_DAYS + 10)
    : [{ startsAt: candidate.startsAt, endsAt: candidate.endsAt }];
  // Both lists are short and sorted; a nested scan stays cheap.
  return occurrences.some((occurrence) => intervals.some((interval) => overlaps(occurrence, interval)));
}

/**
 * Answers many clash questions with one SQL statement (for lists of events
 * asking `conflicts`): each question is a row of parameter arrays, joined
 * laterally to the events it may clash with.
 */
export async function findConflictsBatch(ctx: Context, questions: readonly ConflictQuestion[]): Promise<EventEntity[][]> {
  if (!questions.length) return [];
  const params = new SqlParams();
  // The questions as parallel arrays, unnested into rows. (jsonb_to_recordset,
  // tried first, made PostgreSQL take hundreds of milliseconds per statement.)
  const column = <T>(value: (question: ConflictQuestion) => T, cast: string) => params.add(questions.map(value), cast);
  const q = {
    i: params.add(
      questions.map((_, index) => index),
      'int[]',
    ),
    starts: column((question) => question.window.startsAt, 'timestamptz[]'),
    ends: column((question) => question.window.endsAt, 'timestamptz[]'),
    municipality: column((question) => question.place.municipalityId ?? null, 'uuid[]'),
    lat: column((question) => question.place.near?.latitude ?? null, 'float8[]'),
    lon: column((question) => question.place.near?.longitude ?? null, 'float8[]'),
    radius: column((question) => (question.place.near ? question.place.near.radiusKm * 1000 : null), 'float8[]'),
    // Single events whose period overlaps a plain window really clash, so the first
    // MAX_CONFLICTS of them are enough; against a series' occurrences they must be
    // checked, like every series candidate: those are fetched up to a larger cap.
    singleCap: column(
      (question) => ((question.options.intervals?.length ?? 1) > 1 ? MAX_SERIES_CANDIDATES : MAX_CONFLICTS),
      'int[]',
    ),
  };
  const excluded = questions.flatMap((question, index) =>
    (question.options.excludeEventIds ?? []).map((id) => [index, id] as const),
  );
  const excludedQuestion = params.add(
    excluded.map(([index]) => index),
    'int[]',
  );
  const excludedEvent = params.add(
    excluded.map(([, id]) => id),
    'uuid[]',
  );
  const candidates = (recurring: boolean) => `
      SELECT e.* FROM event e
      WHERE ${EVENT_PERIOD('e')} && tstzrange(q.starts, q.ends, '()')
        AND e.recurrence IS ${recurring ? 'NOT NULL' : 'NULL'}
        AND e.status <> 'CANCELLED'
        AND (q.municipality_id IS NULL OR e.municipality_id = q.municipality_id)
        AND (q.lat IS NULL OR (e.latitude IS NOT NULL
             AND ${withinRadius('ll_to_earth(e.latitude, e.longitude)', 'q.lat', 'q.lon', 'q.radius')}))
        AND NOT EXISTS (SELECT 1 FROM unnest(${excludedQuestion}, ${excludedEvent}) AS x(question, id)
                        WHERE x.question = q.i AND x.id = e.id)
        AND (${visibleEventCondition(ctx.viewer, params, 'e')})
      ORDER BY e.starts_at, e.id
      LIMIT ${recurring ? params.add(MAX_SERIES_CANDIDATES, 'int') : 'q.single_cap'}`;
  const sql = `
    SELECT q.i AS "_question", c.* FROM unnest(${q.i}, ${q.starts}, ${q.ends}, ${q.municipality}, ${q.lat}, ${q.lon}, ${q.radius}, ${q.singleCap})
      AS q(i, starts, ends, municipality_id, lat, lon, radius, single_cap)
    CROSS JOIN LATERAL ((${candidates(false)}) UNION ALL (${candidates(true)})) c
    ORDER BY q.i, c.starts_at, c.id`;
  const found = await queryRows(ctx.db, sql, params.values);
  const answers: EventEntity[][] = questions.map(() => []);
  for (const row of found) {
    const index = Number(row._question);
    const question = questions[index]!;
    const event = hydrate(ctx.db, EventEntity, row);
    const intervals = question.options.intervals ?? [question.window];
    const limit = Math.min(question.options.limit ?? MAX_CONFLICTS, MAX_CONFLICTS);
    if (answers[index]!.length < limit && clashes(event, question.window, intervals)) answers[index]!.push(event);
  }
  return answers;
}

/**
 * The events the viewer may see that clash with a time at a place. The core
 * of `Query.conflicts` and `Event.conflicts`, reusable by other slices.
 */
export async function findConflicts(
  ctx: Context,
  window: ConflictWindow,
  place: ConflictPlace = {},
  options: ConflictOptions = {},
): Promise<EventEntity[]> {
  const [answer] = await findConflictsBatch(ctx, [{ window, place, options }]);
  return answer ?? [];
}

/** The clash question an event asks about itself: its occurrences (within a year), at its place. */
export function conflictQuestionOf(event: EventEntity): ConflictQuestion {
  const horizon = new Date(event.startsAt.getTime() + SERIES_HORIZON_DAYS * DAY_MS);
  const intervals = event.recurrence
    ? occurrencesBetween(event, event.startsAt, horizon, 2 * SERIES_HORIZON_DAYS + 10)
    : [{ startsAt: event.startsAt, endsAt: event.endsAt }];
  const window = intervals.length
    ? { startsAt: intervals[0]!.startsAt, endsAt: intervals[intervals.length - 1]!.endsAt }
    : { startsAt: event.startsAt, endsAt: event.endsAt };
  const place: ConflictPlace = event.municipalityId
    ? { municipalityId: event.municipalityId }
    : event.latitude !== null && event.longitude !== null
      ? { near: { latitude: event.latitude, longitude: event.longitude, radiusKm: EVENT_NEIGHBOURHOOD_KM } }
      : {};
  return { window, place, options: { excludeEventIds: [event.id], intervals } };
}

/** `Event.conflicts` for every event of a request in one statement. */
export function conflictsLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'eventConflicts',
    () =>
      new DataLoader<EventEntity, EventEntity[], string>((events) => findConflictsBatch(ctx, events.map(conflictQuestionOf)), {
        cacheKeyFn: (event) => event.id,
      }),
  );
}

export interface ConflictsArgs {
  startsAt: Date;
  endsAt: Date;
  municipalityId?: string | null;
  near?: { latitude: number; longitude: number; radiusKm: number } | null;
  excludeEventId?: string | null;
}

/** `Query.conflicts`: checks the arguments, then asks {@link findConflicts}. */
export function findConflictsForQuery(ctx: Context, args: ConflictsArgs): Promise<EventEntity[]> {
  checkWindow(args.startsAt, args.endsAt, { from: 'startsAt', to: 'endsAt' });
  if (args.municipalityId && args.near) throw badInput('near', 'give either municipalityId or near, not both.');
  const place: ConflictPlace = {
    municipalityId: args.municipalityId ? parseGlobalId(args.municipalityId, 'Municipality', 'municipalityId') : null,
    near: args.near ?? null,
  };
  const exclude = args.excludeEventId ? [parseGlobalId(args.excludeEventId, 'Event', 'excludeEventId')] : [];
  return findConflicts(ctx, { startsAt: args.startsAt, endsAt: args.endsAt }, place, { excludeEventIds: exclude });
}
