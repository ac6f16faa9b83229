import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  addressOf,
  municipalityLoader,
  organisationLoader,
  Municipality,
  Address,
  Organisation,
  type MunicipalityEntity,
  type OrganisationEntity,
} from '../directory';
import type { Context } from '../access';
import type { Connection } from '../shared/connection';
import { GeoRadiusInput } from '../shared/geo';
import { globalId, parseGlobalId } from '../shared/global-id';
import { listConnection } from '../db/list';
import { registerNodeType } from '../access';
import { prefetched } from '../shared/prefetch';
import { Selection } from '../shared/selection';
import { pageSize } from '../shared/pagination';
import { DateTimeScalar, LanguageCodeScalar } from '../shared/scalars';
import { pickTranslation } from '../shared/translations';
import { conflictsLoader, findConflictsForQuery } from './event.conflicts';
import { EventEntity, EventOrganiserEntity, type CampaignEntity } from './event.entity';
import { eventHistoryConnection } from './event.history';
import { CreateEventInput, EventFilter, InvitationInput, UpdateEventInput } from './event.inputs';
import { canSeeHistory, isOnEvent } from './event.policy';
import { campaignLoader, eventCriteria, eventList, eventLoader, organisersLoader, resolveEventOrder } from './event.query';
import { eventOccurrences, queryOccurrences, type OccurrenceValue } from './event.occurrences';
import * as lifecycle from './event.lifecycle';
import * as organisers from './event.organisers';
import { EventOrder } from './event.enums';
import { Campaign, Event, EventConnection, EventHistoryConnection, EventOccurrence, EventOrganiser } from './event.types';

registerNodeType(
  'Event',
  (ctx, ids) =>
    eventLoader(ctx)
      .loadMany(ids)
      .then((rows) => rows.map((row) => (row instanceof Error ? undefined : row))),
  (value) => (value instanceof EventEntity ? 'Event' : undefined),
);

const languageArg = {
  nullable: true,
  description: 'Preferred language, e.g. "tr"; without it, the request\'s Accept-Language decides.',
} as const;

/**
 * The organisers a viewer may see: all of them for organisations on the event
 * and coordinators; for everyone else only those taking part, without the
 * invitation and answer messages, which are the organisers' own correspondence.
 */
export function visibleOrganisers(ctx: Context, organisers: EventOrganiserEntity[]): EventOrganiserEntity[] {
  if (ctx.viewer.coordinator || isOnEvent(ctx.viewer, organisers)) return organisers;
  return (
    organisers
      .filter((organiser) => organiser.status === 'ACCEPTED')
      // A row without messages (none, or not fetched: a page selecting neither) has nothing to hide: no copy.
      .map((organiser) =>
        organiser.message == null && organiser.responseMessage == null
          ? organiser
          : Object.assign(new EventOrganiserEntity(), organiser, { message: null, responseMessage: null }),
      )
  );
}

@Resolver(() => Event)
export class EventResolver {
  // ---------------------------------------------------------------- queries

