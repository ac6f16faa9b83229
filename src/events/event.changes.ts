import type { EntityManager } from 'typeorm';
import { appendChange } from '../db/change-log';
import { EventEntity, EventOrganiserEntity } from './event.entity';
import type { ChangeKind } from './event.enums';

/** The kinds of change recorded in the change log: the values of the GraphQL enum ChangeKind. */
export type ChangeKindValue = `${ChangeKind}`;

/** The event's columns in a snapshot, by property, and its organisers' (see {@link EventSnapshot}). */
const SNAPSHOT_COLUMNS = [
  'status',
  'visibility',
  'publishedAt',
  'leadOrganisationId',
  'municipalityId',
  'campaignId',
] as const satisfies ReadonlyArray<keyof EventEntity>;
const SNAPSHOT_ORGANISER_COLUMNS = ['organisationId', 'role', 'status'] as const satisfies ReadonlyArray<
  keyof EventOrganiserEntity
>;

/**
 * The facts of an event that decide who hears of a change and which filters
 * it matches, as they were right after the change (see the migration
 * ChangeLogSnapshot1764450000000). JSON: times are ISO strings.
 */
export type EventSnapshot = {
  [K in (typeof SNAPSHOT_COLUMNS)[number]]: EventEntity[K] extends Date | null ? string | null : EventEntity[K];
} & {
  organisers: Array<Pick<EventOrganiserEntity, (typeof SNAPSHOT_ORGANISER_COLUMNS)[number]>>;
};

let snapshotSql: string | undefined;

/**
 * The SQL of an event's routing facts, `$1` being the event id: a jsonb
 * object of the columns above, named by property, built once from TypeORM's
 * metadata of the two entities.
 */
function snapshotStatement(manager: EntityManager): string {
  if (snapshotSql) return snapshotSql;
  const pairs = (target: typeof EventEntity | typeof EventOrganiserEntity, alias: string, properties: readonly string[]) => {
    const metadata = manager.connection.getMetadata(target);
    return properties
      .map((property) => `'${property}', ${alias}."${metadata.findColumnWithPropertyName(property)!.databaseName}"`)
      .join(', ');
  };
  snapshotSql = `
  SELECT jsonb_build_object(${pairs(EventEntity, 'e', SNAPSHOT_COLUMNS)},
    'organisers', coalesce((
      SELECT jsonb_agg(jsonb_build_object(${pairs(EventOrganiserEntity, 'o', SNAPSHOT_ORGANISER_COLUMNS)})
                       ORDER BY o.organisation_id)
      FROM event_organiser o WHERE o.event_id = e.id), '[]'::jsonb))
  FROM event e WHERE e.id = $1`;
  return snapshotSql;
}

/** A change to an event, as the events slice records it. */
export interface EventChange {
  eventId: string;
  kind: ChangeKindValue;
  changedFields: readonly string[];
  version: number;
  /** Organisations whose invitations the change concerns (for invitationChanged). */
  organisationIds?: readonly string[];
}

/**
 * Records a change to an event in the change log, inside the caller's
 * transaction (see `appendChange`), with the event's routing facts as they
 * are now (none for a deletion). Answers the entry's cursor.
 */
export function recordChange(manager: EntityManager, change: EventChange): Promise<number> {
  return appendChange(manager, {
    ...change,
    snapshotSql: change.kind === 'DELETED' ? undefined : snapshotStatement(manager),
  });
}
