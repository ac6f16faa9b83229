import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { OUTAGE_RETRY_AFTER_S } from '../shared/errors';
import type { Logger } from '../shared/logger';

/** How long `/readyz` waits for the database: well below load balancers' check timeouts. */
export const READY_TIMEOUT_MS = 1_000;

/**
 * `GET /readyz`: whether a load balancer should send traffic here. 200 while
 * the hub serves and its database answers within {@link READY_TIMEOUT_MS};
 * 503 with `Retry-After` while it drains (SIGTERM) or its database does not
 * answer. `/healthz` stays the liveness check (the process is up and can
 * reach its database within 3 s); restart on `/healthz`, route on `/readyz`.
 */
export function readinessHandler(db: DataSource, isDraining: () => boolean, log: Logger): RequestHandler {
  let lastWarning = 0;
  return async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (isDraining()) {
      res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_S));
      res.status(503).json({ status: 'draining' });
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        db.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('the database did not answer within 1 s')), READY_TIMEOUT_MS);
        }),
      ]);
      res.status(200).json({ status: 'ready' });
    } catch (error) {
      // Checks come every few seconds: one warning per half minute is enough.
      if (Date.now() - lastWarning > 30_000) {
        lastWarning = Date.now();
        log.warn({ err: error }, 'not ready: the database does not answer');
      }
      res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_S));
      res.status(503).json({ status: 'unavailable' });
    } finally {
      clearTimeout(timer);
    }
  };
}
