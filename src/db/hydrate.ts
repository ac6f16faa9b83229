import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Turns a raw row of a hand-written SELECT (snake_case columns) into an entity
 * instance, using TypeORM's column metadata, so hand-written list queries and
 * repositories hand the same objects to resolvers.
 */
export function hydrate<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  raw: Record<string, unknown>,
): T {
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (column.databaseName in raw) (entity as Record<string, unknown>)[column.propertyName] = raw[column.databaseName];
  }
  return entity;
}

/**
 * {@link hydrate} for a row that arrived as JSON (`json_build_object`,
 * `row_to_json` in a list statement): timestamps come as ISO strings there and
 * become Dates, as the driver makes them of columns.
 */
export function hydrateJson<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  raw: Record<string, unknown>,
): T {
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in raw)) continue;
    let value = raw[column.databaseName];
    if (typeof value === 'string' && (column.type === 'timestamptz' || column.type === Date)) value = new Date(value);
    (entity as Record<string, unknown>)[column.propertyName] = value;
  }
  return entity;
}
