import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events: typo-tolerant title search (trigram index on the normalised titles,
 * as organisations have on their names) and an index for the series that
 * `occurrences` and clash detection expand.
 */
export class EventSearch1764150000000 implements MigrationInterface {
  name = 'EventSearch1764150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE event ADD COLUMN search_title text
        GENERATED ALWAYS AS (wir_normalize(wir_translations_text(title))) STORED;
      CREATE INDEX event_title_trgm_idx ON event USING gin (search_title gin_trgm_ops);
      CREATE INDEX event_series_period_idx ON event USING gist (tstzrange(starts_at, last_ends_at, '[]'))
        WHERE recurrence IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX event_series_period_idx;
      DROP INDEX event_title_trgm_idx;
      ALTER TABLE event DROP COLUMN search_title;
    `);
  }
}
