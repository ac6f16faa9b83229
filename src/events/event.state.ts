import type { EntityManager } from 'typeorm';
import { globalId } from '../shared/global-id';
import { EventEntity, type FieldChange } from './event.entity';

/**
 * An event's fields as data: its writable state, derived from the entity,
 * and how history names and shows each field. A new column of the entity is
 * a new field of the state, of history and of `changedFields` by itself.
 */

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
export type EventState = Omit<EventEntity, (typeof NOT_STATE)[number]>;
export type StateKey = keyof EventState;

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

export function stateOf(manager: EntityManager, event: EventEntity): EventState {
  const state = {} as Record<string, unknown>;
  for (const { keys } of eventFields(manager)) for (const key of keys) state[key] = event[key];
  return state as EventState;
}

/** The history changes and changed field names between two states. */
export function diff(
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
