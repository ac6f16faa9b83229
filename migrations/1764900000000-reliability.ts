import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reliability (issue 15): idempotent retries of mutations, and a budget per
 * API key that coordinators can set.
 *
 * `idempotency_key` holds, per API key and client-chosen key, the hash of the
 * request and, once answered, the answer itself, for 24 hours. A row is
 * `pending` while its first request runs (`locked_until` bounds how long a
 * crashed hub can hold it); duplicates wait for it. `rate_limit` is the
 * shared store of rate-limiter-flexible on PostgreSQL (its own layout, which
 * it would otherwise create at start): consumed points per key and window.
 */
export class Reliability1764900000000 implements MigrationInterface {
  name = 'Reliability1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_key (
        owner text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'done')),
        http_status integer,
        response jsonb,
        locked_until timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (owner, key)
      );
      CREATE INDEX idempotency_key_expires_at ON idempotency_key (expires_at);

      -- Points per window (see src/ratelimit): NULL means the default of RATE_LIMIT_KEY_POINTS.
      ALTER TABLE api_key ADD COLUMN budget integer CHECK (budget IS NULL OR budget BETWEEN 1 AND 100000000);

      CREATE TABLE rate_limit (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE rate_limit;
      ALTER TABLE api_key DROP COLUMN budget;
      DROP TABLE idempotency_key;
    `);
  }
}
