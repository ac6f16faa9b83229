import { EventEmitter } from 'node:events';
import type { PGlite, Results } from '@electric-sql/pglite';
import { insideTransaction } from './transaction';

/**
 * A `pg`-compatible module over one embedded PGlite instance, for TypeORM's
 * postgres driver (`driver: pgliteModule(db)`).
 *
 * Why not typeorm-pglite: it hands the same session to every caller at once,
 * so two concurrent transactions interleave their statements (a BEGIN inside
 * a BEGIN, one request's ROLLBACK undoing another's writes). PGlite has a
 * single session, so here a checkout is exclusive — exactly a `pg` pool with
 * `max: 1` — and concurrent requests queue instead of corrupting each other.
 */
export interface PgliteModule {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Pool: new (...args: any[]) => EventEmitter;
  /** One session for everyone: transactions track their scope to refuse a nested checkout (transaction.ts). */
  singleSession: true;
}

type Callback = (error: Error | null, client?: unknown, done?: () => void) => void;

export function pgliteModule(db: PGlite): PgliteModule {
  let tail: Promise<void> = Promise.resolve();

  function acquire(): Promise<() => void> {
    // Inside a transaction the session is already ours: a second checkout
    // would wait for itself forever, so fail loudly instead of hanging.
    if (insideTransaction()) {
      return Promise.reject(
        new Error('Nested database checkout on the embedded database: use the transaction manager you already hold.'),
      );
    }
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = tail;
    tail = previous.then(() => next);
    return previous.then(() => release);
  }

  async function run(statement: string | { text: string }, params?: unknown[]) {
    // A named statement (query-rows.ts) runs as its text: PGlite runs in this process, there is no round trip to save.
    const sql = typeof statement === 'string' ? statement : statement.text;
    const hasParams = Array.isArray(params) && params.length > 0;
    // Without parameters a string may hold several statements (migrations);
    // `exec` runs them all and, like pg, we answer the last result.
    let result: Results;
    if (hasParams) {
      result = await db.query(sql, params);
    } else {
      const results = await db.exec(sql);
      result = results[results.length - 1] ?? { rows: [], fields: [] };
    }
    const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command, fields: result.fields };
  }

  class PglitePool extends EventEmitter {
    connect(callback?: Callback): Promise<unknown> | void {
      const checkout = acquire().then((release) => {
        let released = false;
        const done = () => {
          if (!released) {
            released = true;
            release();
          }
        };
        const client = Object.assign(new EventEmitter(), {
          query: (sql: string | { text: string }, params?: unknown[]) => run(sql, params),
          release: done,
        });
        return { client, done };
      });
      if (!callback) return checkout.then(({ client }) => client);
      checkout.then(
        ({ client, done }) => callback(null, client, done),
        (error: Error) => callback(error),
      );
    }

    async query(sql: string | { text: string }, params?: unknown[]) {
      const release = await acquire();
      try {
        return await run(sql, params);
      } finally {
        release();
      }
    }

    end(callback?: (error?: Error | null) => void) {
      // The PGlite instance is owned and closed by the data source wrapper.
      callback?.(null);
      return Promise.resolve();
    }
  }

  return { Pool: PglitePool, singleSession: true };
}
