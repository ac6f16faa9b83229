import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { accessResolvers } from './access';
import { calendarResolvers } from './calendars';
import { directoryResolvers, directoryTypes } from './directory';
import { eventResolvers } from './events';
import { feedResolvers } from './feeds';
import { buildHubSubgraph } from './federation';
import { liveResolvers, unusedPubSub } from './live';
import { matchingResolvers } from './matching';
import { installArgumentValuesMemo } from './server/argument-values';
import { installFastResolverParams } from './server/resolver-params';
import { privacyResolvers } from './privacy';
import { rateLimitResolvers } from './ratelimit';
import { webhookResolvers } from './webhooks';
import { validateArgument } from './server/validation';
import { DateTimeScalar } from './shared/scalars';

/**
 * Every resolver of the hub, slice by slice (each slice lists its own in its
 * index.ts). A new slice adds its list here, and its entities to src/entities.ts.
 */
export const resolvers: NonEmptyArray<Function> = [
  ...accessResolvers,
  ...directoryResolvers,
  ...eventResolvers,
  ...liveResolvers,
  ...matchingResolvers,
  ...webhookResolvers,
  ...feedResolvers,
  ...calendarResolvers,
  ...rateLimitResolvers,
  ...privacyResolvers,
];

/**
 * Where type-graphql gets resolver instances: one per class (they keep no
 * state), found by a Map lookup. Its default container searches a list of
 * every resolver class for each resolved field, hundreds of times a page.
 */
const resolverInstances = new Map<Function, unknown>();
const resolverContainer = {
  get(someClass: new () => unknown): unknown {
    let instance = resolverInstances.get(someClass);
    if (!instance) resolverInstances.set(someClass, (instance = new someClass()));
    return instance;
  },
};

let built: Promise<GraphQLSchema> | undefined;
let served: Promise<GraphQLSchema> | undefined;

/** The hub's GraphQL schema, built once per process from the code (type-graphql). */
export function hubSchema(): Promise<GraphQLSchema> {
  installFastResolverParams();
  installArgumentValuesMemo();
  built ??= buildSchema({
    resolvers,
    orphanedTypes: [...directoryTypes],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateArgument,
    emitSchemaFile: false,
    pubSub: unusedPubSub,
    container: resolverContainer,
  }).then(describeRootTypes);
  return built;
}

/**
 * The schema the hub serves on /graphql: {@link hubSchema} as an Apollo
 * Federation 2 subgraph (`_service`, `_entities`, `@key`s; see src/federation).
 */
export function servedSchema(): Promise<GraphQLSchema> {
  served ??= hubSchema().then(buildHubSubgraph);
  return served;
}

/** type-graphql gives the root types no description; partners read them first in every explorer. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query)
    query.description ??=
      'Reading the directory and calendar of the integration network. Anonymous requests see public data only; an API key ("Authorization: Bearer <secret>") sees more. What a request may not see is left out of lists and answers null, as if it did not exist. Lists that can grow are Relay connections (`first` 1..100, default 20, unless the field says otherwise). Errors carry `extensions.code`: BAD_USER_INPUT (with `extensions.field`, the path of the bad argument, e.g. "filter.near.radiusKm"), UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED or INTERNAL_SERVER_ERROR.';
  if (mutation)
    mutation.description ??=
      'Changing data; needs an API key ("Authorization: Bearer <secret>") with the right role: UNAUTHENTICATED without one, FORBIDDEN when the key may not make the change. A failed mutation writes nothing. Objects with a `version` take `expectedVersion`: when someone else changed the object first, the answer is CONFLICT with `extensions.currentVersion`.';
  if (subscription)
    subscription.description ??=
      'Live updates over graphql-ws (protocol graphql-transport-ws) on the same /graphql path. Authenticate with `connectionParams: { authorization: "Bearer <secret>" }`; without it, only changes to public events arrive. After a reconnect, subscribe again with `since` set to the last cursor you processed.';
  return schema;
}
