import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { type CampaignEntity, Campaign } from '../events';
import type { Context } from '../access';
import { GAP_LIMITS, coverageGaps, type CoverageGapValue } from './coverage-gap.service';
import { CoverageGap } from './matching.types';

/** Matching's part of `Campaign`: where nobody takes part yet, and who would fit there. */
@Resolver(() => Campaign)
export class CoverageGapResolver {
  @FieldResolver(() => [CoverageGap], {
    nullable: true,
    description:
      'Municipalities where no organisation takes part in the campaign yet (by name), each with the organisations located there ' +
      'that would fit best. Coordinators only: other keys get null with a FORBIDDEN error, since suggestions reveal availability.',
  })
  gaps(
    @Root() campaign: CampaignEntity,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, {
      nullable: true,
      description: `How many municipalities, 1..${GAP_LIMITS.maxFirst} (default ${GAP_LIMITS.defaultFirst}).`,
    })
    first?: number | null,
    @Arg('suggestionsPerMunicipality', () => Int, {
      nullable: true,
      description: `Suggestions for each municipality, 1..${GAP_LIMITS.maxSuggestions} (default ${GAP_LIMITS.defaultSuggestions}).`,
    })
    suggestionsPerMunicipality?: number | null,
  ): Promise<CoverageGapValue[]> {
    return coverageGaps(ctx, campaign.id, first, suggestionsPerMunicipality);
  }
}
