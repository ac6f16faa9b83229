import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live updates: what each change-log entry needs so a change can be routed
 * without the event's past state, and so a resuming client can be told its
 * cursor has expired.
 *
 * - `change_log.snapshot`: the event's routing facts right after the change
 *   (status, visibility, lead, organisers, municipality, campaign); NULL once
 *   the event is gone. A subscriber gets a change when it may see the event
 *   before or after it (so it learns that an event left its view), and a
 *   filter matches when the event is in the filter before or after it (so it
 *   learns that an event moved out of a municipality). "Before" is the
 *   previous entry's snapshot, found through change_log_event_idx.
 * - `change_log_horizon`: the highest cursor removed by retention pruning; a
 *   `since` cursor below it may have missed pruned entries and must re-sync.
 *   Cursors have gaps (a rolled-back append consumes one), so the oldest
 *   remaining cursor cannot tell this by itself.
 */
export class ChangeLogSnapshot1764450000000 implements MigrationInterface {
  name = 'ChangeLogSnapshot1764450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE change_log ADD COLUMN snapshot jsonb;
      CREATE TABLE change_log_horizon (
        single boolean PRIMARY KEY DEFAULT true CHECK (single),
        pruned_through bigint NOT NULL DEFAULT 0
      );
      INSERT INTO change_log_horizon DEFAULT VALUES;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE change_log_horizon; ALTER TABLE change_log DROP COLUMN snapshot');
  }
}
