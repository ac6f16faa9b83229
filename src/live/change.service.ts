import { queryRows } from '../db/query-rows';
import type { Context } from '../access';
import { badInput, notFound } from '../shared/errors';
import { globalId, parseGlobalId, parseGlobalIds } from '../shared/global-id';
import { pageSize } from '../shared/pagination';
import { encodeChangeCursor, resumePosition } from './change-cursor';
import { CHANGE_BATCH_SIZE, loadCurrentEvents } from './change-feed';
import { changeLogBounds, readChanges, type ChangeRow } from './change-log';
import {
  assertCanWatchInvitations,
  canHearOf,
  concernsInvitationsOf,
  matchesSelection,
  visibleEvent,
  type ChangeSelection,
  type CurrentEvent,
} from './change.policy';
import type { ChangeFilter } from './change.inputs';
import { ChangeStream, type ChangePayload, type ChangeSelector } from './change-stream';
import type { EventChangeConnection, EventChangeValue } from './change.types';
import type { ChangeKind } from '../events';
import { changeFeedOf, KEY_REFUSED_CLOSE_CODE, SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_CLOSE_REASON } from './live';

/** Most ids per filter list. */
export const MAX_FILTER_IDS = 100;

/** The filter as database ids; BAD_USER_INPUT naming the field when an id is malformed or a list too long. */
export function parseChangeFilter(filter: ChangeFilter | null | undefined, field = 'filter'): ChangeSelection {
  const list = (ids: readonly string[] | null | undefined, type: string, name: string): Set<string> => {
    if (ids === null || ids === undefined) return new Set();
    if (!Array.isArray(ids)) throw badInput(`${field}.${name}`, 'must be a list of IDs.');
    if (ids.length > MAX_FILTER_IDS)
      throw badInput(`${field}.${name}`, `may hold at most ${MAX_FILTER_IDS} IDs, got ${ids.length}.`);
    return new Set(parseGlobalIds(ids, type, `${field}.${name}`));
  };
  return {
    municipalityIds: list(filter?.municipalityIds, 'Municipality', 'municipalityIds'),
    organisationIds: list(filter?.organisationIds, 'Organisation', 'organisationIds'),
    campaignIds: list(filter?.campaignIds, 'Campaign', 'campaignIds'),
    eventIds: list(filter?.eventIds, 'Event', 'eventIds'),
  };
}

/** The GraphQL value of a delivered change. */
export function toEventChange(payload: ChangePayload): EventChangeValue {
  const { change, event } = payload;
  return {
    cursor: encodeChangeCursor(change.cursor),
    kind: change.kind as ChangeKind,
    eventId: globalId('Event', change.eventId),
    event,
    changedFields: change.changedFields,
    version: change.version,
    occurredAt: change.occurredAt,
  };
}

/**
 * One payload object per (change, event shown): subscribers that get the same
 * thing get the same object, so their GraphQL executions can be shared
 * (see shared-execution.ts).
 */
const payloads = new WeakMap<ChangeRow, Map<CurrentEvent['event'] | null, ChangePayload>>();
function sharedPayload(change: ChangeRow, event: CurrentEvent['event'] | null): ChangePayload {
  let byEvent = payloads.get(change);
  if (!byEvent) payloads.set(change, (byEvent = new Map()));
  let payload = byEvent.get(event);
  if (!payload) byEvent.set(event, (payload = { change, event }));
  return payload;
}

/** `Query.changes` and `eventChanged`: filter, then the events policy. */
function eventChangeSelector(ctx: Context, selection: ChangeSelection): ChangeSelector {
  return (change: ChangeRow, current: ReadonlyMap<string, CurrentEvent>) => {
    if (!matchesSelection(change, selection) || !canHearOf(ctx.viewer, change)) return undefined;
    return sharedPayload(change, visibleEvent(ctx.viewer, change, current.get(change.eventId)));
  };
}

/** `invitationChanged`: every change concerning the organisation's invitations; the event only when visible. */
function invitationSelector(ctx: Context, organisationId: string): ChangeSelector {
  return (change: ChangeRow, current: ReadonlyMap<string, CurrentEvent>) => {
    if (!concernsInvitationsOf(change, organisationId)) return undefined;
    return sharedPayload(change, visibleEvent(ctx.viewer, change, current.get(change.eventId)));
  };
}

