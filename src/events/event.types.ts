import { GraphQLScalarType } from 'graphql';
import { JSONResolver } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Topic, Municipality } from '../directory';
import { connectionTypes, PageInfo } from '../shared/connection';
import { Node } from '../access';
import { DateScalar, DateTimeScalar, LanguageCodeScalar, URLScalar } from '../shared/scalars';

/** Any JSON value (graphql-scalars JSON): old and new values in an event's history. */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  description: 'Any JSON value: string, number, boolean, null, list or object.',
});

// ---------------------------------------------------------------- enums

export enum EventStatus {
  DRAFT = 'DRAFT',
  PLANNING = 'PLANNING',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(EventStatus, {
  name: 'EventStatus',
  description: 'Where an event stands in its life: drafted, being planned with co-hosts, published, or cancelled.',
  valuesConfig: {
    DRAFT: { description: 'Just created; visible only to its organisers and coordinators.' },
    PLANNING: {
      description: 'Co-hosts have been invited; still visible only to its organisers (invited included) and coordinators.',
    },
    PUBLISHED: { description: 'Published to the calendars; who sees it follows `visibility`.' },
    CANCELLED: { description: 'Cancelled (see `cancellationReason`); stays visible to whoever could see it before.' },
  },
});

export enum EventVisibility {
  PUBLIC = 'PUBLIC',
  PARTNERS = 'PARTNERS',
  ORGANISERS = 'ORGANISERS',
}
registerEnumType(EventVisibility, {
  name: 'EventVisibility',
  description:
    'Who sees an event once it is published. Drafts and events in planning are always visible only to their organisers and coordinators. (For contacts, see `Visibility`.)',
  valuesConfig: {
    PUBLIC: { description: 'Everyone, including anonymous visitors of partner web apps.' },
    PARTNERS: { description: 'Requests with any valid API key (partner apps, organisation members, coordinators).' },
    ORGANISERS: {
      description: 'Only the organisations on the event (lead, accepted and invited co-hosts and supporters) and coordinators.',
    },
  },
});

export enum EventCategory {
  OPEN_HOUSE = 'OPEN_HOUSE',
  FESTIVAL = 'FESTIVAL',
  INFORMATION = 'INFORMATION',
  LANGUAGE_CAFE = 'LANGUAGE_CAFE',
  LANGUAGE_COURSE = 'LANGUAGE_COURSE',
  WORKSHOP = 'WORKSHOP',
  TRAINING = 'TRAINING',
  SPORTS = 'SPORTS',
  CULTURE = 'CULTURE',
  RELIGIOUS = 'RELIGIOUS',
  DIALOGUE = 'DIALOGUE',
  MEETING = 'MEETING',
  OTHER = 'OTHER',
}
registerEnumType(EventCategory, {
  name: 'EventCategory',
  description: 'What kind of event it is.',
  valuesConfig: {
    OPEN_HOUSE: { description: 'Open day, e.g. "Tag der offenen Moschee".' },
    FESTIVAL: { description: 'Festival, street party, celebration.' },
    INFORMATION: { description: 'Information evening or talk.' },
    LANGUAGE_CAFE: { description: 'Language café (Sprachcafé): informal conversation practice.' },
    LANGUAGE_COURSE: { description: 'Language course, e.g. a low-threshold German course.' },
    WORKSHOP: { description: 'Workshop with active participation.' },
    TRAINING: { description: 'Training or qualification, e.g. for integration guides or lay interpreters.' },
    SPORTS: { description: 'Sports and movement.' },
    CULTURE: { description: 'Concert, reading, exhibition, theatre, film.' },
    RELIGIOUS: { description: 'Religious celebration or service open to guests.' },
    DIALOGUE: { description: 'Dialogue event, e.g. interfaith or intercultural dialogue.' },
    MEETING: { description: 'Network meeting, round table, planning meeting.' },
    OTHER: { description: 'Anything else.' },
  },
});

export enum AttendanceMode {
  IN_PERSON = 'IN_PERSON',
  ONLINE = 'ONLINE',
  HYBRID = 'HYBRID',
}
registerEnumType(AttendanceMode, {
  name: 'AttendanceMode',
  description: 'How people take part.',
  valuesConfig: {
    IN_PERSON: { description: 'On site, at the venue or address.' },
    ONLINE: { description: 'Online only, at `onlineUrl`.' },
    HYBRID: { description: 'On site and online.' },
  },
});

export enum OrganiserRole {
  LEAD = 'LEAD',
  CO_HOST = 'CO_HOST',
  SUPPORTER = 'SUPPORTER',
}
registerEnumType(OrganiserRole, {
  name: 'OrganiserRole',
  description: 'The part an organisation plays in an event.',
  valuesConfig: {
    LEAD: { description: 'The lead organisation: created the event; its editors manage it. Exactly one per event.' },
    CO_HOST: { description: 'Hosts the event together with the lead.' },
    SUPPORTER: { description: 'Supports the event (helpers, rooms, publicity) without hosting it.' },
  },
});

export enum ParticipationStatus {
  INVITED = 'INVITED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ParticipationStatus, {
  name: 'ParticipationStatus',
  description: "An organisation's answer to its invitation.",
  valuesConfig: {
    INVITED: { description: 'Invited, no answer yet. The organisation already sees the event (also as a draft).' },
    ACCEPTED: { description: 'Takes part. The lead is always ACCEPTED.' },
    DECLINED: { description: 'Declined the invitation; no longer sees the event unless it is published for it.' },
    WITHDRAWN: {
      description:
        'Withdrew after accepting, or the invitation was taken back; no longer sees the event unless it is published for it.',
    },
  },
});

