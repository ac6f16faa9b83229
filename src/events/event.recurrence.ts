import { DateTime, IANAZone, type Duration } from 'luxon';
import { RRule, type Options } from 'rrule';
import { badInput } from '../shared/errors';

/**
 * Recurrence: RFC 5545 RRULEs expanded in the event's IANA time zone.
 *
 * rrule computes in "floating" time: we hand it the local wall-clock time of
 * the first occurrence as if it were UTC, and turn each result's wall-clock
 * fields back into an instant in the event's zone (luxon). So a weekly
 * Tuesday 18:00 in Europe/Berlin stays at 18:00 local time across the
 * changes to and from summer time, whatever the offset is that day.
 *
 * Every expansion is bounded: without BYHOUR/BYMINUTE/BYSECOND (refused) and
 * with FREQ at most DAILY, a rule yields at most one occurrence per day, and
 * windows are at most {@link MAX_WINDOW_DAYS} long.
 *
 * Over 400 lines on purpose: validating a rule, finding a series' end and
 * expanding windows share the bounds and the metering above, and their
 * reasoning reads best in one place.
 */

/** Most occurrences a bounded series (COUNT or UNTIL) may have. */
export const MAX_SERIES_OCCURRENCES = 1000;
/** Longest window `occurrences` expands, in days. */
export const MAX_WINDOW_DAYS = 366;
/** Most occurrences one `occurrences` request answers (default {@link DEFAULT_OCCURRENCES}). */
export const MAX_OCCURRENCES = 500;
export const DEFAULT_OCCURRENCES = 100;
/** Longest single occurrence, in days. */
export const MAX_DURATION_DAYS = 366;

const DAY_MS = 86_400_000;
const WEEKDAY = '(MO|TU|WE|TH|FR|SA|SU)';
const intList = (min: number, max: number, allowNegative: boolean) => (value: string) =>
  value.split(',').every((part) => {
    if (!/^[+-]?\d{1,3}$/.test(part)) return false;
    const n = Number(part);
    if (n === 0) return false;
    if (n < 0 && !allowNegative) return false;
    return Math.abs(n) >= min && Math.abs(n) <= max;
  });

