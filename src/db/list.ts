import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { toConnection, type Connection } from '../shared/connection';
import { countQuery, pageQuery, toPages, type ListSpec } from '../shared/pagination';
import { queryRows, type Row } from './query-rows';
import { requestLoader, type LoaderScope } from './request-loader';

/**
 * A list as the API offers it: how to build its SQL (fresh for every
 * statement, because building binds parameters), the page wanted, and how to
 * turn rows into objects.
 */
export interface ListDefinition<T> {
  /** Builds the spec; `parentIds` is given for nested lists fetched for many parents at once. */
  build(parentIds?: readonly string[]): ListSpec;
  first: number;
  after?: string | null;
  /** A row of the page; a JSON object (see `hydrateJson`) when the spec has `namedColumns` and no partition. */
  hydrate(raw: Row): T;
}

/** A top-level list: one statement for the page, one more only if `totalCount` is selected. */
export async function listConnection<T>(db: DataSource, list: ListDefinition<T>): Promise<Connection<T>> {
  const spec = list.build();
  const { sql, params, order, json } = pageQuery(spec, list.first, list.after);
  const result = await queryRows(db, sql, params, { prepared: spec.namedColumns });
  const rows = json ? (result[0]?.page as Row[]) : result;
  const page = toPages(spec, order, list.first, rows, list.hydrate).get('')!;
  return toConnection(page, list.after, async () => {
    const count = countQuery(list.build());
    const [result] = await queryRows<{ count: number }>(db, count.sql, count.params);
    return result?.count ?? 0;
  });
}

/**
 * A list nested under a parent (e.g. `Municipality.organisations`). All
 * parents asking with the same arguments (`key`) in one request are served
 * by one statement, and their counts by one more, whatever their number.
 */
export function nestedConnection<T>(
  ctx: LoaderScope,
  key: string,
  parentId: string,
  list: ListDefinition<T>,
): Promise<Connection<T>> {
  const counts = requestLoader(
    ctx,
    `count:${key}`,
    () =>
      new DataLoader<string, number>(async (parentIds) => {
        const { sql, params } = countQuery(list.build(parentIds));
        const rows = await queryRows<{ _parent: string; count: number }>(ctx.db, sql, params);
        const byParent = new Map(rows.map((row) => [String(row._parent), row.count]));
        return parentIds.map((id) => byParent.get(id) ?? 0);
      }),
  );
  const pages = requestLoader(
    ctx,
    `page:${key}`,
    () =>
      new DataLoader<string, Connection<T>>(async (parentIds) => {
        const spec = list.build(parentIds);
        const { sql, params, order } = pageQuery(spec, list.first, list.after);
        const rows = await queryRows(ctx.db, sql, params, { prepared: spec.namedColumns });
        const byParent = toPages(spec, order, list.first, rows, list.hydrate);
        return parentIds.map((id) => toConnection(byParent.get(id)!, list.after, () => counts.load(id)));
      }),
  );
  return pages.load(parentId);
}
