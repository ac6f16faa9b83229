import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../access';
import type { Connection } from '../shared/connection';
import { badInput } from '../shared/errors';
import { globalId, parseGlobalId } from '../shared/global-id';
import { listConnection, nestedConnection } from '../db/list';
import { registerNodeType } from '../access';
import { prefetched } from '../shared/prefetch';
import { Selection } from '../shared/selection';
import { pageSize } from '../shared/pagination';
import { LanguageCodeScalar } from '../shared/scalars';
import { pickTranslation } from '../shared/translations';
import type { ContactEntity } from './contact.entity';
import { Contact } from './contact.types';
import type { MunicipalityEntity } from './municipality.entity';
import { Municipality } from './municipality.types';
import { OrganisationHistoryConnection, organisationHistoryConnection } from './organisation-history';
import { OrganisationOrder } from './directory.enums';
import { OrganisationEntity } from './organisation.entity';
import { CreateOrganisationInput, OrganisationFilter, UpdateOrganisationInput } from './organisation.inputs';
import {
  contactsLoader,
  memberOfLoader,
  municipalityLoader,
  organisationBySlugLoader,
  organisationCriteria,
  organisationList,
  organisationLoader,
  resolveOrganisationOrder,
} from './organisation.query';
import * as organisations from './organisation.service';
import { Address, ORGANISATION_TYPE_NAMES, Organisation, OrganisationConnection } from './organisation.types';
import { addressOf } from './address';