/** The RRULE parts we accept, with a check of each value. Times of day come from `startsAt`. */
const PARTS: Record<string, { check: (value: string) => boolean; expected: string }> = {
  FREQ: { check: (v) => /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/.test(v), expected: 'DAILY, WEEKLY, MONTHLY or YEARLY' },
  INTERVAL: { check: (v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 366, expected: 'a whole number 1..366' },
  COUNT: {
    check: (v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_SERIES_OCCURRENCES,
    expected: `a whole number 1..${MAX_SERIES_OCCURRENCES}`,
  },
  UNTIL: { check: (v) => /^\d{8}(T\d{6}Z?)?$/.test(v), expected: 'a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ' },
  BYDAY: {
    check: (v) => new RegExp(`^([+-]?\\d{1,2})?${WEEKDAY}(,([+-]?\\d{1,2})?${WEEKDAY})*$`).test(v),
    expected: 'weekdays such as MO,TU or 1MO,-1FR',
  },
  BYMONTHDAY: { check: intList(1, 31, true), expected: 'days of the month 1..31 or -31..-1' },
  BYMONTH: { check: intList(1, 12, false), expected: 'months 1..12' },
  BYYEARDAY: { check: intList(1, 366, true), expected: 'days of the year 1..366 or -366..-1' },
  BYWEEKNO: { check: intList(1, 53, true), expected: 'weeks 1..53 or -53..-1' },
  BYSETPOS: { check: intList(1, 366, true), expected: 'positions 1..366 or -366..-1' },
  WKST: { check: (v) => new RegExp(`^${WEEKDAY}$`).test(v), expected: 'a weekday such as MO' },
};

/** A validated rule: the rrule options (without start) and the UNTIL as written, if any. */
export interface ParsedRule {
  /** The rule normalised (upper case, without a leading "RRULE:"). */
  text: string;
  options: Partial<Options>;
  until?: { date: string; time?: string; utc: boolean };
  bounded: boolean;
}

/** Parses and checks an RRULE; BAD_USER_INPUT naming `field` with the reason otherwise. */
export function parseRule(rule: string, field: string): ParsedRule {
  const text = rule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (!text) throw badInput(field, 'is empty; leave it out (null) for a single event.');
  if (/[\r\n]/.test(text) || text.includes('DTSTART')) {
    throw badInput(field, 'must be a single RRULE without DTSTART: the first occurrence is `startsAt`.');
  }
  const seen = new Map<string, string>();
  for (const part of text.split(';')) {
    const [key, value, ...rest] = part.split('=');
    if (!key || value === undefined || rest.length) throw badInput(field, `"${part}" is not a KEY=VALUE part of an RRULE.`);
    if (key === 'TZID') throw badInput(field, "TZID is not part of an RRULE here: set the event's `timeZone` instead.");
    if (key === 'BYHOUR' || key === 'BYMINUTE' || key === 'BYSECOND') {
      throw badInput(field, `${key} is not supported: an occurrence starts at the time of day of \`startsAt\`.`);
    }
    const spec = PARTS[key];
    if (!spec) throw badInput(field, `unknown or unsupported RRULE part "${key}".`);
    if (seen.has(key)) throw badInput(field, `${key} is given twice.`);
    if (!spec.check(value)) throw badInput(field, `${key}=${value} is invalid: expected ${spec.expected}.`);
    seen.set(key, value);
  }
  if (!seen.has('FREQ')) throw badInput(field, 'FREQ is required, e.g. "FREQ=WEEKLY;BYDAY=TU".');
  if (seen.has('COUNT') && seen.has('UNTIL')) throw badInput(field, 'COUNT and UNTIL must not both be given (RFC 5545).');
  const untilText = seen.get('UNTIL');
  // UNTIL is applied by us in the event's time zone; rrule gets the rest.
  const withoutUntil = [...seen]
    .filter(([key]) => key !== 'UNTIL')
    .map(([key, value]) => `${key}=${value}`)
    .join(';');
  let options: Partial<Options>;
  try {
    options = RRule.parseString(withoutUntil);
  } catch (error) {
    throw badInput(field, `is not a valid RRULE: ${(error as Error).message}.`);
  }
  const until = untilText
    ? {
        date: untilText.slice(0, 8),
        time: untilText.length > 8 ? untilText.slice(9, 15) : undefined,
        utc: untilText.endsWith('Z'),
      }
    : undefined;
  return { text, options, until, bounded: seen.has('COUNT') || seen.has('UNTIL') };
}

/** True for IANA zone names ("Europe/Berlin", "UTC"); offsets such as "+01:00" are not zone names. */
export function isIanaTimeZone(zone: string): boolean {
  return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) && IANAZone.isValidZone(zone);
}

/** The facts of an event that decide its occurrences. */
export interface SeriesFacts {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  recurrence: string | null;
  /** Starts of occurrences that do not take place (EXDATE); they are left out of every expansion. */
  cancelledOccurrences?: readonly (Date | string)[] | null;
}

/** The cancelled occurrence starts of a series, as epoch milliseconds (drivers hand timestamptz[] as Dates or strings). */
export function cancelledStarts(facts: Pick<SeriesFacts, 'cancelledOccurrences'>): Set<number> {
  return new Set((facts.cancelledOccurrences ?? []).map((value) => new Date(value).getTime()));
}

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

/** Wall-clock fields of an instant in `zone`, as a "floating" Date (those fields in UTC). */
function toFloating(instant: Date, zone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond));
}

/** The instant at which a floating wall-clock time happens in `zone`. */
function fromFloating(floating: Date, zone: string): DateTime {
  return DateTime.fromObject(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
      second: floating.getUTCSeconds(),
      millisecond: floating.getUTCMilliseconds(),
    },
    { zone },
  );
}

/** UNTIL as a floating time: a UTC time turned local, a local time as written, a date through its end. */
function floatingUntil(until: NonNullable<ParsedRule['until']>, zone: string): Date {
  const [y, m, d] = [until.date.slice(0, 4), until.date.slice(4, 6), until.date.slice(6, 8)].map(Number) as [
    number,
    number,
    number,
  ];
  if (!until.time) return new Date(Date.UTC(y, m - 1, d, 23, 59, 59, 999));
  const [hh, mm, ss] = [until.time.slice(0, 2), until.time.slice(2, 4), until.time.slice(4, 6)].map(Number) as [
    number,
    number,
    number,
  ];
  const written = new Date(Date.UTC(y, m - 1, d, hh, mm, ss));
  return until.utc ? toFloating(written, zone) : written;
}

/**
 * rrule walks a rule period by period (day, week, month or year of FREQ) and
 * only stops once it finds an occurrence past the end asked for, or at the
 * year 9999: a rule that (almost) never occurs, such as
 * "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", kept the process busy for 10 seconds
 * and more. Every walk here therefore gets a budget of periods, and expansions
 * start near the window instead of at the first occurrence.
 */

