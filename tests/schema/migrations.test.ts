import fs from 'node:fs';
import path from 'node:path';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { migrations } from '../../migrations';
import { migrate } from '../../src/db/database';
import { readTemplate, templateIsCurrent } from '../../src/db/pglite-template';
import { queryRows } from '../../src/db/query-rows';
import { describeDatabase } from '../../scripts/database-snapshot';
import { TestHub } from '../helpers/hub';
import { ensureBuilt } from '../server/processes';

/**
 * The migrations are the only thing that shapes the database; the entities
 * only describe it. These tests fail when the two part ways (a column added to
 * an entity without a migration, a migration file not registered), when a
 * migration is not idempotent, and when schema/database.sql is stale.
 * They run on whichever database the suite runs on (PGlite or DATABASE_URL).
 */
let hub: TestHub;

beforeAll(async () => {
  hub = await TestHub.start();
});
afterAll(() => hub?.stop());

interface DbColumn {
  table: string;
  column: string;
  type: string;
  not_null: boolean;
  has_default: boolean;
  generated: boolean;
}

async function databaseColumns(): Promise<Map<string, DbColumn>> {
  const rows = await queryRows<DbColumn>(
    hub.db,
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, NULL) AS type, a.attnotnull AS not_null,
            a.atthasdef AS has_default, a.attgenerated <> '' AS generated
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  return new Map(rows.map((row) => [`${row.table}.${row.column}`, row]));
}

/** The database type an entity column expects, as format_type names it. */
function expectedType(column: ColumnMetadata): string {
  const type = hub.db.driver.normalizeType(column);
  return column.isArray ? `${type}[]` : type;
}

