import DataLoader from 'dataloader';
import { jsonObject, selectionColumns, type FieldNeeds } from '../db/columns';
import { hydrate, hydrateJson } from '../db/hydrate';
import { queryRows, type Row } from '../db/query-rows';
import type { Context } from '../access';
import { requestLoader } from '../db/request-loader';
import { badInput } from '../shared/errors';
import { withinRadius } from '../shared/geo';
import { searchTsQuery, searchWords } from '../shared/search';
import { parseGlobalId, parseGlobalIds } from '../shared/global-id';
import { attachPrefetched } from '../shared/prefetch';
import type { Selection } from '../shared/selection';
import type { ListDefinition } from '../db/list';
import type { ListSpec, SortKey } from '../shared/pagination';
import { anyOf, SqlParams } from '../shared/sql';
import { ContactEntity } from './contact.entity';
import { OrganisationOrder, type OrganisationKind, type Topic } from './directory.enums';
import { MunicipalityEntity } from './municipality.entity';
import { OrganisationEntity } from './organisation.entity';
import type { OrganisationFilter } from './organisation.inputs';
import { visibleContactLevels } from './organisation.policy';
import { ADDRESS_PROPERTIES } from './address';

/** An organisation filter with IDs resolved to database ids. */
export interface OrganisationCriteria {
  kinds?: OrganisationKind[];
  municipalityIds?: string[];
  topics?: Topic[];
  languages?: string[];
  search?: string;
  near?: { latitude: number; longitude: number; radiusKm: number };
  verified?: boolean;
  lookingForPartners?: boolean;
  memberOf?: string;
}

/** Checks the filter's IDs (BAD_USER_INPUT naming the field) and drops empty criteria. */
export function organisationCriteria(filter: OrganisationFilter | null | undefined, field = 'filter'): OrganisationCriteria {
  if (!filter) return {};
  const criteria: OrganisationCriteria = {};
  if (filter.kinds?.length) criteria.kinds = filter.kinds;
  if (filter.municipalityIds?.length) {
    criteria.municipalityIds = parseGlobalIds(filter.municipalityIds, 'Municipality', `${field}.municipalityIds`);
  }
  if (filter.topics?.length) criteria.topics = filter.topics;
  if (filter.languages?.length) criteria.languages = filter.languages;
  if (filter.search !== undefined && filter.search !== null) {
    if (!searchWords(filter.search).length) throw badInput(`${field}.search`, 'must contain at least one letter or digit.');
    criteria.search = filter.search;
  }
  if (filter.near) criteria.near = filter.near;
  if (filter.verified !== undefined && filter.verified !== null) criteria.verified = filter.verified;
  if (filter.lookingForPartners !== undefined && filter.lookingForPartners !== null) {
    criteria.lookingForPartners = filter.lookingForPartners;
  }
  if (filter.memberOf) criteria.memberOf = parseGlobalId(filter.memberOf, 'Organisation', `${field}.memberOf`);
  return criteria;
}

/**
 * SQL for the typo-tolerant organisation search: every word must match, as
 * typed or as a similar word of some organisation's name ("moshee" also
 * searches "moschee"); see migration 1764600000000. A sub-select, so it is
 * built once per statement and can drive the full-text index.
 */
export function fuzzySearchTsQuery(params: SqlParams, text: string): string {
  return `(SELECT wir_fuzzy_tsquery(${params.add(searchWords(text), 'text[]')}))`;
}

/** WHERE conditions for the criteria, on organisation alias `o`. */
export function organisationConditions(criteria: OrganisationCriteria, params: SqlParams): string[] {
  const where: string[] = [];
  if (criteria.kinds) where.push(anyOf('o.kind', criteria.kinds, 'text', params));
  if (criteria.municipalityIds) where.push(anyOf('o.municipality_id', criteria.municipalityIds, 'uuid', params));
  if (criteria.topics) where.push(`o.topics && ${params.add(criteria.topics, 'text[]')}`);
  if (criteria.languages) where.push(`o.languages && ${params.add(criteria.languages, 'text[]')}`);
  if (criteria.verified !== undefined) where.push(`o.verified = ${params.add(criteria.verified, 'boolean')}`);
  if (criteria.lookingForPartners !== undefined) {
    where.push(`o.looking_for_partners = ${params.add(criteria.lookingForPartners, 'boolean')}`);
  }
  if (criteria.memberOf) {
    where.push(
      `o.id IN (SELECT member_id FROM organisation_membership WHERE umbrella_id = ${params.add(criteria.memberOf, 'uuid')})`,
    );
  }
  if (criteria.near) {
    const { latitude, longitude, radiusKm } = criteria.near;
    where.push(
      `o.latitude IS NOT NULL AND ${withinRadius(
        'll_to_earth(o.latitude, o.longitude)',
        params.add(latitude, 'float8'),
        params.add(longitude, 'float8'),
        params.add(radiusKm * 1000, 'float8'),
      )}`,
    );
  }
  if (criteria.search) {
    // Full text (stems, prefixes), each word also as the name words it may be a typo of.
    where.push(`o.search_document @@ ${fuzzySearchTsQuery(params, criteria.search)}`);
  }
  return where;
}

