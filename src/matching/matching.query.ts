import { hydrate } from '../db/hydrate';
import { queryRows, type Row } from '../db/query-rows';
import { type OrganisationKind, MunicipalityEntity, OrganisationEntity, municipalityLoader } from '../directory';
import { EventEntity, type OrganiserRoleValue, type ParticipationStatusValue, visibleEventCondition } from '../events';
import type { Context } from '../access';
import { SqlParams } from '../shared/sql';
import { MATCH_WEIGHTS, type MatchWeights } from './weights';

/**
 * The SQL side of matching. Every statement here serves all candidates (and
 * all campaigns, for gaps) at once, so a request costs the same number of
 * statements whatever `first` is:
 * 1. candidates, narrowed through indexes (earth GiST for places, GIN for
 *    topics/languages) and pre-ranked by the signals known in SQL, LIMITed;
 * 2. their own events overlapping the window (availability), their campaign
 *    participation and their co-hosting with the lead (history), together.
 * Event facts pass the events' own visibility rule (`visibleEventCondition`).
 */

/** What the candidate statement needs to know about the request. */
export interface CandidateSearch {
  /** Centre of the search, with its radius. */
  point: { latitude: number; longitude: number } | null;
  radiusKm: number;
  /** The event's municipality: its organisations are always candidates (also without a position). */
  municipalityId: string | null;
  topics: readonly string[];
  languages: readonly string[];
  /** Only these kinds (null: any). */
  kinds: readonly string[] | null;
  /** Never these organisations. */
  excludeIds: readonly string[];
  /** KIND_MIX value of each candidate kind (empty: the signal does not apply). */
  kindValues: Partial<Record<OrganisationKind, number>>;
  now: Date;
}

/** A candidate row: the organisation, its municipality's name and its distance from the event's place. */
export interface CandidateRow {
  organisation: OrganisationEntity;
  municipalityName: string | null;
  distanceKm: number | null;
}

/**
 * The candidate, and its municipality (selected as `to_jsonb(m) AS _municipality`)
 * put into the request's municipality loader: `organisation { municipality }`
 * then costs no statement of its own.
 */
function hydrateCandidate(ctx: Context, row: Row): CandidateRow {
  const municipality = row._municipality as Row | null;
  if (municipality) {
    const entity = hydrate(ctx.db, MunicipalityEntity, municipality);
    municipalityLoader(ctx).clear(entity.id).prime(entity.id, entity);
  }
  return {
    organisation: hydrate(ctx.db, OrganisationEntity, row),
    municipalityName: (municipality?.name as string | undefined) ?? null,
    distanceKm: row._distance_km === null || row._distance_km === undefined ? null : Number(row._distance_km),
  };
}

/** Audience languages and their base languages ("de-AT" → also "de"), for index narrowing. */
function withBaseLanguages(languages: readonly string[]): string[] {
  return [...new Set(languages.flatMap((language) => [language, language.split('-')[0]!.toLowerCase()]))];
}

/**
 * The pre-rank in SQL: the same signals and weights as `scoreCandidate`, for
 * those known without further lookups (all but history and availability).
 * Only its order matters, so it is not divided by the sum of the weights.
 * Plain array operators per wanted topic and language (no subqueries), so it
 * stays cheap over the thousands of rows a wide radius holds. It reads the
 * columns of `c`: topics, languages, kind, looking_for_partners,
 * verified, last_confirmed_at, municipality_id and km.
 */
