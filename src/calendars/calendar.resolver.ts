import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Topic } from '../directory';
import { organisationLoader } from '../directory';
import type { OrganisationEntity } from '../directory';
import { Organisation } from '../directory';
import { EventCategory, EventVisibility } from '../events';
import type { Context } from '../access';
import { globalId, parseGlobalId } from '../shared/global-id';
import { DateTimeScalar, LanguageCodeScalar } from '../shared/scalars';
import * as calendars from './calendar.service';
import type { CalendarSourceValue, ImportCounts } from './calendar.service';

@InputType('CalendarSourceDefaults', { description: 'What imported events get that an iCalendar feed does not say.' })
export class CalendarSourceDefaults {
  @Field(() => ID, { nullable: true, description: 'The municipality the events take place in.' })
  municipalityId?: string | null;

  @Field(() => EventVisibility, { nullable: true, description: 'Who sees them once published (default PUBLIC).' })
  visibility?: EventVisibility | null;

  @Field(() => [Topic], { nullable: true, description: 'Their topics.' })
  topics?: Topic[] | null;

  @Field(() => [LanguageCodeScalar], { nullable: true, description: 'The languages they are held in.' })
  languages?: string[] | null;

  @Field(() => EventCategory, { nullable: true, description: 'Their category (default OTHER).' })
  category?: EventCategory | null;

  @Field(() => Boolean, { nullable: true, description: 'Publish new events at once (default false: they stay drafts).' })
  publish?: boolean | null;
}

@ObjectType('CalendarSource', {
  description:
    "A partner's own calendar (an ICS URL) the hub fetches periodically; its events become the organisation's events, matched by UID, and are created, updated and cancelled as the calendar changes (never deleted).",
})
export class CalendarSource {
  @Field(() => ID, { description: 'Global ID (for syncCalendarSource and removeCalendarSource).' })
  id: string;

  @Field({ description: 'The ICS URL.' })
  url: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the hub last tried to fetch it.' })
  lastFetchedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When a fetch last succeeded (also when unchanged, HTTP 304).' })
  lastSuccessAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the last sync failed or what it skipped, e.g. "unreachable (ECONNREFUSED).", "not iCalendar: ...", "the calendar is too large ...", "too many events ...", "line 12 is malformed ..."; null after a clean sync. A failed sync changes nothing.',
  })
  lastError: string | null;

  @Field(() => Int, { description: 'Events created from it so far.' })
  createdCount: number;

  @Field(() => Int, { description: 'Event updates from it so far.' })
  updatedCount: number;

  @Field(() => Int, { description: 'Events cancelled because the calendar cancelled or dropped them.' })
  cancelledCount: number;

  @Field(() => DateTimeScalar, { description: 'When the next periodic sync is due.' })
  nextSyncAt: Date;
}

@ObjectType('CalendarImportResult', { description: 'What a one-off importCalendar did.' })
export class CalendarImportResult {
  @Field(() => Int, { description: 'Events created.' }) created: number;
  @Field(() => Int, { description: 'Events changed.' }) updated: number;
  @Field(() => Int, { description: 'Events cancelled (STATUS:CANCELLED in the text).' }) cancelled: number;
  @Field(() => Int, { description: 'Events already up to date.' }) unchanged: number;
  @Field(() => [String], { description: 'Events left out, with the reason.' }) skipped: string[];
}

function defaultsOf(input: CalendarSourceDefaults | null | undefined): calendars.SourceDefaults {
  if (!input) return {};
  return {
    municipalityId: input.municipalityId ? parseGlobalId(input.municipalityId, 'Municipality', 'defaults.municipalityId') : null,
    visibility: input.visibility ?? undefined,
    topics: input.topics ?? undefined,
    languages: input.languages ?? undefined,
    category: input.category ?? undefined,
    publish: input.publish ?? false,
  };
}

@Resolver(() => CalendarSource)
export class CalendarSourceResolver {
  @Mutation(() => CalendarSource, {
    description:
      "Links an organisation's own calendar (an http(s) ICS URL; the organisation's EDITOR/ADMIN keys or coordinators) and syncs it at once; then every CALENDAR_SYNC_INTERVAL_MS, with conditional GETs. Private and local addresses are refused.",
  })
  addCalendarSource(
    @Ctx() ctx: Context,
    @Arg('organisationId', () => ID, { description: 'The organisation whose calendar it is.' }) organisationId: string,
    @Arg('url', { description: 'The ICS URL, e.g. the "secret address in iCal format" of a Google calendar.' }) url: string,
    @Arg('defaults', () => CalendarSourceDefaults, { nullable: true, description: 'What its events get.' })
    defaults?: CalendarSourceDefaults | null,
  ): Promise<CalendarSourceValue> {
    const id = parseGlobalId(organisationId, 'Organisation', 'organisationId');
    return calendars.addCalendarSource(ctx, id, url.trim(), defaultsOf(defaults));
  }

  @Mutation(() => CalendarSource, { description: 'Syncs a linked calendar now; CONFLICT while another sync of it runs.' })
  syncCalendarSource(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The source.' }) id: string) {
    return calendars.syncCalendarSource(ctx, parseGlobalId(id, 'CalendarSource', 'id'));
  }

  @Mutation(() => Boolean, { description: 'Unlinks a calendar; the events imported from it stay, no longer synced.' })
  removeCalendarSource(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The source.' }) id: string) {
    return calendars.removeCalendarSource(ctx, parseGlobalId(id, 'CalendarSource', 'id'));
  }

  @Mutation(() => CalendarImportResult, {
    description:
      "Imports an iCalendar text once into an organisation's events (its EDITOR/ADMIN keys or coordinators): creates and updates by UID, cancels those the text cancels (STATUS:CANCELLED); new events stay drafts.",
  })
  importCalendar(
    @Ctx() ctx: Context,
    @Arg('organisationId', () => ID, { description: 'The organisation.' }) organisationId: string,
    @Arg('ics', { description: 'The iCalendar text (BEGIN:VCALENDAR ...).' }) ics: string,
  ): Promise<ImportCounts> {
    return calendars.importCalendar(ctx, parseGlobalId(organisationId, 'Organisation', 'organisationId'), ics);
  }

  @FieldResolver(() => ID)
  id(@Root() source: CalendarSourceValue): string {
    return globalId('CalendarSource', source.id);
  }

  @FieldResolver(() => Organisation, { description: 'The organisation whose calendar it is.' })
  organisation(@Root() source: CalendarSourceValue, @Ctx() ctx: Context) {
    return organisationLoader(ctx).load(source.organisationId);
  }
}

@Resolver(() => Organisation)
export class OrganisationCalendarSourcesResolver {
  @FieldResolver(() => [CalendarSource], {
    description: "The organisation's linked calendars; only its own keys and coordinators see them (empty for everyone else).",
  })
  calendarSources(@Root() organisation: OrganisationEntity, @Ctx() ctx: Context): Promise<CalendarSourceValue[]> {
    return calendars.organisationSources(ctx, organisation.id);
  }
}
