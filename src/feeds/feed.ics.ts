import { escape, foldLines, ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { IcsRow } from './feed.query';

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

/**
 * Wall-clock time of instants in a zone, as iCalendar text. Offsets are
 * asked of Intl (as luxon does) and kept per zone and UTC day: a day whose
 * offset is the same at its start and its end has that offset throughout
 * (zones change offset at most once a day); the day of a change is looked
 * up by quarter hour, on which every change since 1970 falls. So 5,000
 * events cost a few hundred lookups, not 10,000.
 */
class LocalTimes {
  private readonly zones = new Map<
    string,
    { format: Intl.DateTimeFormat; days: Map<number, number | null>; quarters: Map<number, number> }
  >();

  private static ask(format: Intl.DateTimeFormat, at: number): number {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(at))) parts[part.type] = Number(part.value);
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - at;
  }

  private offsetMs(zone: string, ms: number): number {
    let known = this.zones.get(zone);
    if (!known) {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      known = { format, days: new Map(), quarters: new Map() };
      this.zones.set(zone, known);
    }
    const day = Math.floor(ms / 86_400_000);
    let whole = known.days.get(day);
    if (whole === undefined) {
      const first = LocalTimes.ask(known.format, day * 86_400_000);
      const last = LocalTimes.ask(known.format, (day + 1) * 86_400_000 - 900_000);
      whole = first === last ? first : null;
      known.days.set(day, whole);
    }
    if (whole !== null) return whole;
    const quarter = Math.floor(ms / 900_000);
    let offset = known.quarters.get(quarter);
    if (offset === undefined) {
      offset = LocalTimes.ask(known.format, quarter * 900_000);
      known.quarters.set(quarter, offset);
    }
    return offset;
  }

  /** "20261006T180000" (or "20261006" with `dateOnly`) in `zone`. */
  format(zone: string, ms: number, dateOnly = false): string {
    const local = new Date(ms + this.offsetMs(zone, ms));
    const date = `${local.getUTCFullYear()}${two(local.getUTCMonth() + 1)}${two(local.getUTCDate())}`;
    return dateOnly ? date : `${date}T${two(local.getUTCHours())}${two(local.getUTCMinutes())}${two(local.getUTCSeconds())}`;
  }
}

/** A quoted parameter value (CN="…") in RFC 6868 caret encoding, as ical-generator writes it. */
const escapeParameterValue = (value: string) =>
  value
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/(?:\r\n|\r|\n)/g, '^n');

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** VTIMEZONE blocks by zone, built once per process (the library reads its data each time). */
const vtimezones = new Map<string, string | null>();
function cachedVtimezone(zone: string): string | null {
  if (!vtimezones.has(zone)) vtimezones.set(zone, vtimezone(zone));
  return vtimezones.get(zone)!;
}

/** The RRULE and EXDATE lines of a series. */
function repeating(row: IcsRow, times: LocalTimes): string | null {
  if (!row.recurrence) return null;
  const lines = [`RRULE:${icsRule(row.recurrence, row.timeZone, row.allDay)}`];
  if (row.cancelledMs.length) {
    const dates = row.cancelledMs.map((ms) => times.format(row.timeZone, ms, row.allDay)).join(',');
    lines.push(row.allDay ? `EXDATE;VALUE=DATE:${dates}` : `EXDATE;TZID=${row.timeZone}:${dates}`);
  }
  return lines.join('\r\n');
}