function prescore(
  params: SqlParams,
  search: Pick<CandidateSearch, 'topics' | 'languages' | 'kindValues' | 'now' | 'municipalityId'>,
  withDistance: boolean,
  weights: MatchWeights = MATCH_WEIGHTS,
): string {
  const w = weights.signals;
  const terms: string[] = [];
  if (search.topics.length) {
    const denominator = Math.min(search.topics.length, weights.topicSaturation);
    const shared = search.topics.map((topic) => `(c.topics @> ARRAY[${params.add(topic, 'text')}])::int`).join(' + ');
    terms.push(`${w.TOPICS} * LEAST(1, (${shared})::float8 / ${denominator})`);
  }
  if (search.languages.length) {
    // The audience language or its base ("de-AT": also "de"); scoring then compares base languages exactly.
    const shared = search.languages
      .map((language) => `(c.languages && ${params.add(withBaseLanguages([language]), 'text[]')})::int`)
      .join(' + ');
    terms.push(`${w.LANGUAGES} * (${shared})::float8 / ${search.languages.length}`);
  }
  if (withDistance) {
    const same = search.municipalityId ? `WHEN c.municipality_id = ${params.add(search.municipalityId, 'uuid')} THEN 1 ` : '';
    terms.push(`${w.DISTANCE} * CASE ${same}WHEN c.km IS NULL THEN 0 ELSE exp(-c.km / ${weights.distanceDecayKm}) END`);
  }
  const kinds = Object.entries(search.kindValues);
  if (kinds.length) {
    const values = params.add(
      kinds.map(([, value]) => value),
      'float8[]',
    );
    const names = params.add(
      kinds.map(([kind]) => kind),
      'text[]',
    );
    terms.push(`${w.KIND_MIX} * coalesce((${values})[array_position(${names}, c.kind)], 0)`);
  }
  const now = params.add(search.now, 'timestamptz');
  terms.push(`${w.LOOKING_FOR_PARTNERS} * c.looking_for_partners::int`);
  terms.push(`${w.VERIFIED} * c.verified::int`);
  terms.push(
    `${w.RECENTLY_CONFIRMED} * (c.last_confirmed_at <= ${now} AND c.last_confirmed_at > ${now} - make_interval(months => ${weights.freshnessMonths}))::int`,
  );
  return terms.map((term) => `coalesce(${term}, 0)`).join(' + ');
}

/** The columns `prescore` reads, from organisation `o`, with the distance expression. */
function scoringColumns(distance: string): string {
  return `o.id, o.topics, o.languages, o.kind, o.looking_for_partners, o.verified, o.last_confirmed_at, o.municipality_id,
      ${distance} AS km`;
}

/**
 * The best `pool` candidates for one search, by pre-rank. With a place, the
 * candidates are the organisations within the radius: by their own position
 * (organisation GiST index), else by their municipality's centre (municipality
 * GiST index, then the small index of unlocated organisations). With a
 * municipality but no position for it, its organisations; with neither, those
 * sharing a topic (or, without topics, a language) through the GIN indexes.
 * Ranking reads only the narrow scoring columns, materialised once; the full
 * rows and municipality names are fetched for the pool only.
 */
