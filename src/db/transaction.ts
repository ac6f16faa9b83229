import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

const scope = new AsyncLocalStorage<true>();

/**
 * True while the current async context runs inside {@link withTransaction} on
 * the embedded database (the only one that needs to know, see pglite-pool.ts).
 */
export function insideTransaction(): boolean {
  return scope.getStore() === true;
}

/** Whether the data source is the embedded database's single session (pglite-pool.ts marks its module). */
function singleSession(db: DataSource): boolean {
  return Boolean((db.options as { driver?: { singleSession?: boolean } }).driver?.singleSession);
}

/**
 * Runs `work` in one transaction: everything it writes commits together or
 * not at all. All queries inside must go through the given manager; a query
 * through the data source would run outside the transaction (and on the
 * single-session embedded database would wait for itself, so there it is
 * refused). Only there is the transaction's scope tracked: an
 * AsyncLocalStorage that has run once hooks every promise of the process on
 * Node 20, a cost a PostgreSQL server's read path should not pay.
 */
export function withTransaction<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (!singleSession(db)) return db.transaction(work);
  return db.transaction((manager) => scope.run(true, () => work(manager)));
}
