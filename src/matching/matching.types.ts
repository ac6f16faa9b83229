import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Municipality, Organisation } from '../directory';
import { Event } from '../events';

@ObjectType('MatchReason', {
  description:
    'One reason why an organisation is suggested (or ranked lower), in words a coordinator can act on. ' +
    "The weights of a suggestion's reasons add up to its score.",
})
export class MatchReason {
  @Field({
    description:
      'Stable code of the signal: TOPICS (shares topics), LANGUAGES (speaks audience languages, interpreting languages included), ' +
      "DISTANCE (near the event's place), KIND_MIX (brings in a kind of organisation the event does not have yet), " +
      'LOOKING_FOR_PARTNERS, VERIFIED (entry verified by a coordinator), RECENTLY_CONFIRMED (entry confirmed within 12 months), ' +
      'CO_HOSTED (organised events with the lead organisation before), NEW_TO_NETWORK (has not taken part in a campaign yet), ' +
      'BUSY (has own events at that time; negative weight). New codes may be added.',
  })
  code: string;

  // `description(language:)` is answered by MatchReasonResolver (matching.resolver.ts).
  description: string;
  descriptionDe: string;

  @Field(() => Float, {
    description:
      "This reason's share of the score (0..1): positive for what speaks for the organisation, negative for BUSY (the amount its own events at that time took off).",
  })
  weight: number;
}

@ObjectType('PartnerSuggestion', { description: 'An organisation that would fit as a partner, with a score and the reasons.' })
export class PartnerSuggestion {
  @Field(() => Organisation, { description: 'The suggested organisation.' })
  organisation: unknown;

  @Field(() => Float, { description: 'How well it fits, 0..1 (higher is better); suggestions come best first.' })
  score: number;

  @Field(() => [MatchReason], {
    description: 'Why: each contributing signal with its share of the score, strongest first, then BUSY.',
  })
  reasons: MatchReason[];

  @Field(() => [Event], {
    description:
      "The organisation's own events (as an accepted organiser, not cancelled) overlapping the time window, that the asker may see; empty without a time window.",
  })
  conflicts: unknown[];
}

@ObjectType('CoverageGap', {
  description:
    'A municipality where no organisation takes part in a campaign yet, with the organisations there that would fit best.',
})
export class CoverageGap {
  @Field(() => Municipality, { description: 'The municipality without participants.' })
  municipality: unknown;

  @Field(() => Int, { description: 'Organisations of the directory located in the municipality.' })
  organisationCount: number;

  @Field(() => [PartnerSuggestion], {
    description:
      "The organisations located there that fit the campaign best (its events' topics and languages, openness, availability during the campaign), best first.",
  })
  suggestions: PartnerSuggestion[];
}
