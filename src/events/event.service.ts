import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { translationsFrom, type AddressInput } from '../directory';
import { hydrate } from '../db/hydrate';
import { queryRows, type Row } from '../db/query-rows';
import { withTransaction } from '../db/transaction';
import { insertRow, insertRows, NOW, sql, updateRows, updateVersioned, type Values } from '../db/write';
import type { Context } from '../access';
import { badInput, conflict, notFound, staleVersion } from '../shared/errors';
import { globalId, parseGlobalId } from '../shared/global-id';
import type { Translations } from '../shared/translations';
import {
  EventEntity,
  EventOrganiserEntity,
  type FieldChange,
  type OrganiserRoleValue,
  type ParticipationStatusValue,
} from './event.entity';
import { recordChange, type ChangeKindValue } from './event.changes';
import { recordHistory } from './event.history';
import {
  MAX_DESCRIPTION,
  MAX_MESSAGE,
  MAX_SUMMARY,
  MAX_TITLE,
  type CreateEventInput,
  type InvitationInput,
  type UpdateEventInput,
} from './event.inputs';
import {
  ACTIVE_ORGANISER_STATUSES,
  assertAuthenticated,
  assertCanAnswerFor,
  assertCanEditEvent,
  assertCanLeadEvent,
  assertCanWithdraw,
  canSeeEvent,
} from './event.policy';
import { isIanaTimeZone, MAX_DURATION_DAYS, normaliseRule, seriesEnd } from './event.recurrence';
import { EventHistoryKind } from './event.types';

/**
 * Event mutations. Each runs in one transaction that writes the change, its
 * history entry and its change-log entry together, or nothing. Versioned
 * mutations (update, publish, cancel) check `expectedVersion` in the UPDATE
 * statement itself, so of concurrent changes based on one version exactly
 * one applies; organiser changes lock the event row and take turns.
 */

const DAY_MS = 86_400_000;
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);
export const MAX_INVITATIONS = 50;

/**
 * An event's writable state: every column of the entity that an input sets.
 * Derived from the entity, so a new column is a new state field by itself;
 * the columns listed here are the ones mutations set otherwise (lifecycle,
 * lead, bookkeeping).
 */
const NOT_STATE = [
  'id',
  'status',
  'lastEndsAt',
  'leadOrganisationId',
  'cancellationReason',
  'publishedAt',
  'demo',
  'createdAt',
  'updatedAt',
  'version',
] as const satisfies ReadonlyArray<keyof EventEntity>;
type EventState = Omit<EventEntity, (typeof NOT_STATE)[number]>;
type StateKey = keyof EventState;

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const gid = (type: string, id: string | null) => (id ? globalId(type, id) : null);

/**
 * How the API (and so history) names the state columns that it does not
 * show as they are: references by the object's field and global ID, the
 * address parts as one `address`. Every other state column is a field of
 * its own name, shown as stored (times as ISO strings).
 */
const REFERENCES: Partial<Record<StateKey, { field: string; type: string }>> = {
  venueId: { field: 'venue', type: 'Organisation' },
  municipalityId: { field: 'municipality', type: 'Municipality' },
  campaignId: { field: 'campaign', type: 'Campaign' },
};
const ADDRESS: readonly StateKey[] = ['street', 'postalCode', 'locality', 'latitude', 'longitude'];

function addressValue(s: EventState) {
  return s.street || s.postalCode || s.locality || s.latitude !== null
    ? {
        street: s.street,
        postalCode: s.postalCode,
        locality: s.locality,
        location: s.latitude !== null ? { latitude: s.latitude, longitude: s.longitude } : null,
      }
    : null;
}

interface FieldMapping {
  /** The field as the API (and history) names it. */
  field: string;
  /** The state columns behind it. */
  keys: StateKey[];
  /** Its value as history records it. */
  value: (s: EventState) => unknown;
}

let fieldMappings: FieldMapping[] | undefined;

