import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { AccessResolver } from './access/access.resolver';
import { AddressResolver } from './directory/address.resolver';
import { ContactResolver } from './directory/contact.resolver';
import { MunicipalityResolver } from './directory/municipality.resolver';
import { OrganisationResolver } from './directory/organisation.resolver';
import { ORGANISATION_TYPES } from './directory/organisation.types';
import { CampaignResolver } from './events/campaign.resolver';
import { MunicipalityEventsResolver, OrganisationEventsResolver } from './events/event-links.resolver';
import { EventHistoryActorResolver } from './events/event.history';
import { EventOrganiserResolver, EventResolver } from './events/event.resolver';
import { ChangeResolver } from './live/change.resolver';
import { unusedPubSub } from './live/live';
import { CoverageGapResolver } from './matching/coverage-gap.resolver';
import { MatchingResolver } from './matching/matching.resolver';
import { installFastResolverParams } from './server/resolver-params';
import { validateArgument } from './server/validation';
import { NodeResolver } from './shared/node.resolver';
import { DateTimeScalar } from './shared/scalars';

/** Every resolver of the hub, by domain. */
export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  AccessResolver,
  MunicipalityResolver,
  OrganisationResolver,
  AddressResolver,
  ContactResolver,
  EventResolver,
  EventOrganiserResolver,
  EventHistoryActorResolver,
  CampaignResolver,
  OrganisationEventsResolver,
  MunicipalityEventsResolver,
  ChangeResolver,
  MatchingResolver,
  CoverageGapResolver,
];

let built: Promise<GraphQLSchema> | undefined;

/** The hub's GraphQL schema, built once per process from the code (type-graphql). */
export function hubSchema(): Promise<GraphQLSchema> {
  installFastResolverParams();
  built ??= buildSchema({
    resolvers,
    orphanedTypes: [...ORGANISATION_TYPES],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateArgument,
    emitSchemaFile: false,
    pubSub: unusedPubSub,
  }).then(describeRootTypes);
  return built;
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
