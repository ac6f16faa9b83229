// Formatting for people: dates in the district's time zone, enum values in words, and API errors
// in plain words next to the field or action they concern.
import { TOPIC_NAMES } from '../../src/directory/topic-labels';
import type { Lang } from './i18n';

export const TIME_ZONE = 'Europe/Berlin';

const locale = (lang: Lang) => (lang === 'de' ? 'de-DE' : 'en-GB');

/** "Sa., 3. Okt. 2027, 14:00" – a moment in Europe/Berlin. */
export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

/** "3. Okt. 2027" – a calendar date (YYYY-MM-DD), not shifted by time zones. */
export function formatDate(date: string, lang: Lang): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** A span of two moments, the day written once when both fall on it. */
export function formatSpan(startsAt: string, endsAt: string, lang: Lang): string {
  const day = (iso: string) => new Date(iso).toLocaleDateString('en-CA', { timeZone: TIME_ZONE });
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(new Date(iso));
  return day(startsAt) === day(endsAt)
    ? `${formatDateTime(startsAt, lang)} – ${time(endsAt)}`
    : `${formatDateTime(startsAt, lang)} – ${formatDateTime(endsAt, lang)}`;
}

/** The offset of Europe/Berlin at `utcMs`, in minutes east of UTC. */
function berlinOffsetMinutes(utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - utcMs) / 60_000);
}

/** A `<input type="datetime-local">` value ("2027-10-03T14:00"), read as Berlin time, as ISO UTC; null if incomplete. */
export function localInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes settle the offset across a daylight-saving change.
  let utc = naive - berlinOffsetMinutes(naive) * 60_000;
  utc = naive - berlinOffsetMinutes(utc) * 60_000;
  return new Date(utc).toISOString();
}

/** The inverse: an ISO moment as a datetime-local value in Berlin time. */
export function isoToLocalInput(iso: string): string {
  const ms = new Date(iso).getTime() + berlinOffsetMinutes(new Date(iso).getTime()) * 60_000;
  return new Date(ms).toISOString().slice(0, 16);
}

const KINDS: Record<string, [string, string]> = {
  ASSOCIATION: ['Verein', 'Association'],
  FEDERATION: ['Dachverband', 'Federation'],
  MIGRANT_ORGANISATION: ['Migrantenorganisation', 'Migrant organisation'],
  MOSQUE: ['Moscheegemeinde', 'Mosque'],
  OTHER: ['Sonstige', 'Other'],
  PUBLIC_INSTITUTION: ['Öffentliche Einrichtung', 'Public institution'],
  RELIGIOUS_COMMUNITY: ['Religionsgemeinschaft', 'Religious community'],
  SUPPORT_CIRCLE: ['Unterstützerkreis', 'Support circle'],
};
// One table with the API's German match reasons (src/directory/topic-labels.ts).
const TOPICS: Record<string, readonly [string, string]> = TOPIC_NAMES;
const WORDS: Record<string, [string, string]> = {
  DRAFT: ['Entwurf', 'Draft'],
  PLANNING: ['In Planung', 'Planning'],
  PUBLISHED: ['Veröffentlicht', 'Published'],
  CANCELLED: ['Abgesagt', 'Cancelled'],
  INVITED: ['Eingeladen', 'Invited'],
  ACCEPTED: ['Zugesagt', 'Accepted'],
  DECLINED: ['Abgesagt', 'Declined'],
  WITHDRAWN: ['Zurückgezogen', 'Withdrawn'],
  LEAD: ['Federführend', 'Lead'],
  CO_HOST: ['Mitveranstalter', 'Co-host'],
  SUPPORTER: ['Unterstützer', 'Supporter'],
  PUBLIC: ['Öffentlich', 'Public'],
  PARTNERS: ['Partner im Netzwerk', 'Network partners'],
  COORDINATORS: ['Nur Koordination', 'Coordinators only'],
  ORGANISERS: ['Nur Veranstaltende', 'Organisers only'],
  ADMIN: ['Administration', 'Admin'],
  EDITOR: ['Redaktion', 'Editor'],
  VIEWER: ['Lesen', 'Viewer'],
  DIALOGUE: ['Dialog', 'Dialogue'],
  OPEN_HOUSE: ['Tag der offenen Tür', 'Open house'],
  CULTURE: ['Kultur', 'Culture'],
  FESTIVAL: ['Fest', 'Festival'],
  INFORMATION: ['Information', 'Information'],
  LANGUAGE_CAFE: ['Sprachcafé', 'Language café'],
  LANGUAGE_COURSE: ['Sprachkurs', 'Language course'],
  MEETING: ['Treffen', 'Meeting'],
  OTHER: ['Sonstiges', 'Other'],
  RELIGIOUS: ['Religiös', 'Religious'],
  SPORTS: ['Sport', 'Sports'],
  TRAINING: ['Schulung', 'Training'],
  WORKSHOP: ['Workshop', 'Workshop'],
};

