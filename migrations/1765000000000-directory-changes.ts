import type { MigrationInterface, QueryRunner } from 'typeorm';

const EVENT_KINDS = `'CREATED', 'UPDATED', 'PUBLISHED', 'CANCELLED', 'DELETED', 'ORGANISERS_CHANGED'`;
const ORGANISATION_KINDS = `'CREATED', 'UPDATED', 'VERIFIED', 'DETAILS_CONFIRMED', 'MEMBERSHIPS_CHANGED', 'CONTACT_ADDED', 'CONTACT_UPDATED', 'CONTACT_REMOVED'`;

/**
 * Directory changes in the change log, and an organisation history.
 *
 * - `change_log.subject`: EVENT (as before) or ORGANISATION. Directory entries
 *   share the log, its cursor sequence and its serialised appends with event
 *   entries, so one cursor orders both. An ORGANISATION entry names the
 *   organisation (`organisation_id`) and, for a contact change, the contact
 *   (`contact_id`); its `snapshot` holds the routing facts (municipality and
 *   contact visibility, before and after), never a contact's name or address.
 *   `organisation_ids` keeps its meaning for events (invitations) and holds
 *   the umbrellas a membership change concerns. `version` is null for contact
 *   changes (contacts have no version).
 * - `organisation_history`: who changed what on an organisation (its contacts
 *   included), with old and new values, in the same transaction as the
 *   change. Contact values are personal data: they live in `changes` of rows
 *   with a `contact_id`, so erasing a contact's traces is one statement.
 */
export class DirectoryChanges1765000000000 implements MigrationInterface {
  name = 'DirectoryChanges1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE change_log
        ADD COLUMN subject text NOT NULL DEFAULT 'EVENT',
        ADD COLUMN organisation_id uuid,
        ADD COLUMN contact_id uuid,
        ALTER COLUMN event_id DROP NOT NULL,
        ALTER COLUMN version DROP NOT NULL,
        DROP CONSTRAINT change_log_kind_check,
        ADD CONSTRAINT change_log_subject_check CHECK (
          (subject = 'EVENT' AND event_id IS NOT NULL AND version IS NOT NULL)
          OR (subject = 'ORGANISATION' AND event_id IS NULL AND organisation_id IS NOT NULL)
        ),
        -- One CHECK of kinds per subject (tests/schema/enums.test.ts compares each with its enum).
        ADD CONSTRAINT change_log_event_kind_check CHECK (subject <> 'EVENT' OR kind IN (${EVENT_KINDS})),
        ADD CONSTRAINT change_log_organisation_kind_check CHECK (subject <> 'ORGANISATION' OR kind IN (${ORGANISATION_KINDS}));
      CREATE INDEX change_log_organisation_idx ON change_log (organisation_id, cursor) WHERE organisation_id IS NOT NULL;

      CREATE TABLE organisation_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        contact_id uuid,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL CHECK (kind IN (${ORGANISATION_KINDS})),
        actor_key_id uuid REFERENCES api_key (id) ON DELETE SET NULL,
        actor_label text,
        actor_organisation_id uuid REFERENCES organisation (id) ON DELETE SET NULL,
        actor_coordinator boolean NOT NULL DEFAULT false,
        changes jsonb NOT NULL DEFAULT '[]',
        version integer
      );
      CREATE INDEX organisation_history_organisation_idx ON organisation_history (organisation_id, id);
      CREATE INDEX organisation_history_contact_idx ON organisation_history (contact_id) WHERE contact_id IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE organisation_history;
      DELETE FROM change_log WHERE subject <> 'EVENT';
      ALTER TABLE change_log
        DROP CONSTRAINT change_log_subject_check,
        DROP CONSTRAINT change_log_event_kind_check,
        DROP CONSTRAINT change_log_organisation_kind_check,
        DROP COLUMN subject, DROP COLUMN organisation_id, DROP COLUMN contact_id,
        ALTER COLUMN event_id SET NOT NULL,
        ALTER COLUMN version SET NOT NULL,
        ADD CONSTRAINT change_log_kind_check CHECK (kind IN (${EVENT_KINDS}));
    `);
  }
}
