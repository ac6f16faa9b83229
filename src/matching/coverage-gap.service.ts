import DataLoader from 'dataloader';
import { DateTime } from 'luxon';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { type Topic, MunicipalityEntity, organisationLoader } from '../directory';
import { visibleEventCondition } from '../events';
import type { Context } from '../access';
import { requestLoader } from '../db/request-loader';
import { badInput } from '../shared/errors';
import { SqlParams } from '../shared/sql';
import { findCandidatesInMunicipalities, type GapSlot } from './matching.query';
import { assertMaySeeCoverageGaps } from './matching.policy';
import { candidateFacts, type PartnerSuggestionValue } from './matching.service';
import { rankCandidates, type MatchCriteria } from './scoring';

/** A coverage gap as resolvers hand it to GraphQL. */
export interface CoverageGapValue {
  municipality: MunicipalityEntity;
  organisationCount: number;
  suggestions: PartnerSuggestionValue[];
}

export const GAP_LIMITS = {
  defaultFirst: 30,
  maxFirst: 100,
  defaultSuggestions: 3,
  maxSuggestions: 10,
  /** Candidates per municipality pre-ranked in SQL, at least this many times the suggestions. */
  poolFactor: 4,
  minPool: 12,
} as const;

/** Campaign days are calendar days in the network's time zone. */
const CAMPAIGN_ZONE = 'Europe/Berlin';

function checkCount(value: number | null | undefined, field: string, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw badInput(field, `must be between 1 and ${max}, got ${value}.`);
  return value;
}

interface GapRow {
  campaign_id: string;
  starts_on: string;
  ends_on: string;
  topics: string[] | null;
  languages: string[] | null;
  organisation_count: number;
  [column: string]: unknown;
}

/**
 * Gaps of many campaigns at once (a DataLoader per argument set), so a list
 * of campaigns with their gaps costs the same few statements as one:
 * 1. per campaign, the municipalities none of whose organisations take part
 *    (ACCEPTED on a campaign event that is not cancelled, as `coverage`
 *    counts them), by name, with the campaign events' topics and languages;
 * 2. the best-fitting organisations located in each of them (pre-ranked in SQL);
 * 3. and 4. their availability during the campaign and their history.
 */
