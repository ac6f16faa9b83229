import DataLoader from 'dataloader';
import {
  ADDRESS_PROPERTIES,
  MunicipalityEntity,
  municipalityJson,
  OrganisationEntity,
  organisationJson,
  type Topic,
} from '../directory';
import { searchTsQuery, searchWords } from '../shared/search';
import { entityColumns, jsonObject, selectionColumns, type FieldNeeds } from '../db/columns';
import { hydrate, hydrateJson } from '../db/hydrate';
import { queryRows, type Row } from '../db/query-rows';
import type { Context } from '../access';
import { requestLoader } from '../db/request-loader';
import { badInput } from '../shared/errors';
import { withinRadius } from '../shared/geo';
import { parseGlobalIds } from '../shared/global-id';
import type { ListDefinition } from '../db/list';
import type { ListSpec, SortKey } from '../shared/pagination';
import { attachPrefetched } from '../shared/prefetch';
import type { Selection } from '../shared/selection';
import { anyOf, SqlParams } from '../shared/sql';
import { CampaignEntity, EventEntity, EventOrganiserEntity } from './event.entity';
import type { EventFilter } from './event.inputs';
import { occursWithinValues } from './event.occurrence-table';
import { visibleEventCondition } from './event.policy';
import { EventOrder, type AttendanceMode, type EventCategory, type EventStatus } from './event.enums';

/** An event filter with IDs resolved to database ids. */
export interface EventCriteria {
  from?: Date;
  to?: Date;
  municipalityIds?: string[];
  organisationIds?: string[];
  campaignIds?: string[];
  categories?: EventCategory[];
  topics?: Topic[];
  languages?: string[];
  statuses?: EventStatus[];
  attendanceModes?: AttendanceMode[];
  barrierFree?: boolean;
  free?: boolean;
  search?: string;
  near?: { latitude: number; longitude: number; radiusKm: number };
}

const present = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

/** Checks the filter (BAD_USER_INPUT naming the field) and drops empty criteria. */
export function eventCriteria(filter: EventFilter | null | undefined, field = 'filter'): EventCriteria {
  if (!filter) return {};
  const criteria: EventCriteria = {};
  if (present(filter.from)) criteria.from = filter.from;
  if (present(filter.to)) criteria.to = filter.to;
  if (criteria.from && criteria.to && criteria.to.getTime() < criteria.from.getTime()) {
    throw badInput(`${field}.to`, 'must not be before `from`.');
  }
  if (filter.municipalityIds?.length) {
    criteria.municipalityIds = parseGlobalIds(filter.municipalityIds, 'Municipality', `${field}.municipalityIds`);
  }
  if (filter.organisationIds?.length) {
    criteria.organisationIds = parseGlobalIds(filter.organisationIds, 'Organisation', `${field}.organisationIds`);
  }
  if (filter.campaignIds?.length) criteria.campaignIds = parseGlobalIds(filter.campaignIds, 'Campaign', `${field}.campaignIds`);
  if (filter.categories?.length) criteria.categories = filter.categories;
  if (filter.topics?.length) criteria.topics = filter.topics;
  if (filter.languages?.length) criteria.languages = filter.languages;
  if (filter.statuses?.length) criteria.statuses = filter.statuses;
  if (filter.attendanceModes?.length) criteria.attendanceModes = filter.attendanceModes;
  if (present(filter.barrierFree)) criteria.barrierFree = filter.barrierFree;
  if (present(filter.free)) criteria.free = filter.free;
  if (present(filter.search)) {
    if (!searchWords(filter.search).length) throw badInput(`${field}.search`, 'must contain at least one letter or digit.');
    criteria.search = filter.search;
  }
  if (filter.near) criteria.near = filter.near;
  return criteria;
}

/** SQL: the period an event (all occurrences of a series) covers; `event_period_idx` indexes exactly this. */
export const EVENT_PERIOD = (alias = 'e') => `tstzrange(${alias}.starts_at, ${alias}.last_ends_at, '[]')`;

