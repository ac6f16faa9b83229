import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { type MunicipalityEntity, Municipality, type OrganisationEntity, Organisation } from '../directory';
import type { Context } from '../access';
import type { Connection } from '../shared/connection';
import { nestedConnection } from '../db/list';
import { pageSize } from '../shared/pagination';
import type { EventEntity } from './event.entity';
import { EventFilter } from './event.inputs';
import { eventCriteria, eventList, resolveEventOrder, type EventListParent } from './event.query';
import { EventConnection } from './event.types';

/** A nested event list under a parent: the same code path as `events`, batched for all parents of a request. */
function nestedEvents(
  ctx: Context,
  parent: EventListParent,
  parentId: string,
  filter: EventFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Connection<EventEntity>> {
  const size = pageSize(first);
  const criteria = eventCriteria(filter);
  const order = resolveEventOrder(null, criteria);
  const list = eventList(ctx, { criteria, order, first: size, after }, parent);
  return nestedConnection(ctx, `${parent}-events:${JSON.stringify([filter, size, after])}`, parentId, list);
}

@Resolver(() => Organisation)
export class OrganisationEventsResolver {
  @FieldResolver(() => EventConnection, {
    description:
      'Events the organisation leads or takes part in (ACCEPTED) that the viewer may see, by start (same filters as `events`).',
  })
  events(
    @Root() organisation: OrganisationEntity,
    @Ctx() ctx: Context,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Further criteria.' }) filter?: EventFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string | null,
  ): Promise<Connection<EventEntity>> {
    return nestedEvents(ctx, 'organisation', organisation.id, filter, first, after);
  }
}

@Resolver(() => Municipality)
export class MunicipalityEventsResolver {
  @FieldResolver(() => EventConnection, {
    description: 'Events taking place in the municipality that the viewer may see, by start (same filters as `events`).',
  })
  events(
    @Root() municipality: MunicipalityEntity,
    @Ctx() ctx: Context,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Further criteria.' }) filter?: EventFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string | null,
  ): Promise<Connection<EventEntity>> {
    return nestedEvents(ctx, 'municipality', municipality.id, filter, first, after);
  }
}
