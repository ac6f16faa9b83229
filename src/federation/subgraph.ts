import { buildSubgraphSchema, entitiesResolver, type GraphQLReferenceResolver, type GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import {
  execute,
  Kind,
  lexicographicSortSchema,
  parse,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InterfaceTypeDefinitionNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { Context } from '../access';
import { checkRepresentations, ENTITY_KEY, entityTypeNames, resolveEntity } from './entities';

/**
 * The Apollo Federation version the hub links: the newest that all three
 * libraries in the chain support (@apollo/subgraph knows up to v2.15,
 * @theguild/federation-composition and so Hive Gateway up to v2.9).
 */
export const FEDERATION_VERSION = 'v2.9';
export const FEDERATION_SPEC_URL = `https://specs.apollo.dev/federation/${FEDERATION_VERSION}`;

/**
 * Value types a partner subgraph may define as well (a course's place has an
 * address and a position; every Relay list has a PageInfo). Composition only
 * accepts a type in two subgraphs when both mark it `@shareable`.
 */
export const SHAREABLE_TYPES: readonly string[] = ['Address', 'GeoPoint', 'PageInfo'];

function directive(name: string, fields?: string): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: fields
      ? [
          {
            kind: Kind.ARGUMENT,
            name: { kind: Kind.NAME, value: 'fields' },
            value: { kind: Kind.STRING, value: fields },
          },
        ]
      : [],
  };
}

/**
 * The hub's SDL as a federation subgraph: type-graphql's schema printed with
 * its directives, `@link`ed to federation, with `@key` on every entity type and
 * `@shareable` on the shared value types. Added here rather than with
 * `@Directive` in each slice, so the domain types stay free of federation and
 * a new Node type becomes an entity by itself.
 */
export function subgraphTypeDefs(schema: GraphQLSchema): DocumentNode {
  const entities = new Set(entityTypeNames(schema));
  const shareable = new Set(SHAREABLE_TYPES);
  const decorate = <T extends ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode>(node: T): T => {
    const added = [
      ...(entities.has(node.name.value) ? [directive('key', ENTITY_KEY)] : []),
      ...(shareable.has(node.name.value) ? [directive('shareable')] : []),
    ];
    return added.length ? { ...node, directives: [...(node.directives ?? []), ...added] } : node;
  };
  // Sorted, so the SDL does not depend on the order in which modules happened to declare their resolvers.
  const printed = visit(parse(printSchemaWithDirectives(lexicographicSortSchema(schema))), {
    ObjectTypeDefinition: decorate,
    InterfaceTypeDefinition: decorate,
  });
  const link = parse(`extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key", "@shareable"])`);
  return { kind: Kind.DOCUMENT, definitions: [...link.definitions, ...printed.definitions] };
}

/**
 * Builds the schema the hub serves on /graphql (HTTP and websocket) from the
 * type-graphql schema, as type-graphql's federation example does: its resolvers
 * (queries, mutations, subscriptions with their change-feed `subscribe`,
 * scalars, enums, type resolvers) come over through `createResolversMap`; each
 * entity type gets a `__resolveReference` that applies the policies of
 * `node()`; `_entities` checks its input before resolving anything.
 */
export function buildHubSubgraph(schema: GraphQLSchema): GraphQLSchema {
  const entities = entityTypeNames(schema);
  const entityTypes = new Set(entities);
  const references: Record<string, { __resolveReference: GraphQLReferenceResolver<Context> }> = {};
  for (const name of entities) {
    references[name] = {
      __resolveReference: (representation, ctx, info) =>
        resolveEntity(
          info.schema,
          info.schema.getType(name) as GraphQLObjectType | GraphQLInterfaceType,
          representation as Record<string, unknown>,
          ctx,
        ),
    };
  }
  const entitiesField: GraphQLResolverMap<Context> = {
    Query: {
      _entities: (_source, args: { representations?: unknown }, context, info) =>
        entitiesResolver({ representations: checkRepresentations(args.representations, entityTypes), context, info }),
    },
  };
  const none: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };
  return buildSubgraphSchema([
    { typeDefs: subgraphTypeDefs(schema), resolvers: createResolversMap(schema) as GraphQLResolverMap<Context> },
    // Applied after the built-in `_entities`, so this one (with the input check) replaces it.
    { typeDefs: none, resolvers: { ...(references as unknown as GraphQLResolverMap<Context>), ...entitiesField } },
  ]);
}

/** The subgraph SDL exactly as `{ _service { sdl } }` answers it (what gateways and composers read). */
export async function serviceSdl(subgraph: GraphQLSchema): Promise<string> {
  const result = await execute({ schema: subgraph, document: parse('{ _service { sdl } }') });
  const sdl = (result.data as { _service?: { sdl?: string } } | null | undefined)?._service?.sdl;
  if (result.errors?.length || typeof sdl !== 'string') {
    throw new Error(`_service { sdl } failed: ${result.errors?.map((error) => error.message).join('; ')}`);
  }
  return sdl;
}
