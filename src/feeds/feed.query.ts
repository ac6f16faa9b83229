import type { DataSource } from 'typeorm';
import type { Viewer } from '../access';
import { hydrate } from '../db/hydrate';
import { queryRows, type Row } from '../db/query-rows';
import { EventEntity } from '../events';
import { visibleEventCondition } from '../events';
import { eventConditions, type EventCriteria } from '../events';
import { SqlParams, whereClause } from '../shared/sql';
import type { FeedQuery, Reference } from './feed.params';

/**
 * What a calendar feed holds (criteria from feed.params.ts): the validator,
 * one statement finding the feed's events (ids, versions, change times:
 * enough for the ETag and a 304), and, when the body is not in the cache, one
 * more reading those events by id with what each VEVENT names (lead
 * organisation, municipality, campaign). The time window uses the events
 * slice's exact occurrence condition, so it is served by the same indexes as
 * `events`.
 */

/** One Atom entry's data: the event and what it names. */
export interface FeedEvent {
  event: EventEntity;
  leadName: string;
  leadEmail: string | null;
  leadWebsite: string | null;
  municipalityName: string | null;
  campaignName: string | null;
  /** The latest change to anything the entry shows (event, lead, campaign). */
  modifiedAt: Date;
}

/**
 * One VEVENT's data, as the ICS statement hands it: texts already in the
 * asked language, instants as epoch milliseconds, stamps as iCalendar UTC
 * text. Narrow on purpose: the district's 5,000 events as full entities cost
 * more in the driver (row objects, jsonb, dates) than the statement itself.
 */
export interface IcsRow {
  id: string;
  version: number;
  status: string;
  allDay: boolean;
  timeZone: string;
  startsMs: number;
  endsMs: number;
  recurrence: string | null;
  /** Cancelled occurrence starts, epoch milliseconds, sorted. */
  cancelledMs: number[];
  title: string | null;
  summary: string | null;
  description: string | null;
  category: string;
  topics: string[];
  street: string | null;
  postalCode: string | null;
  locality: string | null;
  attendanceMode: string;
  onlineUrl: string | null;
  latitude: number | null;
  longitude: number | null;
  registrationUrl: string | null;
  leadName: string;
  leadEmail: string | null;
  leadWebsite: string | null;
  municipalityName: string | null;
  campaignName: string | null;
  /** DTSTAMP and LAST-MODIFIED (the latest change to event, lead or campaign), e.g. "20261001T120000Z". */
  modifiedStamp: string;
  createdStamp: string;
}

/** What a feed's answer is made of: its rows, their digest (the ETag's heart) and their latest change. */
export interface FeedRows<T> {
  rows: T[];
  digest: string;
  lastModified: Date | null;
}

/** The validator of a feed: one cheap statement that decides a 304 (see {@link loadFeedValidator}). */
export interface FeedValidator {
  count: number;
  digest: string;
  lastModified: Date | null;
  /** The name of the municipality, organisation or campaign of a path form; null when it does not exist. */
  scopeName: string | null;
  /** The German title of the first event (the name of a one-event feed). */
  firstTitle: string | null;
  /** The feed's events, in feed order: what the body is read from when it is not in the cache. */
  ids: string[];
}

/** The scope of a path form (`/feeds/municipalities/{slug}`): the table its reference names. */
export interface FeedScope {
  table: 'municipality' | 'organisation' | 'campaign';
  reference: Reference;
}

const referenceCondition = (params: SqlParams, table: string, reference: Reference) =>
  `(SELECT id FROM ${table} WHERE slug = ANY(${params.add(reference.slugs, 'text[]')}) OR id = ANY(${params.add(reference.ids, 'uuid[]')}))`;

/** The latest change to anything a VEVENT or entry shows: the event, its lead (name, e-mail, website), its campaign. */
const MODIFIED = 'greatest(e.updated_at, lo.updated_at, c.updated_at)';

/**
 * The digest of a feed's rows (in `f`: `_id`, `_version`, `_modified_at`, in
 * feed order): every event the viewer sees in it, its version and its latest
 * change. Computed in SQL by the validator and by the statements that load
 * the rows alike, so a feed answered 200 is answered 304 next time. Only rows
 * the viewer may see go into it: a change to an event the viewer cannot see
 * leaves the ETag as it was.
 */
