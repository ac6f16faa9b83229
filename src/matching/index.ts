/**
 * The matching slice's public surface: partner suggestions and coverage
 * gaps. Nothing but the schema uses it yet.
 */
import { CoverageGapResolver } from './coverage-gap.resolver';
import { MatchingResolver, MatchReasonResolver } from './matching.resolver';

/** The slice's GraphQL resolvers, for src/schema.ts. */
export const matchingResolvers = [MatchingResolver, MatchReasonResolver, CoverageGapResolver];
