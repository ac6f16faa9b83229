import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner matching at national scale.
 *
 * - Candidates without a position of their own are placed at their
 *   municipality's centre: "municipalities within the radius" is a GiST lookup
 *   (a country has some 11,000), and their unlocated organisations a lookup
 *   of a small partial index.
 * - Availability and history walk each candidate's organiser rows
 *   (event_organiser_organisation_idx) and test each event's time, status and
 *   visibility facts. A covering index holds exactly those facts, so the test
 *   is an index-only scan and only the few hits visit the wide event rows.
 */
export class Matching1764500000000 implements MigrationInterface {
  name = 'Matching1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX municipality_location_idx ON municipality USING gist (ll_to_earth(latitude, longitude))
        WHERE latitude IS NOT NULL;
      CREATE INDEX organisation_unlocated_idx ON organisation (municipality_id) WHERE latitude IS NULL;
      CREATE INDEX event_matching_idx ON event (id)
        INCLUDE (starts_at, last_ends_at, status, visibility, published_at, campaign_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX event_matching_idx, organisation_unlocated_idx, municipality_location_idx');
  }
}