/** The matching signals (MatchReason.code); the API's description, in the console's language, follows each. */
const REASONS: Record<string, [string, string]> = {
  TOPICS: ['Gemeinsame Themen', 'Shared topics'],
  LANGUAGES: ['Spricht die Sprachen des Publikums', 'Speaks the audience’s languages'],
  DISTANCE: ['In der Nähe', 'Nearby'],
  KIND_MIX: ['Bringt eine neue Art von Organisation ein', 'Adds a new kind of organisation'],
  LOOKING_FOR_PARTNERS: ['Sucht Partner', 'Looking for partners'],
  VERIFIED: ['Geprüfter Eintrag', 'Verified entry'],
  RECENTLY_CONFIRMED: ['Angaben kürzlich bestätigt', 'Details recently confirmed'],
  CO_HOSTED: ['Hat schon mit der Federführung veranstaltet', 'Co-hosted with the lead before'],
  NEW_TO_NETWORK: ['Neu im Netzwerk', 'New to the network'],
  BUSY: ['Hat zu der Zeit eigene Termine', 'Busy at that time'],
};

const pick = (table: Record<string, readonly [string, string]>, value: string, lang: Lang) =>
  table[value]?.[lang === 'de' ? 0 : 1] ?? value.toLowerCase().replace(/_/g, ' ');

export const kindLabel = (value: string, lang: Lang) => pick(KINDS, value, lang);
export const topicLabel = (value: string, lang: Lang) => pick(TOPICS, value, lang);
export const wordLabel = (value: string, lang: Lang) => pick(WORDS, value, lang);
/** Kinds of change a webhook may receive (ChangeKind for events, OrganisationChangeKind for the directory). */
export const EVENT_CHANGES: Record<string, [string, string]> = {
  CREATED: ['Angelegt', 'Created'],
  UPDATED: ['Geändert', 'Updated'],
  PUBLISHED: ['Veröffentlicht', 'Published'],
  CANCELLED: ['Abgesagt', 'Cancelled'],
  DELETED: ['Gelöscht', 'Deleted'],
  ORGANISERS_CHANGED: ['Veranstaltende geändert', 'Organisers changed'],
};
export const ORGANISATION_CHANGES: Record<string, [string, string]> = {
  CREATED: ['Eingetragen', 'Created'],
  UPDATED: ['Geändert', 'Updated'],
  VERIFIED: ['Bestätigt', 'Verified'],
  DETAILS_CONFIRMED: ['Angaben bestätigt', 'Details confirmed'],
  MEMBERSHIPS_CHANGED: ['Mitgliedschaften geändert', 'Memberships changed'],
  CONTACT_ADDED: ['Ansprechperson hinzugefügt', 'Contact added'],
  CONTACT_UPDATED: ['Ansprechperson geändert', 'Contact updated'],
  CONTACT_REMOVED: ['Ansprechperson entfernt', 'Contact removed'],
};
export const changeLabel = (table: Record<string, [string, string]>, value: string, lang: Lang) => pick(table, value, lang);
export const reasonLabel = (code: string, lang: Lang) => pick(REASONS, code, lang);
export const KIND_VALUES = Object.keys(KINDS);
export const TOPIC_VALUES = Object.keys(TOPICS);
export const CATEGORY_VALUES = [
  'DIALOGUE',
  'OPEN_HOUSE',
  'CULTURE',
  'FESTIVAL',
  'INFORMATION',
  'LANGUAGE_CAFE',
  'MEETING',
  'RELIGIOUS',
  'SPORTS',
  'WORKSHOP',
  'OTHER',
];

