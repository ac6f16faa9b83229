import type { EntityManager } from 'typeorm';
import type { Context } from '../access';
import { withTransaction } from '../db/transaction';
import { insertRow, NOW, sql, updateVersioned, type Values } from '../db/write';
import { badInput, conflict, staleVersion } from '../shared/errors';
import { globalId, parseGlobalId } from '../shared/global-id';
import { cleanText } from '../shared/text';
import type { ChangeKindValue } from './event.changes';
import { EventEntity, EventOrganiserEntity, type EventStatusValue } from './event.entity';
import { MAX_MESSAGE, type CreateEventInput, type UpdateEventInput } from './event.inputs';
import { applyInput, checkOrganisation } from './event.input';
import { ACTIVE_ORGANISER_STATUSES, assertAuthenticated, assertCanEditEvent, assertCanLeadEvent } from './event.policy';
import { refreshOccurrences } from './event.occurrence-table';
import { cancelledStarts, remapCancelledOccurrences } from './event.recurrence';
import { diff, stateOf, TIMING_KEYS } from './event.state';
import { loadEvent, record } from './event.store';
import { recordChange } from './event.changes';
import { EventHistoryKind } from './event.enums';

/**
 * An event's lifecycle: creating, changing, publishing, cancelling and
 * deleting it. Each runs in one transaction that writes the change, its
 * history entry and its change-log entry together, or nothing. Versioned
 * mutations (update, publish, cancel) check `expectedVersion` in the UPDATE
 * statement itself (db/write.ts), so of concurrent changes based on one
 * version exactly one applies.
 */

/** What can happen to an existing event (organiser changes included: they are refused on cancelled events too). */
export type EventAction = 'update' | 'publish' | 'cancel' | 'delete' | 'invite' | 'respond' | 'withdraw';

/** The outcome of an action in one status: the status after it (null: the event is gone), or why it is refused. */
type Outcome = { to: EventStatusValue | null } | { refused: string };

const stays = (status: EventStatusValue): Outcome => ({ to: status });
const onlyDrafts = (status: EventStatusValue): Outcome => ({
  refused: `Only drafts can be deleted; this event is ${status}. Cancel it instead.`,
});

/**
 * The lifecycle as a table: for each action, the change-log kind it records
 * and, per status, what it leads to. Every status check of the mutations
 * reads this table (through {@link transition}).
 */
export const LIFECYCLE: Record<EventAction, { change: ChangeKindValue } & Record<EventStatusValue, Outcome>> = {
  update: {
    change: 'UPDATED',
    DRAFT: stays('DRAFT'),
    PLANNING: stays('PLANNING'),
    PUBLISHED: stays('PUBLISHED'),
    CANCELLED: { refused: 'The event is cancelled; a cancelled event cannot be changed.' },
  },
  publish: {
    change: 'PUBLISHED',
    DRAFT: { to: 'PUBLISHED' },
    PLANNING: { to: 'PUBLISHED' },
    PUBLISHED: { refused: 'The event is already published.' },
    CANCELLED: { refused: 'The event is cancelled; a cancelled event cannot be published.' },
  },
  cancel: {
    change: 'CANCELLED',
    DRAFT: { to: 'CANCELLED' },
    PLANNING: { to: 'CANCELLED' },
    PUBLISHED: { to: 'CANCELLED' },
    CANCELLED: { refused: 'The event is already cancelled.' },
  },
  delete: {
    change: 'DELETED',
    DRAFT: { to: null },
    PLANNING: onlyDrafts('PLANNING'),
    PUBLISHED: onlyDrafts('PUBLISHED'),
    CANCELLED: onlyDrafts('CANCELLED'),
  },
  invite: {
    change: 'ORGANISERS_CHANGED',
    // Inviting a co-host starts the planning of a draft.
    DRAFT: { to: 'PLANNING' },
    PLANNING: stays('PLANNING'),
    PUBLISHED: stays('PUBLISHED'),
    CANCELLED: { refused: 'The event is cancelled; nobody can be invited to it.' },
  },
  respond: {
    change: 'ORGANISERS_CHANGED',
    DRAFT: stays('DRAFT'),
    PLANNING: stays('PLANNING'),
    PUBLISHED: stays('PUBLISHED'),
    CANCELLED: { refused: 'The event is cancelled; its invitations can no longer be answered.' },
  },
  withdraw: {
    change: 'ORGANISERS_CHANGED',
    DRAFT: stays('DRAFT'),
    PLANNING: stays('PLANNING'),
    PUBLISHED: stays('PUBLISHED'),
    CANCELLED: { refused: 'The event is cancelled; there is nothing to withdraw from.' },
  },
};

