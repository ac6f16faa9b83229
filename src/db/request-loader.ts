import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

/**
 * What a request-scoped loader needs: the database and the request's own
 * cache of DataLoaders. The request context (`access/context.ts`) is one;
 * the type lives here so that lists (`db/list.ts`) can batch without knowing
 * who asks.
 */
export interface LoaderScope {
  readonly db: DataSource;
  readonly loaders: Map<string, unknown>;
}

/**
 * The request's DataLoader called `name`, created on first use. Domains define
 * their loaders as functions over this, so there is no central loader list.
 */
export function requestLoader<K, V, C = K>(
  scope: LoaderScope,
  name: string,
  create: () => DataLoader<K, V, C>,
): DataLoader<K, V, C> {
  let loader = scope.loaders.get(name) as DataLoader<K, V, C> | undefined;
  if (!loader) {
    loader = create();
    scope.loaders.set(name, loader);
  }
  return loader;
}
