import { Field, ID, InterfaceType } from 'type-graphql';
import type { Context } from './context';

/** An object with a global ID, refetchable through `node(id)` (Relay). */
@InterfaceType('Node', {
  description: 'An object with a global, opaque ID that can be fetched again with `node(id:)` or `nodes(ids:)`.',
  resolveType: (value: object) => nodeTypeName(value),
})
export abstract class Node {
  @Field(() => ID, { description: 'Global, opaque ID of the object.' })
  id: string;
}

/**
 * How `node(id)` fetches objects of one GraphQL type: by database ids, in one
 * batch, returning only what the viewer may see (undefined otherwise).
 */
export type NodeFetcher = (ctx: Context, ids: readonly string[]) => Promise<Array<object | undefined>>;

const fetchers = new Map<string, NodeFetcher>();
const namers: Array<(value: object) => string | undefined> = [];

/**
 * Each domain registers the types it owns, so `node()` needs no list of its
 * own: how to fetch them by id, and how to tell a value's GraphQL type.
 */
export function registerNodeType(typeName: string, fetch: NodeFetcher, typeNameOf: (value: object) => string | undefined): void {
  fetchers.set(typeName, fetch);
  namers.push(typeNameOf);
}

/** The GraphQL type name of a value returned for a Node field. */
export function nodeTypeName(value: object): string | undefined {
  for (const namer of namers) {
    const name = namer(value);
    if (name) return name;
  }
  return undefined;
}

export function nodeFetcher(typeName: string): NodeFetcher | undefined {
  return fetchers.get(typeName);
}