export async function findCandidates(ctx: Context, search: CandidateSearch, pool: number): Promise<CandidateRow[]> {
  const params = new SqlParams();
  const filters: string[] = [];
  if (search.kinds) filters.push(`o.kind = ANY(${params.add(search.kinds, 'text[]')})`);
  if (search.excludeIds.length) filters.push(`NOT (o.id = ANY(${params.add(search.excludeIds, 'uuid[]')}))`);
  const and = filters.map((filter) => ` AND ${filter}`).join('');

  const arms: string[] = [];
  let within = '';
  if (search.point) {
    const latitude = params.add(search.point.latitude, 'float8');
    const longitude = params.add(search.point.longitude, 'float8');
    const metres = params.add(search.radiusKm * 1000, 'float8');
    const km = (point: string) => `(earth_distance(ll_to_earth(${latitude}, ${longitude}), ${point}) / 1000)::float8`;
    const own = 'll_to_earth(o.latitude, o.longitude)';
    const centre = 'll_to_earth(mm.latitude, mm.longitude)';
    // The cube box uses the GiST indexes; the exact distance, computed once as km, trims the corners below.
    const box = (point: string) => `earth_box(ll_to_earth(${latitude}, ${longitude}), ${metres}) @> ${point}`;
    // Disjoint arms (with and without an own position): UNION ALL, no deduplication.
    arms.push(`SELECT ${scoringColumns(km(own))} FROM organisation o
      WHERE o.latitude IS NOT NULL AND ${box(own)}${and}`);
    arms.push(`SELECT ${scoringColumns(km(centre))} FROM municipality mm JOIN organisation o ON o.municipality_id = mm.id
      WHERE o.latitude IS NULL AND mm.latitude IS NOT NULL AND ${box(centre)}${and}`);
    within = `WHERE c.km <= ${params.add(search.radiusKm, 'float8')}`;
  } else if (search.municipalityId) {
    arms.push(`SELECT ${scoringColumns('NULL::float8')} FROM organisation o
      WHERE o.municipality_id = ${params.add(search.municipalityId, 'uuid')}${and}`);
  } else if (search.topics.length) {
    arms.push(`SELECT ${scoringColumns('NULL::float8')} FROM organisation o
      WHERE o.topics && ${params.add(search.topics, 'text[]')}${and}`);
  } else {
    arms.push(`SELECT ${scoringColumns('NULL::float8')} FROM organisation o
      WHERE o.languages && ${params.add(withBaseLanguages(search.languages), 'text[]')}${and}`);
  }

  const score = prescore(params, search, search.point !== null || search.municipalityId !== null);
  const sql = `
    WITH c AS MATERIALIZED (${arms.join('\n      UNION ALL\n      ')}),
    ranked AS (
      SELECT c.id, c.km, ${score} AS prescore FROM c ${within}
      ORDER BY prescore DESC, c.id
      LIMIT ${params.add(pool, 'int')}
    )
    SELECT o.*, to_jsonb(m) AS _municipality, ranked.km AS _distance_km
    FROM ranked JOIN organisation o ON o.id = ranked.id LEFT JOIN municipality m ON m.id = o.municipality_id
    ORDER BY ranked.prescore DESC, o.id`;
  const rows = await queryRows(ctx.db, sql, params.values);
  return rows.map((row) => hydrateCandidate(ctx, row));
}

/** One gap search: a municipality of a campaign with nobody taking part yet. */
export interface GapSlot {
  /** Key of the slot (campaign and municipality), to group the answer. */
  key: string;
  municipalityId: string;
  topics: readonly string[];
  languages: readonly string[];
}

/**
 * The best `pool` candidates located in each slot's municipality, for all
 * slots in one statement (a window function ranks within each slot).
 */
export async function findCandidatesInMunicipalities(
  ctx: Context,
  slots: readonly GapSlot[],
  pool: number,
  now: Date,
): Promise<Map<string, CandidateRow[]>> {
  const bySlot = new Map<string, CandidateRow[]>(slots.map((slot) => [slot.key, []]));
  if (!slots.length) return bySlot;
  const w = MATCH_WEIGHTS.signals;
  const params = new SqlParams();
  const keys = params.add(
    slots.map((slot) => slot.key),
    'text[]',
  );
  const municipalities = params.add(
    slots.map((slot) => slot.municipalityId),
    'uuid[]',
  );
  // Topics and languages differ per campaign: carried per slot as JSON arrays.
  const topics = params.add(
    slots.map((slot) => JSON.stringify(slot.topics)),
    'jsonb[]',
  );
  const languages = params.add(
    slots.map((slot) => JSON.stringify(slot.languages)),
    'jsonb[]',
  );
  const nowParam = params.add(now, 'timestamptz');
  const saturation = MATCH_WEIGHTS.topicSaturation;
  const sql = `
    WITH slot AS (
      SELECT s.key, s.municipality_id,
             ARRAY(SELECT jsonb_array_elements_text(s.topics)) AS topics,
             ARRAY(SELECT jsonb_array_elements_text(s.languages)) AS languages
      FROM unnest(${keys}, ${municipalities}, ${topics}, ${languages}) AS s (key, municipality_id, topics, languages)
    ),
    ranked AS (
      SELECT slot.key AS _slot, o.*, to_jsonb(m) AS _municipality, NULL::float8 AS _distance_km,
        row_number() OVER (PARTITION BY slot.key ORDER BY (
          ${w.TOPICS} * CASE WHEN cardinality(slot.topics) = 0 THEN 0 ELSE LEAST(1,
            (SELECT count(*) FROM unnest(o.topics) t WHERE t = ANY(slot.topics))::float8 / LEAST(cardinality(slot.topics), ${saturation})) END
          + ${w.LANGUAGES} * CASE WHEN cardinality(slot.languages) = 0 THEN 0 ELSE
            (SELECT count(*) FROM unnest(slot.languages) l
              WHERE lower(split_part(l, '-', 1)) = ANY(SELECT lower(split_part(x, '-', 1)) FROM unnest(o.languages) x))::float8
            / cardinality(slot.languages) END
          + ${w.LOOKING_FOR_PARTNERS} * o.looking_for_partners::int
          + ${w.VERIFIED} * o.verified::int
          + ${w.RECENTLY_CONFIRMED} * coalesce((o.last_confirmed_at <= ${nowParam}
              AND o.last_confirmed_at > ${nowParam} - make_interval(months => ${MATCH_WEIGHTS.freshnessMonths}))::int, 0)
        ) DESC, o.id) AS _rank
      FROM slot JOIN organisation o ON o.municipality_id = slot.municipality_id
      JOIN municipality m ON m.id = o.municipality_id
    )
    SELECT * FROM ranked WHERE _rank <= ${params.add(pool, 'int')} ORDER BY _slot, _rank`;
  const rows = await queryRows(ctx.db, sql, params.values);
  for (const row of rows) bySlot.get(String(row._slot))?.push(hydrateCandidate(ctx, row));
  return bySlot;
}

