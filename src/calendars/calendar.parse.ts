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
  /** Occurrences the feed changes (RECURRENCE-ID): moved, retitled or cancelled on one date. */
  overrides: ParsedOverride[];
}

/** One changed occurrence of a series (a VEVENT with RECURRENCE-ID). */
export interface ParsedOverride {
  /** The start the occurrence has in the series. */
  recurrenceId: Date;
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  allDay: boolean;
  /** STATUS:CANCELLED: the occurrence does not take place. */
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

type Vevent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;

/**
 * An instant from an iCalendar time: UTC stays UTC; an IANA TZID (with or
 * without its VTIMEZONE in the feed) and floating or date values are
 * wall-clock times in that zone (`zone` for floating and date values); other
 * TZIDs go by the feed's VTIMEZONE.
 */
function instantOf(time: IcalTime, zone: string): Date {
  const id = time.zone?.tzid;
  if (id === 'UTC' || id === 'Z') return time.toJSDate();
  if (id && id !== 'floating' && !isIanaTimeZone(id) && ICAL.TimezoneService.has(id)) return time.toJSDate();
  return DateTime.fromObject(
    { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second },
    { zone: id && isIanaTimeZone(id) ? id : zone },
  ).toJSDate();
}

/** The fields of one VEVENT (a series, a single event or a changed occurrence); `series` lends its zone to floating times. */
function readVevent(vevent: Vevent, series: { timeZone: string } | null): Omit<ParsedEvent, 'uid' | 'overrides'> {
  const event = new ICAL.Event(vevent);
  const start = event.startDate;
  if (!start) throw new Error('no DTSTART');
  const end = event.endDate ?? start;
  const tzid = start.zone?.tzid;
  const timeZone = tzid && isIanaTimeZone(tzid) ? tzid : (series?.timeZone ?? DEFAULT_ZONE);
  const allDay = start.isDate;
  const rrule = series ? null : vevent.getFirstPropertyValue('rrule');
  const exdates = series
    ? []
    : vevent
        .getAllProperties('exdate')
        .flatMap((property) => property.getValues() as IcalTime[])
        .map((time) => instantOf(time, timeZone));
  const geo = vevent.getFirstPropertyValue('geo') as number[] | null;
  const text = (name: string) => {
    const value = vevent.getFirstPropertyValue(name);
    return value === null || value === undefined ? null : String(value).trim().slice(0, MAX_TEXT) || null;
  };
  const startsAt = instantOf(start, timeZone);
  let endsAt = instantOf(end, timeZone);
  if (endsAt.getTime() <= startsAt.getTime()) endsAt = new Date(startsAt.getTime() + (allDay ? 86_400_000 : 3_600_000));
  return {
    title: (text('summary') ?? String(vevent.getFirstPropertyValue('uid'))).slice(0, 200),
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
  };
}

/** A changed occurrence of `series` (RECURRENCE-ID: the start it had in the series). */
function readOverride(vevent: Vevent, series: ParsedEvent): ParsedOverride {
  if (!series.recurrence) throw new Error('its event is not a series.');
  const property = vevent.getFirstProperty('recurrence-id')!;
  const range = String(property.getParameter('range') ?? '').toUpperCase();
  if (range === 'THISANDFUTURE') throw new Error('RANGE=THISANDFUTURE is not imported; the series stays as it is.');
  const recurrenceId = instantOf(property.getFirstValue() as IcalTime, series.timeZone);
  const changed = readVevent(vevent, series);
  const { recurrence: _r, cancelledOccurrences: _c, ...occurrence } = changed;
  return { recurrenceId, ...occurrence };
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
  // Changed single occurrences (RECURRENCE-ID) belong to the series of their UID, wherever they stand in the feed.
  const overrides = new Map<string, Array<InstanceType<typeof ICAL.Component>>>();
  const masters: Array<{ uid: string; vevent: InstanceType<typeof ICAL.Component> }> = [];
  for (const vevent of vevents) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '').trim();
    if (!uid || uid.length > 500) {
      skipped.push('a VEVENT without a usable UID');
      continue;
    }
    if (vevent.hasProperty('recurrence-id')) {
      const list = overrides.get(uid) ?? [];
      list.push(vevent);
      overrides.set(uid, list);
    } else masters.push({ uid, vevent });
  }
  for (const { uid, vevent } of masters) {
    try {
      const event: ParsedEvent = { uid, ...readVevent(vevent, null), overrides: [] };
      for (const override of overrides.get(uid) ?? []) {
        try {
          event.overrides.push(readOverride(override, event));
        } catch (error) {
          skipped.push(`${uid}: a changed occurrence (RECURRENCE-ID): ${(error as Error).message}`);
        }
      }
      overrides.delete(uid);
      events.push(event);
    } catch (error) {
      skipped.push(`${uid}: ${(error as Error).message}`);
    }
  }
  for (const uid of overrides.keys()) {
    skipped.push(`${uid}: a changed occurrence (RECURRENCE-ID) without its series in the feed`);
  }
  return { events, skipped };
}