describe('entities and migrations agree', () => {
  test('every table an entity names exists after migrating', async () => {
    const tables = new Set(
      (
        await queryRows<{ name: string }>(hub.db, `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`)
      ).map((row) => row.name),
    );
    const missing = hub.db.entityMetadatas.map((entity) => entity.tableName).filter((table) => !tables.has(table));
    expect(missing).toEqual([]);
    expect(hub.db.entityMetadatas.length).toBeGreaterThan(0);
  });

  test('every entity column exists with a compatible type and the same nullability', async () => {
    const columns = await databaseColumns();
    const problems: string[] = [];
    for (const entity of hub.db.entityMetadatas) {
      for (const column of entity.columns) {
        const key = `${entity.tableName}.${column.databaseName}`;
        const actual = columns.get(key);
        if (!actual) {
          problems.push(`${key}: column missing (entity ${entity.name}.${column.propertyName})`);
          continue;
        }
        if (actual.type !== expectedType(column))
          problems.push(`${key}: entity says ${expectedType(column)}, database has ${actual.type}`);
        if (column.isNullable === actual.not_null) {
          problems.push(
            `${key}: entity says ${column.isNullable ? 'nullable' : 'NOT NULL'}, database ${actual.not_null ? 'NOT NULL' : 'nullable'}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every NOT NULL column without a default is written by its entity (else inserts through TypeORM fail)', async () => {
    const columns = await databaseColumns();
    const problems: string[] = [];
    for (const entity of hub.db.entityMetadatas) {
      const mapped = new Set(entity.columns.map((column) => column.databaseName));
      for (const actual of columns.values()) {
        if (actual.table !== entity.tableName || !actual.not_null || actual.has_default || actual.generated) continue;
        if (!mapped.has(actual.column))
          problems.push(`${actual.table}.${actual.column} is NOT NULL without default but not in ${entity.name}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('migrations', () => {
  const folder = path.join(__dirname, '..', '..', 'migrations');

  test('every migration file in migrations/ is registered in migrations/index.ts, oldest first', async () => {
    const files = fs
      .readdirSync(folder)
      .filter((file) => /\.ts$/.test(file) && file !== 'index.ts' && !file.endsWith('.d.ts'))
      .sort();
    const problems: string[] = [];
    const registered = new Set<unknown>(migrations);
    const found: unknown[] = [];
    for (const file of files) {
      if (!/^\d{13}-[a-z0-9-]+\.ts$/.test(file)) problems.push(`${file}: name it <13-digit timestamp>-<kebab-name>.ts`);
      const exported = Object.values(await import(path.join(folder, file))).filter(
        (value): value is new () => { name?: string; up: unknown } =>
          typeof value === 'function' && typeof (value as { prototype?: { up?: unknown } }).prototype?.up === 'function',
      );
      if (!exported.length) problems.push(`${file}: exports no migration class`);
      for (const migration of exported) {
        found.push(migration);
        if (!registered.has(migration)) problems.push(`${file}: ${migration.name} is not in migrations/index.ts`);
        const timestamp = file.slice(0, 13);
        const name = new migration().name ?? migration.name;
        if (!name.endsWith(timestamp))
          problems.push(`${file}: migration name ${name} should end with the file's timestamp ${timestamp}`);
      }
    }
    for (const migration of migrations) {
      if (!found.includes(migration)) problems.push(`${migration.name} is registered but has no file in migrations/`);
    }
    const timestamps = migrations.map((migration) => Number(/(\d{13})$/.exec(new migration().name ?? migration.name)?.[1]));
    if (timestamps.some((t, i) => i > 0 && t <= timestamps[i - 1]))
      problems.push(`migrations/index.ts is not in timestamp order: ${timestamps.join(', ')}`);
    expect(problems).toEqual([]);
  });

  test('all migrations were applied, and migrating again is a no-op', async () => {
    const applied = await queryRows<{ name: string }>(hub.db, 'SELECT name FROM schema_migrations ORDER BY timestamp');
    expect(applied.map((row) => row.name)).toEqual(migrations.map((migration) => new migration().name ?? migration.name));
    const before = await describeDatabase(hub.db);
    expect(await migrate(hub.hub.database)).toEqual([]);
    expect(await migrate(hub.hub.database)).toEqual([]);
    expect(await describeDatabase(hub.db)).toBe(before);
    const again = await queryRows<{ count: number }>(hub.db, 'SELECT count(*)::int AS count FROM schema_migrations');
    expect(again[0].count).toBe(migrations.length);
  });

  test('schema/database.sql describes the migrated database (npm run db:snapshot)', async () => {
    const file = path.join(__dirname, '..', '..', 'schema', 'database.sql');
    const checkedIn = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const actual = await describeDatabase(hub.db);
    if (checkedIn !== actual) {
      const before = new Set(checkedIn.split('\n'));
      const after = new Set(actual.split('\n'));
      const diff = [
        ...checkedIn
          .split('\n')
          .filter((line) => !after.has(line))
          .map((line) => `- ${line}`),
        ...actual
          .split('\n')
          .filter((line) => !before.has(line))
          .map((line) => `+ ${line}`),
      ];
      throw new Error(`schema/database.sql is stale — run npm run db:snapshot and commit it:\n${diff.slice(0, 60).join('\n')}`);
    }
    expect(actual).toContain('TABLE organisation (');
  });
});

describe('the embedded database template (dist/pglite-template)', () => {
  beforeAll(() => ensureBuilt());

  test('the build made one that fits the current migrations, so new embedded databases skip initdb', () => {
    expect(templateIsCurrent(migrations)).toBe(true);
    expect(readTemplate(migrations)).toBeInstanceOf(Blob);
  });

  test('it is used only while its migrations are, unchanged, the first of the current ones', () => {
    class Later1899999999999 {
      name = 'Later1899999999999';
      async up() {}
    }
    // A migration added since: the template still fits (the new one is applied after loading it).
    expect(readTemplate([...migrations, Later1899999999999])).toBeInstanceOf(Blob);
    expect(templateIsCurrent([...migrations, Later1899999999999])).toBe(false);
    // A migration edited or removed since: it does not.
    const last = migrations[migrations.length - 1];
    class Edited {
      name = new last().name;
      async up() {
        return 'changed';
      }
    }
    expect(readTemplate([...migrations.slice(0, -1), Edited])).toBeUndefined();
    expect(readTemplate(migrations.slice(0, -1))).toBeUndefined();
  });
});