/** The event's fields in the entity's column order, derived once from TypeORM's metadata. */
function eventFields(manager: EntityManager): FieldMapping[] {
  if (fieldMappings) return fieldMappings;
  const excluded = new Set<string>(NOT_STATE);
  const fields: FieldMapping[] = [];
  for (const column of manager.connection.getMetadata(EventEntity).columns) {
    const key = column.propertyName as StateKey;
    if (excluded.has(key)) continue;
    const reference = REFERENCES[key];
    if (ADDRESS.includes(key)) {
      if (key === ADDRESS[0]) fields.push({ field: 'address', keys: [...ADDRESS], value: addressValue });
    } else if (reference) {
      fields.push({ field: reference.field, keys: [key], value: (s) => gid(reference.type, s[key] as string | null) });
    } else if (column.type === 'timestamptz') {
      fields.push({ field: key, keys: [key], value: (s) => iso(s[key] as Date | null) });
    } else {
      fields.push({ field: key, keys: [key], value: (s) => s[key] });
    }
  }
  fieldMappings = fields;
  return fields;
}

/** Trims a text; blank becomes null, unless required. */
function cleanText(value: string | null | undefined, field: string, required = false): string | null {
  const text = value?.trim() ?? '';
  if (!text) {
    if (required) throw badInput(field, 'must not be empty.');
    return null;
  }
  return text;
}

function required<T>(value: T | null, field: string): T {
  if (value === null) throw badInput(field, 'cannot be cleared (null); leave it out to keep it.');
  return value;
}

// ---------------------------------------------------------------- loading

interface Loaded {
  event: EventEntity;
  organisers: EventOrganiserEntity[];
}

/**
 * The event and its organisers inside a transaction; `lock` makes concurrent
 * organiser changes take turns. NOT_FOUND when it does not exist or the
 * viewer may not see it (no hint that it exists).
 */