export enum EventOrder {
  STARTS_AT = 'STARTS_AT',
  RECENTLY_UPDATED = 'RECENTLY_UPDATED',
  RELEVANCE = 'RELEVANCE',
  DISTANCE = 'DISTANCE',
}
registerEnumType(EventOrder, {
  name: 'EventOrder',
  description: 'Order of an event list.',
  valuesConfig: {
    STARTS_AT: {
      description: 'Earliest start first (default without `search` and `near`). A series sorts by its first occurrence.',
    },
    RECENTLY_UPDATED: { description: 'Most recently changed first.' },
    RELEVANCE: { description: 'Best match for `filter.search` first (requires `search`; default with it).' },
    DISTANCE: { description: 'Nearest to `filter.near` first (requires `near`; default with it).' },
  },
});

export enum CampaignKind {
  ACTION_DAY = 'ACTION_DAY',
  ACTION_WEEK = 'ACTION_WEEK',
  PROGRAMME = 'PROGRAMME',
}
registerEnumType(CampaignKind, {
  name: 'CampaignKind',
  description: 'What kind of campaign it is.',
  valuesConfig: {
    ACTION_DAY: { description: 'A single action day, e.g. "Tag der offenen Moschee" on 3 October.' },
    ACTION_WEEK: { description: 'An action week, e.g. "Interkulturelle Woche".' },
    PROGRAMME: { description: 'A longer programme or series of events.' },
  },
});

export enum EventHistoryKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  ORGANISERS_INVITED = 'ORGANISERS_INVITED',
  INVITATION_ACCEPTED = 'INVITATION_ACCEPTED',
  INVITATION_DECLINED = 'INVITATION_DECLINED',
  ORGANISER_WITHDRAWN = 'ORGANISER_WITHDRAWN',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(EventHistoryKind, {
  name: 'EventHistoryKind',
  description: 'What happened in one step of an event’s history.',
  valuesConfig: {
    CREATED: { description: 'The event was created as a draft.' },
    UPDATED: { description: 'Fields of the event were changed (`updateEvent`).' },
    ORGANISERS_INVITED: { description: 'Organisations were invited as co-hosts or supporters.' },
    INVITATION_ACCEPTED: { description: 'An invited organisation accepted.' },
    INVITATION_DECLINED: { description: 'An invited organisation declined.' },
    ORGANISER_WITHDRAWN: { description: 'An organisation withdrew, or its invitation was taken back.' },
    PUBLISHED: { description: 'The event was published.' },
    CANCELLED: { description: 'The event was cancelled.' },
  },
});

// ---------------------------------------------------------------- objects

/**
 * An event. Resolvers hand `EventEntity` rows to this type; fields that are
 * not plain columns (ids, translations, related objects) have field resolvers
 * in `event.resolver.ts`.
 */
@ObjectType('Event', {
  implements: Node,
  description:
    'An event of the network, led by one organisation with invited co-hosts and supporters. Drafts and events in planning are visible only to their organisers and coordinators; published events follow `visibility`.',
})
export class Event extends Node {
  @Field(() => EventCategory, { description: 'What kind of event it is.' })
  category: EventCategory;

