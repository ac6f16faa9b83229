import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ChangeKind, Event } from '../events';
import { PageInfo } from '../shared/connection';
import { DateTimeScalar } from '../shared/scalars';

/** What the EventChange type resolves from. */
export interface EventChangeValue {
  cursor: string;
  kind: ChangeKind;
  eventId: string;
  event: unknown;
  changedFields: string[];
  version: number;
  occurredAt: Date;
}

@ObjectType('EventChange', {
  description:
    'One change to an event, from the change log. Changes arrive in cursor order; store the `cursor` of the last one you processed and resume with `since` (subscriptions) or poll with `changes(since:)`.',
})
export class EventChange {
  @Field({
    description:
      'Opaque, strictly increasing position of this change in the change log. Pass it as `since` to resume after it; it stays valid for CHANGE_LOG_RETENTION_DAYS (default 30 days).',
  })
  cursor: string;

  @Field(() => ChangeKind, { description: 'What kind of change it was.' })
  kind: ChangeKind;

  @Field(() => ID, { description: 'Global ID of the event, also when `event` is null.' })
  eventId: string;

  @Field(() => Event, {
    nullable: true,
    description:
      'The event as it is now, when you may see it; null once it was deleted or is no longer visible to you (e.g. its visibility was narrowed or it went back to draft): remove it from what you show.',
  })
  event: unknown;

  @Field(() => [String], {
    description: 'Names of the `Event` fields the change touched (e.g. "startsAt", "visibility", "organisers").',
  })
  changedFields: string[];

  @Field(() => Int, { description: 'The event version the change produced.' })
  version: number;

  @Field(() => DateTimeScalar, { description: 'When the change was made.' })
  occurredAt: Date;
}

@ObjectType('EventChangeEdge', { description: 'One change in a page of changes, with its cursor.' })
export class EventChangeEdge {
  @Field({ description: 'The change cursor, the same as `node.cursor`.' })
  cursor: string;

  @Field(() => EventChange, { description: 'The change.' })
  node: EventChangeValue;
}

@ObjectType('EventChangeConnection', {
  description:
    'A page of event changes, oldest first. Keep `pageInfo.endCursor` and pass it as `since` next time: it moves past changes you may not see too, so a page can hold fewer than `first` changes while `hasNextPage` is true.',
})
export class EventChangeConnection {
  @Field(() => [EventChangeEdge], { description: 'The changes of this page, oldest first.' })
  edges: EventChangeEdge[];

  @Field(() => PageInfo, {
    description:
      '`endCursor` is where to continue (pass it as `since`); it is set even when the page is empty. `hasNextPage` is true when more changes may follow right away.',
  })
  pageInfo: PageInfo;
}