const DIGEST = `md5(coalesce(string_agg(f._id::text || ':' || f._version || ':' || (extract(epoch FROM f._modified_at) * 1000000)::bigint,
  ',' ORDER BY f._starts_at, f._id), ''))`;
/** The digest of no rows (md5 of the empty text), for statements that answer no row then. */
const EMPTY_DIGEST = 'd41d8cd98f00b204e9800998ecf8427e';

/**
 * FROM and WHERE of a feed: the events the viewer may see that match its
 * criteria, joined with what they name. Anonymous viewers (and tokens
 * without `drafts=true`) get published events only (cancelled ones too, as
 * STATUS:CANCELLED); a token with `drafts=true` also its own drafts and plans.
 */
function feedSource(viewer: Viewer, feed: FeedQuery, params: SqlParams): string {
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
  return `FROM event e
     JOIN organisation lo ON lo.id = e.lead_organisation_id
     LEFT JOIN municipality m ON m.id = e.municipality_id
     LEFT JOIN campaign c ON c.id = e.campaign_id
     ${whereClause(where)}`;
}

/** The feed's rows (`columns` beside the digest's), by start, at most `limit` (FEED_MAX_EVENTS): `WITH f AS (…)`. */
function feedRows(viewer: Viewer, feed: FeedQuery, params: SqlParams, columns: string): string {
  return `WITH f AS (
     SELECT ${columns}, e.id AS _id, e.version AS _version, e.starts_at AS _starts_at, ${MODIFIED} AS _modified_at
     ${feedSource(viewer, feed, params)}
     ORDER BY e.starts_at, e.id
     LIMIT ${params.add(feed.limit, 'int')})`;
}

/**
 * {@link feedRows} for the events the validator found (`ids`), by primary
 * key: the feed's criteria were applied by the validator, and reading 5,000
 * rows by id costs a fraction of finding them again. Who may see them is
 * checked again, so an event hidden in between stays out; one changed in
 * between is read as it is now, and the digest says so.
 */
function feedRowsByIds(viewer: Viewer, feed: FeedQuery, params: SqlParams, columns: string, ids: readonly string[]): string {
  const where = [visibleEventCondition(viewer, params, 'e')];
  if (!feed.drafts || !viewer.authenticated) where.push("e.status IN ('PUBLISHED', 'CANCELLED') AND e.published_at IS NOT NULL");
  return `WITH f AS (
     SELECT ${columns}, e.id AS _id, e.version AS _version, e.starts_at AS _starts_at, ${MODIFIED} AS _modified_at
     FROM unnest(${params.add(ids, 'uuid[]')}) AS wanted(id)
     JOIN event e ON e.id = wanted.id
     JOIN organisation lo ON lo.id = e.lead_organisation_id
     LEFT JOIN municipality m ON m.id = e.municipality_id
     LEFT JOIN campaign c ON c.id = e.campaign_id
     ${whereClause(where)})`;
}

/** Digest and latest change of the rows in `f`, as columns (the latter as epoch milliseconds). */
const SUMMARY_COLUMNS = `(SELECT ${DIGEST} FROM f) AS _digest,
  (SELECT extract(epoch FROM max(f._modified_at)) * 1000 FROM f)::float8 AS _last_modified_ms`;

function summaryOf(rows: readonly Row[]): Omit<FeedRows<never>, 'rows'> {
  const first = rows[0];
  if (!first) return { digest: EMPTY_DIGEST, lastModified: null };
  return { digest: String(first._digest), lastModified: new Date(Number(first._last_modified_ms)) };
}

/**
 * The validator of a feed, in one statement: how many events it holds,
 * their digest and their latest change, and the scope's name for a path
 * form. Reads the ids, versions and change times of the feed's rows only, so
 * a calendar app polling an unchanged feed costs this statement and nothing
 * more (answered 304, or from the body cache).
 */
