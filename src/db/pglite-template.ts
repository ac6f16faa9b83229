import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A pre-initialised, migrated embedded database, made once at build time
 * (`npm install` / `npm run build`), so that a new embedded database — the
 * first `npm start`, every test hub in memory — is unpacked from it instead
 * of running PGlite's initdb, which costs seconds of CPU each time.
 *
 * The template is only a shortcut: a new database loaded from it is migrated
 * as usual afterwards. It is used only when it was made by the same PGlite
 * version from migrations that are, unchanged, the first ones of the current
 * list (each migration is fingerprinted by its compiled `up`), so an edited or
 * removed migration never leaks into a new database; otherwise initdb runs.
 */
export interface TemplateMigration {
  name: string;
  /** Fingerprint of the migration's code. */
  hash: string;
}

interface TemplateMeta {
  pglite: string;
  migrations: TemplateMigration[];
}

type MigrationClass = new () => { name?: string; up: (...args: never[]) => unknown };

/** Name and fingerprint of each migration, in order. */
export function fingerprint(migrations: readonly MigrationClass[]): TemplateMigration[] {
  return migrations.map((migration) => {
    const instance = new migration();
    return {
      name: instance.name ?? migration.name,
      hash: createHash('sha256').update(String(instance.up)).digest('hex').slice(0, 16),
    };
  });
}

function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Where the template lives: beside the build output, never checked in. */
export function templateFolder(): string {
  return path.join(projectRoot(), 'dist', 'pglite-template');
}

function pgliteVersion(): string {
  // The package's exports hide package.json; find it beside the resolved entry point.
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

function readMeta(folder: string): TemplateMeta | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(folder, 'meta.json'), 'utf8')) as TemplateMeta;
  } catch {
    return undefined;
  }
}

/** True when the template's migrations are, unchanged, the first of `current`. */
function usable(meta: TemplateMeta | undefined, current: TemplateMigration[]): meta is TemplateMeta {
  if (!meta || meta.pglite !== pgliteVersion() || meta.migrations.length > current.length) return false;
  return meta.migrations.every((m, i) => m.name === current[i].name && m.hash === current[i].hash);
}

/** The template as PGlite's `loadDataDir` wants it, or undefined when there is none that fits. */
export function readTemplate(migrations: readonly MigrationClass[]): Blob | undefined {
  const folder = templateFolder();
  if (!usable(readMeta(folder), fingerprint(migrations))) return undefined;
  try {
    return new Blob([fs.readFileSync(path.join(folder, 'data.tar'))]);
  } catch {
    return undefined;
  }
}

/** True when the template exists and holds exactly the current migrations. */
export function templateIsCurrent(migrations: readonly MigrationClass[]): boolean {
  const meta = readMeta(templateFolder());
  return usable(meta, fingerprint(migrations)) && meta.migrations.length === migrations.length;
}

/** Saves a freshly migrated embedded database as the template (atomically: readers see the old or the new one). */
export async function writeTemplate(pglite: PGlite, migrations: readonly MigrationClass[]): Promise<string> {
  const folder = templateFolder();
  // dumpDataDir copies the files as they are: write every WAL record and dirty page first,
  // so the copy is a clean, checkpointed database rather than one that needs crash recovery.
  await pglite.exec('CHECKPOINT');
  const dump = await pglite.dumpDataDir('none');
  const staging = `${folder}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'data.tar'), Buffer.from(await dump.arrayBuffer()));
  const meta: TemplateMeta = { pglite: pgliteVersion(), migrations: fingerprint(migrations) };
  fs.writeFileSync(path.join(staging, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  const old = `${folder}.${process.pid}.old`;
  if (fs.existsSync(folder)) fs.renameSync(folder, old);
  fs.renameSync(staging, folder);
  fs.rmSync(old, { recursive: true, force: true });
  return folder;
}
