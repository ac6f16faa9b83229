import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { cancelledStarts } from '../events';
import { pickTranslation } from '../shared/translations';
import type { FeedEvent } from './feed.query';

/**
 * iCalendar (RFC 5545) rendering of a feed with ical-generator. Times are
 * written in each event's own time zone (DTSTART;TZID=Europe/Berlin:...) with
 * its VTIMEZONE (timezones-ical-library), so calendar apps expand a series'
 * RRULE to the same local times the hub does, across changes to and from
 * summer time. All-day events are DATE values; cancelled occurrences EXDATE;
 * cancelled events STATUS:CANCELLED.
 */

/** The host part of every UID: UIDs stay the same for as long as the event exists. */
const UID_DOMAIN = 'wir-hub';

/** VTIMEZONE of an IANA zone; null for UTC and zones the library does not know. */
function vtimezone(zone: string): string | null {
  try {
    const [block] = tzlib_get_ical_block(zone);
    return block || null;
  } catch {
    return null;
  }
}

const utcStamp = (date: Date) => DateTime.fromJSDate(date, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");

/**
 * The stored RRULE as calendar apps need it: FREQ first (Apple Calendar drops
 * a rule that does not start with it), UNTIL as a UTC time (RFC 5545 wants
 * UTC when DTSTART has a TZID; the hub reads a date UNTIL as "through that
 * day" in the event's zone, a local time as written) or, for all-day events,
 * as a date.
 */
export function icsRule(rule: string, zone: string, allDay: boolean): string {
  const parts = rule.split(';').filter(Boolean);
  const freq = parts.filter((part) => part.startsWith('FREQ='));
  const rest = parts
    .filter((part) => !part.startsWith('FREQ='))
    .map((part) => {
      if (!part.startsWith('UNTIL=')) return part;
      const value = part.slice(6);
      const date = DateTime.fromFormat(value.slice(0, 8), 'yyyyMMdd', { zone });
      if (allDay) return `UNTIL=${value.slice(0, 8)}`;
      if (value.length === 8) return `UNTIL=${utcStamp(date.endOf('day').set({ millisecond: 0 }).toJSDate())}`;
      const time = DateTime.fromFormat(value.slice(0, 15), "yyyyMMdd'T'HHmmss", { zone: value.endsWith('Z') ? 'utc' : zone });
      return `UNTIL=${utcStamp(time.toJSDate())}`;
    });
  return [...freq, ...rest].join(';');
}

/** The RRULE and EXDATE lines of a series (ical-generator inserts a string as it is). */
function repeating(item: FeedEvent): string | null {
  const { event } = item;
  if (!event.recurrence) return null;
  const lines = [`RRULE:${icsRule(event.recurrence, event.timeZone, event.allDay)}`];
  const cancelled = [...cancelledStarts(event)].sort((a, b) => a - b);
  if (cancelled.length) {
    const local = cancelled.map((time) => DateTime.fromMillis(time, { zone: event.timeZone }));
    lines.push(
      event.allDay
        ? `EXDATE;VALUE=DATE:${local.map((d) => d.toFormat('yyyyMMdd')).join(',')}`
        : `EXDATE;TZID=${event.timeZone}:${local.map((d) => d.toFormat("yyyyMMdd'T'HHmmss")).join(',')}`,
    );
  }
  return lines.join('\r\n');
}

function location(item: FeedEvent): string | null {
  const { event } = item;
  const place = [event.street, [event.postalCode, event.locality ?? item.municipalityName].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  if (place) return place;
  if (item.municipalityName) return item.municipalityName;
  return event.attendanceMode === 'ONLINE' ? event.onlineUrl : null;
}

export interface CalendarInfo {
  /** X-WR-CALNAME, e.g. "Veranstaltungen in Baunatal". */
  name: string;
  description: string;
  /** The feed's own URL. */
  url: string;
}

/** Renders the feed as an iCalendar text. */
export function renderIcs(info: CalendarInfo, items: readonly FeedEvent[], languages: readonly string[]): string {
  const calendar = new ICalCalendar({
    prodId: { company: 'wir-hub', product: 'Veranstaltungskalender', language: 'DE' },
    name: info.name,
    description: info.description,
    url: info.url,
    source: info.url,
    ttl: 60 * 60,
  });
  // Every zone used by an event gets its VTIMEZONE.
  calendar.timezone({ name: null, generator: vtimezone });
  for (const item of items) {
    const { event } = item;
    const text = (value: Record<string, string>) => pickTranslation(value, languages, event.originalLanguage);
    const zone = event.timeZone;
    const start = DateTime.fromJSDate(event.startsAt, { zone });
    const end = DateTime.fromJSDate(event.endsAt, { zone });
    const summary = text(event.summary);
    const description = [summary, text(event.description), item.campaignName ? `Teil von: ${item.campaignName}` : null]
      .filter(Boolean)
      .join('\n\n');
    calendar.createEvent({
      id: `${event.id}@${UID_DOMAIN}`,
      sequence: event.version - 1,
      stamp: item.modifiedAt,
      lastModified: item.modifiedAt,
      created: event.createdAt,
      start,
      end,
      allDay: event.allDay,
      timezone: event.allDay ? null : zone,
      repeating: repeating(item),
      summary: text(event.title) ?? '',
      description: description || null,
      location:
        location(item) === null
          ? null
          : {
              title: location(item)!,
              ...(event.latitude !== null && event.longitude !== null
                ? { geo: { lat: event.latitude, lon: event.longitude } }
                : {}),
            },
      url: event.registrationUrl ?? event.onlineUrl ?? item.leadWebsite,
      organizer: item.leadEmail ? { name: item.leadName, email: item.leadEmail } : null,
      categories: [{ name: event.category }, ...event.topics.map((topic) => ({ name: topic }))],
      status:
        event.status === 'CANCELLED'
          ? ICalEventStatus.CANCELLED
          : event.status === 'PUBLISHED'
            ? ICalEventStatus.CONFIRMED
            : ICalEventStatus.TENTATIVE,
    });
  }
  // RFC 5545: every content line ends with CRLF, the last one too.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
