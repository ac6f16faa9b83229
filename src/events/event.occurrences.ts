import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import type { Context } from '../access';
import { badInput } from '../shared/errors';
import { isStorableMoment } from '../shared/scalars';
import { SqlParams, whereClause } from '../shared/sql';
import { EventEntity } from './event.entity';
import type { EventFilter } from './event.inputs';
import { visibleEventCondition } from './event.policy';
import { eventConditions, eventCriteria } from './event.query';
import { checkWindow, occurrenceLimit, occurrencesBetween, type Interval } from './event.recurrence';

/** What the EventOccurrence type resolves from. */
export interface OccurrenceValue {
  event: EventEntity;
  startsAt: Date;
  endsAt: Date;
  cursor: string;
}

/** Most series one `occurrences` request expands; more answer BAD_USER_INPUT asking for a narrower filter. */
export const MAX_SERIES_PER_REQUEST = 5000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface OccurrenceKey {
  startsAt: number;
  eventId: string;
}

function encodeOccurrenceCursor(key: OccurrenceKey): string {
  return Buffer.from(JSON.stringify({ o: 'occurrence', s: new Date(key.startsAt).toISOString(), e: key.eventId })).toString(
    'base64url',
  );
}

function decodeOccurrenceCursor(cursor: string, field: string): OccurrenceKey {
  try {
    const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown; e?: unknown };
    const startsAt = typeof payload.s === 'string' ? Date.parse(payload.s) : NaN;
    // A forged moment PostgreSQL cannot hold (year 0, ±270,000) would fail the statement.
    if (payload.o === 'occurrence' && isStorableMoment(startsAt) && typeof payload.e === 'string' && UUID.test(payload.e)) {
      return { startsAt, eventId: payload.e };
    }
  } catch {
    // fall through to the error below
  }
  throw badInput(field, 'is not the cursor of an occurrence; pass the `cursor` of the last occurrence you received.');
}

function compareKeys(a: OccurrenceKey, b: OccurrenceKey): number {
  return a.startsAt - b.startsAt || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

function toValue(event: EventEntity, occurrence: Interval): OccurrenceValue {
  return {
    event,
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
    cursor: encodeOccurrenceCursor({ startsAt: occurrence.startsAt.getTime(), eventId: event.id }),
  };
}

/** `Event.occurrences(from, to, first)`: the event's occurrences overlapping the window. */
export function eventOccurrences(event: EventEntity, from: Date, to: Date, first: number | null | undefined): OccurrenceValue[] {
  checkWindow(from, to);
  const limit = occurrenceLimit(first);
  return occurrencesBetween(event, from, to, limit)
    .slice(0, limit)
    .map((occurrence) => toValue(event, occurrence));
}

export interface OccurrenceQuery {
  from: Date;
  to: Date;
  filter?: EventFilter | null;
  first?: number | null;
  after?: string | null;
}

/**
 * `Query.occurrences`: every occurrence of the visible events in the window,
 * by start. Two statements whatever the page size: single events are paged in
 * SQL (keyset on start and id); series in the window are fetched once and
 * expanded in memory, then both are merged.
 */
export async function queryOccurrences(ctx: Context, query: OccurrenceQuery): Promise<OccurrenceValue[]> {
  checkWindow(query.from, query.to);
  const limit = occurrenceLimit(query.first);
  const after = query.after ? decodeOccurrenceCursor(query.after, 'after') : undefined;
  const criteria = { ...eventCriteria(query.filter), from: query.from, to: query.to };

  const select = (recurring: boolean) => {
    const params = new SqlParams();
    const where = [visibleEventCondition(ctx.viewer, params, 'e'), ...eventConditions(criteria, params, 'e')];
    where.push(recurring ? 'e.recurrence IS NOT NULL' : 'e.recurrence IS NULL');
    if (!recurring && after) {
      where.push(
        `(e.starts_at, e.id) > (${params.add(new Date(after.startsAt), 'timestamptz')}, ${params.add(after.eventId, 'uuid')})`,
      );
    }
    const cap = params.add((recurring ? MAX_SERIES_PER_REQUEST : limit) + 1, 'int');
    return queryRows(
      ctx.db,
      `SELECT e.* FROM event e ${whereClause(where)} ORDER BY e.starts_at, e.id LIMIT ${cap}`,
      params.values,
    );
  };
  const [singleRows, seriesRows] = [await select(false), await select(true)];
  if (seriesRows.length > MAX_SERIES_PER_REQUEST) {
    throw badInput(
      'filter',
      `more than ${MAX_SERIES_PER_REQUEST} recurring events fall in the window; narrow the filter or the window.`,
    );
  }

  const found: OccurrenceValue[] = singleRows.map((row) => {
    const event = hydrate(ctx.db, EventEntity, row);
    return toValue(event, event);
  });
  // A series may have occurrences before the cursor inside the window: expand enough to pass them.
  const expandFrom = after ? new Date(Math.max(query.from.getTime(), after.startsAt)) : query.from;
  for (const row of seriesRows) {
    const event = hydrate(ctx.db, EventEntity, row);
    // Occurrences that began before `expandFrom` but reach into it come first: allow for them.
    const overlapping = Math.ceil((event.endsAt.getTime() - event.startsAt.getTime()) / 86_400_000) + 2;
    for (const occurrence of occurrencesBetween(event, expandFrom, query.to, limit + overlapping)) {
      if (occurrence.startsAt.getTime() > query.to.getTime()) continue;
      const value = toValue(event, occurrence);
      if (!after || compareKeys({ startsAt: occurrence.startsAt.getTime(), eventId: event.id }, after) > 0) found.push(value);
    }
  }
  return found
    .sort((a, b) =>
      compareKeys(
        { startsAt: a.startsAt.getTime(), eventId: a.event.id },
        { startsAt: b.startsAt.getTime(), eventId: b.event.id },
      ),
    )
    .slice(0, limit);
}
