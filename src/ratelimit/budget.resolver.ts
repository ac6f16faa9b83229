import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ApiKey, ApiKeyEntity, type Context } from '../access';
import { updateRows } from '../db/write';
import { badInput, forbidden, notFound, unauthenticated } from '../shared/errors';
import { parseGlobalId } from '../shared/global-id';

/** A key's budget on ApiKey, and the coordinators' mutation to set it (see ratelimit.ts). */
@Resolver(() => ApiKey)
export class BudgetResolver {
  @FieldResolver(() => Int, {
    description:
      "The size of this key's bucket of cost points: the most it may spend at once; spent points flow back " +
      'steadily, the whole budget in RATE_LIMIT_WINDOW_S (60 s by default). Its own budget if a coordinator set one ' +
      '(setApiKeyBudget), else the default (RATE_LIMIT_KEY_POINTS). Every answer says what is left in ' +
      '`extensions.cost` and the `RateLimit` header.',
  })
  budget(@Ctx() ctx: Context, @Root() key: ApiKeyEntity): number {
    return key.budget ?? ctx.app.config.RATE_LIMIT_KEY_POINTS;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the key has a budget of its own (else the default applies).' })
  ownBudget(@Root() key: ApiKeyEntity): boolean {
    return key.budget !== null && key.budget !== undefined;
  }

  @Query(() => ApiKey, {
    nullable: true,
    description: 'An API key by its ID, e.g. to see its budget (coordinators only; null when there is no such key).',
  })
  async apiKey(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The key.' }) id: string): Promise<ApiKeyEntity | null> {
    if (!ctx.viewer.authenticated) throw unauthenticated();
    if (!ctx.viewer.coordinator) throw forbidden('Only coordinators may look up API keys.');
    return ctx.db.getRepository(ApiKeyEntity).findOneBy({ id: parseGlobalId(id, 'ApiKey', 'id') });
  }

  @Mutation(() => ApiKey, {
    description:
      "Sets the size of an API key's bucket of cost points (coordinators only; it refills in RATE_LIMIT_WINDOW_S), " +
      'e.g. more for a busy district portal, less for a misbehaving script; null returns it to the default. Takes ' +
      'effect on its next request.',
  })
  async setApiKeyBudget(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The key.' }) id: string,
    @Arg('points', () => Int, { nullable: true, description: 'Bucket size in points, 1..100000000; null for the default.' })
    points: number | null,
  ): Promise<ApiKeyEntity> {
    if (!ctx.viewer.authenticated) throw unauthenticated();
    if (!ctx.viewer.coordinator) throw forbidden('Only coordinators may set budgets.');
    if (points !== null && (points < 1 || points > 100_000_000)) {
      throw badInput('points', 'must be between 1 and 100000000, or null for the default.');
    }
    const [updated] = await updateRows(ctx.db, ApiKeyEntity, { id: parseGlobalId(id, 'ApiKey', 'id') }, { budget: points });
    if (!updated) throw notFound('The API key', 'id');
    return updated;
  }
}
