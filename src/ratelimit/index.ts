/**
 * The fair-use slice's public surface: budgets in cost points per API key
 * and client address (see ratelimit.ts), and what coordinators see and set.
 */
import { BudgetResolver } from './budget.resolver';

export { recordCost } from './cost';
export { createRateLimits, type RateLimits } from './ratelimit';

/** The slice's GraphQL resolvers, for src/schema.ts. */
export const rateLimitResolvers = [BudgetResolver] as const;