/** Periods one check of a rule on write may walk (a dense DAILY rule walks 1000 for 1000 occurrences). */
export const MAX_CHECK_PERIODS = 20_000;
/** Periods an expansion may walk past the end of its window (to see that nothing more comes). */
const TRAILING_PERIODS = 400;

class ScanBudgetExceeded extends Error {}

const FREQ_PERIOD_DAYS: Partial<Record<number, number>> = {
  [RRule.YEARLY]: 365,
  [RRule.MONTHLY]: 28,
  [RRule.WEEKLY]: 7,
  [RRule.DAILY]: 1,
};

/** The shortest period of a rule, in ms (its FREQ times INTERVAL). */
function periodMs(options: Partial<Options>): number {
  return (FREQ_PERIOD_DAYS[options.freq ?? RRule.DAILY] ?? 1) * (options.interval ?? 1) * DAY_MS;
}

/**
 * An RRule whose walks are metered: rrule reads `options.interval` twice per
 * period walked (and once per walk), so a getter there counts the periods and
 * ends a walk that exceeds its budget. `tests/audit/robustness.test.ts`
 * checks that a never-occurring rule is refused quickly, so a change in
 * rrule's internals shows up there.
 */
function meteredRule(options: Partial<Options>): { rule: RRule; walk<T>(periods: number, work: () => T): T } {
  const rule = new RRule(options);
  const parsed = rule.options as Options & { interval: number };
  const interval = parsed.interval;
  let reads = Infinity;
  Object.defineProperty(parsed, 'interval', {
    configurable: true,
    enumerable: true,
    get() {
      reads -= 1;
      if (reads < 0) throw new ScanBudgetExceeded();
      return interval;
    },
  });
  return {
    rule,
    walk(periods, work) {
      reads = 2 * periods + 4;
      try {
        return work();
      } finally {
        reads = Infinity;
      }
    },
  };
}

/**
 * The part of a rule that rrule derives from DTSTART when no BY-day part is
 * given (the day of the month, month, weekday), made explicit, so the rule can
 * be started at another period without changing its occurrences.
 */
function explicitDefaults(options: Partial<Options>, dtstart: Date): Partial<Options> {
  const has = (value: unknown) => value !== null && value !== undefined && !(Array.isArray(value) && !value.length);
  if (
    has(options.byweekno) ||
    has(options.byyearday) ||
    has(options.bymonthday) ||
    has(options.byweekday) ||
    has(options.byeaster)
  ) {
    return {};
  }
  switch (options.freq) {
    case RRule.YEARLY:
      return {
        bymonth: has(options.bymonth) ? options.bymonth : [dtstart.getUTCMonth() + 1],
        bymonthday: [dtstart.getUTCDate()],
      };
    case RRule.MONTHLY:
      return { bymonthday: [dtstart.getUTCDate()] };
    case RRule.WEEKLY:
      return { byweekday: [(dtstart.getUTCDay() + 6) % 7] };
    default:
      return {};
  }
}

/**
 * A start for the rule at the beginning of the period (of FREQ × INTERVAL)
 * that holds `target`, so a walk towards a window far from the first
 * occurrence costs the window, not the years in between. Undefined when the
 * rule cannot be moved: COUNT counts from the first occurrence.
 */
function alignedStart(options: Partial<Options>, dtstart: Date, target: Date): Date | undefined {
  if (options.count || target.getTime() <= dtstart.getTime()) return undefined;
  const n = options.interval ?? 1;
  const [year, month] = [dtstart.getUTCFullYear(), dtstart.getUTCMonth()];
  const time = [dtstart.getUTCHours(), dtstart.getUTCMinutes(), dtstart.getUTCSeconds(), dtstart.getUTCMilliseconds()] as const;
  switch (options.freq) {
    case RRule.DAILY:
    case RRule.WEEKLY: {
      const step = periodMs(options);
      return new Date(dtstart.getTime() + Math.floor((target.getTime() - dtstart.getTime()) / step) * step);
    }
    case RRule.MONTHLY: {
      const months = (target.getUTCFullYear() - year) * 12 + (target.getUTCMonth() - month);
      return new Date(Date.UTC(year, month + Math.floor(months / n) * n, 1, ...time));
    }
    case RRule.YEARLY: {
      const years = target.getUTCFullYear() - year;
      return new Date(Date.UTC(year + Math.floor(years / n) * n, 0, 1, ...time));
    }
    default:
      return undefined;
  }
}