/** The order to use: explicit, else by relevance for searches, by distance near a point, else by name. */
export function resolveOrganisationOrder(
  orderBy: OrganisationOrder | null | undefined,
  criteria: OrganisationCriteria,
): OrganisationOrder {
  if (orderBy === OrganisationOrder.RELEVANCE && !criteria.search) {
    throw badInput('orderBy', 'RELEVANCE needs filter.search.');
  }
  if (orderBy === OrganisationOrder.DISTANCE && !criteria.near) throw badInput('orderBy', 'DISTANCE needs filter.near.');
  if (orderBy) return orderBy;
  if (criteria.search) return OrganisationOrder.RELEVANCE;
  if (criteria.near) return OrganisationOrder.DISTANCE;
  return OrganisationOrder.NAME;
}

function sortKeys(order: OrganisationOrder, criteria: OrganisationCriteria, params: SqlParams): SortKey[] {
  const id: SortKey = { expr: 'o.id', direction: 'ASC', type: 'uuid' };
  switch (order) {
    case OrganisationOrder.RELEVANCE:
      return [
        {
          expr: `(ts_rank(o.search_document, ${searchTsQuery(params, criteria.search!)}) + word_similarity(wir_normalize(${params.add(criteria.search)}), o.search_name))::float8`,
          direction: 'DESC',
          type: 'float8',
        },
        id,
      ];
    case OrganisationOrder.DISTANCE:
      return [
        {
          expr: `earth_distance(ll_to_earth(o.latitude, o.longitude), ll_to_earth(${params.add(criteria.near!.latitude, 'float8')}, ${params.add(criteria.near!.longitude, 'float8')}))::float8`,
          direction: 'ASC',
          type: 'float8',
        },
        id,
      ];
    case OrganisationOrder.RECENTLY_UPDATED:
      return [
        { expr: 'o.updated_at', direction: 'DESC', type: 'timestamptz' },
        { ...id, direction: 'DESC' },
      ];
    case OrganisationOrder.NAME:
      return [{ expr: 'o.sort_name', direction: 'ASC', type: 'text' }, id];
  }
}

export interface OrganisationListArgs {
  criteria: OrganisationCriteria;
  order: OrganisationOrder;
  first: number;
  after?: string | null;
}

/**
 * What the fields of `Organisation` read besides the column of their own name,
 * by entity property (see `selectionColumns`): `[]` only the id and kind, always fetched; null anything.
 * A field missing here and named like no column (the kind-specific fields,
 * which read `details`) makes the statement fetch every column.
 */
const ORGANISATION_FIELD_NEEDS: FieldNeeds<OrganisationEntity> = {
  id: [],
  description: ['description', 'originalLanguage'],
  address: ADDRESS_PROPERTIES,
  municipality: ['municipalityId'],
  memberOf: [],
  members: [],
  contacts: [],
  events: [],
};

/** The organisation columns the selection needs; null for every column. */
const organisationColumns = (ctx: Context, selection: Selection) =>
  selectionColumns(ctx.db, OrganisationEntity, ORGANISATION_FIELD_NEEDS, ['id', 'kind']).columnsFor(selection);

/**
 * SQL: organisation `alias` as a JSON object with the columns `selection`
 * needs (every column but the search document when it may need any).
 */
export function organisationJson(ctx: Context, alias: string, selection: Selection): string {
  const columns = organisationColumns(ctx, selection);
  if (!columns) return `(to_jsonb(${alias}) - 'search_document')`;
  return jsonObject(alias, columns);
}

/**
 * What the fields of `Municipality` and `Contact` read besides the column of
 * their own name (see `ORGANISATION_FIELD_NEEDS`); their ids are always fetched.
 */
