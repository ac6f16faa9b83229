// Typed GraphQL documents: gql.tada reads the hub's schema (schema/schema.graphql, turned into
// graphql-env.d.ts by `npm run console:types`), so every query's result and variables are checked
// by `npm run typecheck` against the real API.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    DateTime: string;
    Date: string;
    EmailAddress: string;
    URL: string;
    LanguageCode: string;
    JSON: unknown;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