function location(row: IcsRow): string | null {
  const place = [row.street, [row.postalCode, row.locality ?? row.municipalityName].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  if (place) return place;
  if (row.municipalityName) return row.municipalityName;
  return row.attendanceMode === 'ONLINE' ? row.onlineUrl : null;
}

const STATUS: Record<string, string> = { CANCELLED: 'CANCELLED', PUBLISHED: 'CONFIRMED' };

/** A content line folded at 75 octets by ical-generator's `foldLines`; only lines that may need it go through it. */
const ASCII = /^[\x20-\x7e]*$/;
const fold = (line: string) => (line.length <= 74 && ASCII.test(line) ? line : foldLines(line));

/**
 * One VEVENT's content lines, appended to `lines`: the properties, their
 * order, escaping and folding exactly as ical-generator writes them (its own
 * `escape` and `foldLines`), without building an ical-generator event and
 * luxon times per event, which cost most of a district feed's time. Lines
 * that are short and ASCII by construction (UID, times, GEO, status) are not folded.
 */
function vevent(row: IcsRow, times: LocalTimes, lines: string[]): void {
  const zone = row.timeZone;
  lines.push('BEGIN:VEVENT', `UID:${row.id}@${UID_DOMAIN}`, `SEQUENCE:${row.version - 1}`, `DTSTAMP:${row.modifiedStamp}`);
  if (row.allDay) {
    lines.push(
      `DTSTART;VALUE=DATE:${times.format(zone, row.startsMs, true)}`,
      `DTEND;VALUE=DATE:${times.format(zone, row.endsMs, true)}`,
      'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE',
      'X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT:TRUE',
    );
  } else {
    lines.push(
      `DTSTART;TZID=${zone}:${times.format(zone, row.startsMs)}`,
      `DTEND;TZID=${zone}:${times.format(zone, row.endsMs)}`,
    );
  }
  const rule = repeating(row, times);
  if (rule) lines.push(...rule.split('\r\n').map(fold));
  lines.push(fold(`SUMMARY:${escape(row.title ?? '', false)}`));
  const place = location(row);
  if (place) lines.push(fold(`LOCATION:${escape(place, false)}`));
  if (place !== null && row.latitude && row.longitude) {
    lines.push(`GEO:${escape(row.latitude, false)};${escape(row.longitude, false)}`);
  }
  const description = [row.summary, row.description, row.campaignName ? `Teil von: ${row.campaignName}` : null]
    .filter(Boolean)
    .join('\n\n');
  if (description) lines.push(fold(`DESCRIPTION:${escape(description, false)}`));
  if (row.leadEmail) {
    lines.push(fold(`ORGANIZER;CN="${escapeParameterValue(row.leadName)}":mailto:${escape(row.leadEmail, false)}`));
  }
  lines.push(fold(`CATEGORIES:${[row.category, ...row.topics].map((name) => escape(name, false)).join(',')}`));
  const url = row.registrationUrl ?? row.onlineUrl ?? row.leadWebsite;
  if (url) lines.push(fold(`URL;VALUE=URI:${escape(url, false)}`));
  lines.push(
    `STATUS:${STATUS[row.status] ?? 'TENTATIVE'}`,
    `CREATED:${row.createdStamp}`,
    `LAST-MODIFIED:${row.modifiedStamp}`,
    'END:VEVENT',
  );
}

export interface CalendarInfo {
  /** X-WR-CALNAME, e.g. "Veranstaltungen in Baunatal". */
  name: string;
  description: string;
  /** The feed's own URL. */
  url: string;
}

/**
 * Renders the feed as an iCalendar text: the calendar's properties from
 * ical-generator, a VTIMEZONE for every zone the events use, then the
 * events. Rows come from `loadIcsRows`.
 */
export function renderIcs(info: CalendarInfo, rows: readonly IcsRow[]): string {
  const shell = new ICalCalendar({
    prodId: { company: 'wir-hub', product: 'Veranstaltungskalender', language: 'DE' },
    name: info.name,
    description: info.description,
    url: info.url,
    source: info.url,
    ttl: 60 * 60,
  }).toString();
  // Calendar properties come before components (RFC 5545 3.4): the shell ends with END:VCALENDAR alone.
  const parts = [shell.slice(0, shell.lastIndexOf('END:VCALENDAR')).replace(/(\r\n)?$/, '\r\n')];
  const zones = new Set<string>();
  for (const row of rows) if (!row.allDay) zones.add(row.timeZone);
  for (const zone of zones) {
    const block = cachedVtimezone(zone);
    if (block) parts.push(foldLines(block.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n').trim()), '\r\n');
  }
  const times = new LocalTimes();
  const lines: string[] = [];
  for (const row of rows) vevent(row, times, lines);
  lines.push('END:VCALENDAR');
  // RFC 5545: every content line ends with CRLF, the last one too.
  return parts.join('') + lines.join('\r\n') + '\r\n';
}
