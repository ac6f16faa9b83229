import { Topic } from '../directory';
import { EventCategory } from '../events';
import { parseAnyGlobalId } from '../shared/global-id';
import { normaliseLanguageCode } from '../shared/scalars';

/**
 * A calendar feed's URL read into criteria: the `events` filters as query
 * parameters (repeated for several values, or comma-separated), references by
 * slug, global ID or database id, and the time window. Bad parameters are
 * refused naming the parameter (HTTP 400).
 */

/** A bad query parameter: answered as HTTP 400 naming the parameter. */
export class FeedParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}

/** A reference to a municipality, organisation or campaign: its slug, global ID or database id. */
export interface Reference {
  slugs: string[];
  ids: string[];
}

/** The feed's criteria, as parsed from the URL. */
export interface FeedQuery {
  municipalities?: Reference;
  organisations?: Reference;
  campaigns?: Reference;
  /** One event (`/feeds/events/{id}.ics`). */
  eventId?: string;
  topics?: Topic[];
  categories?: EventCategory[];
  languages?: string[];
  from: Date | null;
  to: Date | null;
  /** Languages for the texts, best first. */
  textLanguages: string[];
  /** Drafts and plans of the token's own events too (`drafts=true`; only with a token). */
  drafts: boolean;
  limit: number;
}

/** How far back a feed reaches by default: calendar apps show the recent past too. */
export const DEFAULT_PAST_DAYS = 31;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TOPICS = new Set<string>(Object.values(Topic));
const CATEGORIES = new Set<string>(Object.values(EventCategory));
/** Names of the query parameters a feed accepts (others answer 400, so typos do not pass silently). */
const KNOWN = new Set([
  'municipality',
  'organisation',
  'campaign',
  'topic',
  'category',
  'kind',
  'language',
  'from',
  'to',
  'lang',
  'token',
  'drafts',
  'limit',
]);

/** The values of a parameter: repeated (`topic=A&topic=B`) or comma-separated (`topic=A,B`). */
function values(query: Record<string, unknown>, name: string): string[] {
  const raw = query[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.some((value) => typeof value !== 'string')) throw new FeedParameterError(name, 'must be a plain value.');
  const found = (list as string[])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  if (found.length > 50) throw new FeedParameterError(name, 'at most 50 values.');
  return found;
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const found = values(query, name);
  if (found.length > 1) throw new FeedParameterError(name, 'give it once.');
  return found[0];
}

/** A slug, global ID or database id of a `type`; FeedParameterError otherwise. */
export function parseReference(value: string, type: string, parameter: string): Reference {
  if (UUID.test(value)) return { slugs: [], ids: [value.toLowerCase()] };
  if (SLUG.test(value) && value.length <= 120) return { slugs: [value], ids: [] };
  const parsed = parseAnyGlobalId(value);
  if (parsed?.type === type && UUID.test(parsed.id)) return { slugs: [], ids: [parsed.id] };
  throw new FeedParameterError(parameter, `"${value}" is not the slug or ID of a ${type.toLowerCase()}.`);
}

function references(query: Record<string, unknown>, name: string, type: string): Reference | undefined {
  const list = values(query, name).map((value) => parseReference(value, type, name));
  if (!list.length) return undefined;
  return { slugs: list.flatMap((r) => r.slugs), ids: list.flatMap((r) => r.ids) };
}

function moment(value: string | undefined, name: string): Date | null {
  if (value === undefined) return null;
  // A date alone means midnight UTC that day; a time needs its offset.
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(value) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const date = new Date(value);
  if (!ok || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1900 || date.getUTCFullYear() > 2199) {
    throw new FeedParameterError(
      name,
      `"${value}" is not a date (2026-10-01) or a time with offset (2026-10-01T18:00:00+02:00).`,
    );
  }
  return date;
}

/**
 * Reads a feed's URL parameters. Throws {@link FeedParameterError} for a bad
 * one. `maxEvents` caps `limit` (FEED_MAX_EVENTS).
 */
export function parseFeedQuery(
  query: Record<string, unknown>,
  acceptLanguages: readonly string[],
  maxEvents: number,
  now = new Date(),
): FeedQuery {
  for (const name of Object.keys(query)) {
    if (!KNOWN.has(name)) throw new FeedParameterError(name, `unknown parameter; feeds accept ${[...KNOWN].join(', ')}.`);
  }
  const topics = values(query, 'topic').map((topic) => {
    if (!TOPICS.has(topic))
      throw new FeedParameterError('topic', `"${topic}" is not a topic (e.g. ${[...TOPICS].slice(0, 3).join(', ')}).`);
    return topic as Topic;
  });
  const categories = [...values(query, 'category'), ...values(query, 'kind')].map((category) => {
    if (!CATEGORIES.has(category)) {
      throw new FeedParameterError('category', `"${category}" is not an event category (e.g. LANGUAGE_CAFE, OPEN_HOUSE).`);
    }
    return category as EventCategory;
  });
  const language = (name: string) => (value: string) => {
    const code = normaliseLanguageCode(value);
    if (!code) throw new FeedParameterError(name, `"${value}" is not a language code such as de, ar or uk.`);
    return code;
  };
  const languages = values(query, 'language').map(language('language'));
  const textLanguages = values(query, 'lang').map(language('lang'));
  const from = moment(single(query, 'from'), 'from');
  const to = moment(single(query, 'to'), 'to');
  if (from && to && to.getTime() < from.getTime()) throw new FeedParameterError('to', 'must not be before `from`.');
  const drafts = single(query, 'drafts');
  if (drafts !== undefined && drafts !== 'true' && drafts !== 'false')
    throw new FeedParameterError('drafts', 'must be true or false.');
  const limitText = single(query, 'limit');
  const limit = limitText === undefined ? maxEvents : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxEvents) {
    throw new FeedParameterError('limit', `must be a whole number 1..${maxEvents}.`);
  }
  return {
    municipalities: references(query, 'municipality', 'Municipality'),
    organisations: references(query, 'organisation', 'Organisation'),
    campaigns: references(query, 'campaign', 'Campaign'),
    topics: topics.length ? topics : undefined,
    categories: categories.length ? categories : undefined,
    languages: languages.length ? languages : undefined,
    from: from ?? (to ? null : new Date(now.getTime() - DEFAULT_PAST_DAYS * 86_400_000)),
    to,
    textLanguages: [...textLanguages, ...acceptLanguages],
    drafts: drafts === 'true',
    limit,
  };
}