async function loadEvent(ctx: Context, manager: EntityManager, id: string, lock: boolean, field = 'id'): Promise<Loaded> {
  const [row] = await queryRows(manager, `SELECT * FROM event WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  const organiserRows = row ? await queryRows(manager, 'SELECT * FROM event_organiser WHERE event_id = $1', [id]) : [];
  const loaded = row
    ? {
        event: hydrate(ctx.db, EventEntity, row),
        organisers: organiserRows.map((organiser) => hydrate(ctx.db, EventOrganiserEntity, organiser)),
      }
    : undefined;
  if (!loaded || !canSeeEvent(ctx.viewer, loaded.event, loaded.organisers)) throw notFound('The event', field);
  return loaded;
}

function stateOf(manager: EntityManager, event: EventEntity): EventState {
  const state = {} as Record<string, unknown>;
  for (const { keys } of eventFields(manager)) for (const key of keys) state[key] = event[key];
  return state as EventState;
}

/** The history changes and changed field names between two states. */
function diff(
  manager: EntityManager,
  before: EventState | null,
  after: EventState,
): { changes: FieldChange[]; keys: StateKey[] } {
  const changes: FieldChange[] = [];
  const keys: StateKey[] = [];
  for (const { field, keys: fieldKeys, value } of eventFields(manager)) {
    const old = before ? value(before) : null;
    const next = value(after);
    if (JSON.stringify(old ?? null) === JSON.stringify(next ?? null)) continue;
    if (
      !before &&
      (next === null ||
        (Array.isArray(next) && !next.length) ||
        (typeof next === 'object' && next !== null && !Object.keys(next).length))
    ) {
      continue;
    }
    changes.push({ field, old: old ?? null, new: next ?? null });
    keys.push(...fieldKeys);
  }
  return { changes, keys };
}

// ---------------------------------------------------------------- input → state

async function checkOrganisation(manager: EntityManager, id: string, field: string): Promise<Row> {
  const [row] = await queryRows(manager, 'SELECT * FROM organisation WHERE id = $1', [id]);
  if (!row) throw badInput(field, 'no organisation has this ID.');
  return row;
}

async function addressState(manager: EntityManager, address: AddressInput | null): Promise<Partial<EventState>> {
  const municipalityId = address?.municipalityId
    ? parseGlobalId(address.municipalityId, 'Municipality', 'input.address.municipalityId')
    : null;
  if (municipalityId) {
    const rows = await queryRows(manager, 'SELECT 1 FROM municipality WHERE id = $1', [municipalityId]);
    if (!rows.length) throw badInput('input.address.municipalityId', 'no municipality has this ID.');
  }
  return {
    street: cleanText(address?.street, 'input.address.street'),
    postalCode: address?.postalCode ?? null,
    locality: cleanText(address?.locality, 'input.address.locality'),
    municipalityId,
    latitude: address?.location?.latitude ?? null,
    longitude: address?.location?.longitude ?? null,
  };
}

function venueAddress(venue: Row): Partial<EventState> {
  return {
    street: (venue.street as string | null) ?? null,
    postalCode: (venue.postal_code as string | null) ?? null,
    locality: (venue.locality as string | null) ?? null,
    municipalityId: (venue.municipality_id as string | null) ?? null,
    latitude: venue.latitude === null || venue.latitude === undefined ? null : Number(venue.latitude),
    longitude: venue.longitude === null || venue.longitude === undefined ? null : Number(venue.longitude),
  };
}

function originalLanguageOf(title: Translations, requested: string | null | undefined, current?: string): string {
  if (requested) {
    if (title[requested] === undefined) throw badInput('input.originalLanguage', `the title has no text in "${requested}".`);
    return requested;
  }
  if (current && title[current] !== undefined) return current;
  return Object.keys(title)[0] ?? 'de';
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
async function applyInput(
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
    next.originalLanguage = originalLanguageOf(next.title, input.originalLanguage, current?.originalLanguage);
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
    Object.assign(next, await addressState(manager, input.address));
  } else if (next.venueId && next.venueId !== current?.venueId) {
    Object.assign(next, venueAddress(await checkOrganisation(manager, next.venueId, 'input.venueId')));
  } else if (creating) {
    Object.assign(next, await addressState(manager, null));
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

// ---------------------------------------------------------------- writing helpers

interface ChangeRecord {
  eventId: string;
  version: number;
  history: { kind: EventHistoryKind; changes: FieldChange[] };
  log: { kind: ChangeKindValue; changedFields: string[]; organisationIds?: string[] };
}

/** History entry and change-log entry of one change, in the caller's transaction (after its writes). */
async function record(ctx: Context, manager: EntityManager, change: ChangeRecord): Promise<void> {
  await recordHistory(ctx, manager, {
    eventId: change.eventId,
    kind: change.history.kind,
    changes: change.history.changes,
    version: change.version,
  });
  await recordChange(manager, {
    eventId: change.eventId,
    kind: change.log.kind,
    changedFields: change.log.changedFields,
    version: change.version,
    organisationIds: change.log.organisationIds ?? [],
  });
}

/** Bumps the version (organiser changes, under the event's row lock), optionally setting columns; answers the new row. */
async function touchEvent(manager: EntityManager, id: string, values: Values<EventEntity> = {}): Promise<EventEntity> {
  const [updated] = await updateRows(manager, EventEntity, { id }, values, { bumpVersion: true });
  return updated!;
}

/** An organiser as history shows it. */
function organiserValue(
  organiser: Pick<EventOrganiserEntity, 'organisationId' | 'role' | 'status' | 'message' | 'responseMessage'>,
) {
  return {
    organisation: globalId('Organisation', organiser.organisationId),
    role: organiser.role,
    status: organiser.status,
    message: organiser.message ?? null,
    responseMessage: organiser.responseMessage ?? null,
  };
}

// ---------------------------------------------------------------- mutations

export async function createEvent(ctx: Context, input: CreateEventInput): Promise<EventEntity> {
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

/** A stale version: CONFLICT with the current version, checked before anything is written. */
function checkVersion(event: EventEntity, expectedVersion: number): void {
  if (event.version !== expectedVersion) throw staleVersion('The event', event.version);
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
    if (event.status === 'CANCELLED')
      throw conflict('The event is cancelled; a cancelled event cannot be changed.', { status: event.status });
    const before = stateOf(manager, event);
    const { state, lastEndsAt } = await applyInput(ctx, manager, input, before);
    const { changes, keys } = diff(manager, before, state);
    if (!changes.length) return event;
    const values: Values<EventEntity> = { lastEndsAt };
    for (const key of keys) Object.assign(values, { [key]: state[key] });
    const updated = await updateVersioned(manager, EventEntity, 'The event', id, expectedVersion, values);
    await record(ctx, manager, {
      eventId: id,
      version: updated.version,
      history: { kind: EventHistoryKind.UPDATED, changes },
      log: { kind: 'UPDATED', changedFields: changes.map((change) => change.field) },
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
    if (event.status === 'PUBLISHED') throw conflict('The event is already published.', { status: event.status });
    if (event.status === 'CANCELLED')
      throw conflict('The event is cancelled; a cancelled event cannot be published.', { status: event.status });
    const updated = await updateVersioned(manager, EventEntity, 'The event', id, expectedVersion, {
      status: 'PUBLISHED',
      publishedAt: sql('coalesce(published_at, now())'),
    });
    await record(ctx, manager, {
      eventId: id,
      version: updated.version,
      history: { kind: EventHistoryKind.PUBLISHED, changes: [{ field: 'status', old: event.status, new: 'PUBLISHED' }] },
      log: { kind: 'PUBLISHED', changedFields: ['status', 'publishedAt'] },
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
    if (event.status === 'CANCELLED') throw conflict('The event is already cancelled.', { status: event.status });
    const updated = await updateVersioned(manager, EventEntity, 'The event', id, expectedVersion, {
      status: 'CANCELLED',
      cancellationReason: text,
    });
    await record(ctx, manager, {
      eventId: id,
      version: updated.version,
      history: {
        kind: EventHistoryKind.CANCELLED,
        changes: [
          { field: 'status', old: event.status, new: 'CANCELLED' },
          { field: 'cancellationReason', old: event.cancellationReason, new: text },
        ],
      },
      log: { kind: 'CANCELLED', changedFields: ['status', 'cancellationReason'] },
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
    if (event.status !== 'DRAFT') {
      throw conflict(`Only drafts can be deleted; this event is ${event.status}. Cancel it instead.`, { status: event.status });
    }
    await manager.query('DELETE FROM event WHERE id = $1', [id]);
    // The history goes with the event; the change log keeps the deletion, for
    // every organisation that was on the event (their invitations are gone).
    await recordChange(manager, {
      eventId: id,
      kind: 'DELETED',
      changedFields: [],
      version: event.version + 1,
      organisationIds: organisers.filter((o) => ACTIVE_ORGANISER_STATUSES.includes(o.status)).map((o) => o.organisationId),
    });
    return true;
  });
}

function cleanMessage(message: string | null | undefined, field: string): string | null {
  const text = cleanText(message, field);
  if (text && text.length > MAX_MESSAGE) throw badInput(field, `must be at most ${MAX_MESSAGE} characters.`);
  return text;
}

export async function inviteOrganisers(
  ctx: Context,
  eventGlobalId: string,
  invitations: InvitationInput[],
): Promise<EventEntity> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'eventId');
  if (!invitations.length) throw badInput('invitations', 'invite at least one organisation.');
  if (invitations.length > MAX_INVITATIONS) throw badInput('invitations', `at most ${MAX_INVITATIONS} invitations at once.`);
  const wanted = invitations.map((invitation, index) => {
    const field = `invitations[${index}]`;
    const role = (invitation.role ?? 'CO_HOST') as OrganiserRoleValue;
    if (role === 'LEAD') throw badInput(`${field}.role`, 'an event has one lead; invite as CO_HOST or SUPPORTER.');
    return {
      organisationId: parseGlobalId(invitation.organisationId, 'Organisation', `${field}.organisationId`),
      role,
      message: cleanMessage(invitation.message, `${field}.message`),
      field,
    };
  });
  wanted.forEach((invitation, index) => {
    if (wanted.findIndex((other) => other.organisationId === invitation.organisationId) !== index) {
      throw badInput(`invitations[${index}].organisationId`, 'this organisation is invited twice in the same request.');
    }
  });
  assertAuthenticated(ctx.viewer);

  return withTransaction(ctx.db, async (manager) => {
    const { event, organisers } = await loadEvent(ctx, manager, id, true, 'eventId');
    assertCanEditEvent(ctx.viewer, event);
    if (event.status === 'CANCELLED')
      throw conflict('The event is cancelled; nobody can be invited to it.', { status: event.status });
    const existing = await queryRows<{ id: string }>(manager, 'SELECT id FROM organisation WHERE id = ANY($1::uuid[])', [
      wanted.map((w) => w.organisationId),
    ]);
    const known = new Set(existing.map((row) => String(row.id)));
    const byOrganisation = new Map(organisers.map((o) => [o.organisationId, o]));
    const changes: FieldChange[] = [];
    for (const invitation of wanted) {
      if (!known.has(invitation.organisationId))
        throw badInput(`${invitation.field}.organisationId`, 'no organisation has this ID.');
      const current = byOrganisation.get(invitation.organisationId);
      if (current?.role === 'LEAD')
        throw badInput(`${invitation.field}.organisationId`, 'is the lead organisation of this event.');
      if (current && ACTIVE_ORGANISER_STATUSES.includes(current.status)) {
        throw badInput(`${invitation.field}.organisationId`, `is already on the event (${current.status}).`);
      }
      changes.push({
        field: 'organisers',
        old: current ? organiserValue(current) : null,
        new: organiserValue({ ...invitation, status: 'INVITED', responseMessage: null }),
      });
    }
    // Organisations that declined or withdrew before are invited afresh.
    await insertRows(
      manager,
      EventOrganiserEntity,
      wanted.map((w) => ({
        eventId: id,
        organisationId: w.organisationId,
        role: w.role,
        status: 'INVITED' as const,
        message: w.message,
        responseMessage: null,
        invitedAt: NOW,
        respondedAt: null,
        invitedByKeyId: ctx.viewer.keyId ?? null,
      })),
      { conflict: { on: ['eventId', 'organisationId'], update: {} } },
    );
    const toPlanning = event.status === 'DRAFT';
    const updated = await touchEvent(manager, id, toPlanning ? { status: 'PLANNING' } : {});
    if (toPlanning) changes.push({ field: 'status', old: 'DRAFT', new: 'PLANNING' });
    await record(ctx, manager, {
      eventId: id,
      version: updated.version,
      history: { kind: EventHistoryKind.ORGANISERS_INVITED, changes },
      log: {
        kind: 'ORGANISERS_CHANGED',
        changedFields: toPlanning ? ['organisers', 'status'] : ['organisers'],
        organisationIds: wanted.map((w) => w.organisationId),
      },
    });
    return updated;
  });
}

/** The organiser row of an organisation, or BAD_USER_INPUT when it is not on the event at all. */
function organiserOf(organisers: EventOrganiserEntity[], organisationId: string): EventOrganiserEntity {
  const organiser = organisers.find((o) => o.organisationId === organisationId);
  if (!organiser) throw badInput('organisationId', 'this organisation was never invited to the event.');
  if (organiser.role === 'LEAD') throw badInput('organisationId', 'is the lead organisation of this event.');
  return organiser;
}

async function setParticipation(
  ctx: Context,
  manager: EntityManager,
  organiser: EventOrganiserEntity,
  status: ParticipationStatusValue,
  message: string | null,
  kind: EventHistoryKind,
): Promise<EventEntity> {
  await updateRows(
    manager,
    EventOrganiserEntity,
    { eventId: organiser.eventId, organisationId: organiser.organisationId },
    { status, responseMessage: message, respondedAt: NOW },
  );
  const updated = await touchEvent(manager, organiser.eventId);
  await record(ctx, manager, {
    eventId: organiser.eventId,
    version: updated.version,
    history: {
      kind,
      changes: [
        {
          field: 'organisers',
          old: organiserValue(organiser),
          new: organiserValue({ ...organiser, status, responseMessage: message }),
        },
      ],
    },
    log: { kind: 'ORGANISERS_CHANGED', changedFields: ['organisers'], organisationIds: [organiser.organisationId] },
  });
  return updated;
}

/**
 * Answering (and withdrawing) may take the event out of the organisation's
 * view: after declining a draft, `event(id)` answers null for it. The
 * mutation's own answer is the event as the organisation saw it a moment
 * before, resolved with its rights as they are now (organisers without the
 * invitation messages, an empty history), so it is no new path to the event.
 */
export async function respondToInvitation(
  ctx: Context,
  eventGlobalId: string,
  organisationGlobalId: string,
  accept: boolean,
  message: string | null | undefined,
): Promise<EventEntity> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'eventId');
  const organisationId = parseGlobalId(organisationGlobalId, 'Organisation', 'organisationId');
  const text = cleanMessage(message, 'message');
  assertAuthenticated(ctx.viewer);
  return withTransaction(ctx.db, async (manager) => {
    const { event, organisers } = await loadEvent(ctx, manager, id, true, 'eventId');
    assertCanAnswerFor(ctx.viewer, organisationId);
    if (event.status === 'CANCELLED')
      throw conflict('The event is cancelled; its invitations can no longer be answered.', { status: event.status });
    const organiser = organiserOf(organisers, organisationId);
    if (organiser.status !== 'INVITED') {
      throw conflict(
        organiser.status === 'ACCEPTED'
          ? 'The invitation was already accepted; to leave the event, use withdrawFromEvent.'
          : `The invitation is no longer open (${organiser.status}); the lead may invite the organisation again.`,
        { participationStatus: organiser.status },
      );
    }
    return setParticipation(
      ctx,
      manager,
      organiser,
      accept ? 'ACCEPTED' : 'DECLINED',
      text,
      accept ? EventHistoryKind.INVITATION_ACCEPTED : EventHistoryKind.INVITATION_DECLINED,
    );
  });
}

export async function withdrawFromEvent(
  ctx: Context,
  eventGlobalId: string,
  organisationGlobalId: string,
  message: string | null | undefined,
): Promise<EventEntity> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'eventId');
  const organisationId = parseGlobalId(organisationGlobalId, 'Organisation', 'organisationId');
  const text = cleanMessage(message, 'message');
  assertAuthenticated(ctx.viewer);
  return withTransaction(ctx.db, async (manager) => {
    const { event, organisers } = await loadEvent(ctx, manager, id, true, 'eventId');
    assertCanWithdraw(ctx.viewer, event, organisationId);
    if (event.status === 'CANCELLED')
      throw conflict('The event is cancelled; there is nothing to withdraw from.', { status: event.status });
    const organiser = organiserOf(organisers, organisationId);
    if (!ACTIVE_ORGANISER_STATUSES.includes(organiser.status)) {
      throw conflict(`The organisation is not on the event any more (${organiser.status}).`, {
        participationStatus: organiser.status,
      });
    }
    return setParticipation(ctx, manager, organiser, 'WITHDRAWN', text, EventHistoryKind.ORGANISER_WITHDRAWN);
  });
}
