import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { staleVersion } from '../shared/errors';
import { hydrate } from './hydrate';
import { queryRows, type Row } from './query-rows';

/**
 * The one way to write rows: inserts, upserts and (versioned) updates of
 * TypeORM entities, as single hand-written statements whose column names and
 * casts come from the entity's metadata. Callers name entity properties
 * (`startsAt`), never columns (`starts_at`), so a column is declared once, in
 * its entity. Values are bound as parameters; {@link sql} marks the few that
 * are SQL expressions (`now()`, `version + 1`).
 *
 * Why not `repository.save`: it reads before it writes, cannot check a
 * version in the UPDATE itself, and answers partial rows. Why not the query
 * builder: it is a second dialect for the same statements. Reads stay
 * hand-written SQL where they need it (lists, search, radius, counts); see
 * ARCHITECTURE.md.
 */

/** A SQL expression written as a value, e.g. `sql('now()')`. Never build one from input. */
export class SqlExpression {
  constructor(readonly text: string) {}
}

/** Marks a value as a SQL expression (over the row's own columns when updating). */
export function sql(text: string): SqlExpression {
  return new SqlExpression(text);
}

/** `now()`, the usual expression. */
export const NOW = sql('now()');

/**
 * Property values of an entity to write; `undefined` leaves a column out. A
 * time may be `Infinity` (PostgreSQL's 'infinity', e.g. an open-ended series).
 */
export type Values<E> = { [K in keyof E]?: E[K] | SqlExpression | (E[K] extends Date | null ? number : never) };

type Db = DataSource | EntityManager;
type Metadata = EntityMetadata;

const dataSourceOf = (db: Db): DataSource => ('dataSource' in db && db.dataSource ? db.dataSource : (db as DataSource));

