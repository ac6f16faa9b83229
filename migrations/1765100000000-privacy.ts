import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data protection (DSGVO/GDPR, see docs/datenschutz.md).
 *
 * - `contact.publication_basis`: why a contact may be shown beyond the
 *   coordinators — CONSENT (the person agreed) or OFFICIAL_ROLE (a public
 *   office's role address) — with who recorded it (the API key and its label
 *   at the time) and when. A CHECK makes PUBLIC and PARTNERS impossible
 *   without one, whatever writes the row.
 *   Existing data (the documented default): contacts of PUBLIC_INSTITUTION
 *   organisations that were PUBLIC or PARTNERS keep their visibility with the
 *   basis OFFICIAL_ROLE, recorded by this migration; every other PUBLIC or
 *   PARTNERS contact is narrowed to COORDINATORS until someone records a
 *   basis (privacy by default: nothing stays published on a basis nobody
 *   recorded).
 * - `personal_data_redacted_at` on both histories: when the retention job
 *   (src/privacy) replaced the personal values of an entry by a marker, so
 *   each entry is redacted once and the job's work is bounded by an index.
 * - `personal_data_erasure`: the record of each erasure — who (key,
 *   organisation, coordinator), when, what kind and how many records per
 *   place; never the erased values.
 */
export class Privacy1765100000000 implements MigrationInterface {
  name = 'Privacy1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contact
        ADD COLUMN publication_basis text CHECK (publication_basis IN ('CONSENT', 'OFFICIAL_ROLE')),
        ADD COLUMN basis_recorded_at timestamptz,
        ADD COLUMN basis_recorded_by_key_id uuid REFERENCES api_key (id) ON DELETE SET NULL,
        ADD COLUMN basis_recorded_by text;
      UPDATE contact c
         SET publication_basis = 'OFFICIAL_ROLE', basis_recorded_at = now(),
             basis_recorded_by = 'Migration Privacy1765100000000 (Rollenadresse einer Behörde)'
        FROM organisation o
       WHERE o.id = c.organisation_id AND o.kind = 'PUBLIC_INSTITUTION' AND c.visibility <> 'COORDINATORS';
      UPDATE contact SET visibility = 'COORDINATORS', updated_at = now()
       WHERE visibility <> 'COORDINATORS' AND publication_basis IS NULL;
      ALTER TABLE contact ADD CONSTRAINT contact_published_with_basis
        CHECK (visibility = 'COORDINATORS' OR publication_basis IS NOT NULL);

      ALTER TABLE event_history ADD COLUMN personal_data_redacted_at timestamptz;
      ALTER TABLE organisation_history ADD COLUMN personal_data_redacted_at timestamptz;
      CREATE INDEX event_history_unredacted_idx ON event_history (occurred_at) WHERE personal_data_redacted_at IS NULL;
      CREATE INDEX organisation_history_unredacted_idx ON organisation_history (occurred_at)
        WHERE personal_data_redacted_at IS NULL;

      CREATE TABLE personal_data_erasure (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        erased_at timestamptz NOT NULL DEFAULT now(),
        scope text NOT NULL CHECK (scope IN ('CONTACT', 'EMAIL', 'PHONE')),
        actor_key_id uuid REFERENCES api_key (id) ON DELETE SET NULL,
        actor_organisation_id uuid REFERENCES organisation (id) ON DELETE SET NULL,
        actor_coordinator boolean NOT NULL DEFAULT false,
        records jsonb NOT NULL DEFAULT '{}'
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE personal_data_erasure;
      DROP INDEX organisation_history_unredacted_idx, event_history_unredacted_idx;
      ALTER TABLE organisation_history DROP COLUMN personal_data_redacted_at;
      ALTER TABLE event_history DROP COLUMN personal_data_redacted_at;
      ALTER TABLE contact
        DROP CONSTRAINT contact_published_with_basis,
        DROP COLUMN basis_recorded_by, DROP COLUMN basis_recorded_by_key_id,
        DROP COLUMN basis_recorded_at, DROP COLUMN publication_basis;
    `);
  }
}
