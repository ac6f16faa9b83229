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

/**
 * `expr = ANY(values)`, or `expr = value` for one value: with one value the
 * planner can walk an index on (expr, sort key) in order, as a page by start
 * time in one municipality needs; `= ANY` makes it scan by the sort key and
 * filter (ten times slower here).
 */
export function anyOf(expr: string, values: readonly unknown[], type: string, params: SqlParams): string {
  if (values.length === 1) return `${expr} = ${params.add(values[0], type)}`;
  return `${expr} = ANY(${params.add(values, `${type}[]`)})`;
}
