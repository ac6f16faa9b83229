import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { badInput } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque global ID partners see for a row of the given GraphQL type. */
export function globalId(type: string, id: string): string {
  return toGlobalId(type, id);
}

/** Splits a global ID into type and database id, or undefined when it is not one of ours. */
export function parseAnyGlobalId(id: string): { type: string; id: string } | undefined {
  try {
    const parsed = fromGlobalId(id);
    if (!parsed.type || !UUID.test(parsed.id)) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

/**
 * The database id behind a global ID of one of the `types`, or BAD_USER_INPUT
 * naming `field` when the ID is malformed or of another type.
 */
export function parseGlobalId(id: string, types: string | readonly string[], field: string): string {
  const expected = typeof types === 'string' ? [types] : types;
  const parsed = parseAnyGlobalId(id);
  if (!parsed) throw badInput(field, `"${id}" is not a valid ID.`);
  if (!expected.includes(parsed.type)) {
    throw badInput(field, `expected the ID of ${expected.join(' or ')}, got the ID of ${parsed.type}.`);
  }
  return parsed.id;
}

/** {@link parseGlobalId} for a list; the field path names the position of a bad element. */
export function parseGlobalIds(ids: readonly string[], types: string | readonly string[], field: string): string[] {
  return ids.map((id, index) => parseGlobalId(id, types, `${field}[${index}]`));
}
