import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { withTransaction } from './transaction';

const scope = new AsyncLocalStorage<true>();

/**
 * Runs a background job (change-feed polls and prunes, the webhook outbox,
 * lease renewals, calendar syncs, the occurrence refresh, prunes) so that
 * every statement sent while `work` runs, in its async context and whichever
 * query runner sends it, is counted apart from the statements sent on behalf
 * of requests. Tests assert a request's statement count; a poll that a timer
 * happens to fire in the middle of it is not the request's. (The scope is an
 * AsyncLocalStorage: cheap on Node 24, which the hub runs on.)
 */
export function inBackgroundScope<T>(work: () => Promise<T>): Promise<T> {
  return scope.run(true, work);
}

/** {@link inBackgroundScope} for a job whose statements go through one manager (the data source's). */
export function inBackground<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return inBackgroundScope(() => work(db.manager));
}

/** {@link inBackground} in one transaction: everything `work` writes commits together or not at all. */
export function backgroundTransaction<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return inBackgroundScope(() => withTransaction(db, work));
}

/** True while a statement is sent inside {@link inBackgroundScope}. */
export function isInBackgroundScope(): boolean {
  return scope.getStore() === true;
}