const MUNICIPALITY_FIELD_NEEDS: FieldNeeds<MunicipalityEntity> = {
  id: [],
  location: ['latitude', 'longitude'],
  organisations: [],
  events: [],
};
const CONTACT_FIELD_NEEDS: FieldNeeds<ContactEntity> = {
  id: [],
  publicationBasis: ['publicationBasis', 'basisRecordedAt', 'basisRecordedBy'],
};

/** SQL: municipality `alias` as a JSON object with the columns `selection` needs (every column when it may need any). */
export function municipalityJson(ctx: Context, alias: string, selection: Selection): string {
  return jsonObject(alias, selectionColumns(ctx.db, MunicipalityEntity, MUNICIPALITY_FIELD_NEEDS, ['id']).columnsFor(selection));
}

/** SQL condition "the viewer may see contact `alias`" (members of an organisation see all of its own contacts). */
export function visibleContactCondition(ctx: Context, params: SqlParams, alias = 'c'): string {
  const own = ctx.viewer.organisationId ? ` OR ${alias}.organisation_id = ${params.add(ctx.viewer.organisationId, 'uuid')}` : '';
  return `(${alias}.visibility = ANY(${params.add(visibleContactLevels(ctx.viewer), 'text[]')})${own})`;
}

/**
 * What a top-level organisation list fetches in its own statement for the
 * fields selected under its nodes: only the columns they need, and the
 * municipality, federations (`memberOf`) and visible contacts as JSON. Nested
 * resolvers then read those (primed loaders, attached values) instead of
 * sending statements of their own.
 */
function organisationPrefetch(ctx: Context, selection: Selection, columns: string[] | null, params: SqlParams) {
  const select = [columns ? columns.map((column) => `o.${column}`).join(', ') : 'o.*'];
  if (selection.has('municipality')) {
    const municipality = municipalityJson(ctx, 'pm', selection.under('municipality'));
    select.push(`(SELECT ${municipality} FROM municipality pm WHERE pm.id = o.municipality_id) AS "_municipality"`);
  }
  if (selection.has('memberOf')) {
    const federation = organisationJson(ctx, 'pf', selection.under('memberOf'));
    select.push(`(SELECT coalesce(json_agg(${federation} ORDER BY pf.sort_name, pf.id), '[]')
        FROM organisation_membership pom JOIN organisation pf ON pf.id = pom.umbrella_id
        WHERE pom.member_id = o.id) AS "_member_of"`);
  }
  if (selection.has('contacts')) {
    // The organisation id too: `publicationBasis` answers only the organisation's own keys.
    const contact = jsonObject(
      'pc',
      selectionColumns(ctx.db, ContactEntity, CONTACT_FIELD_NEEDS, ['id', 'organisationId']).columnsFor(
        selection.under('contacts'),
      ),
    );
    select.push(`(SELECT coalesce(json_agg(${contact} ORDER BY pc.created_at, pc.id), '[]')
        FROM contact pc WHERE pc.organisation_id = o.id AND ${visibleContactCondition(ctx, params, 'pc')}) AS "_contacts"`);
  }
  return select.join(', ');
}

/** Turns a row of {@link organisationPrefetch} into an entity, handing what came with it to the nested resolvers. */
function hydratePrefetched(ctx: Context, raw: Row, json: boolean): OrganisationEntity {
  const organisation = (json ? hydrateJson : hydrate)(ctx.db, OrganisationEntity, raw);
  const municipality = raw._municipality as Row | null | undefined;
  if (municipality) attachPrefetched(organisation, 'municipality', hydrateJson(ctx.db, MunicipalityEntity, municipality));
  if (raw._member_of) {
    const federations = (raw._member_of as Row[]).map((row) => hydrateJson(ctx.db, OrganisationEntity, row));
    attachPrefetched(organisation, 'memberOf', federations);
  }
  if (raw._contacts) {
    const contacts = (raw._contacts as Row[]).map((row) => hydrateJson(ctx.db, ContactEntity, row));
    attachPrefetched(organisation, 'contacts', contacts);
  }
  return organisation;
}

/**
 * An organisation list. `parent` nests it: under a municipality, or as the
 * members of a federation. A top-level list given the selection under its
 * nodes (`selection`) fetches what they need in the same statement.
 */