  @Field(() => [Topic], { description: 'Topics of the event.' })
  topics: Topic[];

  @Field(() => EventStatus, { description: 'Where the event stands: DRAFT, PLANNING, PUBLISHED or CANCELLED.' })
  status: EventStatus;

  @Field(() => EventVisibility, { description: 'Who sees the event once published.' })
  visibility: EventVisibility;

  @Field(() => DateTimeScalar, { description: 'Start (of the first occurrence, for a series).' })
  startsAt: Date;

  @Field(() => DateTimeScalar, { description: 'End (of the first occurrence, for a series).' })
  endsAt: Date;

  @Field({
    description:
      'IANA time zone of the wall-clock times, e.g. "Europe/Berlin" (the default). Series repeat at the same local time in it.',
  })
  timeZone: string;

  @Field({ description: 'True for all-day events: `startsAt` and `endsAt` are local midnights in `timeZone`.' })
  allDay: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Repetition as an RFC 5545 RRULE (without DTSTART; the first occurrence is `startsAt`), e.g. "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T230000Z"; null for a single event. Expand it with `occurrences`.',
  })
  recurrence: string | null;

  @Field(() => AttendanceMode, { description: 'On site, online or both.' })
  attendanceMode: AttendanceMode;

  @Field(() => URLScalar, { nullable: true, description: 'Where to join online (ONLINE and HYBRID events).' })
  onlineUrl: string | null;

  @Field(() => [LanguageCodeScalar], { description: 'Languages the event is held in.' })
  languages: string[];

  @Field(() => [LanguageCodeScalar], { description: 'Languages interpreted into on site.' })
  interpretingLanguages: string[];

  @Field(() => Boolean, { nullable: true, description: 'Whether the venue is barrier-free; null when unknown.' })
  barrierFree: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether childcare is offered; null when unknown.' })
  childcare: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether attendance is free of charge; null when unknown.' })
  free: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Maximum number of participants; null when not limited or unknown.' })
  capacity: number | null;

  @Field(() => URLScalar, { nullable: true, description: 'Where to register, when registration is needed.' })
  registrationUrl: string | null;

  @Field(() => String, { nullable: true, description: 'Why the event was cancelled; null unless CANCELLED.' })
  cancellationReason: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the event was (first) published; null if it never was.' })
  publishedAt: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the event was created.' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { description: 'When the event last changed.' })
  updatedAt: Date;

  @Field(() => Int, {
    description:
      'Version for optimistic concurrency; it grows with every change. Pass it as `expectedVersion` to `updateEvent`, `publishEvent` and `cancelEvent`.',
  })
  version: number;
}

export const { Connection: EventConnection, Edge: EventEdge } = connectionTypes(() => Event, 'Event', 'events');

@ObjectType('EventOrganiser', {
  description: 'An organisation on an event: the lead, or an invited co-host or supporter, with its answer.',
})
export class EventOrganiser {
  @Field(() => OrganiserRole, { description: 'The part it plays.' })
  role: OrganiserRole;

  @Field(() => ParticipationStatus, { description: 'Its answer to the invitation (the lead is ACCEPTED).' })
  status: ParticipationStatus;

  @Field(() => String, {
    nullable: true,
    description:
      "The inviter's message to the organisation. Only organisations on the event and coordinators see it; null for everyone else.",
  })
  message: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The organisation's message with its answer or withdrawal. Only organisations on the event and coordinators see it; null for everyone else.",
  })
  responseMessage: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was invited (for the lead: when the event was created).' })
  invitedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it answered or withdrew; null while INVITED.' })
  respondedAt: Date | null;
}

@ObjectType('EventOccurrence', {
  description: 'One occurrence of an event: the event itself for a single event, one repetition for a series.',
})
export class EventOccurrence {
  @Field(() => Event, { description: 'The event (series) this occurrence belongs to.' })
  event: unknown;

  @Field(() => DateTimeScalar, { description: 'Start of this occurrence.' })
  startsAt: Date;

  @Field(() => DateTimeScalar, { description: 'End of this occurrence.' })
  endsAt: Date;

  @Field({ description: 'Opaque position of this occurrence; pass it as `after` to `Query.occurrences` to continue after it.' })
  cursor: string;
}