/** One GraphQL error as the console needs it. */
export interface ApiProblem {
  code: string;
  /** The input path it concerns (`extensions.field`), e.g. "input.name". */
  field?: string;
  message: string;
  currentVersion?: number;
}

interface ErrorLike {
  message?: string;
  graphQLErrors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  networkError?: unknown;
  response?: { status?: number };
}

/** The problems in an urql CombinedError (or any thrown thing), in the API's terms. */
export function problemsOf(error: unknown): ApiProblem[] {
  if (!error) return [];
  const e = error as ErrorLike;
  if (e.graphQLErrors?.length) {
    return e.graphQLErrors.map((g) => ({
      code: typeof g.extensions?.code === 'string' ? g.extensions.code : 'INTERNAL_SERVER_ERROR',
      field: typeof g.extensions?.field === 'string' ? g.extensions.field : undefined,
      message: g.message,
      currentVersion: typeof g.extensions?.currentVersion === 'number' ? g.extensions.currentVersion : undefined,
    }));
  }
  return [{ code: e.networkError ? 'NETWORK' : 'INTERNAL_SERVER_ERROR', message: e.message ?? String(error) }];
}

const PLAIN: Record<string, [string, string]> = {
  UNAUTHENTICATED: [
    'Dafür ist eine Anmeldung nötig, oder der Schlüssel gilt nicht (mehr).',
    'You need to sign in for this, or the key is no longer valid.',
  ],
  FORBIDDEN: ['Dafür fehlen Ihrem Schlüssel die Rechte.', 'Your key does not have the rights for this.'],
  NOT_FOUND: ['Nicht gefunden – oder Sie dürfen es nicht sehen.', 'Not found – or you may not see it.'],
  CONFLICT: [
    'Jemand anderes hat das inzwischen geändert. Laden Sie die aktuelle Fassung; Ihre Eingaben bleiben erhalten.',
    'Someone else changed this in the meantime. Load the current version; your input is kept.',
  ],
  RATE_LIMITED: ['Zu viele Anfragen – bitte kurz warten.', 'Too many requests – please wait a moment.'],
  SERVICE_UNAVAILABLE: [
    'Der Hub ist gerade nicht erreichbar. Bitte gleich noch einmal.',
    'The hub is unavailable. Try again shortly.',
  ],
  NETWORK: ['Keine Verbindung zum Hub.', 'No connection to the hub.'],
  INTERNAL_SERVER_ERROR: ['Etwas ist schiefgegangen.', 'Something went wrong.'],
};

/** A problem in plain words. Validation errors keep the API's own explanation (it names what is wrong). */
export function plainWords(problem: ApiProblem, lang: Lang): string {
  if (problem.code === 'BAD_USER_INPUT') {
    const detail =
      problem.field && problem.message.startsWith(`${problem.field}: `)
        ? problem.message.slice(problem.field.length + 2)
        : problem.message;
    return (lang === 'de' ? 'Bitte prüfen: ' : 'Please check: ') + detail;
  }
  return pick(PLAIN, problem.code, lang);
}

/**
 * Sorts problems to where they are shown: `fields[name]` for errors naming an input field
 * (by the last part of its path: "input.title" → "title"), `general` for the rest.
 */
export function placeProblems(problems: ApiProblem[]): { fields: Record<string, ApiProblem>; general: ApiProblem[] } {
  const fields: Record<string, ApiProblem> = {};
  const general: ApiProblem[] = [];
  for (const p of problems) {
    const name =
      p.code === 'BAD_USER_INPUT' && p.field
        ? p.field
            .split('.')
            .filter((s) => !/^\d+$/.test(s))
            .pop()
        : undefined;
    if (name && name !== 'expectedVersion') fields[name] = p;
    else general.push(p);
  }
  return { fields, general };
}