/** A candidate organisation, with the time window to check for clashes (null: none). */
export interface SignalRequest {
  organisationId: string;
  window: { startsAt: Date; endsAt: Date } | null;
}

/** What availability and history say about one candidate, from events visible to the asker. */
export interface CandidateSignals {
  /** Its own events (ACCEPTED organiser, not cancelled) whose span overlaps the window; series still to be expanded. */
  overlapping: EventEntity[];
  /** Whether it ever took part in a campaign (ACCEPTED on a campaign event that is not cancelled). */
  campaignParticipant: boolean;
  /** Events (not cancelled, other than the one planned) it organised together with the lead, both ACCEPTED. */
  coHostedWithLead: number;
}

/**
 * Availability and history of all candidates in one statement, answered by
 * position in `requests` (an organisation may come twice, e.g. for two
 * campaigns). Each candidate's own organiser rows are walked once
 * (event_organiser_organisation_idx), their events' time, status, campaign and
 * visibility read from the covering event_matching_idx (no heap visit); only
 * the few clashing events load their full rows. Co-hosting starts from the
 * lead's own events, whatever the number of candidates.
 */
export async function loadSignals(
  ctx: Context,
  requests: readonly SignalRequest[],
  leadId: string | null,
  excludeEventId: string | null,
): Promise<CandidateSignals[]> {
  const signals: CandidateSignals[] = requests.map(() => ({ overlapping: [], campaignParticipant: false, coHostedWithLead: 0 }));
  if (!requests.length) return signals;
  const params = new SqlParams();
  const organisations = params.add(
    requests.map((r) => r.organisationId),
    'uuid[]',
  );
  // Without a window the interval is empty, so nothing overlaps.
  const starts = params.add(
    requests.map((r) => r.window?.startsAt ?? null),
    'timestamptz[]',
  );
  const ends = params.add(
    requests.map((r) => r.window?.endsAt ?? null),
    'timestamptz[]',
  );
  const exclude = excludeEventId ? params.add(excludeEventId, 'uuid') : 'NULL::uuid';
  const coHosted = leadId
    ? `SELECT eo.organisation_id, count(*)::int AS n
       FROM event_organiser lo
       JOIN event e ON e.id = lo.event_id
       JOIN event_organiser eo ON eo.event_id = lo.event_id AND eo.status = 'ACCEPTED' AND eo.organisation_id = ANY(${organisations})
       WHERE lo.organisation_id = ${params.add(leadId, 'uuid')} AND lo.status = 'ACCEPTED' AND e.status <> 'CANCELLED'
         AND e.id IS DISTINCT FROM ${exclude} AND (${visibleEventCondition(ctx.viewer, params, 'e')})
       GROUP BY eo.organisation_id`
    : 'SELECT NULL::uuid AS organisation_id, 0 AS n WHERE false';
  const sql = `
    WITH w AS (
      SELECT * FROM unnest(${organisations}, ${starts}, ${ends}) WITH ORDINALITY AS w (organisation_id, starts_at, ends_at, position)
    ),
    walk AS (
      SELECT w.position, t.id, t.campaign_id,
             coalesce(t.starts_at < w.ends_at AND t.last_ends_at > w.starts_at, false) AND t.id IS DISTINCT FROM ${exclude} AS overlaps
      FROM w
      JOIN event_organiser eo ON eo.organisation_id = w.organisation_id AND eo.status = 'ACCEPTED'
      JOIN event t ON t.id = eo.event_id
      WHERE t.status <> 'CANCELLED' AND (${visibleEventCondition(ctx.viewer, params, 't')})
    ),
    per_candidate AS (
      SELECT position, bool_or(campaign_id IS NOT NULL) AS campaign_participant FROM walk GROUP BY position
    ),
    co_hosted AS (${coHosted})
    SELECT w.position AS _position, coalesce(p.campaign_participant, false) AS _campaign_participant,
           coalesce(ch.n, 0) AS _co_hosted, e.*
    FROM w
    LEFT JOIN per_candidate p ON p.position = w.position
    LEFT JOIN co_hosted ch ON ch.organisation_id = w.organisation_id
    LEFT JOIN walk hit ON hit.position = w.position AND hit.overlaps
    LEFT JOIN event e ON e.id = hit.id
    ORDER BY w.position, e.starts_at, e.id`;
  const rows = await queryRows(ctx.db, sql, params.values);
  for (const row of rows) {
    const entry = signals[Number(row._position) - 1]!;
    entry.campaignParticipant = row._campaign_participant === true;
    entry.coHostedWithLead = Number(row._co_hosted);
    if (row.id !== null && row.id !== undefined) entry.overlapping.push(hydrate(ctx.db, EventEntity, row));
  }
  return signals;
}

