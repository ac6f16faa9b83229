import { registerEnumType } from 'type-graphql';

/** The events slice's GraphQL enums, registered with their descriptions (the schema's one source of their values). */

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

export enum ChangeKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
  DELETED = 'DELETED',
  ORGANISERS_CHANGED = 'ORGANISERS_CHANGED',
}
registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description: 'What kind of change happened to an event.',
  valuesConfig: {
    CREATED: { description: 'The event was created (as a draft: only its organisers and coordinators hear of it).' },
    UPDATED: { description: 'Fields of the event changed; `changedFields` names them.' },
    PUBLISHED: { description: 'The event was published: it may now appear for more viewers.' },
    CANCELLED: { description: 'The event was cancelled.' },
    DELETED: { description: 'The event (a draft) was deleted; `event` is null.' },
    ORGANISERS_CHANGED: { description: 'Organisers changed: an invitation, an answer (accept or decline) or a withdrawal.' },
  },
});
