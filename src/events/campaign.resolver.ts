import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Organisation } from '../directory';
import type { Context } from '../access';
import type { Connection } from '../shared/connection';
import { badInput } from '../shared/errors';
import { globalId, parseGlobalId } from '../shared/global-id';
import { nestedConnection } from '../db/list';
import { registerNodeType } from '../access';
import { pageSize } from '../shared/pagination';
import { LanguageCodeScalar } from '../shared/scalars';
import { pickTranslation } from '../shared/translations';
import { coverageLoader, listCampaigns, participantsLoader, type CoverageValue } from './campaign.query';
import * as campaigns from './campaign.service';
import { CampaignEntity, type EventEntity } from './event.entity';
import { CampaignInput, EventFilter } from './event.inputs';
import { campaignBySlugLoader, campaignLoader, eventCriteria, eventList, resolveEventOrder } from './event.query';
import { Campaign, EventConnection, MunicipalityCoverage } from './event.types';

registerNodeType(
  'Campaign',
  (ctx, ids) =>
    campaignLoader(ctx)
      .loadMany(ids)
      .then((rows) => rows.map((row) => (row instanceof Error ? undefined : row))),
  (value) => (value instanceof CampaignEntity ? 'Campaign' : undefined),
);

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => [Campaign], {
    description:
      'Campaigns, latest first (by first day). `first` 1..100 (default 20); continue with `after` set to the ID of the last campaign received.',
  })
  campaigns(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'How many, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'ID of the campaign to continue after.' }) after?: string | null,
  ): Promise<CampaignEntity[]> {
    return listCampaigns(ctx, first, after);
  }

  @Query(() => Campaign, { nullable: true, description: 'One campaign by ID or slug (give exactly one); null when none has it.' })
  campaign(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true, description: 'Global ID.' }) id?: string | null,
    @Arg('slug', () => String, { nullable: true, description: 'Slug, e.g. "tag-der-offenen-moschee-2026".' })
    slug?: string | null,
  ): Promise<CampaignEntity | undefined> {
    if ((id ? 1 : 0) + (slug ? 1 : 0) !== 1) throw badInput(id ? 'slug' : 'id', 'give either id or slug, not both or neither.');
    if (id) return campaignLoader(ctx).load(parseGlobalId(id, 'Campaign', 'id'));
    return campaignBySlugLoader(ctx).load(slug!);
  }

  @FieldResolver(() => ID, { description: 'Global ID of the campaign.' })
  id(@Root() campaign: CampaignEntity): string {
    return globalId('Campaign', campaign.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Description in the requested language; without `language`, the request's Accept-Language decides; falls back to the original language.",
  })
  description(
    @Root() campaign: CampaignEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => LanguageCodeScalar, { nullable: true, description: 'Preferred language, e.g. "tr".' })
    language?: string | null,
  ): string | null {
    return pickTranslation(campaign.description, language ? [language] : ctx.languages, campaign.originalLanguage);
  }

  @FieldResolver(() => EventConnection, {
    description: 'The events of the campaign the viewer may see, by start (same filters as `events`).',
  })
  events(
    @Root() campaign: CampaignEntity,
    @Ctx() ctx: Context,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Further criteria.' }) filter?: EventFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string | null,
  ): Promise<Connection<EventEntity>> {
    const size = pageSize(first);
    const criteria = eventCriteria(filter);
    const order = resolveEventOrder(null, criteria);
    const list = eventList(ctx, { criteria, order, first: size, after }, 'campaign');
    return nestedConnection(ctx, `campaign-events:${JSON.stringify([filter, size, after])}`, campaign.id, list);
  }

  @FieldResolver(() => [Organisation], {
    description:
      "Organisations taking part (the lead or ACCEPTED) in the campaign's events that the viewer may see and that are not cancelled, by name.",
  })
  participants(@Root() campaign: CampaignEntity, @Ctx() ctx: Context) {
    return participantsLoader(ctx).load(campaign.id);
  }

  @FieldResolver(() => [MunicipalityCoverage], {
    description:
      "For every municipality of the district (zeros included, so the gaps show): its organisations, how many of them take part, and the campaign's events there. Counts only events the viewer may see.",
  })
  coverage(@Root() campaign: CampaignEntity, @Ctx() ctx: Context): Promise<CoverageValue[]> {
    return coverageLoader(ctx).load(campaign.id);
  }

  @Mutation(() => Campaign, { description: 'Creates a campaign (coordinators only).' })
  createCampaign(
    @Ctx() ctx: Context,
    @Arg('input', () => CampaignInput, { description: 'The new campaign.' }) input: CampaignInput,
  ) {
    return campaigns.createCampaign(ctx, input);
  }

  @Mutation(() => Campaign, { description: 'Replaces all fields of a campaign (coordinators only).' })
  updateCampaign(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The campaign.' }) id: string,
    @Arg('input', () => CampaignInput, { description: 'The new fields.' }) input: CampaignInput,
  ) {
    return campaigns.updateCampaign(ctx, id, input);
  }
}
