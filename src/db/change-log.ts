import type { EntityManager } from 'typeorm';
import { queryRows } from './query-rows';

/** The PostgreSQL channel on which a commit announces new change-log entries to every hub instance. */
export const CHANGES_CHANNEL = 'wir_hub_changes';

/** A change as a slice records it (the events slice types `kind` and the snapshot, see events/event.changes.ts). */
export interface ChangeLogAppend {
  eventId: string;
  kind: string;
  changedFields: readonly string[];
  version: number;
  /** Organisations whose invitations the change concerns (for invitationChanged). */
  organisationIds?: readonly string[];
  /**
   * A SELECT answering one jsonb value, the routing facts after the change
   * (`$1` is the event id); omitted for a deletion (the entry then has none).
   */
  snapshotSql?: string;
}

/**
 * Appends a change to the log inside the caller's transaction, so it commits
 * (and is announced) exactly when the change does, or not at all. This is the
 * one way to write the log: slices call it, the live slice reads what it
 * wrote. Call it after the transaction's writes to the event: the snapshot is
 * taken as things are at that point.
 *
 * A transaction-scoped advisory lock makes appends take turns until commit:
 * cursors then become visible in increasing order, and a reader that resumes
 * "after cursor N" can never miss an entry that commits later with a smaller
 * cursor. NOTIFY is delivered by PostgreSQL only on commit.
 */
export async function appendChange(manager: EntityManager, entry: ChangeLogAppend): Promise<number> {
  await manager.query('SELECT pg_advisory_xact_lock(4711002)');
  const snapshot = entry.snapshotSql ? `(${entry.snapshotSql})` : 'NULL::jsonb';
  const [row] = await queryRows<{ cursor: number }>(
    manager,
    `INSERT INTO change_log (event_id, kind, changed_fields, version, organisation_ids, snapshot)
     VALUES ($1, $2, $3::text[], $4, $5::uuid[], ${snapshot})
     RETURNING cursor`,
    [entry.eventId, entry.kind, entry.changedFields, entry.version, entry.organisationIds ?? []],
  );
  const cursor = Number(row!.cursor);
  await manager.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(cursor)]);
  return cursor;
}
