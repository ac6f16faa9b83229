import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

const scope = new AsyncLocalStorage<true>();

/** True while the current async context runs inside {@link withTransaction}. */
export function insideTransaction(): boolean {
  return scope.getStore() === true;
}

/**
 * Runs `work` in one transaction: everything it writes commits together or
 * not at all. All queries inside must go through the given manager; a query
 * through the data source would run outside the transaction (and on the
 * single-session embedded database would wait for itself), so it is refused.
 */
export function withTransaction<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction((manager) => scope.run(true, () => work(manager)));
}