/** WHERE conditions for the criteria on event alias `e` (without visibility). Every one is served by an index. */
export function eventConditions(criteria: EventCriteria, params: SqlParams, alias = 'e'): string[] {
  const e = alias;
  const where: string[] = [];
  if (criteria.from || criteria.to) {
    // Exact: a series counts only when one of its occurrences falls in the window (see event.occurrence-table.ts).
    where.push(occursWithinValues(params, e, criteria.from ?? null, criteria.to ?? null));
  }
  if (criteria.municipalityIds) where.push(anyOf(`${e}.municipality_id`, criteria.municipalityIds, 'uuid', params));
  if (criteria.organisationIds) {
    // As lead or accepted organiser: the lead's own row is ACCEPTED.
    where.push(`${e}.id IN (SELECT fo.event_id FROM event_organiser fo
      WHERE fo.organisation_id = ANY(${params.add(criteria.organisationIds, 'uuid[]')}) AND fo.status = 'ACCEPTED')`);
  }
  if (criteria.campaignIds) where.push(anyOf(`${e}.campaign_id`, criteria.campaignIds, 'uuid', params));
  if (criteria.categories) where.push(anyOf(`${e}.category`, criteria.categories, 'text', params));
  if (criteria.topics) where.push(`${e}.topics && ${params.add(criteria.topics, 'text[]')}`);
  if (criteria.languages) {
    const languages = params.add(criteria.languages, 'text[]');
    where.push(`${e}.languages && ${languages} OR ${e}.interpreting_languages && ${languages}`);
  }
  if (criteria.statuses) where.push(`${e}.status = ANY(${params.add(criteria.statuses, 'text[]')})`);
  if (criteria.attendanceModes) where.push(`${e}.attendance_mode = ANY(${params.add(criteria.attendanceModes, 'text[]')})`);
  if (criteria.barrierFree !== undefined) {
    where.push(criteria.barrierFree ? `${e}.barrier_free` : `${e}.barrier_free IS NOT TRUE`);
  }
  if (criteria.free !== undefined) where.push(criteria.free ? `${e}.free` : `${e}.free IS NOT TRUE`);
  if (criteria.near) {
    const { latitude, longitude, radiusKm } = criteria.near;
    where.push(
      `${e}.latitude IS NOT NULL AND ${withinRadius(
        `ll_to_earth(${e}.latitude, ${e}.longitude)`,
        params.add(latitude, 'float8'),
        params.add(longitude, 'float8'),
        params.add(radiusKm * 1000, 'float8'),
      )}`,
    );
  }
  if (criteria.search) {
    // Full text (stems, prefixes) or, for typos in titles, trigram word similarity.
    where.push(
      `${e}.search_document @@ ${searchTsQuery(params, criteria.search)} OR ${e}.search_title %> wir_normalize(${params.add(criteria.search)})`,
    );
  }
  return where;
}

/** The order to use: explicit, else by relevance for searches, by distance near a point, else by start. */
export function resolveEventOrder(orderBy: EventOrder | null | undefined, criteria: EventCriteria): EventOrder {
  if (orderBy === EventOrder.RELEVANCE && !criteria.search) throw badInput('orderBy', 'RELEVANCE needs filter.search.');
  if (orderBy === EventOrder.DISTANCE && !criteria.near) throw badInput('orderBy', 'DISTANCE needs filter.near.');
  if (orderBy) return orderBy;
  if (criteria.search) return EventOrder.RELEVANCE;
  if (criteria.near) return EventOrder.DISTANCE;
  return EventOrder.STARTS_AT;
}

function sortKeys(order: EventOrder, criteria: EventCriteria, params: SqlParams): SortKey[] {
  const id: SortKey = { expr: 'e.id', direction: 'ASC', type: 'uuid' };
  switch (order) {
    case EventOrder.RELEVANCE:
      return [
        {
          expr: `(ts_rank(e.search_document, ${searchTsQuery(params, criteria.search!)}) + word_similarity(wir_normalize(${params.add(criteria.search)}), e.search_title))::float8`,
          direction: 'DESC',
          type: 'float8',
        },
        id,
      ];
    case EventOrder.DISTANCE:
      return [
        {
          expr: `earth_distance(ll_to_earth(e.latitude, e.longitude), ll_to_earth(${params.add(criteria.near!.latitude, 'float8')}, ${params.add(criteria.near!.longitude, 'float8')}))::float8`,
          direction: 'ASC',
          type: 'float8',
        },
        id,
      ];
    case EventOrder.RECENTLY_UPDATED:
      return [
        { expr: 'e.updated_at', direction: 'DESC', type: 'timestamptz' },
        { ...id, direction: 'DESC' },
      ];
    case EventOrder.STARTS_AT:
      return [{ expr: 'e.starts_at', direction: 'ASC', type: 'timestamptz' }, id];
  }
}

export interface EventListArgs {
  criteria: EventCriteria;
  order: EventOrder;
  first: number;
  after?: string | null;
}

/** Which parent a nested event list hangs under. */
export type EventListParent = 'municipality' | 'organisation' | 'campaign';

/**
 * What the fields of `Event` read besides the column of their own name, by
 * entity property (see `selectionColumns`): `[]` only the id, always fetched; null anything (occurrences
 * and conflicts work on the whole event).
 */
