import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import type { Context } from '../access';
import { addressColumnsOf, addressFromInput, OrganisationEntity } from '../directory';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { badInput } from '../shared/errors';
import { parseGlobalId } from '../shared/global-id';
import { translationsFrom } from '../shared/translation.inputs';
import { originalLanguageOf } from '../shared/translations';
import { MAX_DESCRIPTION, MAX_SUMMARY, MAX_TITLE, type CreateEventInput, type UpdateEventInput } from './event.inputs';
import { isIanaTimeZone, MAX_DURATION_DAYS, normaliseRule, seriesEnd } from './event.recurrence';
import type { EventState } from './event.state';

/**
 * Input → state: how a create or update input becomes an event's next
 * state, validated (BAD_USER_INPUT naming the field) before anything is
 * written. One function for both: `current` is null when creating, and a
 * field left out keeps its value (or gets its default when creating).
 */

const DAY_MS = 86_400_000;
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

function required<T>(value: T | null, field: string): T {
  if (value === null) throw badInput(field, 'cannot be cleared (null); leave it out to keep it.');
  return value;
}

/** The organisation with this id (a lead or a venue); BAD_USER_INPUT naming `field` when there is none. */
export async function checkOrganisation(manager: EntityManager, id: string, field: string): Promise<OrganisationEntity> {
  const [row] = await queryRows(manager, 'SELECT * FROM organisation WHERE id = $1', [id]);
  if (!row) throw badInput(field, 'no organisation has this ID.');
  return hydrate(manager.connection, OrganisationEntity, row);
}

/** Local midnight at the start of the day of `start`, and the local midnight ending the day of `end`. */
function allDayBounds(start: Date, end: Date, zone: string): { startsAt: Date; endsAt: Date } {
  const first = DateTime.fromJSDate(start, { zone }).startOf('day');
  const lastLocal = DateTime.fromJSDate(end, { zone });
  const last =
    lastLocal.equals(lastLocal.startOf('day')) && lastLocal > first ? lastLocal : lastLocal.startOf('day').plus({ days: 1 });
  return { startsAt: first.toJSDate(), endsAt: last.toJSDate() };
}

function checkTime(value: Date, field: string): void {
  if (Number.isNaN(value.getTime()) || value.getTime() < EARLIEST || value.getTime() >= LATEST) {
    throw badInput(field, 'must be between the years 1900 and 2199.');
  }
}

/**
 * Applies an input to a state: validation that needs no database first,
 * then lookups (venue, municipality, campaign) through the transaction.
 * Answers the next state and its `last_ends_at`.
 */
