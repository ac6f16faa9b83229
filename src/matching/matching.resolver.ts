import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../access';
import { PartnerSearchInput } from './matching.inputs';
import { suggestPartners, type PartnerSuggestionValue } from './matching.service';
import { PartnerSuggestion } from './matching.types';
import { MATCH_LIMITS } from './weights';

@Resolver(() => PartnerSuggestion)
export class MatchingResolver {
  @Query(() => [PartnerSuggestion], {
    description:
      'Ranked, explained partner suggestions for a planned event (`eventId`) or for criteria, best first: topics, audience languages, ' +
      'distance, the mix of kinds, openness, availability in the time window and past co-operation. For coordinators and for ' +
      "EDITOR/ADMIN keys (for an event: its lead organisation's); others get FORBIDDEN. Organisations on the event are never suggested.",
  })
  suggestPartners(
    @Ctx() ctx: Context,
    @Arg('input', () => PartnerSearchInput, { description: 'What to find partners for.' }) input: PartnerSearchInput,
    @Arg('first', () => Int, {
      nullable: true,
      description: `How many suggestions, 1..${MATCH_LIMITS.maxFirst} (default ${MATCH_LIMITS.defaultFirst}).`,
    })
    first?: number | null,
  ): Promise<PartnerSuggestionValue[]> {
    return suggestPartners(ctx, input, first);
  }
}
