import { ArrayMaxSize, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { OrganisationKind, Topic } from '../directory';
import { GeoRadiusInput } from '../shared/geo';
import { DateTimeScalar, LanguageCodeScalar } from '../shared/scalars';
import { MATCH_LIMITS } from './weights';

@InputType('PartnerSearchInput', {
  description:
    'What to find partners for: an event (`eventId`), or criteria given directly, or an event with some of its facts overridden. ' +
    'At least one of `eventId`, `municipalityId`, `near`, `topics` or `languages` is needed.',
})
export class PartnerSearchInput {
  @Field(() => ID, {
    nullable: true,
    description:
      "Take time, place, topics, languages and organisers from this event. Organisations on the event (and those that declined or withdrew) are never suggested. Needs a coordinator's key or an EDITOR/ADMIN key of the event's lead organisation.",
  })
  eventId?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "Start of the time window in which suggested organisations should be free (give it with `endsAt`; overrides the event's).",
  })
  startsAt?: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: `End of the time window; after \`startsAt\`, at most ${MATCH_LIMITS.maxWindowDays} days later.`,
  })
  endsAt?: Date | null;

  @Field(() => ID, {
    nullable: true,
    description: `Where the event takes place: organisations there rank best, and without \`near\` candidates are looked for within ${MATCH_LIMITS.defaultRadiusKm} km of its centre (overrides the event's).`,
  })
  municipalityId?: string | null;

  @Field(() => GeoRadiusInput, {
    nullable: true,
    description: `Look for organisations within this radius of a point (at most ${MATCH_LIMITS.maxRadiusKm} km); distances are measured from the point (overrides the event's place).`,
  })
  @ValidateNested()
  near?: GeoRadiusInput | null;

  @Field(() => [Topic], { nullable: true, description: "Topics of the event (overrides the event's)." })
  @ArrayMaxSize(30)
  topics?: Topic[] | null;

  @Field(() => [LanguageCodeScalar], {
    nullable: true,
    description: "Languages of the audience, interpreting languages included (overrides the event's).",
  })
  @ArrayMaxSize(30)
  languages?: string[] | null;

  @Field(() => [OrganisationKind], { nullable: true, description: 'Suggest only organisations of these kinds.' })
  @ArrayMaxSize(8)
  kinds?: OrganisationKind[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Never suggest these organisations (at most ${MATCH_LIMITS.maxExcluded}), e.g. those already asked.`,
  })
  @ArrayMaxSize(MATCH_LIMITS.maxExcluded)
  excludeOrganisationIds?: string[] | null;
}