registerNodeType(
  'Organisation',
  (ctx, ids) =>
    organisationLoader(ctx)
      .loadMany(ids)
      .then((rows) => rows.map((row) => (row instanceof Error ? undefined : row))),
  (value) => (value instanceof OrganisationEntity ? ORGANISATION_TYPE_NAMES[value.kind] : undefined),
);

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => OrganisationConnection, {
    description:
      'Organisations of the network, filtered and ordered; a Relay connection (`first` 1..100, default 20). Default order: RELEVANCE with `search`, DISTANCE with `near`, else NAME.',
  })
  organisations(
    @Ctx() ctx: Context,
    @Arg('filter', () => OrganisationFilter, { nullable: true, description: 'Criteria; all must match.' })
    filter?: OrganisationFilter | null,
    @Arg('orderBy', () => OrganisationOrder, { nullable: true, description: 'Order of the list.' })
    orderBy?: OrganisationOrder | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the item to continue after (`pageInfo.endCursor`).' })
    after?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<Connection<OrganisationEntity>> {
    const size = pageSize(first);
    const criteria = organisationCriteria(filter);
    const order = resolveOrganisationOrder(orderBy, criteria);
    const selection = info && Selection.of(info, ['edges', 'node']);
    return listConnection(ctx.db, organisationList(ctx, { criteria, order, first: size, after }, undefined, selection));
  }

  @Query(() => Organisation, {
    nullable: true,
    description: 'One organisation by ID or slug (give exactly one); null when none has it.',
  })
  async organisation(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true, description: 'Global ID.' }) id?: string | null,
    @Arg('slug', () => String, { nullable: true, description: 'Slug, e.g. "moscheegemeinde-vellmar".' }) slug?: string | null,
  ): Promise<OrganisationEntity | undefined> {
    if ((id ? 1 : 0) + (slug ? 1 : 0) !== 1) throw badInput(id ? 'slug' : 'id', 'give either id or slug, not both or neither.');
    if (id) return organisationLoader(ctx).load(parseGlobalId(id, 'Organisation', 'id'));
    return organisationBySlugLoader(ctx).load(slug!);
  }

  @FieldResolver(() => ID, { description: 'Global ID of the organisation.' })
  id(@Root() organisation: OrganisationEntity): string {
    return globalId('Organisation', organisation.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Description in the requested language; without `language`, the request's Accept-Language decides; falls back to the original language.",
  })
  description(
    @Root() organisation: OrganisationEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => LanguageCodeScalar, { nullable: true, description: 'Preferred language, e.g. "tr".' })
    language?: string | null,
  ): string | null {
    return pickTranslation(organisation.description, language ? [language] : ctx.languages, organisation.originalLanguage);
  }

  @FieldResolver(() => Address, {
    nullable: true,
    description: 'Postal address with municipality and position; null when unknown.',
  })
  address(@Root() organisation: OrganisationEntity) {
    return addressOf(organisation);
  }

  @FieldResolver(() => Municipality, { nullable: true, description: 'The municipality the organisation is located in.' })
  municipality(@Root() organisation: OrganisationEntity, @Ctx() ctx: Context) {
    if (!organisation.municipalityId) return null;
    return (
      prefetched<MunicipalityEntity>(organisation, 'municipality') ?? municipalityLoader(ctx).load(organisation.municipalityId)
    );
  }

  @FieldResolver(() => [Organisation], { description: 'Federations (umbrella organisations) this organisation is a member of.' })
  memberOf(@Root() organisation: OrganisationEntity, @Ctx() ctx: Context): OrganisationEntity[] | Promise<OrganisationEntity[]> {
    return prefetched<OrganisationEntity[]>(organisation, 'memberOf') ?? memberOfLoader(ctx).load(organisation.id);
  }

  @FieldResolver(() => OrganisationConnection, {
    description: 'Members of this organisation when it is a federation (empty otherwise), by name.',
  })
  members(
    @Root() organisation: OrganisationEntity,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string | null,
  ): Promise<Connection<OrganisationEntity>> {
    const size = pageSize(first);
    const list = organisationList(ctx, { criteria: {}, order: OrganisationOrder.NAME, first: size, after }, 'umbrella');
    return nestedConnection(ctx, `members:${size}:${after ?? ''}`, organisation.id, list);
  }

  @FieldResolver(() => OrganisationHistoryConnection, {
    description:
      "Who changed what on this organisation and its contacts, oldest first (`first` 1..100, default 20): the actor's key label and organisation, the fields with old and new values, the version. Only the organisation's own keys and coordinators read it; for everyone else it is empty.",
  })
  history(
    @Root() organisation: OrganisationEntity,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string | null,
  ) {
    return organisationHistoryConnection(ctx, organisation.id, pageSize(first), after);
  }

  @FieldResolver(() => [Contact], { description: 'Contact persons the viewer may see (see `Contact`).' })
  contacts(@Root() organisation: OrganisationEntity, @Ctx() ctx: Context) {
    return prefetched<ContactEntity[]>(organisation, 'contacts') ?? contactsLoader(ctx).load(organisation.id);
  }

  @Mutation(() => Organisation, { description: 'Adds an organisation to the directory (coordinators only).' })
  createOrganisation(
    @Ctx() ctx: Context,
    @Arg('input', () => CreateOrganisationInput, { description: 'The new organisation.' }) input: CreateOrganisationInput,
  ) {
    return organisations.createOrganisation(ctx, input);
  }

  @Mutation(() => Organisation, {
    description:
      'Changes an organisation (its EDITOR/ADMIN keys or coordinators). `expectedVersion` must be the current `version`; otherwise CONFLICT with `extensions.currentVersion`, and nothing is changed.',
  })
  updateOrganisation(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The organisation.' }) id: string,
    @Arg('expectedVersion', () => Int, { description: 'The `version` the change is based on.' }) expectedVersion: number,
    @Arg('input', () => UpdateOrganisationInput, { description: 'The changes.' }) input: UpdateOrganisationInput,
  ) {
    return organisations.updateOrganisation(ctx, id, expectedVersion, input);
  }

  @Mutation(() => Organisation, { description: 'Marks the entry as verified by a coordinator (coordinators only).' })
  verifyOrganisation(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The organisation.' }) id: string) {
    return organisations.verifyOrganisation(ctx, id);
  }

  @Mutation(() => Organisation, {
    description: 'Records that the organisation confirms its entry is still correct (sets `lastConfirmedAt`).',
  })
  confirmOrganisationDetails(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The organisation.' }) id: string) {
    return organisations.confirmOrganisationDetails(ctx, id);
  }
}
