import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

/** The mark a background job's query runner carries (read by the query log). */
export const BACKGROUND = 'wirhub.background';

/**
 * Runs a background job's statements (change-feed polls, prunes, the webhook
 * outbox, calendar syncs, the occurrence refresh) on a query runner of its
 * own, marked so the query log counts them apart from the statements sent on
 * behalf of requests. Tests assert a request's statement count; a poll that a
 * timer happens to fire in the middle of it is not the request's.
 *
 * `work` must send every statement through the manager it is given (which
 * runs transactions on the same runner).
 */
export async function inBackground<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  runner.data = { ...(runner.data as object), [BACKGROUND]: true };
  try {
    return await work(runner.manager);
  } finally {
    await runner.release();
  }
}

/** {@link inBackground} in one transaction: everything `work` writes commits together or not at all. */
export function backgroundTransaction<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return inBackground(db, (manager) => manager.transaction(work));
}

const scope = new AsyncLocalStorage<true>();

/**
 * Runs a background job that goes through code written for requests — the
 * calendar sync imports with the events slice's own mutations, each opening
 * its transaction on the data source — so that every statement sent while
 * `work` runs (in its async context) counts as background, whichever query
 * runner sends it. For jobs whose statements all go through one manager,
 * {@link inBackground} says the same more narrowly.
 */
export function inBackgroundScope<T>(work: () => Promise<T>): Promise<T> {
  return scope.run(true, work);
}

/** True while a statement is sent inside {@link inBackgroundScope}. */
export function isInBackgroundScope(): boolean {
  return scope.getStore() === true;
}
