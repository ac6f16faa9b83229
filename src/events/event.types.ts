import { Field, Int, ObjectType } from 'type-graphql';
import { Topic, Municipality } from '../directory';
import { connectionTypes, PageInfo } from '../shared/connection';
import { Node } from '../access';
import { DateScalar, DateTimeScalar, JSONScalar, LanguageCodeScalar, URLScalar } from '../shared/scalars';
import {
  AttendanceMode,
  CampaignKind,
  EventCategory,
  EventHistoryKind,
  EventStatus,
  EventVisibility,
  OrganiserRole,
  ParticipationStatus,
} from './event.enums';

// ---------------------------------------------------------------- objects

/**
 * An event. Resolvers hand `EventEntity` rows to this type; fields that are
 * not plain columns (ids, translations, related objects) have field resolvers
 * in `event.resolver.ts`.
 */
@ObjectType('Event', {
  simpleResolvers: true,
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
  simpleResolvers: true,
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