@ObjectType('Campaign', {
  implements: Node,
  description: 'A campaign that collects events of the network: an action day, an action week or a programme.',
})
export class Campaign extends Node {
  @Field({ description: 'Name, e.g. "Interkulturelle Woche im Landkreis Kassel 2026".' })
  name: string;

  @Field({ description: 'Stable readable identifier, e.g. "interkulturelle-woche-2026". Unique.' })
  slug: string;

  @Field(() => CampaignKind, { description: 'Action day, action week or programme.' })
  kind: CampaignKind;

  @Field(() => DateScalar, { description: 'First day.' })
  startsOn: string;

  @Field(() => DateScalar, { description: 'Last day (the same as `startsOn` for an action day).' })
  endsOn: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day for organisations to register events for the campaign.' })
  participationDeadline: string | null;

  @Field(() => DateTimeScalar, { description: 'When the campaign was created.' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { description: 'When the campaign last changed.' })
  updatedAt: Date;
}

@ObjectType('MunicipalityCoverage', {
  description: "A campaign's reach in one municipality: where the network is, and where nothing happens yet.",
})
export class MunicipalityCoverage {
  @Field(() => Municipality, { description: 'The municipality.' })
  municipality: unknown;

  @Field(() => Int, { description: 'Organisations of the directory located in the municipality.' })
  organisationCount: number;

  @Field(() => Int, {
    description:
      "Of those, how many take part (ACCEPTED, lead included) in the campaign's events that the viewer may see and that are not cancelled.",
  })
  participatingOrganisationCount: number;

  @Field(() => Int, {
    description: "The campaign's events in the municipality that the viewer may see and that are not cancelled.",
  })
  eventCount: number;
}

@ObjectType('EventHistoryActor', { description: 'Who made a change: the API key, its organisation, or a coordinator.' })
export class EventHistoryActor {
  @Field(() => String, {
    nullable: true,
    description: 'The API key\'s label, e.g. "Moscheegemeinde Vellmar web app"; null if unknown.',
  })
  label: string | null;

  @Field({ description: 'True when a coordinator key made the change.' })
  coordinator: boolean;
}

@ObjectType('EventFieldChange', { description: 'One changed field in a history entry, with its value before and after.' })
export class EventFieldChange {
  @Field({
    description:
      'The field, as named in the `Event` type (e.g. "title", "startsAt", "venue"), or "organisers" for invitations and answers.',
  })
  field: string;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'Value before the change (JSON, as the API shows it; IDs are global IDs); null when there was none.',
  })
  oldValue: unknown;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'Value after the change (JSON, as the API shows it; IDs are global IDs); null when cleared.',
  })
  newValue: unknown;
}

@ObjectType('EventHistoryEntry', {
  description:
    "One step in an event's history: who (key label, organisation, coordinator), when, what kind of change, which fields with old and new values, and the version it produced. Written in the same transaction as the change.",
})
export class EventHistoryEntry {
  @Field(() => EventHistoryKind, { description: 'What happened.' })
  kind: EventHistoryKind;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  occurredAt: Date;

  @Field(() => EventHistoryActor, { description: 'Who did it.' })
  actor: EventHistoryActor;

  @Field(() => [EventFieldChange], { description: 'The changed fields with old and new values.' })
  changes: EventFieldChange[];

  @Field(() => [String], { description: 'Names of the changed fields (the `field` of each of `changes`).' })
  changedFields: string[];

  @Field(() => Int, { description: 'The event version this change produced.' })
  version: number;
}

@ObjectType('EventHistoryEdge', { description: 'One history entry, with its cursor.' })
export class EventHistoryEdge {
  @Field({ description: 'Opaque position of this entry; pass it as `after` to continue after it.' })
  cursor: string;

  @Field(() => EventHistoryEntry, { description: 'The history entry.' })
  node: EventHistoryEntry;
}

@ObjectType('EventHistoryConnection', {
  description:
    "A page of an event's history, oldest entry first (Relay connection). It is a history of its own rather than the change feed's `EventChangeConnection`, because history entries also say who changed what, with old and new values.",
})
export class EventHistoryConnection {
  @Field(() => [EventHistoryEdge], { description: 'The entries of this page, oldest first.' })
  edges: EventHistoryEdge[];

  @Field(() => PageInfo, { description: 'Position of this page in the whole history.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'How many entries the history has in all.' })
  totalCount: number;
}
