import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../access';
import { badInput } from '../shared/errors';
import { LanguageCodeScalar } from '../shared/scalars';
import { PartnerSearchInput } from './matching.inputs';
import { suggestPartners, type PartnerSuggestionValue } from './matching.service';
import { MatchReason, PartnerSuggestion } from './matching.types';
import { REASON_LANGUAGES, type MatchReasonValue, type ReasonLanguage } from './scoring';
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

@Resolver(() => MatchReason)
export class MatchReasonResolver {
  @FieldResolver(() => String, {
    description:
      'The reason in words, naming the facts: in English by default, e.g. "shares topics: Interfaith dialogue, Culture", ' +
      '"2.4 km away in Vellmar", "speaks Turkish and Arabic"; in German with `language: "de"`, e.g. ' +
      '"teilt die Themen: Interreligiöser Dialog, Kultur", "2,4 km entfernt in Vellmar", "spricht Türkisch und Arabisch".',
  })
  description(
    @Root() reason: MatchReasonValue,
    @Arg('language', () => LanguageCodeScalar, {
      nullable: true,
      defaultValue: 'en',
      description:
        'Language of the text: "en" (the default) or "de"; a regional tag such as "de-AT" counts as its language. ' +
        'Any other language is refused with BAD_USER_INPUT (field "language"); translate `code` yourself for others.',
    })
    language?: string | null,
  ): string {
    return reasonLanguage(language) === 'de' ? reason.descriptionDe : reason.description;
  }
}

/** "de", "de-AT" → "de"; "en", "en-GB" or none → "en"; anything else is the client's mistake. */
function reasonLanguage(language: string | null | undefined): ReasonLanguage {
  const base = (language ?? 'en').split('-')[0]!.toLowerCase();
  const known = REASON_LANGUAGES.find((candidate) => candidate === base);
  if (!known) throw badInput('language', `match reasons are worded in "en" or "de", not "${language}".`);
  return known;
}
