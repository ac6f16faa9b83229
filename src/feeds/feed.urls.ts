import { Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { publicUrl, type Config } from '../config';
import type { MunicipalityEntity } from '../directory';
import { Municipality } from '../directory';
import type { OrganisationEntity } from '../directory';
import { Organisation } from '../directory';
import type { CampaignEntity, EventEntity } from '../events';
import { Campaign, Event } from '../events';
import type { Context } from '../access';
import { globalId } from '../shared/global-id';

/** An absolute URL of the hub's public site (`PUBLIC_URL` + path). */
export function feedUrl(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>, path: string): string {
  return `${publicUrl(config)}${path}`;
}

@ObjectType('CalendarUrls', {
  description:
    'Where to subscribe to a calendar: paste `ics` (or open `webcal`) in Google Calendar, Outlook, Apple Calendar, Nextcloud or a WordPress calendar plugin; `atom` for news readers. Anonymous feeds hold published public events; add `?token=<feed token>` (createFeedToken) for what your key may see.',
})
export class CalendarUrls {
  @Field({ description: 'The iCalendar feed over https, e.g. "https://hub.example/feeds/municipalities/baunatal.ics".' })
  ics: string;

  @Field({ description: 'The same feed as a webcal:// link, which opens the calendar app and subscribes.' })
  webcal: string;

  @Field({ description: 'An Atom feed of the upcoming events (news readers, web-site plugins).' })
  atom: string;
}

/** The three URLs of the feed at `path` (without extension). */
export function calendarUrls(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>, path: string): CalendarUrls {
  const ics = feedUrl(config, `${path}.ics`);
  return { ics, webcal: ics.replace(/^https?:\/\//, 'webcal://'), atom: feedUrl(config, `${path}.atom`) };
}

/** The feed path of one event: the path the widget links to for "add to calendar". */
export const eventFeedPath = (eventId: string) => `/feeds/events/${encodeURIComponent(globalId('Event', eventId))}`;

@Resolver(() => Event)
export class EventCalendarUrlResolver {
  @FieldResolver(() => CalendarUrls, { description: 'The event as an iCalendar file ("add to my calendar").' })
  calendarUrl(@Root() event: EventEntity, @Ctx() ctx: Context): CalendarUrls {
    return calendarUrls(ctx.app.config, eventFeedPath(event.id));
  }
}

@Resolver(() => Organisation)
export class OrganisationCalendarUrlResolver {
  @FieldResolver(() => CalendarUrls, { description: 'The events the organisation leads or co-hosts, as a calendar feed.' })
  calendarUrl(@Root() organisation: OrganisationEntity, @Ctx() ctx: Context): CalendarUrls {
    return calendarUrls(ctx.app.config, `/feeds/organisations/${organisation.slug}`);
  }
}

@Resolver(() => Municipality)
export class MunicipalityCalendarUrlResolver {
  @FieldResolver(() => CalendarUrls, { description: 'The events in the municipality, as a calendar feed.' })
  calendarUrl(@Root() municipality: MunicipalityEntity, @Ctx() ctx: Context): CalendarUrls {
    return calendarUrls(ctx.app.config, `/feeds/municipalities/${municipality.slug}`);
  }
}

@Resolver(() => Campaign)
export class CampaignCalendarUrlResolver {
  @FieldResolver(() => CalendarUrls, { description: 'The events of the campaign, as a calendar feed.' })
  calendarUrl(@Root() campaign: CampaignEntity, @Ctx() ctx: Context): CalendarUrls {
    return calendarUrls(ctx.app.config, `/feeds/campaigns/${campaign.slug}`);
  }
}
