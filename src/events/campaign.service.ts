import { freeSlug } from '../db/free-slug';
import { withTransaction } from '../db/transaction';
import { insertRow, updateRows } from '../db/write';
import type { Context } from '../access';
import { badInput, isUniqueViolation, notFound } from '../shared/errors';
import { parseGlobalId } from '../shared/global-id';
import { translationsFrom } from '../shared/translation.inputs';
import { originalLanguageOf } from '../shared/translations';
import { CampaignEntity } from './event.entity';
import type { CampaignInput } from './event.inputs';
import { assertCanManageCampaigns } from './event.policy';
import { CampaignKind } from './event.enums';

/** Longest campaign, in days (a programme may run for two years). */
export const MAX_CAMPAIGN_DAYS = 731;

const DAY_MS = 86_400_000;

/** The checked columns of a campaign input (all fields are replaced on update). */
function campaignColumns(input: CampaignInput) {
  const name = input.name.trim();
  if (!name) throw badInput('input.name', 'must not be empty.');
  const days = (Date.parse(input.endsOn) - Date.parse(input.startsOn)) / DAY_MS;
  if (days < 0) throw badInput('input.endsOn', 'must not be before `startsOn`.');
  if (days > MAX_CAMPAIGN_DAYS) throw badInput('input.endsOn', `a campaign may last at most ${MAX_CAMPAIGN_DAYS} days.`);
  if (input.kind === CampaignKind.ACTION_DAY && days !== 0) {
    throw badInput('input.endsOn', 'an ACTION_DAY lasts one day: `endsOn` must equal `startsOn`.');
  }
  const deadline = input.participationDeadline ?? null;
  if (deadline && deadline > input.endsOn) throw badInput('input.participationDeadline', 'must not be after `endsOn`.');
  const description = input.description ? translationsFrom(input.description, 'input.description') : {};
  const originalLanguage = originalLanguageOf(description, input.originalLanguage, undefined, 'description');
  return { name, kind: input.kind, startsOn: input.startsOn, endsOn: input.endsOn, description, originalLanguage, deadline };
}

async function saveCampaign(ctx: Context, input: CampaignInput, id?: string): Promise<CampaignEntity> {
  assertCanManageCampaigns(ctx.viewer);
  const columns = campaignColumns(input);
  try {
    return await withTransaction(ctx.db, async (manager) => {
      const slug = input.slug ?? (await freeSlug(manager, 'campaign', columns.name, 'kampagne', id));
      const values = {
        name: columns.name,
        slug,
        kind: columns.kind,
        startsOn: columns.startsOn,
        endsOn: columns.endsOn,
        description: columns.description,
        originalLanguage: columns.originalLanguage,
        participationDeadline: columns.deadline,
      };
      // Campaigns take no expectedVersion: the last update wins, and bumps the version.
      const [row] = id
        ? await updateRows(manager, CampaignEntity, { id }, values, { bumpVersion: true })
        : [await insertRow(manager, CampaignEntity, values)];
      if (!row) throw notFound('The campaign', 'id');
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw badInput('input.slug', 'is already taken by another campaign.');
    throw error;
  }
}

export function createCampaign(ctx: Context, input: CampaignInput): Promise<CampaignEntity> {
  return saveCampaign(ctx, input);
}

export function updateCampaign(ctx: Context, campaignGlobalId: string, input: CampaignInput): Promise<CampaignEntity> {
  const id = parseGlobalId(campaignGlobalId, 'Campaign', 'id');
  return saveCampaign(ctx, input, id);
}
