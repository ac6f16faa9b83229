import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { AccessResolver } from './access/access.resolver';
import { AddressResolver } from './directory/address.resolver';
import { ContactResolver } from './directory/contact.resolver';
import { MunicipalityResolver } from './directory/municipality.resolver';
import { OrganisationResolver } from './directory/organisation.resolver';
import { ORGANISATION_TYPES } from './directory/organisation.types';
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
  });
  return built;
}
