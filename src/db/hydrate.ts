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
