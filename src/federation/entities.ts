import { isInterfaceType, isObjectType, type GraphQLInterfaceType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { badInput } from '../shared/errors';
import { parseAnyGlobalId } from '../shared/global-id';
import { nodeFetcher, nodeTypeName, type Context } from '../access';

/**
 * Most representations one `_entities` request may carry. A gateway sends one
 * representation per distinct entity of a query plan step, so this is far
 * above what a page of our lists (at most 100) produces; the statement count
 * stays the same whatever the number, and the body limit applies first.
 */
export const MAX_REPRESENTATIONS = 1000;

/**
 * Every entity has one key, its global ID: `@key(fields: "id")`. More keys
 * (an organisation's slug, a municipality's official key) compose, but Hive
 * Gateway 2.12 then fails to resolve `@interfaceObject` fields on
 * `Organisation` (any entity of the subgraph with two keys is enough; checked
 * with a two-subgraph reproduction), and that is how partners extend
 * organisations. Partners keep our IDs; `organisation(slug:)` and
 * `municipalities` give them once.
 */
export const ENTITY_KEY = 'id';

/**
 * The hub's entity types: every type that implements `Node` (object types and
 * interfaces such as `Organisation`), so a new Node type is an entity without
 * a list to keep.
 */
export function entityTypeNames(schema: GraphQLSchema): string[] {
  const node = schema.getType('Node');
  if (!node || !isInterfaceType(node)) return [];
  return Object.values(schema.getTypeMap())
    .filter((type) => (isObjectType(type) || isInterfaceType(type)) && type.getInterfaces().includes(node))
    .map((type) => type.name)
    .sort();
}

/**
 * Resolves one representation of `type` exactly as `node(id:)` does: through
 * the Node fetcher registered by the owning slice, which batches every
 * representation of the request into one DataLoader call and applies the
 * slice's policy (a draft, partner-only or organisers-only event the viewer
 * may not see comes back undefined). Unknown, malformed or mismatched IDs and
 * invisible objects all answer null, so the answer never reveals that an
 * object exists.
 */
export async function resolveEntity(
  schema: GraphQLSchema,
  type: GraphQLObjectType | GraphQLInterfaceType,
  representation: Record<string, unknown>,
  ctx: Context,
): Promise<object | null> {
  const found = await fetchById(representation.id, ctx);
  if (!found) return null;
  // A representation typed `Mosque` with the ID of an association, or typed `Organisation`
  // (the entity interface): the object's own type decides, and it must fit the one asked for.
  const actual = nodeTypeName(found);
  const actualType = actual ? schema.getType(actual) : undefined;
  if (!actualType || !isObjectType(actualType)) return null;
  if (actualType !== type && !(isInterfaceType(type) && schema.isSubType(type, actualType))) return null;
  return found;
}

async function fetchById(id: unknown, ctx: Context): Promise<object | undefined> {
  if (typeof id !== 'string') return undefined;
  const parsed = parseAnyGlobalId(id);
  const fetch = parsed && nodeFetcher(parsed.type);
  if (!parsed || !fetch) return undefined;
  const [found] = await fetch(ctx, [parsed.id]);
  return found;
}

/**
 * Checks the shape of `_entities(representations:)` before anything is
 * loaded: a list of at most {@link MAX_REPRESENTATIONS} objects, each with the
 * `__typename` of one of our entity types. A wrong shape is a gateway or client
 * bug and answers BAD_USER_INPUT naming the element; key values are not
 * checked here (a bad key resolves to null, like an unknown ID in `node()`).
 */
export function checkRepresentations(representations: unknown, entityTypes: ReadonlySet<string>): Array<Record<string, unknown>> {
  if (!Array.isArray(representations)) throw badInput('representations', 'must be a list of objects.');
  if (representations.length > MAX_REPRESENTATIONS) {
    throw badInput(
      'representations',
      `at most ${MAX_REPRESENTATIONS} representations per request, got ${representations.length}; split the request.`,
    );
  }
  representations.forEach((representation, index) => {
    if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
      throw badInput(`representations[${index}]`, 'must be an object with __typename and a key (e.g. id).');
    }
    const typename = (representation as { __typename?: unknown }).__typename;
    if (typeof typename !== 'string' || !entityTypes.has(typename)) {
      throw badInput(
        `representations[${index}].__typename`,
        `${JSON.stringify(typename ?? null)?.slice(0, 100)} is not an entity type of this subgraph (one of ${[...entityTypes].join(', ')}).`,
      );
    }
  });
  return representations as Array<Record<string, unknown>>;
}