/** An organisation on the event being planned. */
export interface PlannedOrganiser {
  organisationId: string;
  status: ParticipationStatusValue;
  role: OrganiserRoleValue;
  kind: OrganisationKind;
  name: string;
}

/** The event being planned with its organisers and its municipality, in one statement. */
export interface PlannedEvent {
  event: EventEntity;
  organisers: PlannedOrganiser[];
  municipality: { id: string; name: string; latitude: number | null; longitude: number | null } | null;
}

export async function loadPlannedEvent(ctx: Context, eventId: string): Promise<PlannedEvent | undefined> {
  const [row] = await queryRows(
    ctx.db,
    `SELECT e.*, m.name AS _municipality_name, m.latitude AS _municipality_latitude, m.longitude AS _municipality_longitude,
       coalesce((SELECT json_agg(json_build_object('organisationId', eo.organisation_id, 'status', eo.status,
                   'role', eo.role, 'kind', o.kind, 'name', o.name) ORDER BY eo.organisation_id)
                 FROM event_organiser eo JOIN organisation o ON o.id = eo.organisation_id
                 WHERE eo.event_id = e.id), '[]'::json) AS _organisers
     FROM event e LEFT JOIN municipality m ON m.id = e.municipality_id
     WHERE e.id = $1::uuid`,
    [eventId],
  );
  if (!row) return undefined;
  const organisers = (typeof row._organisers === 'string' ? JSON.parse(row._organisers) : row._organisers) as PlannedOrganiser[];
  const event = hydrate(ctx.db, EventEntity, row);
  return {
    event,
    organisers,
    municipality: event.municipalityId
      ? {
          id: event.municipalityId,
          name: String(row._municipality_name),
          latitude: (row._municipality_latitude as number | null) ?? null,
          longitude: (row._municipality_longitude as number | null) ?? null,
        }
      : null,
  };
}
