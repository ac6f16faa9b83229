import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ApiKey, Membership, type ApiKeyEntity, type Context } from '../access';
import { organisationLoader } from './organisation.query';
import { Organisation } from './organisation.types';

/**
 * The organisation of a membership and of an API key. Declared here, not in
 * access/: access sits below the directory and knows organisations by id only.
 */
@Resolver(() => Membership)
export class MembershipOrganisationResolver {
  @FieldResolver(() => Organisation, { description: 'The organisation.' })
  organisation(@Root() membership: Membership, @Ctx() ctx: Context) {
    return organisationLoader(ctx).load(membership.organisationId);
  }
}

@Resolver(() => ApiKey)
export class ApiKeyOrganisationResolver {
  @FieldResolver(() => Organisation, {
    nullable: true,
    description: 'The organisation it acts for; null for coordinator keys.',
  })
  organisation(@Root() key: ApiKeyEntity, @Ctx() ctx: Context) {
    return key.organisationId ? organisationLoader(ctx).load(key.organisationId) : null;
  }
}
