import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Config } from '../config';
import { migrate, openDatabase } from '../db/database';
import type { Logger } from '../shared/logger';

/**
 * `wir-hub backup <file>` and `wir-hub restore <file>`, for both databases:
 *
 * - embedded (PGlite): the data folder as PGlite dumps it (a gzipped tar,
 *   taken after a CHECKPOINT, so it needs no crash recovery). The embedded
 *   database is open in one process only, so both need the hub stopped; a
 *   restore keeps the folder it replaces beside it (`pgdata.before-restore-…`).
 * - PostgreSQL: `pg_dump --format=custom`, restored as `pg_restore --clean
 *   --if-exists` SQL run by psql in one transaction (see restoreDump; the
 *   Debian `postgresql-client` tools, of the server's major version or
 *   newer). Backups may run while
 *   hubs serve (pg_dump reads one consistent snapshot); a restore refuses
 *   while any hub is connected to the database.
 */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) =>
      reject(new Error(`${command} could not be run (${error.message}); install postgresql-client.`)),
    );
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/**
 * pg_restore's SQL, fed to psql in one transaction. The dump empties
 * `search_path`, under which earthdistance's `ll_to_earth` (used by our geo
 * indexes) cannot find its `earth` type while the index is rebuilt, a known
 * limitation of that extension; so the restore keeps `public` on the path.
 */
function restoreDump(url: string, source: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const restore = spawn('pg_restore', ['--clean', '--if-exists', '--no-owner', '--file=-', source], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const psql = spawn('psql', ['--quiet', '--no-psqlrc', '--set=ON_ERROR_STOP=1', '--single-transaction', `--dbname=${url}`], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    restore.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    psql.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let carry = '';
    restore.stdout.on('data', (chunk: Buffer) => {
      const text = carry + chunk.toString();
      const cut = text.lastIndexOf('\n') + 1;
      carry = text.slice(cut);
      psql.stdin.write(text.slice(0, cut).replaceAll(EMPTY_PATH, PUBLIC_PATH));
    });
    restore.stdout.on('end', () => psql.stdin.end(carry.replaceAll(EMPTY_PATH, PUBLIC_PATH)));
    const failed = (error: Error) => reject(new Error(`${error.message}; install postgresql-client.`));
    restore.once('error', failed);
    psql.once('error', failed);
    psql.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`the restore failed (psql exit ${code}): ${stderr.trim()}`)),
    );
  });
}
const EMPTY_PATH = "SELECT pg_catalog.set_config('search_path', '', false);";
const PUBLIC_PATH = "SELECT pg_catalog.set_config('search_path', 'public, pg_catalog', false);";

/** Writes a backup of the configured database to `file`; answers a one-line summary. */
export async function backup(config: Config, log: Logger, file: string): Promise<string> {
  const target = path.resolve(file);
  if (config.DATABASE_URL) {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${target}`, `--dbname=${config.DATABASE_URL}`]);
  } else {
    const db = await openDatabase(config, log);
    try {
      await db.pglite!.exec('CHECKPOINT');
      const dump = await db.pglite!.dumpDataDir('gzip');
      fs.writeFileSync(`${target}.tmp`, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(`${target}.tmp`, target);
    } finally {
      await db.close();
    }
  }
  return `Backup written to ${target} (${fs.statSync(target).size} bytes).`;
}

/** Replaces the configured database with the backup in `file`; refuses while a hub uses it. */
export async function restore(config: Config, log: Logger, file: string): Promise<string> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new RestoreRefusedError(`There is no backup at ${source}.`);
  if (config.DATABASE_URL) {
    const client = new Client({ connectionString: config.DATABASE_URL, application_name: 'wir-hub-restore' });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'wir-hub' AND pid <> pg_backend_pid()`,
      );
      if (rows[0]!.n > 0) {
        throw new RestoreRefusedError(
          `${rows[0]!.n} connection(s) of a running wir-hub use this database: stop every hub before restoring over it.`,
        );
      }
    } finally {
      await client.end();
    }
    await restoreDump(config.DATABASE_URL, source);
  } else {
    if (config.DATA_DIR === 'memory://') throw new RestoreRefusedError('DATA_DIR=memory:// has nothing to restore into.');
    // Opening takes the folder's lock: a running hub makes this fail with DataDirInUseError, before anything moves.
    const probe = await openDatabase(config, log, { template: false });
    await probe.close();
    const pgdata = path.join(config.DATA_DIR, 'pgdata');
    const kept = `${pgdata}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (fs.existsSync(pgdata)) fs.renameSync(pgdata, kept);
    try {
      const load = new Blob([fs.readFileSync(source)]);
      const db = await openDatabase(config, log, { load });
      try {
        await migrate(db); // a backup of an older hub is brought up to date
      } finally {
        await db.close();
      }
    } catch (error) {
      fs.rmSync(pgdata, { recursive: true, force: true });
      if (fs.existsSync(kept)) fs.renameSync(kept, pgdata);
      throw error;
    }
    return `Restored ${source}; the previous data folder is kept in ${kept}.`;
  }
  return `Restored ${source}.`;
}
