import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IsNull } from 'typeorm';
import type { Context } from './context';
import { badInput, forbidden, unauthenticated } from '../shared/errors';
import { globalId, parseGlobalId } from '../shared/global-id';
import { ApiKey, ApiKeyInput, CreatedApiKey, ViewerType } from './access.types';
import { ApiKeyEntity } from './api-key.entity';
import * as apiKeys from './api-key.service';

@Resolver(() => ApiKey)
export class AccessResolver {
  @Query(() => ViewerType, { description: 'Who the current request acts as.' })
  viewer(@Ctx() ctx: Context): ViewerType {
    const { viewer } = ctx;
    return {
      name: viewer.label ?? null,
      authenticated: viewer.authenticated,
      coordinator: viewer.coordinator,
      memberships: viewer.organisationId ? [{ organisationId: viewer.organisationId, role: viewer.role! as never }] : [],
    };
  }

  @Query(() => [ApiKey], {
    description:
      "API keys, newest first, without their secrets (those are answered once, by createApiKey): coordinators see every key, an organisation's ADMIN keys that organisation's keys; other keys get FORBIDDEN, anonymous requests UNAUTHENTICATED. For the console's key management.",
  })
  async apiKeys(
    @Ctx() ctx: Context,
    @Arg('includeRevoked', () => Boolean, {
      defaultValue: false,
      description: 'Also list revoked keys (default: only keys not revoked).',
    })
    includeRevoked: boolean,
  ): Promise<ApiKeyEntity[]> {
    const { viewer } = ctx;
    if (!viewer.authenticated) throw unauthenticated();
    let organisationId: string | undefined;
    if (!viewer.coordinator) {
      if (!viewer.organisationId || !viewer.administersOrganisation(viewer.organisationId)) {
        throw forbidden("Only coordinators and an organisation's ADMIN keys may list API keys.");
      }
      organisationId = viewer.organisationId;
    }
    return ctx.db.getRepository(ApiKeyEntity).find({
      where: {
        ...(organisationId ? { organisationId, coordinator: false } : {}),
        ...(includeRevoked ? {} : { revokedAt: IsNull() }),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 500,
    });
  }

  @Mutation(() => CreatedApiKey, {
    description:
      "Creates an API key. Coordinators may create any key; an organisation's ADMIN keys, member keys of that organisation. A key made by an ADMIN key that expires expires no later than that key (by default at the same time).",
  })
  async createApiKey(
    @Ctx() ctx: Context,
    @Arg('input', () => ApiKeyInput, { description: 'The new key.' }) input: ApiKeyInput,
  ): Promise<CreatedApiKey> {
    const label = input.label.trim();
    if (!label) throw badInput('input.label', 'must not be blank.');
    const created = await apiKeys.createApiKey(ctx, {
      label,
      coordinator: input.coordinator ?? false,
      organisationId: input.organisationId ? parseGlobalId(input.organisationId, 'Organisation', 'input.organisationId') : null,
      role: input.role ?? null,
      expiresAt: input.expiresAt ?? null,
    });
    return created;
  }

  @Mutation(() => ApiKey, {
    description: 'Revokes an API key at once (same rights as createApiKey). Revoking twice is harmless.',
  })
  revokeApiKey(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The key.' }) id: string) {
    return apiKeys.revokeApiKey(ctx, parseGlobalId(id, 'ApiKey', 'id'));
  }

  @FieldResolver(() => ID, { description: 'Global ID of the key.' })
  id(@Root() key: ApiKeyEntity): string {
    return globalId('ApiKey', key.id);
  }
}