/**
 * The status an action leads to from the event's status (null: deleted), and
 * the change kind to record; CONFLICT (with the status) when the table refuses it.
 */
export function transition(
  action: EventAction,
  event: Pick<EventEntity, 'status'>,
): { to: EventStatusValue | null; change: ChangeKindValue } {
  const rule = LIFECYCLE[action];
  const outcome = rule[event.status];
  if ('refused' in outcome) throw conflict(outcome.refused, { status: event.status });
  return { to: outcome.to, change: rule.change };
}

/** A stale version: CONFLICT with the current version, checked before anything is written. */
export function checkVersion(event: EventEntity, expectedVersion: number): void {
  if (event.version !== expectedVersion) throw staleVersion('The event', event.version);
}

/** Options of {@link createEvent} for callers inside the hub (the calendar import). */
export interface CreateEventOptions {
  /** Runs in the creating transaction after the insert (e.g. to link the event to its calendar source). */
  within?: (manager: EntityManager, event: EventEntity) => Promise<void>;
}

export async function createEvent(ctx: Context, input: CreateEventInput, options: CreateEventOptions = {}): Promise<EventEntity> {
  assertAuthenticated(ctx.viewer);
  let leadId: string;
  if (input.leadOrganisationId) {
    leadId = parseGlobalId(input.leadOrganisationId, 'Organisation', 'input.leadOrganisationId');
  } else if (ctx.viewer.organisationId && !ctx.viewer.coordinator) {
    leadId = ctx.viewer.organisationId;
  } else {
    throw badInput('input.leadOrganisationId', 'coordinators must name the lead organisation.');
  }
  assertCanLeadEvent(ctx.viewer, leadId);

  return withTransaction(ctx.db, async (manager) => {
    await checkOrganisation(manager, leadId, 'input.leadOrganisationId');
    const { state, lastEndsAt } = await applyInput(ctx, manager, input, null);
    const event = (await insertRow(manager, EventEntity, { ...state, lastEndsAt, leadOrganisationId: leadId }))!;
    await insertRow(manager, EventOrganiserEntity, {
      eventId: event.id,
      organisationId: leadId,
      role: 'LEAD',
      status: 'ACCEPTED',
      invitedAt: NOW,
      respondedAt: NOW,
      invitedByKeyId: ctx.viewer.keyId ?? null,
    });
    await refreshOccurrences(manager, event);
    await options.within?.(manager, event);
    const { changes } = diff(manager, null, state);
    changes.push({ field: 'leadOrganisation', old: null, new: globalId('Organisation', leadId) });
    await record(ctx, manager, {
      eventId: event.id,
      version: event.version,
      history: { kind: EventHistoryKind.CREATED, changes },
      log: { kind: 'CREATED', changedFields: changes.map((change) => change.field) },
    });
    return event;
  });
}