export async function loadFeedValidator(
  db: DataSource,
  viewer: Viewer,
  feed: FeedQuery,
  scope: FeedScope | null,
): Promise<FeedValidator> {
  const params = new SqlParams();
  const title = feed.eventId ? ", e.title->>'de' AS _title" : '';
  const scopeName = scope
    ? `(SELECT name FROM ${scope.table} WHERE slug = ANY(${params.add(scope.reference.slugs, 'text[]')})
          OR id = ANY(${params.add(scope.reference.ids, 'uuid[]')}) LIMIT 1)`
    : 'NULL::text';
  const [row] = await queryRows(
    db,
    `${feedRows(viewer, feed, params, `e.id${title}`)}
     SELECT count(*)::int AS n, ${DIGEST} AS digest, (extract(epoch FROM max(f._modified_at)) * 1000)::float8 AS last_modified_ms,
            ${scopeName} AS scope_name, ${feed.eventId ? '(array_agg(f._title))[1]' : 'NULL::text'} AS first_title,
            string_agg(f._id::text, ',' ORDER BY f._starts_at, f._id) AS ids
     FROM f`,
    params.values,
  );
  return {
    count: Number(row?.n ?? 0),
    digest: String(row?.digest ?? EMPTY_DIGEST),
    lastModified:
      row?.last_modified_ms === null || row?.last_modified_ms === undefined ? null : new Date(Number(row.last_modified_ms)),
    scopeName: (row?.scope_name as string | null) ?? null,
    firstTitle: (row?.first_title as string | null) ?? null,
    ids: row?.ids ? String(row.ids).split(',') : [],
  };
}

/** The languages to try for a text, best first, each followed by its base ("de-AT", "de"), without repeats, at most 8. */
function textLanguageOrder(languages: readonly string[]): string[] {
  const order: string[] = [];
  for (const language of languages) {
    for (const code of [language, language.split('-')[0]!]) if (!order.includes(code)) order.push(code);
  }
  return order.slice(0, 8);
}

/**
 * SQL: the text of a translations column in the best language, as
 * `pickTranslation` picks it (the asked languages and their bases, the
 * original language, any).
 */
function pickText(column: string, languages: readonly string[], params: SqlParams): string {
  const tries = textLanguageOrder(languages).map((language) => `${column}->>${params.add(language)}`);
  return `coalesce(${[...tries, `${column}->>e.original_language`, `jsonb_path_query_first(${column}, '$.*') #>> '{}'`].join(', ')})`;
}

const UTC_STAMP = `'YYYYMMDD"T"HH24MISS"Z"'`;
const epochMs = (expression: string) => `(extract(epoch FROM ${expression}) * 1000)::float8`;

/** What the ICS statement answers of `f` (not its timestamps, which the driver would turn into Dates for nothing). */
const ICS_OUTPUT = [
  '_id',
  '_version',
  'status',
  'all_day',
  'time_zone',
  'starts_ms',
  'ends_ms',
  'recurrence',
  'cancelled_ms',
  'title',
  'summary',
  'description',
  'category',
  'topics',
  'street',
  'postal_code',
  'locality',
  'attendance_mode',
  'online_url',
  'latitude',
  'longitude',
  'registration_url',
  'lead_name',
  'lead_email',
  'lead_website',
  'municipality_name',
  'campaign_name',
  'created_stamp',
];

/**
 * The ICS feed's rows — the events the validator found, read by id — in one
 * statement, with what each VEVENT needs and nothing more, and the feed's digest. Local times are computed in the
 * renderer (per-zone offsets, cached) rather than with AT TIME ZONE, so the
 * zones are the ones the API validated and expands series in (Intl, like luxon).
 */
