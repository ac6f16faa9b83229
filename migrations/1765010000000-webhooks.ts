import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: partner endpoints told of changes by signed HTTP calls (Standard
 * Webhooks), from a durable outbox.
 *
 * - `webhook`: the endpoint, its filter, its owner (an organisation, or NULL
 *   for coordinators') and the API key that created it: deliveries carry what
 *   that key may see, and stop when it is revoked. The signing secret must be
 *   readable to sign, so it is stored encrypted (AES-256-GCM with
 *   WEBHOOK_SECRET_KEY from the configuration), never hashed and never in
 *   clear. During a rotation the previous secret signs alongside until
 *   `previous_secret_expires_at`. `since_cursor`: changes after it are its.
 * - `webhook_dispatch`: how far the change log has been fanned out into the
 *   outbox (one row; the fan-out locks it, so one instance at a time).
 * - `webhook_delivery`: the outbox, one row per (webhook, change); unique, so
 *   a change is enqueued once per webhook whatever the number of instances.
 *   Senders claim due rows with FOR UPDATE SKIP LOCKED and a lease
 *   (`locked_until`), so each attempt is made by one instance, and a crashed
 *   instance's claim runs out and is retried. The payload is thin (ids, kinds,
 *   field names: no personal data); the response is kept only as a short
 *   excerpt.
 */
export class Webhooks1765010000000 implements MigrationInterface {
  name = 'Webhooks1765010000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_organisation_id uuid REFERENCES organisation (id) ON DELETE CASCADE,
        created_by_key_id uuid NOT NULL REFERENCES api_key (id) ON DELETE CASCADE,
        url text NOT NULL,
        description text,
        filter jsonb NOT NULL DEFAULT '{}',
        secret_encrypted text NOT NULL,
        previous_secret_encrypted text,
        previous_secret_expires_at timestamptz,
        since_cursor bigint NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_owner_idx ON webhook (owner_organisation_id);

      CREATE TABLE webhook_dispatch (
        single boolean PRIMARY KEY DEFAULT true CHECK (single),
        position bigint NOT NULL
      );
      INSERT INTO webhook_dispatch (position) SELECT coalesce(max(cursor), 0) FROM change_log;

      CREATE TABLE webhook_delivery (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
        cursor bigint NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_attempt_at timestamptz,
        response_status integer,
        response_excerpt text,
        last_error text,
        duration_ms integer,
        committed_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (webhook_id, cursor)
      );
      CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
      CREATE INDEX webhook_delivery_pending_idx ON webhook_delivery (webhook_id, cursor) WHERE status = 'PENDING';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE webhook_delivery, webhook_dispatch, webhook');
  }
}
