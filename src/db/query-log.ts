import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from 'pino';
import { isInBackgroundScope } from './background';
import { NamedStatement } from './query-rows';

/**
 * Counts every SQL statement the hub sends, so tests can assert that a list
 * query costs a constant number of statements, and logs failures and slow
 * statements through the hub's logger.
 */
export class QueryLog implements TypeOrmLogger {
  /** Statements sent on behalf of requests since start (or since the last {@link reset}). */
  count = 0;
  /** Of {@link count}: those sent as named (prepared) statements (query-rows.ts). */
  preparedCount = 0;
  /** Statements sent by background jobs ({@link inBackground}): counted apart, so request counts stay exact. */
  backgroundCount = 0;

  constructor(private readonly logger: Logger) {}

  reset(): void {
    this.count = 0;
    this.preparedCount = 0;
    this.backgroundCount = 0;
  }

  logQuery(query: string | NamedStatement): void {
    if (isInBackgroundScope()) this.backgroundCount += 1;
    else {
      this.count += 1;
      if (query instanceof NamedStatement) this.preparedCount += 1;
    }
    if (this.logger.isLevelEnabled('trace')) this.logger.trace({ sql: String(query) }, 'sql');
  }

  logQueryError(error: string | Error, query: string): void {
    // Constraint violations are expected (they become CONFLICT or BAD_USER_INPUT); keep them at debug.
    this.logger.debug({ err: error, sql: String(query) }, 'sql failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, sql: String(query).slice(0, 2000) }, 'slow sql');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