function columnOf(metadata: Metadata, property: string): ColumnMetadata {
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column for the property "${property}".`);
  return column;
}

/** The SQL type a parameter is cast to: the column's type, `[]` for arrays. */
export function castOf(column: ColumnMetadata): string {
  const type = typeof column.type === 'string' ? column.type : column.type === Number ? 'integer' : 'text';
  return column.isArray ? `${type}[]` : type;
}

/** A property value as a statement parameter. */
function parameterOf(column: ColumnMetadata, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value === Infinity) return 'infinity';
  if (value === -Infinity) return '-infinity';
  if (column.type === 'jsonb' || column.type === 'json') return JSON.stringify(value);
  return value;
}

/** Collects parameters and answers their placeholders (`$3::timestamptz`), or the expression's text. */
class Parameters {
  readonly values: unknown[] = [];

  constructor(private readonly metadata: Metadata) {}

  add(property: string, value: unknown): string {
    if (value instanceof SqlExpression) return value.text;
    const column = columnOf(this.metadata, property);
    this.values.push(parameterOf(column, value));
    return `$${this.values.length}::${castOf(column)}`;
  }
}

const definedEntries = (values: object) => Object.entries(values).filter(([, value]) => value !== undefined);
const columnName = (metadata: Metadata, property: string) => `"${columnOf(metadata, property).databaseName}"`;

/** Conditions `column = $n` for each property of `where`. */
function whereClause(metadata: Metadata, params: Parameters, where: object, alias = ''): string {
  const entries = definedEntries(where);
  if (!entries.length) throw new Error(`A write to ${metadata.tableName} needs a WHERE.`);
  return entries
    .map(([property, value]) => `${alias}${columnName(metadata, property)} = ${params.add(property, value)}`)
    .join(' AND ');
}

export interface ConflictOptions<E> {
  /** The unique columns (as properties) that make a conflict. */
  on: ReadonlyArray<keyof E & string>;
  /**
   * What to do with the existing row: nothing (the default), or update the
   * columns written (except `on` and `insertOnly`), with `version + 1` and
   * `updated_at = now()`, only when one of them differs, and only when the
   * existing row matches `where` (SQL over the alias `t`, e.g. `t.demo`).
   */
  update?: { insertOnly?: ReadonlyArray<keyof E & string>; where?: string };
}

export interface InsertOptions<E> {
  conflict?: ConflictOptions<E>;
  /** Insert only when no row has the same values of these properties (no unique constraint needed). */
  unlessExists?: ReadonlyArray<keyof E & string>;
}

/** A row an insert wrote, and whether it was new (an upsert may have updated it). */
export interface Written<E> {
  entity: E;
  inserted: boolean;
}

/**
 * Inserts rows (one statement, `RETURNING *`) and answers those written,
 * hydrated, in order. A row skipped by a conflict or `unlessExists`, or left
 * alone by an upsert because nothing differs, is not in the answer.
 */
export async function insertRows<E extends ObjectLiteral>(
  db: Db,
  target: EntityTarget<E>,
  rows: ReadonlyArray<Values<E>>,
  options: InsertOptions<E> = {},
): Promise<Array<Written<E>>> {
  if (!rows.length) return [];
  const dataSource = dataSourceOf(db);
  const metadata = dataSource.getMetadata(target);
  const properties = [...new Set(rows.flatMap((row) => definedEntries(row).map(([property]) => property)))];
  const params = new Parameters(metadata);
  const tuples = rows.map(
    (row) =>
      `(${properties
        .map((property) => {
          const value = (row as Record<string, unknown>)[property];
          return value === undefined ? 'DEFAULT' : params.add(property, value);
        })
        .join(', ')})`,
  );
  const columns = properties.map((property) => columnName(metadata, property)).join(', ');
  let statement: string;
  if (options.unlessExists) {
    if (rows.length !== 1) throw new Error('unlessExists writes one row at a time.');
    const row = rows[0]!;
    const key = Object.fromEntries(options.unlessExists.map((property) => [property, row[property]]));
    statement = `INSERT INTO "${metadata.tableName}" AS t (${columns}) SELECT ${tuples[0]!.slice(1, -1)}
      WHERE NOT EXISTS (SELECT 1 FROM "${metadata.tableName}" WHERE ${whereClause(metadata, params, key)})`;
  } else {
    statement = `INSERT INTO "${metadata.tableName}" AS t (${columns}) VALUES ${tuples.join(', ')}`;
  }
  const conflict = options.conflict;
  if (conflict) {
    const target = conflict.on.map((property) => columnName(metadata, property)).join(', ');
    if (!conflict.update) {
      statement += ` ON CONFLICT (${target}) DO NOTHING`;
    } else {
      const skip = new Set<string>([...conflict.on, ...(conflict.update.insertOnly ?? [])]);
      const updated = properties.filter((property) => !skip.has(property)).map((p) => columnName(metadata, p));
      const assignments = updated.map((column) => `${column} = EXCLUDED.${column}`);
      if (metadata.findColumnWithPropertyName('version')) assignments.push('"version" = t."version" + 1');
      if (metadata.updateDateColumn) assignments.push(`"${metadata.updateDateColumn.databaseName}" = now()`);
      const conditions = [
        ...(conflict.update.where ? [conflict.update.where] : []),
        `(${updated.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${updated.map((c) => `EXCLUDED.${c}`).join(', ')})`,
      ];
      statement += ` ON CONFLICT (${target}) DO UPDATE SET ${assignments.join(', ')} WHERE ${conditions.join(' AND ')}`;
    }
  }
  statement += ' RETURNING t.*, (t.xmax = 0) AS "_inserted"';
  const written = await queryRows(db, statement, params.values);
  return written.map((row) => ({ entity: hydrate(dataSource, target, row), inserted: row._inserted === true }));
}

/** Inserts one row and answers it; undefined when a conflict or `unlessExists` skipped it. */
export async function insertRow<E extends ObjectLiteral>(
  db: Db,
  target: EntityTarget<E>,
  values: Values<E>,
  options: InsertOptions<E> = {},
): Promise<E | undefined> {
  const [written] = await insertRows(db, target, [values], options);
  return written?.entity;
}

export interface UpdateOptions<E> {
  /** Add `version = version + 1` and `updated_at = now()` (a change outside the versioned update, e.g. of organisers). */
  bumpVersion?: boolean;
  /** Update only when one of these properties differs from the value written (the answer is then empty). */
  ifChanged?: ReadonlyArray<keyof E & string>;
}

/**
 * `UPDATE ... SET <values> WHERE <where> RETURNING *`: answers the rows
 * updated, hydrated (none when nothing matched).
 */
export async function updateRows<E extends ObjectLiteral>(
  db: Db,
  target: EntityTarget<E>,
  where: Values<E>,
  values: Values<E>,
  options: UpdateOptions<E> = {},
): Promise<E[]> {
  const dataSource = dataSourceOf(db);
  const metadata = dataSource.getMetadata(target);
  const params = new Parameters(metadata);
  const condition = whereClause(metadata, params, where);
  const assignments = definedEntries(values).map(
    ([property, value]) => `${columnName(metadata, property)} = ${params.add(property, value)}`,
  );
  if (options.bumpVersion) {
    assignments.push('"version" = "version" + 1');
    if (metadata.updateDateColumn && values[metadata.updateDateColumn.propertyName as keyof E] === undefined) {
      assignments.push(`"${metadata.updateDateColumn.databaseName}" = now()`);
    }
  }
  if (!assignments.length) throw new Error(`An update of ${metadata.tableName} needs values.`);
  let changed = '';
  if (options.ifChanged?.length) {
    const compared = options.ifChanged.map((property) => ({ property, value: values[property] }));
    changed = ` AND (${compared.map(({ property }) => columnName(metadata, property)).join(', ')}) IS DISTINCT FROM (${compared
      .map(({ property, value }) => params.add(property, value))
      .join(', ')})`;
  }
  const rows = await queryRows(
    db,
    `UPDATE "${metadata.tableName}" SET ${assignments.join(', ')} WHERE ${condition}${changed} RETURNING *`,
    params.values,
  );
  return rows.map((row: Row) => hydrate(dataSource, target, row));
}

/**
 * The versioned update: `... WHERE id = $1 AND version = <expected>`, so of
 * concurrent changes based on one version exactly one applies. The others
 * (and a stale `expectedVersion`) get CONFLICT with the current version.
 * `label` names the object in that error ("The event").
 */
export async function updateVersioned<E extends ObjectLiteral & { id: string; version: number }>(
  db: Db,
  target: EntityTarget<E>,
  label: string,
  id: string,
  expectedVersion: number,
  values: Values<E>,
): Promise<E> {
  const [updated] = await updateRows(db, target, { id, version: expectedVersion } as Values<E>, values, {
    bumpVersion: true,
  });
  if (updated) return updated;
  const metadata = dataSourceOf(db).getMetadata(target);
  const [latest] = await queryRows<{ version: number }>(db, `SELECT version FROM "${metadata.tableName}" WHERE id = $1`, [id]);
  throw staleVersion(label, Number(latest?.version ?? expectedVersion));
}
