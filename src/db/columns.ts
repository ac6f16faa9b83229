import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { columnsFor, type Selection } from '../shared/selection';

/**
 * Column lists for hand-written reads, derived from the entity's TypeORM
 * metadata the way the write path (`write.ts`) derives its columns: callers
 * name entity properties (`postalCode`), never columns (`postal_code`), so a
 * column is declared once, in its entity. Each list is worked out once per
 * data source and kept (no statement, no per-request metadata lookups).
 */

type Db = DataSource | EntityManager;
/** Property names of entity `E`. */
export type PropertyOf<E> = keyof E & string;

const metadataOf = (db: Db, target: EntityTarget<ObjectLiteral>): EntityMetadata =>
  ('connection' in db && db.connection ? db.connection : (db as DataSource)).getMetadata(target);

function databaseName(metadata: EntityMetadata, property: string): string {
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column for the property "${property}".`);
  return column.databaseName;
}

/**
 * What the fields of a GraphQL type read besides the column named like the
 * field (see `columnsFor`), by property: `[]` only the columns always read,
 * null anything (the whole row).
 */
export type FieldNeeds<E> = Readonly<Record<string, ReadonlyArray<PropertyOf<E>> | null>>;

/** {@link FieldNeeds} and the always-read properties of one entity, resolved to column names. */
export interface SelectionColumns {
  /** The columns the selected fields need; null when they may need any (select the whole row). */
  columnsFor(selection: Selection): string[] | null;
}

const selectionCache = new WeakMap<EntityMetadata, Map<object, SelectionColumns>>();

/**
 * The columns a selection of `target`'s GraphQL type needs, `needs` and
 * `always` given by property. Resolved once per data source and `needs`
 * object (a module constant), then kept.
 */
export function selectionColumns<E extends ObjectLiteral>(
  db: Db,
  target: EntityTarget<E>,
  needs: FieldNeeds<E>,
  always: ReadonlyArray<PropertyOf<E>>,
): SelectionColumns {
  const metadata = metadataOf(db, target);
  let byNeeds = selectionCache.get(metadata);
  if (!byNeeds) selectionCache.set(metadata, (byNeeds = new Map()));
  let compiled = byNeeds.get(needs);
  if (!compiled) {
    const neededColumns: Record<string, readonly string[] | null> = {};
    for (const [field, properties] of Object.entries(needs))
      neededColumns[field] = properties ? properties.map((property) => databaseName(metadata, property)) : null;
    const alwaysColumns = always.map((property) => databaseName(metadata, property));
    // A field named like a property reads that property's column.
    const byProperty = new Map(metadata.columns.map((column) => [column.propertyName, column.databaseName]));
    const columnOf = (field: string) => byProperty.get(field);
    compiled = { columnsFor: (selection) => columnsFor(columnOf, selection, neededColumns, alwaysColumns) };
    byNeeds.set(needs, compiled);
  }
  return compiled;
}

const listCache = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * `alias.column, …` for these properties of `target`, for a SELECT list
 * (no alias: bare column names). Built once per data source and list.
 */
export function selectList<E extends ObjectLiteral>(
  db: Db,
  target: EntityTarget<E>,
  alias: string,
  properties: ReadonlyArray<PropertyOf<E>>,
): string {
  const metadata = metadataOf(db, target);
  let lists = listCache.get(metadata);
  if (!lists) listCache.set(metadata, (lists = new Map()));
  const key = `${alias}:${properties.join(',')}`;
  let list = lists.get(key);
  if (list === undefined) {
    const prefix = alias ? `${alias}.` : '';
    list = properties.map((property) => `${prefix}${databaseName(metadata, property)}`).join(', ');
    lists.set(key, list);
  }
  return list;
}

/**
 * SQL: row `alias` as a JSON object of these columns (`json_build_object`),
 * the form `hydrateJson` (db/hydrate.ts) reads; `row_to_json(alias)` when `columns` is
 * null (every column); `extra` adds keys with SQL values. Building only the selected columns keeps both the
 * database's work and the parsing of the answer to what a page shows.
 */
export function jsonObject(
  alias: string,
  columns: readonly string[] | null,
  extra: Readonly<Record<string, string>> = {},
): string {
  const more = Object.entries(extra).map(([key, sql]) => `'${key}', ${sql}`);
  if (!columns) return more.length ? `(to_jsonb(${alias}) || jsonb_build_object(${more.join(', ')}))` : `row_to_json(${alias})`;
  return `json_build_object(${[...columns.map((column) => `'${column}', ${alias}.${column}`), ...more].join(', ')})`;
}

const allColumnsCache = new WeakMap<EntityMetadata, string[]>();

/** Every column of `target` (database names), e.g. to build the whole row with {@link jsonObject}. */
export function entityColumns(db: Db, target: EntityTarget<ObjectLiteral>): string[] {
  const metadata = metadataOf(db, target);
  let columns = allColumnsCache.get(metadata);
  if (!columns) allColumnsCache.set(metadata, (columns = [...new Set(metadata.columns.map((column) => column.databaseName))]));
  return columns;
}
