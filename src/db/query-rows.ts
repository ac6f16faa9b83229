import type { DataSource, EntityManager } from 'typeorm';

export type Row = Record<string, unknown>;

/**
 * Runs a hand-written statement and answers its rows. TypeORM answers
 * `[rows, rowCount]` for UPDATE/DELETE and `rows` otherwise (depending on the
 * driver's command tag); this evens that out.
 */
export async function queryRows<T = Row>(
  db: DataSource | EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const result: unknown = await db.query(sql, params as unknown[]);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return (result ?? []) as T[];
}
