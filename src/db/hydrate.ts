import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

interface Plan {
  create(): ObjectLiteral;
  /** Property names (more than one when columns share a name) and whether it is a timestamp, by database column name. */
  columns: Map<string, { properties: string[]; timestamp: boolean }>;
}

/**
 * How rows of an entity become instances, worked out once per entity (and
 * data source) from TypeORM's metadata: a page hydrates thousands of rows,
 * and looking the metadata up and walking every column of the entity for
 * each of them (31 for an organisation, of which a page may select 3) was a
 * measurable part of a page's CPU time (issue 9).
 */
const plans = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, Plan>>();

function planFor(dataSource: DataSource, target: EntityTarget<ObjectLiteral>): Plan {
  let byTarget = plans.get(dataSource);
  if (!byTarget) plans.set(dataSource, (byTarget = new Map()));
  let plan = byTarget.get(target);
  if (!plan) {
    const metadata = dataSource.getMetadata(target);
    const columns = new Map<string, { properties: string[]; timestamp: boolean }>();
    for (const column of metadata.columns) {
      const known = columns.get(column.databaseName);
      const timestamp = column.type === 'timestamptz' || column.type === Date;
      if (known) {
        known.properties.push(column.propertyName);
        known.timestamp ||= timestamp;
      } else {
        columns.set(column.databaseName, { properties: [column.propertyName], timestamp });
      }
    }
    plan = { create: () => metadata.create(), columns };
    byTarget.set(target, plan);
  }
  return plan;
}

/**
 * Turns a raw row of a hand-written SELECT (snake_case columns) into an entity
 * instance, using TypeORM's column metadata, so hand-written list queries and
 * repositories hand the same objects to resolvers. Values not of a column
 * (e.g. `_sort0`, prefetched JSON) are left out.
 */
export function hydrate<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  raw: Record<string, unknown>,
): T {
  const { create, columns } = planFor(dataSource, target);
  const entity = create() as Record<string, unknown>;
  for (const name in raw) {
    const column = columns.get(name);
    if (column) for (const property of column.properties) entity[property] = raw[name];
  }
  return entity as T;
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
  const { create, columns } = planFor(dataSource, target);
  const entity = create() as Record<string, unknown>;
  for (const name in raw) {
    const column = columns.get(name);
    if (!column) continue;
    const value = raw[name];
    for (const property of column.properties) {
      entity[property] = column.timestamp && typeof value === 'string' ? new Date(value) : value;
    }
  }
  return entity as T;
}
