import DataLoader from 'dataloader';
import { MunicipalityEntity, OrganisationEntity } from '../directory';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import type { Context } from '../access';
import { requestLoader } from '../db/request-loader';
import { badInput } from '../shared/errors';
import { parseGlobalId } from '../shared/global-id';
import { pageSize } from '../shared/pagination';
import { SqlParams } from '../shared/sql';
import { CampaignEntity } from './event.entity';
import { visibleEventCondition } from './event.policy';

/** What the MunicipalityCoverage type resolves from. */
export interface CoverageValue {
  municipality: MunicipalityEntity;
  organisationCount: number;
  participatingOrganisationCount: number;
  eventCount: number;
}

/** `campaigns(first, after)`: latest first (by start, then id); `after` is the ID of the last campaign received. */
export async function listCampaigns(
  ctx: Context,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<CampaignEntity[]> {
  const size = pageSize(first);
  const params = new SqlParams();
  let where = '';
  if (after) {
    const afterId = parseGlobalId(after, 'Campaign', 'after');
    const [anchor] = await queryRows<{ starts_on: string }>(ctx.db, 'SELECT starts_on FROM campaign WHERE id = $1', [afterId]);
    if (!anchor) throw badInput('after', 'no campaign has this ID; start again without `after`.');
    const startsOn = params.add(anchor.starts_on, 'date');
    where = `WHERE c.starts_on < ${startsOn} OR (c.starts_on = ${startsOn} AND c.id > ${params.add(afterId, 'uuid')})`;
  }
  const rows = await queryRows(
    ctx.db,
    `SELECT c.* FROM campaign c ${where} ORDER BY c.starts_on DESC, c.id LIMIT ${params.add(size, 'int')}`,
    params.values,
  );
  return rows.map((row) => hydrate(ctx.db, CampaignEntity, row));
}

/** Organisations taking part (ACCEPTED, lead included) in the visible, not cancelled events of campaigns, by name. */
export function participantsLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'campaignParticipants',
    () =>
      new DataLoader<string, OrganisationEntity[]>(async (campaignIds) => {
        const params = new SqlParams();
        const ids = params.add(campaignIds, 'uuid[]');
        const rows = await queryRows(
          ctx.db,
          `SELECT * FROM (
             SELECT DISTINCT ON (e.campaign_id, o.id) e.campaign_id AS "_campaign", o.*
             FROM event e
             JOIN event_organiser eo ON eo.event_id = e.id AND eo.status = 'ACCEPTED'
             JOIN organisation o ON o.id = eo.organisation_id
             WHERE e.campaign_id = ANY(${ids}) AND e.status <> 'CANCELLED' AND (${visibleEventCondition(ctx.viewer, params, 'e')})
             ORDER BY e.campaign_id, o.id
           ) p ORDER BY "_campaign", sort_name, id`,
          params.values,
        );
        const byCampaign = new Map<string, OrganisationEntity[]>();
        for (const row of rows) {
          const list = byCampaign.get(String(row._campaign)) ?? [];
          list.push(hydrate(ctx.db, OrganisationEntity, row));
          byCampaign.set(String(row._campaign), list);
        }
        return campaignIds.map((id) => byCampaign.get(id) ?? []);
      }),
  );
}

/**
 * Coverage of campaigns per municipality: every municipality of the district,
 * zeros included, so the gaps show. One statement for all campaigns asked.
 */
export function coverageLoader(ctx: Context) {
  return requestLoader(
    ctx,
    'campaignCoverage',
    () =>
      new DataLoader<string, CoverageValue[]>(async (campaignIds) => {
        const params = new SqlParams();
        const ids = params.add(campaignIds, 'uuid[]');
        const rows = await queryRows(
          ctx.db,
          `WITH asked AS (SELECT unnest(${ids}) AS campaign_id),
           campaign_events AS (
             SELECT e.id, e.campaign_id, e.municipality_id FROM event e
             WHERE e.campaign_id = ANY(${ids}) AND e.status <> 'CANCELLED' AND (${visibleEventCondition(ctx.viewer, params, 'e')})
           ),
           participants AS (
             SELECT DISTINCT ce.campaign_id, o.id, o.municipality_id FROM campaign_events ce
             JOIN event_organiser eo ON eo.event_id = ce.id AND eo.status = 'ACCEPTED'
             JOIN organisation o ON o.id = eo.organisation_id
           ),
           organisations AS (
             SELECT municipality_id, count(*)::int AS n FROM organisation WHERE municipality_id IS NOT NULL GROUP BY 1
           )
           SELECT a.campaign_id AS "_campaign", m.*,
             coalesce(org.n, 0) AS "_organisations",
             (SELECT count(*)::int FROM participants p WHERE p.campaign_id = a.campaign_id AND p.municipality_id = m.id) AS "_participating",
             (SELECT count(*)::int FROM campaign_events ce WHERE ce.campaign_id = a.campaign_id AND ce.municipality_id = m.id) AS "_events"
           FROM asked a CROSS JOIN municipality m
           LEFT JOIN organisations org ON org.municipality_id = m.id
           ORDER BY a.campaign_id, m.name`,
          params.values,
        );
        const byCampaign = new Map<string, CoverageValue[]>();
        for (const row of rows) {
          const list = byCampaign.get(String(row._campaign)) ?? [];
          list.push({
            municipality: hydrate(ctx.db, MunicipalityEntity, row),
            organisationCount: Number(row._organisations),
            participatingOrganisationCount: Number(row._participating),
            eventCount: Number(row._events),
          });
          byCampaign.set(String(row._campaign), list);
        }
        return campaignIds.map((id) => byCampaign.get(id) ?? []);
      }),
  );
}
