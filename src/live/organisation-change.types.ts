import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Organisation, OrganisationChangeKind } from '../directory';
import { PageInfo } from '../shared/connection';
import { DateTimeScalar } from '../shared/scalars';

/** What the OrganisationChange type resolves from. */
export interface OrganisationChangeValue {
  cursor: string;
  kind: OrganisationChangeKind;
  organisationId: string;
  /** Database id, for the `organisation` field resolver. */
  organisationDbId: string;
  contactId: string | null;
  changedFields: string[];
  version: number | null;
  occurredAt: Date;
}

@ObjectType('OrganisationChange', {
  description:
    'One change to the directory: an organisation was created, updated, verified, confirmed its details, joined or left umbrellas, or one of its contacts was added, updated or removed. From the same change log (and cursor sequence) as `EventChange`: a cursor of either kind may be passed as `since` to `changes`, `organisationChanges` and the subscriptions. Thin by design: fetch what you show through the API. A contact change reaches you only when you may see that contact (before or after the change); of one you may not see you learn nothing.',
})
export class OrganisationChange {
  @Field({
    description:
      'Opaque, strictly increasing position of this change in the change log (shared with event changes). Pass it as `since` to resume after it.',
  })
  cursor: string;

  @Field(() => OrganisationChangeKind, { description: 'What kind of change it was.' })
  kind: OrganisationChangeKind;

  @Field(() => ID, { description: 'Global ID of the organisation.' })
  organisationId: string;

  @Field(() => Organisation, { nullable: true, description: 'The organisation as it is now.' })
  organisation?: unknown;

  @Field(() => ID, {
    nullable: true,
    description:
      'Global ID of the contact a contact change is about; null for other changes. Read the contact through `organisation.contacts` (it is there when you may see it now).',
  })
  contactId: string | null;

  @Field(() => [String], {
    description:
      'Names of the fields the change touched (`Organisation` fields such as "name", "address", "memberOfIds"; for contact changes `Contact` fields such as "email", "visibility"). When a contact left your view with this change, only "visibility".',
  })
  changedFields: string[];

  @Field(() => Int, { nullable: true, description: 'The organisation version the change produced; null for contact changes.' })
  version: number | null;

  @Field(() => DateTimeScalar, { description: 'When the change was made.' })
  occurredAt: Date;
}

@ObjectType('OrganisationChangeEdge', { description: 'One directory change in a page of changes, with its cursor.' })
export class OrganisationChangeEdge {
  @Field({ description: 'The change cursor, the same as `node.cursor`.' })
  cursor: string;

  @Field(() => OrganisationChange, { description: 'The change.' })
  node: OrganisationChangeValue;
}

@ObjectType('OrganisationChangeConnection', {
  description:
    'A page of directory changes, oldest first. Keep `pageInfo.endCursor` and pass it as `since` next time: it moves past changes you do not receive too, so a page can hold fewer than `first` changes while `hasNextPage` is true.',
})
export class OrganisationChangeConnection {
  @Field(() => [OrganisationChangeEdge], { description: 'The changes of this page, oldest first.' })
  edges: OrganisationChangeEdge[];

  @Field(() => PageInfo, {
    description: '`endCursor` is where to continue (pass it as `since`); it is set even when the page is empty.',
  })
  pageInfo: PageInfo;
}

@InputType('OrganisationChangeFilter', {
  description:
    'Which directory changes to receive. Each list given narrows the stream (lists combine with AND, entries within a list with OR); at most 100 entries per list.',
})
export class OrganisationChangeFilter {
  @Field(() => [ID], {
    nullable: true,
    description: 'Only changes to these organisations (a membership change also matches the umbrellas joined or left).',
  })
  organisationIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only organisations located in one of these municipalities, before or after the change.',
  })
  municipalityIds?: string[] | null;

  @Field(() => [OrganisationChangeKind], { nullable: true, description: 'Only these kinds of change.' })
  kinds?: OrganisationChangeKind[] | null;
}
