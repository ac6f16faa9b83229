import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budgets as token buckets (src/ratelimit/bucket.ts) instead of fixed
 * windows: per API key or client address, the points left and when they
 * were counted; `allowed` is the outcome of the last step (the upsert that
 * takes points answers it). UNLOGGED: it is written on every request, and
 * after a crash its rows are lost, which makes every bucket full again — a
 * fair price for no WAL traffic. `rate_limit` stays for the failed
 * authentications (rate-limiter-flexible's fixed windows).
 */
export class TokenBuckets1765020000000 implements MigrationInterface {
  name = 'TokenBuckets1765020000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE rate_bucket (
        key text PRIMARY KEY,
        tokens double precision NOT NULL,
        updated_ms bigint NOT NULL,
        allowed boolean NOT NULL
      );
      CREATE INDEX rate_bucket_updated_ms ON rate_bucket (updated_ms);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rate_bucket');
  }
}