/**
 * A page of the change stream for polling apps: the same changes, with the
 * same privacy, as `eventChanged`. Four statements whatever `first` is: the
 * log's bounds, one window of entries, the events and their organisers. The
 * window is scanned up to CHANGE_BATCH_SIZE entries; entries the viewer may
 * not hear of are skipped, and `endCursor` moves past them.
 */
export async function listChanges(
  ctx: Context,
  args: { since?: string | null; filter?: ChangeFilter | null; first?: number | null },
): Promise<EventChangeConnection> {
  const first = pageSize(args.first);
  const selection = parseChangeFilter(args.filter);
  const bounds = await changeLogBounds(ctx.db);
  const after = args.since === null || args.since === undefined ? bounds.prunedThrough : resumePosition(args.since, bounds);
  const rows = await readChanges(ctx.db, after, CHANGE_BATCH_SIZE);
  const current = await loadCurrentEvents(
    ctx.db,
    rows.map((row) => row.eventId),
  );
  const select = eventChangeSelector(ctx, selection);
  const edges: EventChangeConnection['edges'] = [];
  let scannedThrough = after;
  let index = 0;
  for (; index < rows.length && edges.length < first; index += 1) {
    const row = rows[index]!;
    scannedThrough = row.cursor;
    const payload = select(row, current);
    if (payload) {
      const node = toEventChange(payload);
      edges.push({ cursor: node.cursor, node });
    }
  }
  const hasNextPage = index < rows.length || rows.length === CHANGE_BATCH_SIZE;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(args.since),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: encodeChangeCursor(scannedThrough),
    },
  };
}

/**
 * Where a subscription starts: after `since` (checked against the log), or
 * live from now — after the last committed change, read from the log itself,
 * not from this process's feed, which may not have read the newest commits
 * yet (a change committed before subscribing is not "live" for this client).
 */
async function startPosition(ctx: Context, since: string | null | undefined): Promise<number> {
  const bounds = await changeLogBounds(ctx.db);
  if (since === null || since === undefined) return bounds.latest;
  if (typeof since !== 'string') throw badInput('since', 'must be a change cursor (a string).');
  return resumePosition(since, bounds);
}

function openStream(ctx: Context, select: ChangeSelector, since: number): ChangeStream {
  return new ChangeStream({
    feed: changeFeedOf(ctx),
    db: ctx.db,
    select,
    since,
    maxBuffered: ctx.app.config.WS_MAX_BUFFERED_MESSAGES,
    // Each change is resolved afresh: a cached event from an earlier delivery would be stale.
    beforeEach: () => ctx.loaders.clear(),
    keyId: ctx.viewer.keyId,
    // A key revoked (or expired) while subscribed: the socket closes as a refused key's would (4403).
    onRefused: () => {
      ctx.log.info({ keyId: ctx.viewer.keyId }, 'closing a subscription whose API key is no longer valid');
      ctx.connection?.close(KEY_REFUSED_CLOSE_CODE, 'Forbidden: the API key was revoked or has expired');
    },
    onOverflow: () => {
      ctx.log.warn({ limit: ctx.app.config.WS_MAX_BUFFERED_MESSAGES }, 'closing a subscriber that does not keep up');
      ctx.connection?.close(SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_CLOSE_REASON);
    },
  });
}

/** `Subscription.eventChanged`. */
export async function subscribeEventChanges(
  ctx: Context,
  args: { filter?: ChangeFilter | null; since?: string | null },
): Promise<AsyncIterable<ChangePayload>> {
  const selection = parseChangeFilter(args.filter);
  const since = await startPosition(ctx, args.since);
  return openStream(ctx, eventChangeSelector(ctx, selection), since);
}

/** `Subscription.invitationChanged`. */
export async function subscribeInvitationChanges(
  ctx: Context,
  args: { organisationId: string; since?: string | null },
): Promise<AsyncIterable<ChangePayload>> {
  const organisationId = parseGlobalId(args.organisationId, 'Organisation', 'organisationId');
  assertCanWatchInvitations(ctx.viewer, organisationId);
  const [exists] = await queryRows(ctx.db, 'SELECT 1 FROM organisation WHERE id = $1', [organisationId]);
  if (!exists) throw notFound('The organisation', 'organisationId');
  const since = await startPosition(ctx, args.since);
  return openStream(ctx, invitationSelector(ctx, organisationId), since);
}
