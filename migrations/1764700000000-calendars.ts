import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendars: exact time windows for series, cancelled occurrences (EXDATE)
 * and feed tokens.
 *
 * - `event_occurrence` holds the starts and ends of every series' occurrences
 *   within a bounded range (`occurrences_from` .. `occurrences_until` on the
 *   event; '-infinity'/'infinity' when the range reaches the series' first or
 *   last occurrence). It is written with the event, in the same transaction,
 *   and extended by a periodic job as time moves on. Single events have no
 *   rows: their own start and end are their only occurrence. A series whose
 *   range is NULL (written before this migration, or by a bulk insert) is
 *   judged by its overall span until the job has filled it in.
 * - `cancelled_occurrences` are the starts of occurrences that do not take
 *   place (iCalendar EXDATE); they have no row in `event_occurrence`.
 * - `feed_token`: a secret for calendar apps that cannot send an
 *   Authorization header. It acts with the rights of the API key that created
 *   it, as they are at the time of each request, and dies with that key.
 */
export class Calendars1764700000000 implements MigrationInterface {
  name = 'Calendars1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE event
        ADD COLUMN cancelled_occurrences timestamptz[] NOT NULL DEFAULT '{}',
        ADD COLUMN occurrences_from timestamptz,
        ADD COLUMN occurrences_until timestamptz;

      CREATE TABLE event_occurrence (
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        PRIMARY KEY (event_id, starts_at),
        CHECK (ends_at >= starts_at)
      );

      -- Series whose materialised range the periodic job must extend.
      CREATE INDEX event_occurrences_until_idx ON event (occurrences_until) WHERE recurrence IS NOT NULL;

      CREATE TABLE feed_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        api_key_id uuid NOT NULL REFERENCES api_key (id) ON DELETE CASCADE,
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        prefix text NOT NULL,
        secret_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      );
      CREATE INDEX feed_token_key_idx ON feed_token (api_key_id, created_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE feed_token, event_occurrence;
      ALTER TABLE event DROP COLUMN cancelled_occurrences, DROP COLUMN occurrences_from, DROP COLUMN occurrences_until;
    `);
  }
}
