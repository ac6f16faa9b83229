import type { EntityManager } from 'typeorm';
import { queryRows } from '../db/query-rows';
import type { ChangeKindValue } from './change-log.entity';

/** The PostgreSQL channel on which a commit announces new change-log entries to every hub instance. */
export const CHANGES_CHANNEL = 'wir_hub_changes';

export interface ChangeEntry {
  eventId: string;
  kind: ChangeKindValue;
  changedFields: readonly string[];
  version: number;
  /** Organisations whose invitations the change concerns (for invitationChanged). */
  organisationIds?: readonly string[];
}

/**
 * Appends a change to the log inside the caller's transaction, so it commits
 * (and is announced) exactly when the change does, or not at all.
 *
 * A transaction-scoped advisory lock makes appends take turns until commit:
 * cursors then become visible in increasing order, and a reader that resumes
 * "after cursor N" can never miss an entry that commits later with a smaller
 * cursor. NOTIFY is delivered by PostgreSQL only on commit.
 */
export async function appendChange(manager: EntityManager, entry: ChangeEntry): Promise<number> {
  await manager.query('SELECT pg_advisory_xact_lock(4711002)');
  const [row] = await queryRows<{ cursor: number }>(
    manager,
    `INSERT INTO change_log (event_id, kind, changed_fields, version, organisation_ids)
     VALUES ($1, $2, $3::text[], $4, $5::uuid[]) RETURNING cursor`,
    [entry.eventId, entry.kind, entry.changedFields, entry.version, entry.organisationIds ?? []],
  );
  const cursor = Number(row!.cursor);
  await manager.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(cursor)]);
  return cursor;
}
