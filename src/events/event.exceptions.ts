import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../access';
import { badInput, conflict } from '../shared/errors';
import { parseGlobalId } from '../shared/global-id';
import { DateTimeScalar } from '../shared/scalars';
import { withTransaction } from '../db/transaction';
import { updateVersioned } from '../db/write';
import { EventEntity } from './event.entity';
import { refreshOccurrences } from './event.occurrence-table';
import { assertAuthenticated, assertCanEditEvent } from './event.policy';
import { cancelledStarts, MAX_SERIES_OCCURRENCES, occurrencesBetween } from './event.recurrence';
import { checkVersion, transition } from './event.lifecycle';
import { loadEvent, record } from './event.store';
import { EventHistoryKind } from './event.enums';
import { Event } from './event.types';

/**
 * Exceptions of a series (iCalendar EXDATE): single occurrences that do not
 * take place ("the language café does not take place on 24 December"). Each
 * cancellation or restoration is a versioned change of the event, with its
 * history entry and change-log entry, like every other change.
 */

/** The cancelled occurrence starts of an event, sorted, as Dates. */
export function cancelledOccurrencesOf(event: Pick<EventEntity, 'cancelledOccurrences'>): Date[] {
  return [...cancelledStarts(event)].sort((a, b) => a - b).map((time) => new Date(time));
}

async function changeException(
  ctx: Context,
  eventGlobalId: string,
  occurrenceStartsAt: Date,
  expectedVersion: number,
  cancel: boolean,
): Promise<EventEntity> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'eventId');
  assertAuthenticated(ctx.viewer);
  return withTransaction(ctx.db, async (manager) => {
    const { event } = await loadEvent(ctx, manager, id, false, 'eventId');
    assertCanEditEvent(ctx.viewer, event);
    checkVersion(event, expectedVersion);
    // An exception is a change of the event: the lifecycle decides whether its status allows one.
    const { change } = transition('update', event);
    if (!event.recurrence) {
      throw badInput('eventId', 'is a single event, not a series; cancel it with cancelEvent.');
    }
    const before = cancelledOccurrencesOf(event);
    const time = occurrenceStartsAt.getTime();
    const listed = before.some((date) => date.getTime() === time);
    let after: Date[];
    if (cancel) {
      if (listed)
        throw conflict('This occurrence is already cancelled.', { occurrenceStartsAt: occurrenceStartsAt.toISOString() });
      if (before.length >= MAX_SERIES_OCCURRENCES) {
        throw badInput('occurrenceStartsAt', `a series may have at most ${MAX_SERIES_OCCURRENCES} cancelled occurrences.`);
      }
      const isOccurrence = occurrencesBetween(
        { ...event, cancelledOccurrences: [] },
        occurrenceStartsAt,
        occurrenceStartsAt,
        1,
      ).some((occurrence) => occurrence.startsAt.getTime() === time);
      if (!isOccurrence) {
        throw badInput(
          'occurrenceStartsAt',
          'is not the start of an occurrence of the series; take `startsAt` from `occurrences`.',
        );
      }
      after = [...before, occurrenceStartsAt].sort((a, b) => a.getTime() - b.getTime());
    } else {
      if (!listed)
        throw badInput('occurrenceStartsAt', 'is not a cancelled occurrence of the series (see `cancelledOccurrences`).');
      after = before.filter((date) => date.getTime() !== time);
    }
    const updated = await updateVersioned(manager, EventEntity, 'The event', id, expectedVersion, {
      cancelledOccurrences: after,
    });
    await refreshOccurrences(manager, updated);
    await record(ctx, manager, {
      eventId: id,
      version: updated.version,
      history: {
        kind: cancel ? EventHistoryKind.OCCURRENCE_CANCELLED : EventHistoryKind.OCCURRENCE_RESTORED,
        changes: [
          {
            field: 'cancelledOccurrences',
            old: before.map((date) => date.toISOString()),
            new: after.map((date) => date.toISOString()),
          },
        ],
      },
      log: { kind: change, changedFields: ['cancelledOccurrences'] },
    });
    return updated;
  });
}

/** `cancelOccurrence`: one occurrence of a series does not take place. */
export function cancelOccurrence(ctx: Context, eventId: string, startsAt: Date, expectedVersion: number): Promise<EventEntity> {
  return changeException(ctx, eventId, startsAt, expectedVersion, true);
}

/** `restoreOccurrence`: a cancelled occurrence takes place after all. */
export function restoreOccurrence(ctx: Context, eventId: string, startsAt: Date, expectedVersion: number): Promise<EventEntity> {
  return changeException(ctx, eventId, startsAt, expectedVersion, false);
}

@Resolver(() => Event)
export class EventExceptionResolver {
  @FieldResolver(() => [DateTimeScalar], {
    description:
      'Starts of occurrences of the series that do not take place (iCalendar EXDATE), in order; they are left out of `occurrences`, time windows and feeds. Empty for single events.',
  })
  cancelledOccurrences(@Root() event: EventEntity): Date[] {
    return cancelledOccurrencesOf(event);
  }

  @Mutation(() => Event, {
    description:
      "Cancels one occurrence of a series (iCalendar EXDATE): it is left out of `occurrences`, time windows and feeds, and calendar feeds list it as an exception. The lead's EDITOR/ADMIN keys or coordinators. `occurrenceStartsAt` must be the start of an occurrence; `expectedVersion` the current `version` (else CONFLICT). Recorded in the history (OCCURRENCE_CANCELLED) and the change feed.",
  })
  cancelOccurrence(
    @Ctx() ctx: Context,
    @Arg('eventId', () => ID, { description: 'The series.' }) eventId: string,
    @Arg('occurrenceStartsAt', () => DateTimeScalar, { description: 'Start of the occurrence, as `occurrences` gives it.' })
    occurrenceStartsAt: Date,
    @Arg('expectedVersion', () => Int, { description: 'The version the change is based on.' }) expectedVersion: number,
  ): Promise<EventEntity> {
    return cancelOccurrence(ctx, eventId, occurrenceStartsAt, expectedVersion);
  }

  @Mutation(() => Event, {
    description:
      'Takes back `cancelOccurrence`: the occurrence takes place again. Same rights and versioning; recorded as OCCURRENCE_RESTORED.',
  })
  restoreOccurrence(
    @Ctx() ctx: Context,
    @Arg('eventId', () => ID, { description: 'The series.' }) eventId: string,
    @Arg('occurrenceStartsAt', () => DateTimeScalar, { description: 'Start of the cancelled occurrence.' })
    occurrenceStartsAt: Date,
    @Arg('expectedVersion', () => Int, { description: 'The version the change is based on.' }) expectedVersion: number,
  ): Promise<EventEntity> {
    return restoreOccurrence(ctx, eventId, occurrenceStartsAt, expectedVersion);
  }
}
