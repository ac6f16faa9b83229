import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { organisationLoader, Organisation } from '../directory';
import type { Row } from '../db/query-rows';
import type { Context } from '../access';
import { toConnection, type Connection } from '../shared/connection';
import { nestedConnection } from '../db/list';
import { SqlParams } from '../shared/sql';
import { insertRow } from '../db/write';
import { EventHistoryEntity, type FieldChange } from './event.entity';
import type { EventHistoryKind } from './event.enums';
import { EventHistoryActor } from './event.types';

/** What the EventHistoryEntry type resolves from. */
export interface HistoryEntryValue {
  kind: EventHistoryKind;
  occurredAt: Date;
  actor: { label: string | null; coordinator: boolean; organisationId: string | null };
  changes: Array<{ field: string; oldValue: unknown; newValue: unknown }>;
  changedFields: string[];
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
  const { viewer } = ctx;
  await insertRow(manager, EventHistoryEntity, {
    eventId: record.eventId,
    kind: record.kind,
    actorKeyId: viewer.keyId ?? null,
    actorLabel: viewer.label ?? null,
    actorOrganisationId: viewer.organisationId ?? null,
    actorCoordinator: viewer.coordinator,
    changes: record.changes,
    version: record.version,
  });
}

function toValue(raw: Row): HistoryEntryValue {
  const changes = (typeof raw.changes === 'string' ? JSON.parse(raw.changes) : (raw.changes ?? [])) as FieldChange[];
  return {
    kind: raw.kind as EventHistoryKind,
    occurredAt: raw.occurred_at instanceof Date ? raw.occurred_at : new Date(String(raw.occurred_at)),
    actor: {
      label: (raw.actor_label as string | null) ?? null,
      coordinator: Boolean(raw.actor_coordinator),
      organisationId: (raw.actor_organisation_id as string | null) ?? null,
    },
    changes: changes.map((change) => ({ field: change.field, oldValue: change.old ?? null, newValue: change.new ?? null })),
    changedFields: changes.map((change) => change.field),
    version: Number(raw.version),
  };
}

const EMPTY: Connection<HistoryEntryValue> = {
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  totalCount: Promise.resolve(0),
};

/**
 * `Event.history`: oldest first, one statement for the histories of all
 * events of a page (and one more for their counts). Empty when the viewer
 * may not read it (`allowed` from the policy).
 */
export function historyConnection(
  ctx: Context,
  eventId: string,
  first: number,
  after: string | null | undefined,
  allowed: boolean,
): Promise<Connection<HistoryEntryValue>> {
  if (!allowed) return Promise.resolve(after ? toConnection({ rows: [], hasNextPage: false }, after, async () => 0) : EMPTY);
  return nestedConnection(ctx, `event-history:${first}:${after ?? ''}`, eventId, {
    first,
    after,
    hydrate: toValue,
    build(parentIds) {
      return {
        from: 'event_history h',
        select: 'h.*',
        where: [],
        params: new SqlParams(),
        order: () => [{ expr: 'h.id', direction: 'ASC', type: 'int' }],
        orderName: 'event-history',
        ...(parentIds ? { partition: { expr: 'h.event_id', ids: parentIds } } : {}),
      };
    },
  });
}

@Resolver(() => EventHistoryActor)
export class EventHistoryActorResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation the key acts for; null for coordinators.' })
  organisation(@Root() actor: HistoryEntryValue['actor'], @Ctx() ctx: Context) {
    return actor.organisationId ? organisationLoader(ctx).load(actor.organisationId) : null;
  }
}
