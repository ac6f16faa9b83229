import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from './context';
import { publicUrl } from '../config';
import { globalId, parseGlobalId } from '../shared/global-id';
import { DateTimeScalar } from '../shared/scalars';
import { createFeedToken, listFeedTokens, revokeFeedToken, type FeedTokenValue } from './feed-token.service';

@ObjectType('FeedToken', {
  description:
    "A secret for calendar feed URLs (calendar apps cannot send an Authorization header). It sees what the API key that made it may see, as that key's rights are at each request, and stops working when it or its key is revoked or the key expires.",
})
export class FeedToken {
  @Field(() => ID, { description: 'Global ID (for revokeFeedToken).' })
  id: string;

  @Field({ description: 'Label, e.g. "Outlook of the integration office".' })
  label: string;

  @Field({ description: 'The first characters of the secret, to recognise it, e.g. "whf_Ab3dE9xQ".' })
  prefix: string;

  @Field(() => DateTimeScalar, { description: 'When it was made.' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When a feed was last read with it (to the minute).' })
  lastUsedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked; null while valid.' })
  revokedAt: Date | null;
}

@ObjectType('CreatedFeedToken', { description: 'A new feed token and its URLs. The secret is shown only here, once.' })
export class CreatedFeedToken {
  @Field({ description: 'The secret; feed URLs take it as `?token=<secret>`. Store it safely; it cannot be shown again.' })
  secret: string;

  @Field({
    description:
      'The district feed with the token, to paste into a calendar app; other feeds take the same `token` parameter (and `drafts=true` for your own drafts and plans).',
  })
  icsUrl: string;

  @Field({ description: 'The same as a webcal:// link.' })
  webcalUrl: string;

  @Field(() => FeedToken, { description: 'The token.' })
  feedToken: FeedTokenValue;
}

@Resolver(() => FeedToken)
export class FeedTokenResolver {
  @Mutation(() => CreatedFeedToken, {
    description:
      'Makes a feed token for the requesting API key (any valid key). Its feeds hold what the key may see: partner-only events, and the drafts and plans of its organisation with `drafts=true`.',
  })
  async createFeedToken(
    @Ctx() ctx: Context,
    @Arg('label', { description: 'Who uses it, e.g. "Nextcloud of the mosque community" (1..200 characters).' }) label: string,
  ): Promise<CreatedFeedToken> {
    const { secret, token } = await createFeedToken(ctx, label);
    const icsUrl = `${publicUrl(ctx.app.config)}/feeds/events.ics?token=${secret}`;
    return { secret, icsUrl, webcalUrl: icsUrl.replace(/^https?:\/\//, 'webcal://'), feedToken: token };
  }

  @Mutation(() => FeedToken, {
    description:
      "Revokes a feed token at once: its feeds answer 401 from the next request. The key that made it, its organisation's ADMIN keys and coordinators. Revoking twice is harmless.",
  })
  revokeFeedToken(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The token.' }) id: string): Promise<FeedTokenValue> {
    return revokeFeedToken(ctx, parseGlobalId(id, 'FeedToken', 'id'));
  }

  @Query(() => [FeedToken], { description: "The requesting key's feed tokens, newest first (empty without a key)." })
  feedTokens(@Ctx() ctx: Context): Promise<FeedTokenValue[]> {
    return listFeedTokens(ctx);
  }

  @FieldResolver(() => ID, { description: 'Global ID (for revokeFeedToken).' })
  id(@Root() token: FeedTokenValue): string {
    return globalId('FeedToken', token.id);
  }
}
