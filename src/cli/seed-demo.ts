import type { DataSource } from 'typeorm';

/** Loads the demo data; idempotent. Returns a one-line summary. */
export async function seedDemo(db: DataSource): Promise<string> {
  void db;
  throw new Error('not yet');
}
