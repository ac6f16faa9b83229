/**
 * The events slice's public surface: events, their organisers and history,
 * campaigns, and the kinds of change it records in the change log. Other
 * folders import events only through this file.
 */
import { CampaignResolver } from './campaign.resolver';
import { MunicipalityEventsResolver, OrganisationEventsResolver } from './event-links.resolver';
import { CampaignEntity, EventEntity, EventHistoryEntity, EventOrganiserEntity } from './event.entity';
import { EventHistoryActorResolver } from './event.history';
import { EventOrganiserResolver, EventResolver } from './event.resolver';
import { EventExceptionResolver } from './event.exceptions';

export {
  CampaignEntity,
  EventEntity,
  EventOrganiserEntity,
  type OrganiserRoleValue,
  type ParticipationStatusValue,
} from './event.entity';
export { Campaign, Event } from './event.types';
export { ChangeKind } from './event.enums';
export { canSeeEvent, visibleEventCondition } from './event.policy';
export { cancelledStarts, isIanaTimeZone, occurrencesBetween } from './event.recurrence';
export {
  extendOccurrences,
  occursWithin,
  occursWithinValues,
  startOccurrenceJob,
  type OccurrenceJob,
} from './event.occurrence-table';
export { cancelOccurrence, cancelledOccurrencesOf, restoreOccurrence } from './event.exceptions';
export { cancelEvent, createEvent, publishEvent, updateEvent } from './event.lifecycle';
export type { CreateEventInput, UpdateEventInput } from './event.inputs';
export { eventConditions, type EventCriteria } from './event.query';
export { EventCategory, EventVisibility } from './event.enums';
export { recordChange, type ChangeKindValue, type EventChange, type EventSnapshot } from './event.changes';
export { recordEventErasure, type ErasedEvent } from './event.erasure';
export { seedEventsDemo } from './events.seed';

/** The slice's GraphQL resolvers and TypeORM entities, for src/schema.ts and src/entities.ts. */
export const eventResolvers = [
  EventResolver,
  EventOrganiserResolver,
  EventHistoryActorResolver,
  EventExceptionResolver,
  CampaignResolver,
  OrganisationEventsResolver,
  MunicipalityEventsResolver,
];
export const eventEntities = [CampaignEntity, EventEntity, EventOrganiserEntity, EventHistoryEntity];
