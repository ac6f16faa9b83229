import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import of partners' own calendars: a calendar source is an organisation's
 * ICS URL the hub fetches periodically; its events become the organisation's
 * events, matched by their iCalendar UID (`event.source_uid`, unique per lead
 * organisation, so a one-off `importCalendar` and a source agree on what is
 * the same event). A sync claims its source with a short lease
 * (`claimed_until`, taken with FOR UPDATE SKIP LOCKED), so several hub
 * instances never sync one source at the same time.
 */
export class CalendarSources1764800000000 implements MigrationInterface {
  name = 'CalendarSources1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE calendar_source (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
        -- Defaults of imported events: municipalityId, visibility, topics, languages, category, publish.
        defaults jsonb NOT NULL DEFAULT '{}',
        created_by_key_id uuid REFERENCES api_key (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        etag text,
        last_modified text,
        last_fetched_at timestamptz,
        last_success_at timestamptz,
        last_error text,
        created_count integer NOT NULL DEFAULT 0,
        updated_count integer NOT NULL DEFAULT 0,
        cancelled_count integer NOT NULL DEFAULT 0,
        next_sync_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        UNIQUE (organisation_id, url)
      );
      CREATE INDEX calendar_source_due_idx ON calendar_source (next_sync_at);

      ALTER TABLE event
        ADD COLUMN source_id uuid REFERENCES calendar_source (id) ON DELETE SET NULL,
        ADD COLUMN source_uid text;
      CREATE UNIQUE INDEX event_source_uid_idx ON event (lead_organisation_id, source_uid) WHERE source_uid IS NOT NULL;
      CREATE INDEX event_source_idx ON event (source_id) WHERE source_id IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE event DROP COLUMN source_id, DROP COLUMN source_uid;
      DROP TABLE calendar_source;
    `);
  }
}
