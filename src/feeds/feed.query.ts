import type { DataSource } from 'typeorm';
import type { Viewer } from '../access';
import { hydrate } from '../db/hydrate';
import { queryRows, type Row } from '../db/query-rows';
import { Topic } from '../directory';
import { EventEntity } from '../events';
import { visibleEventCondition } from '../events';
import { eventConditions, type EventCriteria } from '../events';
import { EventCategory } from '../events';
import { parseAnyGlobalId } from '../shared/global-id';
import { normaliseLanguageCode } from '../shared/scalars';
import { SqlParams, whereClause } from '../shared/sql';

/**
 * What a calendar feed holds, read from its URL: the `events` filters as
 * query parameters (repeated for several values, or comma-separated), and
 * the whole feed in one statement, by start, joined with what each VEVENT
 * names (lead organisation, municipality, campaign). The time window uses the
 * events slice's exact occurrence condition, so it is served by the same
 * indexes as `events`.
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

/** One VEVENT's data: the event and what it names. */
export interface FeedEvent {
  event: EventEntity;
  leadName: string;
  leadEmail: string | null;
  leadWebsite: string | null;
  municipalityName: string | null;
  campaignName: string | null;
  /** The latest change to anything the VEVENT shows (event, lead, campaign). */
  modifiedAt: Date;
}

const referenceCondition = (params: SqlParams, table: string, reference: Reference) =>
  `(SELECT id FROM ${table} WHERE slug = ANY(${params.add(reference.slugs, 'text[]')}) OR id = ANY(${params.add(reference.ids, 'uuid[]')}))`;

/**
 * The feed's events the viewer may see, by start: one statement. Anonymous
 * viewers (and tokens without `drafts=true`) get published events only
 * (cancelled ones too, as STATUS:CANCELLED); a token with `drafts=true`
 * also its own drafts and plans.
 */
export async function loadFeedEvents(db: DataSource, viewer: Viewer, feed: FeedQuery): Promise<FeedEvent[]> {
  const params = new SqlParams();
  const criteria: EventCriteria = {
    from: feed.from ?? undefined,
    to: feed.to ?? undefined,
    topics: feed.topics,
    categories: feed.categories,
    languages: feed.languages,
  };
  const where = [visibleEventCondition(viewer, params, 'e'), ...eventConditions(criteria, params, 'e')];
  if (!feed.drafts || !viewer.authenticated) where.push("e.status IN ('PUBLISHED', 'CANCELLED') AND e.published_at IS NOT NULL");
  if (feed.eventId) where.push(`e.id = ${params.add(feed.eventId, 'uuid')}`);
  if (feed.municipalities) where.push(`e.municipality_id IN ${referenceCondition(params, 'municipality', feed.municipalities)}`);
  if (feed.campaigns) where.push(`e.campaign_id IN ${referenceCondition(params, 'campaign', feed.campaigns)}`);
  if (feed.organisations) {
    // As lead or accepted organiser, like `events(filter: { organisationIds })`.
    where.push(`e.id IN (SELECT fo.event_id FROM event_organiser fo
      WHERE fo.status = 'ACCEPTED' AND fo.organisation_id IN ${referenceCondition(params, 'organisation', feed.organisations)})`);
  }
  const rows = await queryRows(
    db,
    `SELECT e.*, lo.name AS _lead_name, lo.email AS _lead_email, lo.website AS _lead_website,
            greatest(e.updated_at, lo.updated_at, c.updated_at) AS _modified_at,
            m.name AS _municipality_name, c.name AS _campaign_name
     FROM event e
     JOIN organisation lo ON lo.id = e.lead_organisation_id
     LEFT JOIN municipality m ON m.id = e.municipality_id
     LEFT JOIN campaign c ON c.id = e.campaign_id
     ${whereClause(where)}
     ORDER BY e.starts_at, e.id
     LIMIT ${params.add(feed.limit, 'int')}`,
    params.values,
  );
  return rows.map((row: Row) => ({
    event: hydrate(db, EventEntity, row),
    leadName: String(row._lead_name),
    leadEmail: (row._lead_email as string | null) ?? null,
    leadWebsite: (row._lead_website as string | null) ?? null,
    municipalityName: (row._municipality_name as string | null) ?? null,
    campaignName: (row._campaign_name as string | null) ?? null,
    modifiedAt: new Date(row._modified_at as string),
  }));
}