/** A series ready to expand. */
class Series {
  private readonly metered: ReturnType<typeof meteredRule>;
  private readonly duration: Duration;
  private readonly options: Partial<Options>;
  private readonly start: Date;

  constructor(
    readonly facts: SeriesFacts,
    parsed: ParsedRule,
  ) {
    const start = DateTime.fromJSDate(facts.startsAt, { zone: facts.timeZone });
    const end = DateTime.fromJSDate(facts.endsAt, { zone: facts.timeZone });
    // In calendar units, so an all-day occurrence stays midnight to midnight on the days of a clock change.
    this.duration = end.diff(start, ['days', 'hours', 'minutes', 'seconds', 'milliseconds']);
    this.start = toFloating(facts.startsAt, facts.timeZone);
    this.options = { ...parsed.options, until: parsed.until ? floatingUntil(parsed.until, facts.timeZone) : null };
    this.metered = meteredRule({ ...this.options, dtstart: this.start });
  }

  private occurrence(floating: Date): Interval {
    const start = fromFloating(floating, this.facts.timeZone);
    return { startsAt: start.toJSDate(), endsAt: start.plus(this.duration).toJSDate() };
  }

  /**
   * Occurrences with floating start in [after, before], at most `max` (+1 to
   * tell there are more). The walk starts at the period holding `after` and
   * ends a few hundred periods past `before` at the latest: whatever it found
   * by then is all there is in the window.
   */
  between(after: Date, before: Date, max: number): Interval[] {
    const aligned = alignedStart(this.options, this.start, after);
    const metered = aligned
      ? meteredRule({ ...this.options, ...explicitDefaults(this.options, this.start), dtstart: aligned })
      : this.metered;
    const from = aligned ?? this.start;
    const periods = Math.ceil(Math.max(0, before.getTime() - from.getTime()) / periodMs(this.options)) + 2 + TRAILING_PERIODS;
    const found: Date[] = [];
    try {
      metered.walk(periods, () =>
        metered.rule.between(after, before, true, (date) => {
          found.push(date);
          return found.length <= max;
        }),
      );
    } catch (error) {
      if (!(error instanceof ScanBudgetExceeded)) throw error;
    }
    return found.slice(0, max + 1).map((date) => this.occurrence(date));
  }

  /**
   * The first `max + 1` occurrences at most (for bounded series), and whether
   * the walk ended before it could tell (the rule's occurrences are too far
   * apart to check within {@link MAX_CHECK_PERIODS}).
   */
  first(max: number): { occurrences: Interval[]; exhausted: boolean } {
    const found: Date[] = [];
    let exhausted = false;
    try {
      this.metered.walk(MAX_CHECK_PERIODS, () =>
        this.metered.rule.all((date, index) => {
          if (index > max) return false;
          found.push(date);
          return true;
        }),
      );
    } catch (error) {
      if (!(error instanceof ScanBudgetExceeded)) throw error;
      exhausted = true;
    }
    return { occurrences: found.map((date) => this.occurrence(date)), exhausted };
  }

  floating(instant: Date): Date {
    return toFloating(instant, this.facts.timeZone);
  }

  get maxDurationMs(): number {
    // A calendar day is at most 25 hours long.
    return this.duration.as('milliseconds') + DAY_MS;
  }
}

/**
 * Checks a series on write and answers the end of its last occurrence
 * (`last_ends_at`): `endsAt` for a single event, the last occurrence's end for
 * a bounded series, Infinity for an open-ended one.
 */
export function seriesEnd(facts: SeriesFacts, field = 'input.recurrence'): Date | typeof Infinity {
  if (!facts.recurrence) return facts.endsAt;
  const parsed = parseRule(facts.recurrence, field);
  const series = new Series(facts, parsed);
  const { occurrences: firsts, exhausted } = series.first(parsed.bounded ? MAX_SERIES_OCCURRENCES : 0);
  const first = firsts[0];
  const tooSparse = () =>
    badInput(
      field,
      'the rule occurs too rarely to be checked (its occurrences are years apart, or it never occurs, like 30 February); use a coarser FREQ such as MONTHLY or YEARLY, or fewer BY parts.',
    );
  if (exhausted && (!first || parsed.bounded)) throw tooSparse();
  if (!first || first.startsAt.getTime() !== facts.startsAt.getTime()) {
    throw badInput(
      field,
      first
        ? `\`startsAt\` must itself be an occurrence of the rule (the rule's first one after it is ${first.startsAt.toISOString()}); e.g. a Tuesday for BYDAY=TU.`
        : 'the rule has no occurrence at or after `startsAt` (UNTIL before the start?).',
    );
  }
  if (!parsed.bounded) return Infinity;
  if (firsts.length > MAX_SERIES_OCCURRENCES) {
    throw badInput(
      field,
      `a bounded series may have at most ${MAX_SERIES_OCCURRENCES} occurrences; shorten it or leave out COUNT/UNTIL.`,
    );
  }
  return firsts[firsts.length - 1]!.endsAt;
}

