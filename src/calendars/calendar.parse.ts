import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { DateTime } from 'luxon';
import { isIanaTimeZone } from '../events';

// ical.js ships ES module types; this CommonJS build loads its CommonJS bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;

/**
 * Reading a partner's iCalendar text with ical.js (RRULE, EXDATE and the
 * feed's VTIMEZONEs included) into plain event data. Malformed input fails
 * as a whole with a message saying where, so a broken feed writes nothing.
 */

/** Why a calendar text cannot be read, as a message for `lastError`. */
export class ParseError extends Error {}

/** One VEVENT, as the import needs it. */
export interface ParsedEvent {
  uid: string;
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  allDay: boolean;
  recurrence: string | null;
  /** EXDATE starts. */
  cancelledOccurrences: Date[];
  cancelled: boolean;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  url: string | null;
}

const DEFAULT_ZONE = 'Europe/Berlin';
const MAX_TEXT = 5000;

/** The line number (1-based, in the text as sent) of the first content line that is not NAME[;PARAMS]:VALUE. */
function malformedLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  let logical = '';
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i];
    if (line !== undefined && (line.startsWith(' ') || line.startsWith('\t'))) {
      logical += line.slice(1);
      continue;
    }
    if (logical.trim() && !/^[A-Za-z0-9-]+(;[^:]*)?:/.test(logical)) return start + 1;
    logical = line ?? '';
    start = i;
  }
  return undefined;
}

/** Parses an iCalendar text; at most `maxEvents` VEVENTs. */
export function parseCalendar(text: string, maxEvents: number): { events: ParsedEvent[]; skipped: string[] } {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (!/^BEGIN:VCALENDAR\r?\n/i.test(body)) {
    throw new ParseError('not iCalendar: the answer does not begin with BEGIN:VCALENDAR.');
  }
  const bad = malformedLine(body);
  if (bad !== undefined) throw new ParseError(`line ${bad} is malformed (expected NAME:VALUE).`);
  let root: InstanceType<typeof ICAL.Component>;
  try {
    root = new ICAL.Component(ICAL.parse(body));
  } catch (error) {
    throw new ParseError(`not valid iCalendar: ${(error as Error).message}`);
  }
  const vevents = root.getAllSubcomponents('vevent');
  if (vevents.length > maxEvents) throw new ParseError(`too many events (${vevents.length}; at most ${maxEvents}).`);
  // The feed's own zone definitions, so TZID times mean what the feed says.
  for (const zone of root.getAllSubcomponents('vtimezone')) {
    try {
      ICAL.TimezoneService.register(zone);
    } catch {
      // an unusable VTIMEZONE: times in it are read as the IANA zone of that name, if any
    }
  }
  const events: ParsedEvent[] = [];
  const skipped: string[] = [];
  for (const vevent of vevents) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '').trim();
    if (!uid || uid.length > 500) {
      skipped.push('a VEVENT without a usable UID');
      continue;
    }
    if (vevent.hasProperty('recurrence-id')) {
      skipped.push(`${uid}: changed single occurrences (RECURRENCE-ID) are not imported`);
      continue;
    }
    try {
      const event = new ICAL.Event(vevent);
      const start = event.startDate;
      if (!start) throw new Error('no DTSTART');
      const end = event.endDate ?? start;
      const tzid = start.zone?.tzid;
      const timeZone = tzid && isIanaTimeZone(tzid) ? tzid : DEFAULT_ZONE;
      const allDay = start.isDate;
      // UTC stays UTC; an IANA TZID (with or without its VTIMEZONE in the feed) and floating or
      // date values are wall-clock times in the event's zone; other TZIDs go by the feed's VTIMEZONE.
      const toDate = (time: InstanceType<typeof ICAL.Time>) => {
        const id = time.zone?.tzid;
        if (id === 'UTC' || id === 'Z') return time.toJSDate();
        if (id && id !== 'floating' && !isIanaTimeZone(id) && ICAL.TimezoneService.has(id)) return time.toJSDate();
        return DateTime.fromObject(
          { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second },
          { zone: timeZone },
        ).toJSDate();
      };
      const rrule = vevent.getFirstPropertyValue('rrule');
      const exdates = vevent
        .getAllProperties('exdate')
        .flatMap((property) => property.getValues() as Array<InstanceType<typeof ICAL.Time>>)
        .map(toDate);
      const geo = vevent.getFirstPropertyValue('geo') as number[] | null;
      const text = (name: string) => {
        const value = vevent.getFirstPropertyValue(name);
        return value === null || value === undefined ? null : String(value).trim().slice(0, MAX_TEXT) || null;
      };
      const startsAt = toDate(start);
      let endsAt = toDate(end);
      if (endsAt.getTime() <= startsAt.getTime()) endsAt = new Date(startsAt.getTime() + (allDay ? 86_400_000 : 3_600_000));
      events.push({
        uid,
        title: (text('summary') ?? uid).slice(0, 200),
        description: text('description'),
        startsAt,
        endsAt,
        timeZone,
        allDay,
        recurrence: rrule ? String(rrule.toString()) : null,
        cancelledOccurrences: exdates,
        cancelled: String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED',
        location: text('location')?.slice(0, 200) ?? null,
        latitude: Array.isArray(geo) && geo.length === 2 ? Number(geo[0]) : null,
        longitude: Array.isArray(geo) && geo.length === 2 ? Number(geo[1]) : null,
        url: text('url'),
      });
    } catch (error) {
      skipped.push(`${uid}: ${(error as Error).message}`);
    }
  }
  return { events, skipped };
}