export async function updateEvent(
  ctx: Context,
  eventGlobalId: string,
  expectedVersion: number,
  input: UpdateEventInput,
): Promise<EventEntity> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'id');
  assertAuthenticated(ctx.viewer);
  return withTransaction(ctx.db, async (manager) => {
    const { event } = await loadEvent(ctx, manager, id, false);
    assertCanEditEvent(ctx.viewer, event);
    checkVersion(event, expectedVersion);
    const { change } = transition('update', event);
    const before = stateOf(manager, event);
    const { state, lastEndsAt } = await applyInput(ctx, manager, input, before);
    const { changes, keys } = diff(manager, before, state);
    if (!changes.length) return event;
    const values: Values<EventEntity> = { lastEndsAt };
    for (const key of keys) Object.assign(values, { [key]: state[key] });
    const timing = keys.some((key) => TIMING_KEYS.includes(key));
    if (timing) {
      // Cancelled dates move with the series' start, or go when they are no occurrence any more (one rule for
      // the API and the calendar import): a cancellation that names no occurrence would linger as an EXDATE.
      const old = [...cancelledStarts(event)].sort((a, b) => a - b).map((ms) => new Date(ms));
      const moved = remapCancelledOccurrences(event, state);
      const iso = (list: Date[]) => list.map((date) => date.toISOString());
      if (iso(old).join() !== iso(moved).join()) {
        values.cancelledOccurrences = moved;
        changes.push({ field: 'cancelledOccurrences', old: iso(old), new: iso(moved) });
      }
    }
    const updated = await updateVersioned(manager, EventEntity, 'The event', id, expectedVersion, values);
    if (timing) await refreshOccurrences(manager, updated);
    await record(ctx, manager, {
      eventId: id,
      version: updated.version,
      history: { kind: EventHistoryKind.UPDATED, changes },
      log: { kind: change, changedFields: changes.map((c) => c.field) },
    });
    return updated;
  });
}

export async function publishEvent(ctx: Context, eventGlobalId: string, expectedVersion: number): Promise<EventEntity> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'id');
  assertAuthenticated(ctx.viewer);
  return withTransaction(ctx.db, async (manager) => {
    const { event } = await loadEvent(ctx, manager, id, false);
    assertCanEditEvent(ctx.viewer, event);
    checkVersion(event, expectedVersion);
    const { to, change } = transition('publish', event);
    const updated = await updateVersioned(manager, EventEntity, 'The event', id, expectedVersion, {
      status: to!,
      publishedAt: sql('coalesce(published_at, now())'),
    });
    await record(ctx, manager, {
      eventId: id,
      version: updated.version,
      history: { kind: EventHistoryKind.PUBLISHED, changes: [{ field: 'status', old: event.status, new: to }] },
      log: { kind: change, changedFields: ['status', 'publishedAt'] },
    });
    return updated;
  });
}

export async function cancelEvent(
  ctx: Context,
  eventGlobalId: string,
  expectedVersion: number,
  reason: string,
): Promise<EventEntity> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'id');
  const text = cleanText(reason, 'reason', true)!;
  if (text.length > MAX_MESSAGE) throw badInput('reason', `must be at most ${MAX_MESSAGE} characters.`);
  assertAuthenticated(ctx.viewer);
  return withTransaction(ctx.db, async (manager) => {
    const { event } = await loadEvent(ctx, manager, id, false);
    assertCanEditEvent(ctx.viewer, event);
    checkVersion(event, expectedVersion);
    const { to, change } = transition('cancel', event);
    const updated = await updateVersioned(manager, EventEntity, 'The event', id, expectedVersion, {
      status: to!,
      cancellationReason: text,
    });
    await record(ctx, manager, {
      eventId: id,
      version: updated.version,
      history: {
        kind: EventHistoryKind.CANCELLED,
        changes: [
          { field: 'status', old: event.status, new: to },
          { field: 'cancellationReason', old: event.cancellationReason, new: text },
        ],
      },
      log: { kind: change, changedFields: ['status', 'cancellationReason'] },
    });
    return updated;
  });
}

export async function deleteEvent(ctx: Context, eventGlobalId: string): Promise<boolean> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'id');
  assertAuthenticated(ctx.viewer);
  return withTransaction(ctx.db, async (manager) => {
    const { event, organisers } = await loadEvent(ctx, manager, id, true);
    assertCanEditEvent(ctx.viewer, event);
    const { change } = transition('delete', event);
    await manager.query('DELETE FROM event WHERE id = $1', [id]);
    // The history goes with the event; the change log keeps the deletion, for
    // every organisation that was on the event (their invitations are gone).
    await recordChange(manager, {
      eventId: id,
      kind: change,
      changedFields: [],
      version: event.version + 1,
      organisationIds: organisers.filter((o) => ACTIVE_ORGANISER_STATUSES.includes(o.status)).map((o) => o.organisationId),
    });
    return true;
  });
}
