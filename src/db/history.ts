import { toConnection, type Connection } from '../shared/connection';
import { SqlParams } from '../shared/sql';
import { nestedConnection } from './list';
import type { Row } from './query-rows';
import type { LoaderScope } from './request-loader';

/**
 * What the history tables (`event_history`, `organisation_history`) have in
 * common, written and read in one place: who acted (key, label, organisation,
 * coordinator), when, and which fields changed from what to what. Each slice
 * adds its own columns (the kind, the version, a contact) on top.
 */

/** One changed field as a history row stores it (in API terms: field names and values as the API shows them). */
export interface StoredFieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** As much of the acting viewer as a history row records. */
export interface HistoryActor {
  readonly keyId?: string | null;
  readonly label?: string | null;
  readonly organisationId?: string | null;
  readonly coordinator: boolean;
}

/** The actor columns of a history row, as entity properties (for `insertRow`). */
export function actorValues(viewer: HistoryActor) {
  return {
    actorKeyId: viewer.keyId ?? null,
    actorLabel: viewer.label ?? null,
    actorOrganisationId: viewer.organisationId ?? null,
    actorCoordinator: viewer.coordinator,
  };
}

/** The parts of a history entry every history shows. */
export interface HistoryRowValue {
  occurredAt: Date;
  actor: { label: string | null; coordinator: boolean; organisationId: string | null };
  changes: Array<{ field: string; oldValue: unknown; newValue: unknown }>;
  changedFields: string[];
}

/** Reads the common parts of a history row (`SELECT h.*`). */
export function historyRowValue(raw: Row): HistoryRowValue {
  const changes = (typeof raw.changes === 'string' ? JSON.parse(raw.changes) : (raw.changes ?? [])) as StoredFieldChange[];
  return {
    occurredAt: raw.occurred_at instanceof Date ? raw.occurred_at : new Date(String(raw.occurred_at)),
    actor: {
      label: (raw.actor_label as string | null) ?? null,
      coordinator: Boolean(raw.actor_coordinator),
      organisationId: (raw.actor_organisation_id as string | null) ?? null,
    },
    changes: changes.map((change) => ({ field: change.field, oldValue: change.old ?? null, newValue: change.new ?? null })),
    changedFields: changes.map((change) => change.field),
  };
}

export interface HistoryList<T> {
  /** The list's name in its cursors (`event-history`): a cursor of one history is refused by another. */
  name: string;
  /** The history table; its rows are ordered by their serial `id`. */
  table: string;
  /** The column naming the parent (`event_id`). */
  parentColumn: string;
  parentId: string;
  first: number;
  after: string | null | undefined;
  /** False when the viewer may not read this history: an empty page, no statement. */
  allowed: boolean;
  hydrate(raw: Row): T;
}

/**
 * `<Parent>.history`: oldest first, one statement for the histories of all
 * parents of a page (and one more for their counts).
 */
export function historyConnection<T>(ctx: LoaderScope, list: HistoryList<T>): Promise<Connection<T>> {
  if (!list.allowed)
    return Promise.resolve(toConnection<T>({ edges: [], hasNextPage: false }, list.after ?? null, async () => 0));
  return nestedConnection(ctx, `${list.name}:${list.first}:${list.after ?? ''}`, list.parentId, {
    first: list.first,
    after: list.after,
    hydrate: list.hydrate,
    build(parentIds) {
      return {
        from: `${list.table} h`,
        select: 'h.*',
        where: [],
        params: new SqlParams(),
        order: () => [{ expr: 'h.id', direction: 'ASC', type: 'int' }],
        orderName: list.name,
        ...(parentIds ? { partition: { expr: `h.${list.parentColumn}`, ids: parentIds } } : {}),
      };
    },
  });
}