export function organisationList(
  ctx: Context,
  args: OrganisationListArgs,
  parent?: 'municipality' | 'umbrella',
  selection?: Selection,
): ListDefinition<OrganisationEntity> {
  const prefetching = selection && !parent;
  const columns = prefetching ? organisationColumns(ctx, selection) : null;
  // A prefetching page names its columns (unless a field needs the whole row): it goes as a prepared statement
  // (the same text comes again and again) and answers one JSON value (see `pageQuery`).
  const namedColumns = Boolean(columns);
  return {
    first: args.first,
    after: args.after,
    hydrate: prefetching
      ? (raw: Row) => hydratePrefetched(ctx, raw, namedColumns)
      : (raw: Row) => hydrate(ctx.db, OrganisationEntity, raw),
    build(parentIds?: readonly string[]): ListSpec {
      const params = new SqlParams();
      const where = organisationConditions(args.criteria, params);
      const order = () => sortKeys(args.order, args.criteria, params);
      // Built only for the page: a count (`totalCount`) must not carry the parameters it binds.
      const select = prefetching ? () => organisationPrefetch(ctx, selection, columns, params) : 'o.*';
      const spec: ListSpec = { from: 'organisation o', select, where, params, order, orderName: args.order };
      spec.namedColumns = namedColumns;
      if (parentIds && parent === 'municipality') spec.partition = { expr: 'o.municipality_id', ids: parentIds };
      if (parentIds && parent === 'umbrella') {
        spec.from = 'organisation o JOIN organisation_membership m ON m.member_id = o.id';
        spec.partition = { expr: 'm.umbrella_id', ids: parentIds };
      }
      return spec;
    },
  };
}

// ---- loaders: one statement per request for each kind of lookup

export function organisationLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'organisation',
    () =>
      new DataLoader<string, OrganisationEntity | undefined>(async (ids) => {
        const rows = await queryRows(ctx.db, 'SELECT * FROM organisation WHERE id = ANY($1::uuid[])', [ids]);
        const byId = new Map(rows.map((row) => [String(row.id), hydrate(ctx.db, OrganisationEntity, row)]));
        return ids.map((id) => byId.get(id));
      }),
  );
}

export function organisationBySlugLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'organisationBySlug',
    () =>
      new DataLoader<string, OrganisationEntity | undefined>(async (slugs) => {
        const rows = await queryRows(ctx.db, 'SELECT * FROM organisation WHERE slug = ANY($1::text[])', [slugs]);
        const bySlug = new Map(rows.map((row) => [String(row.slug), hydrate(ctx.db, OrganisationEntity, row)]));
        return slugs.map((slug) => bySlug.get(slug));
      }),
  );
}

export function municipalityLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'municipality',
    () =>
      new DataLoader<string, MunicipalityEntity | undefined>(async (ids) => {
        const rows = await queryRows(ctx.db, 'SELECT * FROM municipality WHERE id = ANY($1::uuid[])', [ids]);
        const byId = new Map(rows.map((row) => [String(row.id), hydrate(ctx.db, MunicipalityEntity, row)]));
        return ids.map((id) => byId.get(id));
      }),
  );
}

/** The federations an organisation is a member of, by name. */
export function memberOfLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'memberOf',
    () =>
      new DataLoader<string, OrganisationEntity[]>(async (memberIds) => {
        const rows = await queryRows(
          ctx.db,
          `SELECT m.member_id AS "_member", o.* FROM organisation_membership m
           JOIN organisation o ON o.id = m.umbrella_id
           WHERE m.member_id = ANY($1::uuid[]) ORDER BY o.sort_name, o.id`,
          [memberIds],
        );
        const byMember = new Map<string, OrganisationEntity[]>();
        for (const row of rows) {
          const list = byMember.get(String(row._member)) ?? [];
          list.push(hydrate(ctx.db, OrganisationEntity, row));
          byMember.set(String(row._member), list);
        }
        return memberIds.map((id) => byMember.get(id) ?? []);
      }),
  );
}

/** An organisation's contacts that the request's viewer may see. */
export function contactsLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'contacts',
    () =>
      new DataLoader<string, ContactEntity[]>(async (organisationIds) => {
        const params = new SqlParams();
        const ids = params.add(organisationIds, 'uuid[]');
        const rows = await queryRows(
          ctx.db,
          `SELECT * FROM contact c WHERE c.organisation_id = ANY(${ids}) AND ${visibleContactCondition(ctx, params, 'c')}
           ORDER BY c.created_at, c.id`,
          params.values,
        );
        const byOrganisation = new Map<string, ContactEntity[]>();
        for (const row of rows) {
          const list = byOrganisation.get(String(row.organisation_id)) ?? [];
          list.push(hydrate(ctx.db, ContactEntity, row));
          byOrganisation.set(String(row.organisation_id), list);
        }
        return organisationIds.map((id) => byOrganisation.get(id) ?? []);
      }),
  );
}
