import { Feed } from 'feed';
import { DateTime } from 'luxon';
import { occurrencesBetween } from '../events';
import { pickTranslation } from '../shared/translations';
import type { CalendarInfo } from './feed.ics';
import type { FeedEvent } from './feed.query';

/**
 * Atom (RFC 4287) rendering of a feed, for news readers and web-site plugins
 * that expect one: an entry per event, its next date first in the title, a
 * link to the event's own ICS ("add to my calendar").
 */

/** "Sa., 3. Okt. 2026, 11:00" in the event's zone (German first; dates only for all-day events). */
function when(startsAt: Date, zone: string, allDay: boolean, language: string): string {
  const local = DateTime.fromJSDate(startsAt, { zone }).setLocale(language);
  return allDay ? local.toFormat('ccc, d. LLL yyyy') : local.toFormat('ccc, d. LLL yyyy, HH:mm');
}

export interface AtomLinks {
  /** The URL of one event's ICS feed. */
  eventIcs(eventId: string): string;
}

/** Renders the feed as Atom. `now` decides which occurrence of a series is "next". */
export function renderAtom(
  info: CalendarInfo & { icsUrl: string },
  items: readonly FeedEvent[],
  languages: readonly string[],
  links: AtomLinks,
  now = new Date(),
): string {
  const language = languages[0] ?? 'de';
  const updated = items.reduce((latest, item) => (item.modifiedAt > latest ? item.modifiedAt : latest), new Date(0));
  const feed = new Feed({
    id: info.url,
    title: info.name,
    description: info.description,
    link: info.url,
    language,
    updated: items.length ? updated : undefined,
    generator: 'wir-hub',
    feedLinks: { atom: info.url, ics: info.icsUrl },
    copyright: '',
  });
  for (const item of items) {
    const { event } = item;
    const text = (value: Record<string, string>) => pickTranslation(value, languages, event.originalLanguage);
    const next = event.recurrence
      ? (occurrencesBetween(event, now, new Date(now.getTime() + 366 * 86_400_000), 1)[0]?.startsAt ?? event.startsAt)
      : event.startsAt;
    const title = text(event.title) ?? '';
    const status = event.status === 'CANCELLED' ? ' (abgesagt)' : '';
    const place = [event.locality ?? item.municipalityName, item.leadName].filter(Boolean).join(' · ');
    const body = [text(event.summary), text(event.description), place].filter(Boolean).join('\n\n');
    feed.addItem({
      id: `urn:uuid:${event.id}`,
      title: `${when(next, event.timeZone, event.allDay, language)} – ${title}${status}`,
      link: links.eventIcs(event.id),
      date: item.modifiedAt,
      published: event.publishedAt ?? undefined,
      description: body || title,
      author: [{ name: item.leadName, ...(item.leadEmail ? { email: item.leadEmail } : {}) }],
      category: [{ name: event.category }, ...event.topics.map((topic) => ({ name: topic }))],
    });
  }
  return feed.atom1();
}
