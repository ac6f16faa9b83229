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
      'Reading the directory and calendar of the integration network. Anonymous requests see public data only.';
  if (mutation)
    mutation.description ??= 'Changing data; needs an API key ("Authorization: Bearer <secret>") with the right role.';
  if (subscription) subscription.description ??= 'Live updates over graphql-ws on the same /graphql path.';
  return schema;
}
