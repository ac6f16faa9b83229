import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from '../config';

export type { Logger };

/** JSON logs on stdout (pino); readable in development with `| npx pino-pretty`. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'wir-hub' },
    // Never log secrets that may travel in headers or connection params.
    redact: ['req.headers.authorization', 'authorization', 'secret', '*.secret'],
  });
}
