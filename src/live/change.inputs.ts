import { Field, ID, InputType } from 'type-graphql';

/**
 * Which changes to receive. Every list given must match (AND); within a list
 * any id matches (OR). A change matches when the event is selected before or
 * after it, so a subscriber learns that an event left its selection (e.g.
 * moved to another municipality).
 */
@InputType('ChangeFilter', {
  description:
    'Which event changes to receive. Each list given narrows the stream (lists combine with AND, ids within a list with OR); at most 100 ids per list. A change matches when the event matched before or after it, so you also learn when an event leaves your selection (e.g. moves to another municipality).',
})
export class ChangeFilter {
  @Field(() => [ID], { nullable: true, description: 'Only events located in one of these municipalities.' })
  municipalityIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only events one of these organisations takes part in (as lead, or as a co-host or supporter that accepted), as in `EventFilter.organisationIds`.',
  })
  organisationIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only events of one of these campaigns.' })
  campaignIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only these events.' })
  eventIds?: string[] | null;
}
