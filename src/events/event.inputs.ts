import { ArrayMaxSize, ArrayMinSize, IsInt, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Topic, AddressInput } from '../directory';
import { SLUG_PATTERN } from '../shared/slug';
import { GeoRadiusInput } from '../shared/geo';
import { DateScalar, DateTimeScalar, LanguageCodeScalar, URLScalar } from '../shared/scalars';
import { LocalizedTextInput } from '../shared/translation.inputs';
import { AttendanceMode, CampaignKind, EventCategory, EventStatus, EventVisibility, OrganiserRole } from './event.enums';

/** Longest texts an event accepts, per translation. */
export const MAX_TITLE = 200;
export const MAX_SUMMARY = 1_000;
export const MAX_DESCRIPTION = 10_000;
export const MAX_MESSAGE = 2_000;

@InputType('EventFilter', {
  description: 'Narrows an event list. All given criteria must match; only events the viewer may see are ever listed.',
})
export class EventFilter {
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'Events that end at or after this moment. A series counts while any of its occurrences may fall in the window; use `occurrences` for exact dates.',
  })
  from?: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Events that start at or before this moment (with `from`, it must be later).',
  })
  to?: Date | null;

  @Field(() => [ID], { nullable: true, description: 'Taking place in any of these municipalities.' })
  @ArrayMaxSize(100)
  municipalityIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Organised by any of these organisations, as lead or as an organiser that ACCEPTED.',
  })
  @ArrayMaxSize(100)
  organisationIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Belonging to any of these campaigns.' })
  @ArrayMaxSize(100)
  campaignIds?: string[] | null;

  @Field(() => [EventCategory], { nullable: true, description: 'Of any of these categories.' })
  @ArrayMaxSize(20)
  categories?: EventCategory[] | null;

  @Field(() => [Topic], { nullable: true, description: 'About any of these topics.' })
  @ArrayMaxSize(30)
  topics?: Topic[] | null;

  @Field(() => [LanguageCodeScalar], { nullable: true, description: 'Held in, or interpreted into, any of these languages.' })
  @ArrayMaxSize(30)
  languages?: string[] | null;

  @Field(() => [EventStatus], { nullable: true, description: 'In any of these statuses (still only events the viewer may see).' })
  @ArrayMaxSize(4)
  statuses?: EventStatus[] | null;

  @Field(() => [AttendanceMode], { nullable: true, description: 'With any of these attendance modes.' })
  @ArrayMaxSize(3)
  attendanceModes?: AttendanceMode[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only barrier-free events; false: only events not known to be barrier-free (no or unknown).',
  })
  barrierFree?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only events free of charge; false: only events not known to be free (paid or unknown).',
  })
  free?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'German full-text search over title, summary, place and description: stemmed ("Moscheen" finds "Moschee"), prefix ("Sprach" finds "Sprachcafé"), ignoring case, accents and umlauts, and tolerant of typos in titles.',
  })
  @MinLength(1)
  @MaxLength(200)
  search?: string | null;

  @Field(() => GeoRadiusInput, {
    nullable: true,
    description: 'Taking place within this radius (events without a position are left out).',
  })
  @ValidateNested()
  near?: GeoRadiusInput | null;
}

/** Fields shared by create and update. On update, absent means "unchanged" and null means "clear". */
@InputType('EventFields', { description: 'Fields shared by createEvent and updateEvent (not used directly).' })
abstract class EventFields {
  @Field(() => [LocalizedTextInput], {
    nullable: true,
    description: `Short summary in one or more languages (at most 20, each at most ${MAX_SUMMARY} characters). On update, replaces all translations.`,
  })
  @ArrayMaxSize(20)
  @ValidateNested()
  summary?: LocalizedTextInput[] | null;

  @Field(() => [LocalizedTextInput], {
    nullable: true,
    description: `Description in one or more languages (at most 20, each at most ${MAX_DESCRIPTION} characters). On update, replaces all translations.`,
  })
  @ArrayMaxSize(20)
  @ValidateNested()
  description?: LocalizedTextInput[] | null;

  @Field(() => LanguageCodeScalar, {
    nullable: true,
    description:
      'Language the texts were written in; the fallback when a requested translation is missing. Default: the first title language.',
  })
  originalLanguage?: string | null;

  @Field(() => [Topic], { nullable: true, description: 'Topics (at most 18).' })
  @ArrayMaxSize(18)
  topics?: Topic[] | null;

  @Field(() => EventVisibility, { nullable: true, description: 'Who sees the event once published. Default PUBLIC.' })
  visibility?: EventVisibility | null;