async function loadGaps(
  ctx: Context,
  campaignIds: readonly string[],
  first: number,
  perMunicipality: number,
): Promise<CoverageGapValue[][]> {
  const params = new SqlParams();
  const ids = params.add(campaignIds, 'uuid[]');
  const visible = () => visibleEventCondition(ctx.viewer, params, 'e');
  const rows = await queryRows<GapRow>(
    ctx.db,
    `WITH c AS (SELECT id, starts_on, ends_on FROM campaign WHERE id = ANY(${ids})),
     campaign_events AS (
       SELECT e.* FROM event e WHERE e.campaign_id = ANY(${ids}) AND e.status <> 'CANCELLED' AND (${visible()})
     ),
     covered AS (
       SELECT DISTINCT e.campaign_id, o.municipality_id
       FROM campaign_events e
       JOIN event_organiser eo ON eo.event_id = e.id AND eo.status = 'ACCEPTED'
       JOIN organisation o ON o.id = eo.organisation_id
       WHERE o.municipality_id IS NOT NULL
     ),
     facts AS (
       SELECT e.campaign_id,
              array_agg(DISTINCT t.topic) FILTER (WHERE t.topic IS NOT NULL) AS topics,
              array_agg(DISTINCT l.language) FILTER (WHERE l.language IS NOT NULL) AS languages
       FROM campaign_events e
       LEFT JOIN LATERAL unnest(e.topics) AS t (topic) ON true
       LEFT JOIN LATERAL unnest(e.languages || e.interpreting_languages) AS l (language) ON true
       GROUP BY e.campaign_id
     )
     SELECT c.id AS campaign_id, c.starts_on, c.ends_on, facts.topics, facts.languages, m.*,
            (SELECT count(*) FROM organisation o WHERE o.municipality_id = m.id)::int AS organisation_count
     FROM c
     LEFT JOIN facts ON facts.campaign_id = c.id
     CROSS JOIN LATERAL (
       SELECT m.* FROM municipality m
       WHERE NOT EXISTS (SELECT 1 FROM covered WHERE covered.campaign_id = c.id AND covered.municipality_id = m.id)
       ORDER BY m.name, m.id
       LIMIT ${params.add(first, 'int')}
     ) m
     ORDER BY c.id, m.name, m.id`,
    params.values,
  );

  const now = new Date();
  const slots: Array<GapSlot & { row: GapRow; window: { startsAt: Date; endsAt: Date } }> = rows.map((row) => ({
    key: `${row.campaign_id}:${row.id}`,
    municipalityId: String(row.id),
    topics: row.topics ?? [],
    languages: row.languages ?? [],
    row,
    window: {
      startsAt: DateTime.fromISO(row.starts_on, { zone: CAMPAIGN_ZONE }).startOf('day').toJSDate(),
      endsAt: DateTime.fromISO(row.ends_on, { zone: CAMPAIGN_ZONE }).plus({ days: 1 }).startOf('day').toJSDate(),
    },
  }));
  const pool = Math.max(GAP_LIMITS.minPool, perMunicipality * GAP_LIMITS.poolFactor);
  const candidates = await findCandidatesInMunicipalities(ctx, slots, pool, now);
  const entries = slots.flatMap((slot) => (candidates.get(slot.key) ?? []).map((row) => ({ slot, row, window: slot.window })));
  const facts = await candidateFacts(ctx, entries, null, null);

  const loader = organisationLoader(ctx);
  const bySlot = new Map<string, typeof facts>();
  entries.forEach((entry, index) => {
    const list = bySlot.get(entry.slot.key) ?? [];
    list.push(facts[index]!);
    bySlot.set(entry.slot.key, list);
  });
  const byCampaign = new Map<string, CoverageGapValue[]>();
  for (const slot of slots) {
    const criteria: MatchCriteria = {
      topics: slot.topics as Topic[],
      languages: slot.languages,
      // Every candidate is in the gap's municipality, and a campaign has no lead or organiser mix of one event.
      municipality: null,
      hasPlace: false,
      presentKinds: [],
      lead: null,
      hasWindow: true,
      now,
    };
    const suggestions = rankCandidates(criteria, bySlot.get(slot.key) ?? [], perMunicipality).map(
      ({ candidate, score, reasons }) => {
        loader.prime(candidate.id, candidate.entity);
        return { organisation: candidate.entity, score, reasons, conflicts: candidate.conflictEvents };
      },
    );
    const list = byCampaign.get(slot.row.campaign_id) ?? [];
    list.push({
      municipality: hydrate(ctx.db, MunicipalityEntity, slot.row),
      organisationCount: Number(slot.row.organisation_count),
      suggestions,
    });
    byCampaign.set(slot.row.campaign_id, list);
  }
  return campaignIds.map((id) => byCampaign.get(id) ?? []);
}

/** `Campaign.gaps`: coordinators only; batched over all campaigns of the request. */
export function coverageGaps(
  ctx: Context,
  campaignId: string,
  first: number | null | undefined,
  suggestionsPerMunicipality: number | null | undefined,
): Promise<CoverageGapValue[]> {
  assertMaySeeCoverageGaps(ctx.viewer);
  const size = checkCount(first, 'first', GAP_LIMITS.defaultFirst, GAP_LIMITS.maxFirst);
  const per = checkCount(
    suggestionsPerMunicipality,
    'suggestionsPerMunicipality',
    GAP_LIMITS.defaultSuggestions,
    GAP_LIMITS.maxSuggestions,
  );
  return requestLoader(
    ctx,
    `coverageGaps:${size}:${per}`,
    () => new DataLoader<string, CoverageGapValue[]>((ids) => loadGaps(ctx, ids, size, per)),
  ).load(campaignId);
}
