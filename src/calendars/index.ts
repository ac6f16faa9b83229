/**
 * The calendars slice's public surface: import of partners' own calendars
 * (calendar sources, the periodic sync, one-off imports). Other folders
 * import calendars only through this file.
 */
import { CalendarSourceResolver, OrganisationCalendarSourcesResolver } from './calendar.resolver';

export { startCalendarSync, syncDueSources } from './calendar.service';

/** The slice's GraphQL resolvers, for src/schema.ts (its table is written with SQL; no entities). */
export const calendarResolvers = [CalendarSourceResolver, OrganisationCalendarSourcesResolver] as const;