const EVENT_FIELD_NEEDS: FieldNeeds<EventEntity> = {
  id: [],
  title: ['title', 'originalLanguage'],
  summary: ['summary', 'originalLanguage'],
  description: ['description', 'originalLanguage'],
  titleLanguages: ['title'],
  address: ADDRESS_PROPERTIES,
  municipality: ['municipalityId'],
  venue: ['venueId'],
  campaign: ['campaignId'],
  leadOrganisation: ['leadOrganisationId'],
  organisers: [],
  history: [],
  occurrences: null,
  conflicts: null,
};

/** SQL: every organiser of event `e`, in the order of {@link organisersLoader}. */
const ORGANISER_ORDER = `CASE po.role WHEN 'LEAD' THEN 0 WHEN 'CO_HOST' THEN 1 ELSE 2 END, po.invited_at, po.organisation_id`;

/** What the fields of `EventOrganiser` read (see `EVENT_FIELD_NEEDS`); its organisation, role and status are always read (visibility). */
const ORGANISER_FIELD_NEEDS: FieldNeeds<EventOrganiserEntity> = { organisation: [] };
const organiserColumns = (ctx: Context, selection: Selection) =>
  selectionColumns(ctx.db, EventOrganiserEntity, ORGANISER_FIELD_NEEDS, ['organisationId', 'role', 'status']).columnsFor(
    selection,
  );

/** The columns a page's selection needs of events and of their organisers; null for every column. */
interface EventPrefetchColumns {
  event: string[] | null;
  organisers: string[] | null;
}

function eventPrefetchColumns(ctx: Context, selection: Selection): EventPrefetchColumns {
  return {
    event: selectionColumns(ctx.db, EventEntity, EVENT_FIELD_NEEDS, ['id']).columnsFor(selection),
    organisers: organiserColumns(ctx, selection.under('organisers')),
  };
}

/**
 * What a top-level event list fetches in its own statement for the fields
 * selected under its nodes: only the columns they need, the municipality and
 * the organisers (with their organisations' selected columns) as JSON. Nested
 * resolvers then read those instead of sending statements of their own.
 */
function eventPrefetch(ctx: Context, selection: Selection, columns: EventPrefetchColumns): string {
  const select = [columns.event ? columns.event.map((column) => `e.${column}`).join(', ') : 'e.*'];
  if (selection.has('municipality')) {
    const municipality = municipalityJson(ctx, 'pm', selection.under('municipality'));
    select.push(`(SELECT ${municipality} FROM municipality pm WHERE pm.id = e.municipality_id) AS "_municipality"`);
  }
  if (selection.has('organisers')) {
    const organisers = selection.under('organisers');
    // Every organiser row (the resolver hides what the viewer may not see, as with the loader), with the
    // columns the selection needs, as plain json: timestamps nobody asked for and jsonb cost the database
    // more than the rest of the page.
    const organiser = jsonObject(
      'po',
      columns.organisers ?? entityColumns(ctx.db, EventOrganiserEntity),
      organisers.has('organisation') ? { _organisation: organisationJson(ctx, 'pog', organisers.under('organisation')) } : {},
    );
    select.push(`(SELECT coalesce(json_agg(${organiser} ORDER BY ${ORGANISER_ORDER}), '[]')
        FROM event_organiser po JOIN organisation pog ON pog.id = po.organisation_id
        WHERE po.event_id = e.id) AS "_organisers"`);
  }
  return select.join(', ');
}

/** Turns a row of {@link eventPrefetch} into an entity, handing what came with it to the nested resolvers. */
function hydratePrefetched(ctx: Context, raw: Row, json: boolean, primeOrganisers: boolean): EventEntity {
  const event = (json ? hydrateJson : hydrate)(ctx.db, EventEntity, raw);
  const municipality = raw._municipality as Row | null | undefined;
  if (municipality) attachPrefetched(event, 'municipality', hydrateJson(ctx.db, MunicipalityEntity, municipality));
  if (raw._organisers) {
    const organisers = (raw._organisers as Row[]).map((row) => {
      const organiser = hydrateJson(ctx.db, EventOrganiserEntity, row);
      if (row._organisation)
        attachPrefetched(organiser, 'organisation', hydrateJson(ctx.db, OrganisationEntity, row._organisation as Row));
      return organiser;
    });
    // Attached for `organisers` (read synchronously). Whole rows also prime the loader for whatever else asks
    // it (e.g. `history`); rows of some columns must not, another field may read one they lack.
    attachPrefetched(event, 'organisers', organisers);
    if (primeOrganisers) organisersLoader(ctx).prime(event.id, organisers);
  }
  return event;
}

/**
 * An event list: the one code path behind `events`, `Municipality.events`,
 * `Organisation.events` and `Campaign.events`. Only events the viewer may
 * see; `parent` nests it (`Organisation.events`: as lead or accepted organiser).
 * A top-level list given the selection under its nodes fetches what they need
 * in the same statement.
 */