/** The RRULE as stored: normalised, validated. */
export function normaliseRule(rule: string, field = 'input.recurrence'): string {
  return parseRule(rule, field).text;
}

/**
 * The occurrences of an event that overlap [from, to] (inclusive), in order,
 * at most `max + 1` (one more than asked tells the caller there are more).
 * Stored rules were validated on write; should one not parse, the event
 * counts as a single occurrence rather than failing a whole list.
 */
export function occurrencesBetween(facts: SeriesFacts, from: Date, to: Date, max: number): Interval[] {
  const single = [{ startsAt: facts.startsAt, endsAt: facts.endsAt }];
  const overlaps = (o: Interval) => o.startsAt.getTime() <= to.getTime() && o.endsAt.getTime() >= from.getTime();
  if (!facts.recurrence) return single.filter(overlaps);
  let series: Series;
  try {
    series = new Series(facts, parseRule(facts.recurrence, 'recurrence'));
  } catch {
    return single.filter(overlaps);
  }
  // Occurrences that start up to one duration before `from` may still reach into the window.
  const after = series.floating(new Date(from.getTime() - series.maxDurationMs));
  const before = series.floating(new Date(to.getTime() + DAY_MS));
  const cancelled = cancelledStarts(facts);
  const candidates = series.between(after, before, max + Math.ceil(series.maxDurationMs / DAY_MS) + 2 + cancelled.size);
  return candidates.filter((o) => overlaps(o) && !cancelled.has(o.startsAt.getTime())).slice(0, max + 1);
}

/**
 * The cancelled occurrences of a series after its timing changed (`startsAt`,
 * `timeZone`, `allDay`, `recurrence`). Each cancelled date moves with the
 * series' first start by the same wall-clock shift in the event's zone — a
 * weekly Tuesday 18:00 moved to Wednesday 19:00 takes "not on Tuesday 22
 * December, 18:00" to Wednesday 23 December, 19:00 — and a date that is then
 * no occurrence of the (new) rule is dropped: a cancellation must name an
 * occurrence, or it would stay in `cancelledOccurrences` and EXDATE without
 * cancelling anything. A single event has none. Sorted, without duplicates.
 */
export function remapCancelledOccurrences(before: SeriesFacts, after: SeriesFacts): Date[] {
  const cancelled = [...cancelledStarts(before)];
  if (!after.recurrence || !cancelled.length) return [];
  const shift = toFloating(after.startsAt, after.timeZone).getTime() - toFloating(before.startsAt, before.timeZone).getTime();
  const plain = { ...after, cancelledOccurrences: [] };
  const kept = new Set<number>();
  for (const time of cancelled) {
    const moved = fromFloating(new Date(toFloating(new Date(time), before.timeZone).getTime() + shift), after.timeZone);
    if (!moved.isValid) continue;
    const at = moved.toJSDate();
    const isOccurrence = occurrencesBetween(plain, at, at, 1).some((o) => o.startsAt.getTime() === at.getTime());
    if (isOccurrence) kept.add(at.getTime());
  }
  return [...kept].sort((a, b) => a - b).map((ms) => new Date(ms));
}

/** Checks an occurrence window: `to` after `from`, at most {@link MAX_WINDOW_DAYS} days. */
export function checkWindow(from: Date, to: Date, fields = { from: 'from', to: 'to' }): void {
  if (to.getTime() <= from.getTime()) throw badInput(fields.to, `must be after \`${fields.from}\`.`);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw badInput(fields.to, `the window may be at most ${MAX_WINDOW_DAYS} days long; page through longer periods.`);
  }
}

/** Checks `first` for occurrences: 1..{@link MAX_OCCURRENCES}, default {@link DEFAULT_OCCURRENCES}. */
export function occurrenceLimit(first: number | null | undefined, field = 'first'): number {
  if (first === undefined || first === null) return DEFAULT_OCCURRENCES;
  if (!Number.isInteger(first) || first < 1 || first > MAX_OCCURRENCES) {
    throw badInput(field, `must be between 1 and ${MAX_OCCURRENCES}, got ${first}.`);
  }
  return first;
}
