import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { organisationLoader, Organisation } from '../directory';
import type { Row } from '../db/query-rows';
import type { Context } from '../access';
import type { Connection } from '../shared/connection';
import { actorValues, historyConnection, historyRowValue, type HistoryRowValue } from '../db/history';
import { insertRow } from '../db/write';
import { EventHistoryEntity, type FieldChange } from './event.entity';
import type { EventHistoryKind } from './event.enums';
import { EventHistoryActor } from './event.types';

/** What the EventHistoryEntry type resolves from. */
export interface HistoryEntryValue extends HistoryRowValue {
  kind: EventHistoryKind;
  version: number;
}

/** The parts of a history entry a mutation supplies; the actor comes from the context. */
export interface HistoryRecord {
  eventId: string;
  kind: EventHistoryKind;
  changes: FieldChange[];
  version: number;
}

/** Writes a history entry inside the mutation's transaction. */
export async function recordHistory(ctx: Context, manager: EntityManager, record: HistoryRecord): Promise<void> {
  await insertRow(manager, EventHistoryEntity, {
    eventId: record.eventId,
    kind: record.kind,
    ...actorValues(ctx.viewer),
    changes: record.changes,
    version: record.version,
  });
}

function toValue(raw: Row): HistoryEntryValue {
  return { ...historyRowValue(raw), kind: raw.kind as EventHistoryKind, version: Number(raw.version) };
}

/**
 * `Event.history`: oldest first, one statement for the histories of all
 * events of a page (and one more for their counts). Empty when the viewer
 * may not read it (`allowed` from the policy).
 */
export function eventHistoryConnection(
  ctx: Context,
  eventId: string,
  first: number,
  after: string | null | undefined,
  allowed: boolean,
): Promise<Connection<HistoryEntryValue>> {
  return historyConnection(ctx, {
    name: 'event-history',
    table: 'event_history',
    parentColumn: 'event_id',
    parentId: eventId,
    first,
    after,
    allowed,
    hydrate: toValue,
  });
}

@Resolver(() => EventHistoryActor)
export class EventHistoryActorResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation the key acts for; null for coordinators.' })
  organisation(@Root() actor: HistoryEntryValue['actor'], @Ctx() ctx: Context) {
    return actor.organisationId ? organisationLoader(ctx).load(actor.organisationId) : null;
  }
}