export async function applyInput(
  ctx: Context,
  manager: EntityManager,
  input: CreateEventInput | UpdateEventInput,
  current: EventState | null,
): Promise<{ state: EventState; lastEndsAt: Date | typeof Infinity }> {
  const next = { ...(current ?? {}) } as EventState;
  const creating = current === null;

  if (input.title !== undefined) next.title = translationsFrom(required(input.title, 'input.title'), 'input.title', MAX_TITLE);
  if (input.title !== undefined && !Object.keys(next.title).length) throw badInput('input.title', 'needs at least one language.');
  if (input.summary !== undefined)
    next.summary = input.summary ? translationsFrom(input.summary, 'input.summary', MAX_SUMMARY) : {};
  if (input.description !== undefined) {
    next.description = input.description ? translationsFrom(input.description, 'input.description', MAX_DESCRIPTION) : {};
  }
  if (creating) {
    next.summary ??= {};
    next.description ??= {};
  }
  if (creating || input.title !== undefined || input.originalLanguage !== undefined) {
    next.originalLanguage = originalLanguageOf(next.title, input.originalLanguage, current?.originalLanguage, 'title');
  }
  if (input.category !== undefined) next.category = required(input.category, 'input.category');
  if (input.topics !== undefined || creating) next.topics = [...new Set(input.topics ?? [])];
  if (input.visibility !== undefined) next.visibility = required(input.visibility, 'input.visibility');
  else if (creating) next.visibility = 'PUBLIC';
  if (input.timeZone !== undefined) {
    const zone = required(input.timeZone, 'input.timeZone').trim();
    if (!isIanaTimeZone(zone)) {
      throw badInput(
        'input.timeZone',
        `"${zone}" is not an IANA time zone name such as "Europe/Berlin" (offsets are not accepted).`,
      );
    }
    next.timeZone = zone;
  } else if (creating) next.timeZone = 'Europe/Berlin';
  if (input.allDay !== undefined) next.allDay = required(input.allDay, 'input.allDay');
  else if (creating) next.allDay = false;
  if (input.startsAt !== undefined) next.startsAt = required(input.startsAt, 'input.startsAt');
  if (input.endsAt !== undefined) next.endsAt = required(input.endsAt, 'input.endsAt');
  checkTime(next.startsAt, 'input.startsAt');
  checkTime(next.endsAt, 'input.endsAt');
  if (next.allDay) Object.assign(next, allDayBounds(next.startsAt, next.endsAt, next.timeZone));
  if (next.endsAt.getTime() <= next.startsAt.getTime()) throw badInput('input.endsAt', 'must be after `startsAt`.');
  if (next.endsAt.getTime() - next.startsAt.getTime() > MAX_DURATION_DAYS * DAY_MS) {
    throw badInput('input.endsAt', `an event (or one occurrence of a series) may last at most ${MAX_DURATION_DAYS} days.`);
  }
  if (input.recurrence !== undefined) next.recurrence = input.recurrence === null ? null : normaliseRule(input.recurrence);
  else if (creating) next.recurrence = null;
  const lastEndsAt = seriesEnd(next);

  if (input.attendanceMode !== undefined) next.attendanceMode = required(input.attendanceMode, 'input.attendanceMode');
  else if (creating) next.attendanceMode = 'IN_PERSON';
  if (input.onlineUrl !== undefined || creating) next.onlineUrl = input.onlineUrl ?? null;
  if (input.languages !== undefined || creating) next.languages = [...new Set(input.languages ?? [])];
  if (input.interpretingLanguages !== undefined || creating)
    next.interpretingLanguages = [...new Set(input.interpretingLanguages ?? [])];
  for (const key of ['barrierFree', 'childcare', 'free'] as const) {
    if (input[key] !== undefined || creating) next[key] = input[key] ?? null;
  }
  if (input.capacity !== undefined || creating) next.capacity = input.capacity ?? null;
  if (input.registrationUrl !== undefined || creating) next.registrationUrl = input.registrationUrl ?? null;

  // Place: an explicit address wins; a (new) venue without one lends its address.
  if (input.venueId !== undefined || creating) {
    next.venueId = input.venueId ? parseGlobalId(input.venueId, 'Organisation', 'input.venueId') : null;
  }
  if (input.address !== undefined) {
    Object.assign(next, await addressFromInput(manager, input.address));
  } else if (next.venueId && next.venueId !== current?.venueId) {
    Object.assign(next, addressColumnsOf(await checkOrganisation(manager, next.venueId, 'input.venueId')));
  } else if (creating) {
    Object.assign(next, await addressFromInput(manager, null));
  }
  if (next.venueId && input.venueId && input.address !== undefined)
    await checkOrganisation(manager, next.venueId, 'input.venueId');

  if (input.campaignId !== undefined || creating) {
    next.campaignId = input.campaignId ? parseGlobalId(input.campaignId, 'Campaign', 'input.campaignId') : null;
    if (next.campaignId && next.campaignId !== current?.campaignId) {
      const [campaign] = await queryRows<{ participation_deadline: string | null }>(
        manager,
        'SELECT participation_deadline FROM campaign WHERE id = $1',
        [next.campaignId],
      );
      if (!campaign) throw badInput('input.campaignId', 'no campaign has this ID.');
      const deadline = campaign.participation_deadline;
      if (deadline && !ctx.viewer.coordinator && new Date().toISOString().slice(0, 10) > deadline) {
        throw badInput('input.campaignId', `the campaign's participation deadline (${deadline}) has passed; ask a coordinator.`);
      }
    }
  }
  return { state: next, lastEndsAt };
}
