import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, type Row } from '../db/query-rows';
import type { ChangeKindValue, EventSnapshot } from '../events';

/**
 * The read side of the change log (written by slices through db/change-log.ts):
 * ranges of entries with their snapshots, the log's bounds, pruning.
 */

/** A change-log entry as the live slice reads it. */
export interface ChangeRow {
  cursor: number;
  eventId: string;
  kind: ChangeKindValue;
  changedFields: string[];
  version: number;
  organisationIds: string[];
  occurredAt: Date;
  /** Routing facts after the change; null when the event is gone. */
  after: EventSnapshot | null;
  /**
   * Routing facts before the change (the event's previous entry); null when
   * the event did not exist before, or its previous entry was pruned.
   */
  before: EventSnapshot | null;
}

function toArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  // A driver that leaves arrays as PostgreSQL literals: {a,b}
  if (typeof value === 'string' && value.startsWith('{')) return value.slice(1, -1).split(',').filter(Boolean);
  return [];
}

function toChangeRow(raw: Row): ChangeRow {
  return {
    cursor: Number(raw.cursor),
    eventId: String(raw.event_id),
    kind: raw.kind as ChangeKindValue,
    changedFields: toArray(raw.changed_fields),
    version: Number(raw.version),
    organisationIds: toArray(raw.organisation_ids),
    occurredAt: raw.occurred_at instanceof Date ? raw.occurred_at : new Date(String(raw.occurred_at)),
    after: (raw.snapshot ?? null) as EventSnapshot | null,
    before: (raw.previous ?? null) as EventSnapshot | null,
  };
}

/**
 * Entries with `after < cursor <= until` (no upper bound when `until` is
 * undefined), oldest first, at most `limit`, each with the event's previous
 * snapshot. One statement; the primary key serves the range, and
 * change_log_event_idx the look-back for the previous snapshot.
 */
export async function readChanges(
  db: DataSource | EntityManager,
  after: number,
  limit: number,
  until?: number,
): Promise<ChangeRow[]> {
  const rows = await queryRows(
    db,
    `SELECT c.cursor, c.event_id, c.kind, c.changed_fields, c.version, c.organisation_ids, c.occurred_at, c.snapshot,
            (SELECT p.snapshot FROM change_log p
              WHERE p.event_id = c.event_id AND p.cursor < c.cursor
              ORDER BY p.cursor DESC LIMIT 1) AS previous
       FROM change_log c
      WHERE c.cursor > $1::bigint AND ($2::bigint IS NULL OR c.cursor <= $2::bigint)
      ORDER BY c.cursor
      LIMIT $3::int`,
    [after, until ?? null, limit],
  );
  return rows.map(toChangeRow);
}

/** What part of the log can be resumed from: cursors `>= prunedThrough` and `<= latest`. */
export interface ChangeLogBounds {
  /** Highest cursor removed by pruning (0 when nothing was pruned). */
  prunedThrough: number;
  /** Highest cursor ever committed (as far as the log tells: pruning keeps it in prunedThrough). */
  latest: number;
}

export async function changeLogBounds(db: DataSource | EntityManager): Promise<ChangeLogBounds> {
  const [row] = await queryRows<{ pruned_through: unknown; latest: unknown }>(
    db,
    `SELECT h.pruned_through, greatest(h.pruned_through, (SELECT max(cursor) FROM change_log)) AS latest
       FROM change_log_horizon h`,
  );
  return { prunedThrough: Number(row?.pruned_through ?? 0), latest: Number(row?.latest ?? 0) };
}

/**
 * Removes entries older than `retentionDays`, always a prefix of the log (an
 * entry can be older than one before it when its transaction started first),
 * and raises the horizon in the same statement. Answers how many were removed.
 */
export async function pruneChangeLog(db: DataSource | EntityManager, retentionDays: number): Promise<number> {
  const rows = await queryRows<{ removed: unknown }>(
    db,
    `WITH doomed AS (
       DELETE FROM change_log
        WHERE cursor <= (SELECT max(cursor) FROM change_log WHERE occurred_at < now() - make_interval(days => $1::int))
       RETURNING cursor
     ), raised AS (
       UPDATE change_log_horizon SET pruned_through = greatest(pruned_through, (SELECT max(cursor) FROM doomed))
        WHERE EXISTS (SELECT 1 FROM doomed)
     )
     SELECT count(*)::int AS removed FROM doomed`,
    [retentionDays],
  );
  return Number(rows[0]?.removed ?? 0);
}