export async function loadIcsRows(
  db: DataSource,
  viewer: Viewer,
  feed: FeedQuery,
  ids: readonly string[],
): Promise<FeedRows<IcsRow>> {
  const params = new SqlParams();
  const columns = `e.status, e.all_day, e.time_zone, ${epochMs('e.starts_at')} AS starts_ms, ${epochMs('e.ends_at')} AS ends_ms,
       e.recurrence,
       CASE WHEN e.recurrence IS NOT NULL AND cardinality(e.cancelled_occurrences) > 0 THEN
         (SELECT string_agg(${epochMs('x.at')}::text, ',' ORDER BY x.at) FROM (SELECT DISTINCT at FROM unnest(e.cancelled_occurrences) AS u(at)) x)
       END AS cancelled_ms,
       ${pickText('e.title', feed.textLanguages, params)} AS title,
       ${pickText('e.summary', feed.textLanguages, params)} AS summary,
       ${pickText('e.description', feed.textLanguages, params)} AS description,
       e.category, e.topics, e.street, e.postal_code, e.locality, e.attendance_mode, e.online_url, e.latitude, e.longitude,
       e.registration_url, lo.name AS lead_name, lo.email AS lead_email, lo.website AS lead_website,
       m.name AS municipality_name, c.name AS campaign_name,
       to_char(e.created_at AT TIME ZONE 'UTC', ${UTC_STAMP}) AS created_stamp`;
  const rows = await queryRows(
    db,
    `${feedRowsByIds(viewer, feed, params, columns, ids)}
     SELECT ${ICS_OUTPUT.map((name) => `f.${name}`).join(', ')},
            to_char(f._modified_at AT TIME ZONE 'UTC', ${UTC_STAMP}) AS modified_stamp, ${SUMMARY_COLUMNS}
     FROM f ORDER BY f._starts_at, f._id`,
    params.values,
  );
  return {
    ...summaryOf(rows),
    rows: rows.map((row: Row) => ({
      id: String(row._id),
      version: Number(row._version),
      status: String(row.status),
      allDay: Boolean(row.all_day),
      timeZone: String(row.time_zone),
      startsMs: Number(row.starts_ms),
      endsMs: Number(row.ends_ms),
      recurrence: (row.recurrence as string | null) ?? null,
      cancelledMs: row.cancelled_ms ? String(row.cancelled_ms).split(',').map(Number) : [],
      title: (row.title as string | null) ?? null,
      summary: (row.summary as string | null) ?? null,
      description: (row.description as string | null) ?? null,
      category: String(row.category),
      topics: (row.topics as string[] | null) ?? [],
      street: (row.street as string | null) ?? null,
      postalCode: (row.postal_code as string | null) ?? null,
      locality: (row.locality as string | null) ?? null,
      attendanceMode: String(row.attendance_mode),
      onlineUrl: (row.online_url as string | null) ?? null,
      latitude: row.latitude === null || row.latitude === undefined ? null : Number(row.latitude),
      longitude: row.longitude === null || row.longitude === undefined ? null : Number(row.longitude),
      registrationUrl: (row.registration_url as string | null) ?? null,
      leadName: String(row.lead_name),
      leadEmail: (row.lead_email as string | null) ?? null,
      leadWebsite: (row.lead_website as string | null) ?? null,
      municipalityName: (row.municipality_name as string | null) ?? null,
      campaignName: (row.campaign_name as string | null) ?? null,
      modifiedStamp: String(row.modified_stamp),
      createdStamp: String(row.created_stamp),
    })),
  };
}

/** The Atom feed's events (those the validator found, `ids`) as entities, by start, with the feed's digest: one statement. */
export async function loadFeedEvents(
  db: DataSource,
  viewer: Viewer,
  feed: FeedQuery,
  ids: readonly string[],
): Promise<FeedRows<FeedEvent>> {
  const params = new SqlParams();
  const rows = await queryRows(
    db,
    `${feedRowsByIds(
      viewer,
      feed,
      params,
      `e.*, lo.name AS _lead_name, lo.email AS _lead_email, lo.website AS _lead_website,
            m.name AS _municipality_name, c.name AS _campaign_name`,
      ids,
    )}
     SELECT f.*, ${SUMMARY_COLUMNS} FROM f ORDER BY f._starts_at, f._id`,
    params.values,
  );
  return {
    ...summaryOf(rows),
    rows: rows.map((row: Row) => ({
      event: hydrate(db, EventEntity, row),
      leadName: String(row._lead_name),
      leadEmail: (row._lead_email as string | null) ?? null,
      leadWebsite: (row._lead_website as string | null) ?? null,
      municipalityName: (row._municipality_name as string | null) ?? null,
      campaignName: (row._campaign_name as string | null) ?? null,
      modifiedAt: new Date(row._modified_at as string),
    })),
  };
}
