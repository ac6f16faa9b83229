import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * Send it as a named (prepared) statement: the database parses and plans
   * it once per connection instead of on every request. For the hub's list
   * reads, which are the same few texts with other values; never for a
   * statement reading `*` (a later migration would change its result type).
   */
  prepared?: boolean;
}

/** At most this many texts are prepared per process, so clients sending ever new shapes cannot fill the server's memory. */
const MAX_PREPARED = 500;
const statementNames = new Map<string, string>();

function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `wir_${createHash('sha1').update(sql).digest('base64url')}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * A statement as pg's query config (`text`, `name`), passed through TypeORM,
 * which hands its first argument to the driver as it is; it reads as its SQL
 * wherever it is logged. The embedded database's pool takes the text (see pglite-pool.ts).
 */
export class NamedStatement {
  constructor(
    readonly text: string,
    readonly name: string,
  ) {}

  toString(): string {
    return this.text;
  }
}

/**
 * Runs a hand-written statement and answers its rows. TypeORM answers
 * `[rows, rowCount]` for UPDATE/DELETE and `rows` otherwise (depending on the
 * driver's command tag); this evens that out.
 */
export async function queryRows<T = Row>(
  db: DataSource | EntityManager,
  sql: string,
  params: readonly unknown[] = [],
  options: QueryOptions = {},
): Promise<T[]> {
  const name = options.prepared ? statementName(sql) : undefined;
  const statement = name ? (new NamedStatement(sql, name) as unknown as string) : sql;
  const result: unknown = await db.query(statement, params as unknown[]);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return (result ?? []) as T[];
}
