/**
 * Collects positional parameters for a hand-written SQL statement:
 * `params.add(value)` returns the placeholder (`$3`) to put in the text.
 * Every value reaches PostgreSQL as a bound parameter, never as SQL text.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/** Joins WHERE conditions; an empty list means "all rows". */
export function whereClause(conditions: readonly string[]): string {
  return conditions.length ? `WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : '';
}
