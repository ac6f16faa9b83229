import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { DataSource, MigrationExecutor } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import { migrations } from '../../migrations';
import { pgliteModule } from './pglite-pool';
import { readTemplate } from './pglite-template';
import { QueryLog } from './query-log';

/** `DATA_DIR` value that keeps the embedded database in memory (tests, demos). */
export const IN_MEMORY = 'memory://';

/** The hub's database: a TypeORM data source over PGlite or a PostgreSQL server. */
export interface Database {
  readonly dataSource: DataSource;
  readonly queryLog: QueryLog;
  /** The embedded instance, when running on PGlite. */
  readonly pglite?: PGlite;
  /** Connection string of the server, when running on PostgreSQL. */
  readonly url?: string;
  close(): Promise<void>;
}

/** Raised when the embedded data folder is already open in another process. */
export class DataDirInUseError extends Error {
  constructor(dir: string) {
    super(
      `The embedded database in ${dir} is in use by another wir-hub process (a running hub?). ` +
        'Only one process may open it: stop the hub first, or run against a PostgreSQL server with DATABASE_URL.',
    );
    this.name = 'DataDirInUseError';
  }
}

// DATE columns stay 'YYYY-MM-DD' strings: pg would turn them into local-midnight Dates.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// COUNT(*) and other int8 values are small here; make them numbers on both drivers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** True when `ownerFile` names a process of this machine that no longer runs. */
function lockOwnerIsGone(ownerFile: string): boolean {
  let pid: number;
  let host: string | undefined;
  try {
    [pid, host] = fs
      .readFileSync(ownerFile, 'utf8')
      .trim()
      .split(' ')
      .map((part, index) => (index ? part : Number(part))) as [number, string];
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || host !== os.hostname() || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false; // it runs
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Opens the database chosen by the configuration (without migrating it). */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_SIZE'>,
  log: Logger,
  options: {
    /** The TypeORM entities (src/entities.ts); none are needed to migrate. */
    entities?: readonly Function[];
    /** Start a new embedded database from the build's template (default true). */
    template?: boolean;
    /** Start a new embedded database from this data-folder dump instead (`wir-hub restore`). */
    load?: Blob;
  } = {},
): Promise<Database> {
  const queryLog = new QueryLog(log.child({ component: 'db' }));
  const common = {
    type: 'postgres' as const,
    entities: [...(options.entities ?? [])],
    migrations,
    migrationsTableName: 'schema_migrations',
    installExtensions: false,
    logger: queryLog,
    maxQueryExecutionTime: 1_000,
  };

  if (config.DATABASE_URL) {
    const dataSource = new DataSource({
      ...common,
      url: config.DATABASE_URL,
      poolSize: config.DB_POOL_SIZE,
      applicationName: 'wir-hub',
      // A server that does not answer (not even to refuse) makes requests fail within 5 s as SERVICE_UNAVAILABLE, not hang.
      extra: { statement_timeout: 30_000, connectionTimeoutMillis: 5_000 },
    });
    await dataSource.initialize();
    return { dataSource, queryLog, url: config.DATABASE_URL, close: () => dataSource.destroy() };
  }

  let releaseLock: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (config.DATA_DIR !== IN_MEMORY) {
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    // PGlite has no guard of its own: two processes on one folder corrupt it.
    const lockOptions = {
      lockfilePath: path.join(config.DATA_DIR, 'hub.lock'),
      stale: 15_000,
      update: 5_000,
      onCompromised: (error: Error) => log.error({ err: error }, 'lost the lock on the data folder'),
    };
    const ownerFile = path.join(config.DATA_DIR, 'hub.pid');
    try {
      releaseLock = await lockfile.lock(config.DATA_DIR, lockOptions);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      // A hub killed outright (SIGKILL, power loss) leaves its lock for 15 s; when the process that took
      // it is gone from this machine, the lock is stale at once, so a restart can reopen the folder.
      if (!lockOwnerIsGone(ownerFile)) throw new DataDirInUseError(config.DATA_DIR);
      log.warn({ dataDir: config.DATA_DIR }, 'taking over the lock of a hub process that is gone');
      await lockfile.unlock(config.DATA_DIR, { lockfilePath: lockOptions.lockfilePath }).catch(() => undefined);
      fs.rmSync(lockOptions.lockfilePath, { recursive: true, force: true });
      try {
        releaseLock = await lockfile.lock(config.DATA_DIR, lockOptions);
      } catch (again) {
        if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirInUseError(config.DATA_DIR);
        throw again;
      }
    }
    fs.writeFileSync(ownerFile, `${process.pid} ${os.hostname()}\n`);
    dataDir = path.join(config.DATA_DIR, 'pgdata');
  }

  try {
    // The contrib extensions ship as ES modules only (types included), hence dynamic imports.
    const [{ cube }, { earthdistance }, { pg_trgm }, { unaccent }] = await Promise.all([
      import('@electric-sql/pglite/contrib/cube'),
      import('@electric-sql/pglite/contrib/earthdistance'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('@electric-sql/pglite/contrib/unaccent'),
    ]);
    // A new database is unpacked from the build's migrated template when one fits: initdb takes seconds.
    const fresh = dataDir === undefined || !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
    const template = fresh ? (options.load ?? (options.template !== false ? readTemplate(migrations) : undefined)) : undefined;
    const pglite = await PGlite.create({
      dataDir,
      extensions: { cube, earthdistance, pg_trgm, unaccent },
      parsers: { [types.DATE]: (value: string) => value },
      ...(template ? { loadDataDir: template } : {}),
    });
    const dataSource = new DataSource({ ...common, driver: pgliteModule(pglite) });
    await dataSource.initialize();
    return {
      dataSource,
      queryLog,
      pglite,
      async close() {
        await dataSource.destroy();
        await pglite.close();
        await releaseLock?.();
      },
    };
  } catch (error) {
    await releaseLock?.();
    throw error;
  }
}

/**
 * Applies pending migrations. An advisory lock makes concurrent starts of
 * several instances on one server take turns instead of racing.
 */
export async function migrate(db: Database): Promise<string[]> {
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(4711001)');
    try {
      const executor = new MigrationExecutor(db.dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(4711001)');
    }
  } finally {
    await runner.release();
  }
}