  @Query(() => EventConnection, {
    description:
      'Events the viewer may see, filtered and ordered; a Relay connection (`first` 1..100, default 20). Default order: RELEVANCE with `search`, DISTANCE with `near`, else STARTS_AT.',
  })
  events(
    @Ctx() ctx: Context,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Criteria; all must match.' }) filter?: EventFilter | null,
    @Arg('orderBy', () => EventOrder, { nullable: true, description: 'Order of the list.' }) orderBy?: EventOrder | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the item to continue after (`pageInfo.endCursor`).' })
    after?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<Connection<EventEntity>> {
    const size = pageSize(first);
    const criteria = eventCriteria(filter);
    const order = resolveEventOrder(orderBy, criteria);
    const selection = info && Selection.of(info, ['edges', 'node']);
    return listConnection(ctx.db, eventList(ctx, { criteria, order, first: size, after }, undefined, selection));
  }

  @Query(() => Event, {
    nullable: true,
    description: 'One event by ID; null when it does not exist or the viewer may not see it.',
  })
  event(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global ID of the event.' }) id: string) {
    return eventLoader(ctx).load(parseGlobalId(id, 'Event', 'id'));
  }

  @Query(() => [EventOccurrence], {
    name: 'occurrences',
    description:
      'The occurrences of the events the viewer may see between `from` and `to` (series expanded in their time zones), by start. The window may be at most 366 days long; at most `first` occurrences (1..500, default 100) per call — continue with `after: <last cursor>`.',
  })
  allOccurrences(
    @Ctx() ctx: Context,
    @Arg('from', () => DateTimeScalar, { description: 'Start of the window.' }) from: Date,
    @Arg('to', () => DateTimeScalar, { description: 'End of the window; after `from`, at most 366 days later.' }) to: Date,
    @Arg('filter', () => EventFilter, {
      nullable: true,
      description: 'Criteria for the events; `filter.from`/`filter.to` are ignored.',
    })
    filter?: EventFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'How many occurrences, 1..500 (default 100).' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true, description: '`cursor` of the occurrence to continue after.' })
    after?: string | null,
  ): Promise<OccurrenceValue[]> {
    return queryOccurrences(ctx, { from, to, filter, first, after });
  }

  @Query(() => [Event], {
    name: 'conflicts',
    description:
      'Events the viewer may see that overlap [`startsAt`, `endsAt`) (series included, occurrence by occurrence) in a municipality or near a point (anywhere when neither is given); cancelled events do not clash. For planners avoiding double bookings; at most 100, by start.',
  })
  conflictsAt(
    @Ctx() ctx: Context,
    @Arg('startsAt', () => DateTimeScalar, { description: 'Start of the planned time.' }) startsAt: Date,
    @Arg('endsAt', () => DateTimeScalar, { description: 'End of the planned time; after `startsAt`, at most 366 days later.' })
    endsAt: Date,
    @Arg('municipalityId', () => ID, { nullable: true, description: 'Only events in this municipality.' })
    municipalityId?: string | null,
    @Arg('near', () => GeoRadiusInput, { nullable: true, description: 'Only events within this radius.' })
    near?: GeoRadiusInput | null,
    @Arg('excludeEventId', () => ID, { nullable: true, description: 'An event to leave out (the one being planned).' })
    excludeEventId?: string | null,
  ): Promise<EventEntity[]> {
    return findConflictsForQuery(ctx, { startsAt, endsAt, municipalityId, near, excludeEventId });
  }

  // ---------------------------------------------------------------- fields

  @FieldResolver(() => ID, { description: 'Global ID of the event.' })
  id(@Root() event: EventEntity): string {
    return globalId('Event', event.id);
  }

  @FieldResolver(() => String, { description: "Title in the requested language; falls back to the event's original language." })
  title(
    @Root() event: EventEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => LanguageCodeScalar, languageArg) language?: string | null,
  ) {
    return pickTranslation(event.title, language ? [language] : ctx.languages, event.originalLanguage) ?? '';
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Short summary in the requested language; falls back to the event's original language.",
  })
  summary(
    @Root() event: EventEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => LanguageCodeScalar, languageArg) language?: string | null,
  ) {
    return pickTranslation(event.summary, language ? [language] : ctx.languages, event.originalLanguage);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Description in the requested language; falls back to the event's original language.",
  })
  description(
    @Root() event: EventEntity,
    @Ctx() ctx: Context,
    @Arg('language', () => LanguageCodeScalar, languageArg) language?: string | null,
  ) {
    return pickTranslation(event.description, language ? [language] : ctx.languages, event.originalLanguage);
  }

  @FieldResolver(() => LanguageCodeScalar, {
    description: 'The language the texts were written in (the fallback for missing translations).',
  })
  originalLanguage(@Root() event: EventEntity): string {
    return event.originalLanguage;
  }

  @FieldResolver(() => [LanguageCodeScalar], { description: 'Languages the title is available in.' })
  titleLanguages(@Root() event: EventEntity): string[] {
    return Object.keys(event.title ?? {});
  }

  @FieldResolver(() => [EventOccurrence], {
    description:
      "Occurrences overlapping [`from`, `to`]: the event itself for a single event, the expanded series (in the event's time zone) otherwise. The window may be at most 366 days long; at most `first` (1..500, default 100).",
  })
  occurrences(
    @Root() event: EventEntity,
    @Arg('from', () => DateTimeScalar, { description: 'Start of the window.' }) from: Date,
    @Arg('to', () => DateTimeScalar, { description: 'End of the window; after `from`, at most 366 days later.' }) to: Date,
    @Arg('first', () => Int, { nullable: true, description: 'How many occurrences, 1..500 (default 100).' })
    first?: number | null,
  ): OccurrenceValue[] {
    return eventOccurrences(event, from, to, first);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The partner organisation whose premises host the event.' })
  venue(@Root() event: EventEntity, @Ctx() ctx: Context) {
    return event.venueId ? organisationLoader(ctx).load(event.venueId) : null;
  }

  @FieldResolver(() => Address, {
    nullable: true,
    description: 'Where the event takes place, with municipality and position; null when unknown or online only.',
  })
  address(@Root() event: EventEntity) {
    return addressOf(event);
  }

  @FieldResolver(() => Municipality, { nullable: true, description: 'The municipality the event takes place in.' })
  municipality(@Root() event: EventEntity, @Ctx() ctx: Context) {
    if (!event.municipalityId) return null;
    return prefetched<MunicipalityEntity>(event, 'municipality') ?? municipalityLoader(ctx).load(event.municipalityId);
  }

  @FieldResolver(() => Campaign, { nullable: true, description: 'The campaign the event belongs to.' })
  campaign(@Root() event: EventEntity, @Ctx() ctx: Context): Promise<CampaignEntity | undefined> | null {
    return event.campaignId ? campaignLoader(ctx).load(event.campaignId) : null;
  }

  @FieldResolver(() => Organisation, { description: 'The lead organisation.' })
  leadOrganisation(@Root() event: EventEntity, @Ctx() ctx: Context) {
    return organisationLoader(ctx).load(event.leadOrganisationId);
  }

  @FieldResolver(() => [EventOrganiser], {
    description:
      'The organisations on the event: the lead, co-hosts, then supporters, each by invitation time. Organisations on the event and coordinators see every invitation and answer; others see only those taking part (ACCEPTED).',
  })
  organisers(@Root() event: EventEntity, @Ctx() ctx: Context): EventOrganiserEntity[] | Promise<EventOrganiserEntity[]> {
    // Read synchronously when the page fetched them: a promise per event is what graphql-js waits on longest.
    const fetched = prefetched<EventOrganiserEntity[]>(event, 'organisers');
    if (fetched) return visibleOrganisers(ctx, fetched);
    return organisersLoader(ctx)
      .load(event.id)
      .then((organisers) => visibleOrganisers(ctx, organisers));
  }

  @FieldResolver(() => [Event], {
    description:
      'Other events the viewer may see that overlap this one in time (occurrence by occurrence, within a year of its start) in the same municipality — within 10 km of its position when it has no municipality, anywhere when it has neither. Cancelled events do not clash. At most 100.',
  })
  conflicts(@Root() event: EventEntity, @Ctx() ctx: Context): Promise<EventEntity[]> {
    return conflictsLoader(ctx).load(event);
  }

  @FieldResolver(() => EventHistoryConnection, {
    description:
      "Who changed what, oldest first (`first` 1..100, default 20). Only organisations on the event and coordinators read it; for everyone else it is empty. A history of its own (not the change feed's EventChangeConnection), because it names the actor and old and new values.",
  })
  async history(
    @Root() event: EventEntity,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string | null,
  ) {
    const size = pageSize(first);
    const allowed = canSeeHistory(ctx.viewer, await organisersLoader(ctx).load(event.id));
    return eventHistoryConnection(ctx, event.id, size, after, allowed);
  }

  // ---------------------------------------------------------------- mutations

  @Mutation(() => Event, {
    description:
      'Creates an event as a DRAFT, led by an organisation the key edits (coordinators name any lead). Only its organisers and coordinators see it until it is published.',
  })
  createEvent(
    @Ctx() ctx: Context,
    @Arg('input', () => CreateEventInput, { description: 'The new event.' }) input: CreateEventInput,
  ) {
    return lifecycle.createEvent(ctx, input);
  }

  @Mutation(() => Event, {
    description:
      "Changes an event (the lead's EDITOR/ADMIN keys or coordinators). `expectedVersion` must be the current `version`; otherwise CONFLICT with `extensions.currentVersion`, and nothing is changed. Cancelled events cannot be changed.",
  })
  updateEvent(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
    @Arg('expectedVersion', () => Int, { description: 'The `version` the change is based on.' }) expectedVersion: number,
    @Arg('input', () => UpdateEventInput, { description: 'The changes.' }) input: UpdateEventInput,
  ) {
    return lifecycle.updateEvent(ctx, id, expectedVersion, input);
  }

  @Mutation(() => Event, {
    description:
      "Invites organisations as CO_HOST or SUPPORTER (the lead's editors or coordinators); they see the event at once and answer with `respondToInvitation`. A DRAFT becomes PLANNING. Not for cancelled events, the lead, or organisations already invited or taking part (those that declined or withdrew may be invited again).",
  })
  inviteOrganisers(
    @Ctx() ctx: Context,
    @Arg('eventId', () => ID, { description: 'The event.' }) eventId: string,
    @Arg('invitations', () => [InvitationInput], { description: 'The invitations (1..50).' }) invitations: InvitationInput[],
  ) {
    return organisers.inviteOrganisers(ctx, eventId, invitations);
  }

  @Mutation(() => Event, {
    description:
      "Accepts or declines an invitation; only the invited organisation's EDITOR/ADMIN keys may answer, once, while the event is not cancelled. To leave after accepting, use `withdrawFromEvent`.",
  })
  respondToInvitation(
    @Ctx() ctx: Context,
    @Arg('eventId', () => ID, { description: 'The event.' }) eventId: string,
    @Arg('organisationId', () => ID, { description: 'The invited organisation the key answers for.' }) organisationId: string,
    @Arg('accept', { description: 'True to accept, false to decline.' }) accept: boolean,
    @Arg('message', () => String, { nullable: true, description: 'A message to the organisers (at most 2000 characters).' })
    message?: string | null,
  ) {
    return organisers.respondToInvitation(ctx, eventId, organisationId, accept, message);
  }

  @Mutation(() => Event, {
    description:
      "Withdraws an invited or accepted organisation from the event: by its own EDITOR/ADMIN keys, or by the lead's editors and coordinators taking an invitation back. The lead cannot withdraw.",
  })
  withdrawFromEvent(
    @Ctx() ctx: Context,
    @Arg('eventId', () => ID, { description: 'The event.' }) eventId: string,
    @Arg('organisationId', () => ID, { description: 'The organisation that withdraws.' }) organisationId: string,
    @Arg('message', () => String, { nullable: true, description: 'Why (at most 2000 characters).' }) message?: string | null,
  ) {
    return organisers.withdrawFromEvent(ctx, eventId, organisationId, message);
  }

  @Mutation(() => Event, {
    description:
      "Publishes a DRAFT or PLANNING event (the lead's editors or coordinators); from then on `visibility` decides who sees it. `expectedVersion` as for updateEvent.",
  })
  publishEvent(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
    @Arg('expectedVersion', () => Int, { description: 'The `version` the change is based on.' }) expectedVersion: number,
  ) {
    return lifecycle.publishEvent(ctx, id, expectedVersion);
  }

  @Mutation(() => Event, {
    description:
      "Cancels an event with a reason (the lead's editors or coordinators). It stays visible to whoever saw it, with the reason. `expectedVersion` as for updateEvent.",
  })
  cancelEvent(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
    @Arg('expectedVersion', () => Int, { description: 'The `version` the change is based on.' }) expectedVersion: number,
    @Arg('reason', { description: 'Why it is cancelled (1..2000 characters), shown with the event.' }) reason: string,
  ) {
    return lifecycle.cancelEvent(ctx, id, expectedVersion, reason);
  }

  @Mutation(() => Boolean, {
    description:
      "Deletes a DRAFT (the lead's editors or coordinators); events in planning or published are cancelled instead. Answers true.",
  })
  deleteEvent(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The event.' }) id: string) {
    return lifecycle.deleteEvent(ctx, id);
  }
}

@Resolver(() => EventOrganiser)
export class EventOrganiserResolver {
  @FieldResolver(() => Organisation, { description: 'The organisation.' })
  organisation(@Root() organiser: EventOrganiserEntity, @Ctx() ctx: Context) {
    return prefetched<OrganisationEntity>(organiser, 'organisation') ?? organisationLoader(ctx).load(organiser.organisationId);
  }
}
