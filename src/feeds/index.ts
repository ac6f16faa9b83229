/**
 * The feeds slice's public surface: the iCalendar and Atom feeds over HTTP
 * (mounted by src/server/hub.ts) and the `calendarUrl` fields that point to
 * them. Other folders import feeds only through this file.
 */
import {
  CampaignCalendarUrlResolver,
  EventCalendarUrlResolver,
  MunicipalityCalendarUrlResolver,
  OrganisationCalendarUrlResolver,
} from './feed.urls';

export { feedRouter } from './feed.routes';
export { calendarUrls, eventFeedPath, feedUrl } from './feed.urls';

/** The slice's GraphQL resolvers, for src/schema.ts (it has no entities of its own). */
export const feedResolvers = [
  EventCalendarUrlResolver,
  OrganisationCalendarUrlResolver,
  MunicipalityCalendarUrlResolver,
  CampaignCalendarUrlResolver,
] as const;