  @Field(() => String, {
    nullable: true,
    description:
      'IANA time zone of the wall-clock times, e.g. "Europe/Berlin" (the default). Offsets such as "+01:00" are refused.',
  })
  @MaxLength(64)
  timeZone?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'All-day event: `startsAt` is moved to the start of its local day and `endsAt` to the end of its local day. Default false.',
  })
  allDay?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Repetition as an RFC 5545 RRULE without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=TU" or "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T230000Z". FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY; a bounded series (COUNT or UNTIL) has at most 1000 occurrences. Null for a single event.',
  })
  @MaxLength(500)
  recurrence?: string | null;

  @Field(() => AttendanceMode, { nullable: true, description: 'On site, online or both. Default IN_PERSON.' })
  attendanceMode?: AttendanceMode | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The organisation whose premises host the event. Without `address`, the event takes the venue's address, municipality and position.",
  })
  venueId?: string | null;

  @Field(() => AddressInput, {
    nullable: true,
    description: 'Where the event takes place. On update, replaces the whole address.',
  })
  @ValidateNested()
  address?: AddressInput | null;

  @Field(() => URLScalar, { nullable: true, description: 'Where to join online.' })
  onlineUrl?: string | null;

  @Field(() => [LanguageCodeScalar], { nullable: true, description: 'Languages the event is held in (at most 30).' })
  @ArrayMaxSize(30)
  languages?: string[] | null;

  @Field(() => [LanguageCodeScalar], { nullable: true, description: 'Languages interpreted into on site (at most 30).' })
  @ArrayMaxSize(30)
  interpretingLanguages?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'The venue is barrier-free; null when unknown.' })
  barrierFree?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Childcare is offered; null when unknown.' })
  childcare?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Attendance is free of charge; null when unknown.' })
  free?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Maximum number of participants, 1..1000000; null when not limited.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity?: number | null;

  @Field(() => URLScalar, { nullable: true, description: 'Where to register.' })
  registrationUrl?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The campaign the event belongs to (e.g. the Interkulturelle Woche); null for none.',
  })
  campaignId?: string | null;
}

@InputType('CreateEventInput', {
  description: 'A new event. It starts as a DRAFT, visible only to its organisers and coordinators.',
})
export class CreateEventInput extends EventFields {
  @Field(() => [LocalizedTextInput], {
    description: `Title in one or more languages (1..20, each at most ${MAX_TITLE} characters).`,
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested()
  title: LocalizedTextInput[];

  @Field(() => EventCategory, { description: 'What kind of event it is.' })
  category: EventCategory;

  @Field(() => DateTimeScalar, { description: 'Start (of the first occurrence, for a series).' })
  startsAt: Date;

  @Field(() => DateTimeScalar, {
    description: 'End (of the first occurrence, for a series); after `startsAt`, at most 366 days later.',
  })
  endsAt: Date;

  @Field(() => ID, {
    nullable: true,
    description: 'The lead organisation. Default: the organisation of the EDITOR/ADMIN key; coordinators must name one.',
  })
  leadOrganisationId?: string | null;
}

@InputType('UpdateEventInput', {
  description: 'Changes to an event. Omitted fields stay as they are; null clears an optional field.',
})
export class UpdateEventInput extends EventFields {
  @Field(() => [LocalizedTextInput], {
    nullable: true,
    description: `Title in one or more languages (1..20, each at most ${MAX_TITLE} characters); replaces all translations.`,
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested()
  title?: LocalizedTextInput[] | null;

  @Field(() => EventCategory, { nullable: true, description: 'What kind of event it is.' })
  category?: EventCategory | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Start (of the first occurrence, for a series).' })
  startsAt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'End (of the first occurrence, for a series).' })
  endsAt?: Date | null;
}

@InputType('InvitationInput', { description: 'An invitation of an organisation to co-host or support an event.' })
export class InvitationInput {
  @Field(() => ID, { description: 'The organisation to invite (not the lead, not one already invited or taking part).' })
  organisationId: string;

  @Field(() => OrganiserRole, { nullable: true, description: 'CO_HOST (default) or SUPPORTER; LEAD is not possible.' })
  role?: OrganiserRole | null;

  @Field(() => String, { nullable: true, description: `A message to the organisation (at most ${MAX_MESSAGE} characters).` })
  @MaxLength(MAX_MESSAGE)
  message?: string | null;
}

@InputType('CampaignInput', { description: 'A campaign (coordinators only). On update, all fields are replaced.' })
export class CampaignInput {
  @Field({ description: 'Name (1..200 characters), e.g. "Interkulturelle Woche im Landkreis Kassel 2026".' })
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'Identifier for URLs: lowercase letters, digits and dashes. Default: made from the name, made unique.',
  })
  @Matches(SLUG_PATTERN, { message: 'must be lowercase letters, digits and single dashes, e.g. "interkulturelle-woche-2026"' })
  @MaxLength(80)
  slug?: string | null;

  @Field(() => CampaignKind, { description: 'Action day, action week or programme.' })
  kind: CampaignKind;

  @Field(() => DateScalar, { description: 'First day.' })
  startsOn: string;

  @Field(() => DateScalar, {
    description: 'Last day; not before `startsOn` (the same day for an action day), at most 2 years later.',
  })
  endsOn: string;

  @Field(() => [LocalizedTextInput], { nullable: true, description: 'Description in one or more languages (at most 20).' })
  @ArrayMaxSize(20)
  @ValidateNested()
  description?: LocalizedTextInput[] | null;

  @Field(() => LanguageCodeScalar, { nullable: true, description: 'Language the description was written in. Default "de".' })
  originalLanguage?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day to register events; not after `endsOn`.' })
  participationDeadline?: string | null;
}
