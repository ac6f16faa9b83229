import type { EntityManager } from 'typeorm';
import { queryRows } from './query-rows';

/** The PostgreSQL channel on which a commit announces new change-log entries to every hub instance. */
export const CHANGES_CHANNEL = 'wir_hub_changes';

/**
 * A change as a slice records it: an event's (the events slice types `kind`
 * and the snapshot, see events/event.changes.ts) or an organisation's (the
 * directory slice's, see directory/organisation.changes.ts).
 */
export type ChangeLogAppend = EventChangeAppend | OrganisationChangeAppend;

interface ChangeAppendBase {
  kind: string;
  changedFields: readonly string[];
  /** Organisations the change concerns besides its subject (invitations; umbrellas of a membership change). */
  organisationIds?: readonly string[];
}

export interface EventChangeAppend extends ChangeAppendBase {
  subject?: 'EVENT';
  eventId: string;
  version: number;
  /**
   * A SELECT answering one jsonb value, the routing facts after the change
   * (`$1` is the event id); omitted for a deletion (the entry then has none).
   */
  snapshotSql?: string;
}

export interface OrganisationChangeAppend extends ChangeAppendBase {
  subject: 'ORGANISATION';
  organisationId: string;
  /** The contact a contact change is about. */
  contactId?: string | null;
  /** The organisation version the change produced; null for contact changes. */
  version: number | null;
  /** The routing facts (no personal data: ids and visibilities only). */
  snapshot: Record<string, unknown>;
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
  let row: { cursor: number } | undefined;
  if (entry.subject === 'ORGANISATION') {
    [row] = await queryRows<{ cursor: number }>(
      manager,
      `INSERT INTO change_log (subject, organisation_id, contact_id, kind, changed_fields, version, organisation_ids, snapshot)
       VALUES ('ORGANISATION', $1, $2, $3, $4::text[], $5, $6::uuid[], $7::jsonb)
       RETURNING cursor`,
      [
        entry.organisationId,
        entry.contactId ?? null,
        entry.kind,
        entry.changedFields,
        entry.version,
        entry.organisationIds ?? [],
        JSON.stringify(entry.snapshot),
      ],
    );
  } else {
    const snapshot = entry.snapshotSql ? `(${entry.snapshotSql})` : 'NULL::jsonb';
    [row] = await queryRows<{ cursor: number }>(
      manager,
      `INSERT INTO change_log (event_id, kind, changed_fields, version, organisation_ids, snapshot)
       VALUES ($1, $2, $3::text[], $4, $5::uuid[], ${snapshot})
       RETURNING cursor`,
      [entry.eventId, entry.kind, entry.changedFields, entry.version, entry.organisationIds ?? []],
    );
  }
  const cursor = Number(row!.cursor);
  await manager.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(cursor)]);
  return cursor;
}
