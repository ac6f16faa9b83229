import { Field, Int, ObjectType } from 'type-graphql';
import type { Page, PageEdge } from './pagination';

@ObjectType({
  simpleResolvers: true,
  description: 'Where a page of a list stands: whether more follow, and the cursors at its ends.',
})
export class PageInfo {
  @Field({ description: 'True when more items follow this page; fetch them with `after: endCursor`.' })
  hasNextPage: boolean;

  @Field({ description: 'True when this page was fetched with `after`, i.e. items come before it.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page; null when the page is empty.' })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item of this page; pass it as `after` for the next page.',
  })
  endCursor: string | null;
}

/** The runtime shape of every connection; `totalCount` is counted only when asked for. */
export interface Connection<Node> {
  edges: Array<PageEdge<Node>>;
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}

/** Builds a connection from a page; `count` runs only if the client selects `totalCount`. */
export function toConnection<Node>(
  page: Page<Node>,
  after: string | null | undefined,
  count: () => Promise<number>,
): Connection<Node> {
  // The page's edges encode their cursors only when read (see `toPages`); so does the page info.
  const edges = page.edges;
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: Boolean(after),
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges[edges.length - 1]?.cursor ?? null;
      },
    },
    get totalCount() {
      return count();
    },
  };
}

type NodeTypeRef = abstract new (...args: never[]) => unknown;

/**
 * The GraphQL types of a Relay connection of `nodeType`, named `<name>Connection`
 * and `<name>Edge`.
 */
export function connectionTypes(nodeType: () => NodeTypeRef, name: string, items: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${name.toLowerCase()} in a list, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque position of this item; pass it as `after` to continue after it.' })
    cursor: string;

    @Field(nodeType, { description: `The ${name.toLowerCase()}.` })
    node: unknown;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${items} (Relay connection).` })
  class ConnectionType {
    @Field(() => [Edge], { description: `The ${items} of this page, in order.` })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Position of this page in the whole list.' })
    pageInfo: PageInfo;

    // Not a simple property: its value is a promise (counted only when selected), and the compiled executor
    // (src/server/executor.ts) reads simple properties synchronously.
    @Field(() => Int, { simple: false, description: `How many ${items} match in all, across every page.` })
    totalCount: number;
  }

  return { Edge, Connection: ConnectionType };
}