export function eventList(
  ctx: Context,
  args: EventListArgs,
  parent?: EventListParent,
  selection?: Selection,
): ListDefinition<EventEntity> {
  const prefetching = selection && !parent;
  const columns = prefetching ? eventPrefetchColumns(ctx, selection) : undefined;
  const wholeOrganisers = columns?.organisers === null;
  // A prefetching page names its columns (unless a field needs the whole row): it goes as a prepared statement
  // (the same text comes again and again) and answers one JSON value (see `pageQuery`).
  const namedColumns = Boolean(columns?.event);
  return {
    first: args.first,
    after: args.after,
    hydrate: prefetching
      ? (raw: Row) => hydratePrefetched(ctx, raw, namedColumns, wholeOrganisers)
      : (raw: Row) => hydrate(ctx.db, EventEntity, raw),
    build(parentIds?: readonly string[]): ListSpec {
      const params = new SqlParams();
      const where = [visibleEventCondition(ctx.viewer, params, 'e'), ...eventConditions(args.criteria, params, 'e')];
      const order = () => sortKeys(args.order, args.criteria, params);
      const select = prefetching ? () => eventPrefetch(ctx, selection, columns!) : 'e.*';
      const spec: ListSpec = { from: 'event e', select, where, params, order, orderName: `event:${args.order}` };
      spec.namedColumns = namedColumns;
      if (parentIds && parent === 'municipality') spec.partition = { expr: 'e.municipality_id', ids: parentIds };
      if (parentIds && parent === 'campaign') spec.partition = { expr: 'e.campaign_id', ids: parentIds };
      if (parentIds && parent === 'organisation') {
        spec.from = "event e JOIN event_organiser po ON po.event_id = e.id AND po.status = 'ACCEPTED'";
        spec.partition = { expr: 'po.organisation_id', ids: parentIds };
      }
      return spec;
    },
  };
}

// ---- loaders: one statement per request for each kind of lookup

/** Events by id, only those the request's viewer may see (undefined otherwise). */
export function eventLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'event',
    () =>
      new DataLoader<string, EventEntity | undefined>(async (ids) => {
        const params = new SqlParams();
        const idsParam = params.add(ids, 'uuid[]');
        const rows = await queryRows(
          ctx.db,
          `SELECT e.* FROM event e WHERE e.id = ANY(${idsParam}) AND (${visibleEventCondition(ctx.viewer, params, 'e')})`,
          params.values,
        );
        const byId = new Map(rows.map((row) => [String(row.id), hydrate(ctx.db, EventEntity, row)]));
        return ids.map((id) => byId.get(id));
      }),
  );
}

/**
 * Every organiser row of events (all statuses): the lead, co-hosts, then
 * supporters, each by invitation time. Callers filter what the viewer may see (see `visibleOrganisers`).
 */
export function organisersLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'eventOrganisers',
    () =>
      new DataLoader<string, EventOrganiserEntity[]>(async (eventIds) => {
        const rows = await queryRows(
          ctx.db,
          `SELECT * FROM event_organiser WHERE event_id = ANY($1::uuid[])
           ORDER BY event_id, CASE role WHEN 'LEAD' THEN 0 WHEN 'CO_HOST' THEN 1 ELSE 2 END, invited_at, organisation_id`,
          [eventIds],
        );
        const byEvent = new Map<string, EventOrganiserEntity[]>();
        for (const row of rows) {
          const list = byEvent.get(String(row.event_id)) ?? [];
          list.push(hydrate(ctx.db, EventOrganiserEntity, row));
          byEvent.set(String(row.event_id), list);
        }
        return eventIds.map((id) => byEvent.get(id) ?? []);
      }),
  );
}

/** Campaigns by id (campaigns are public). */
export function campaignLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'campaign',
    () =>
      new DataLoader<string, CampaignEntity | undefined>(async (ids) => {
        const rows = await queryRows(ctx.db, 'SELECT * FROM campaign WHERE id = ANY($1::uuid[])', [ids]);
        const byId = new Map(rows.map((row) => [String(row.id), hydrate(ctx.db, CampaignEntity, row)]));
        return ids.map((id) => byId.get(id));
      }),
  );
}

export function campaignBySlugLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'campaignBySlug',
    () =>
      new DataLoader<string, CampaignEntity | undefined>(async (slugs) => {
        const rows = await queryRows(ctx.db, 'SELECT * FROM campaign WHERE slug = ANY($1::text[])', [slugs]);
        const bySlug = new Map(rows.map((row) => [String(row.slug), hydrate(ctx.db, CampaignEntity, row)]));
        return slugs.map((slug) => bySlug.get(slug));
      }),
  );
}
