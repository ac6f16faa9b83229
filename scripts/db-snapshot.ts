import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { IN_MEMORY, migrate, openDatabase } from '../src/db/database';
import { createLogger } from '../src/shared/logger';
import { describeDatabase } from './database-snapshot';
import { projectRoot } from './schema-sdl';

/**
 * `npm run db:snapshot` migrates a fresh in-memory embedded database and writes
 * its description to schema/database.sql (`check` instead exits 1 on drift).
 * The test tests/schema/migrations.test.ts compares the same description on
 * PGlite and on a PostgreSQL server.
 */
async function main(command: string | undefined): Promise<number> {
  if (command !== 'print' && command !== 'check') {
    console.error('usage: db-snapshot.js print | check');
    return 2;
  }
  const file = path.join(projectRoot(), 'schema', 'database.sql');
  const db = await openDatabase({ DATA_DIR: IN_MEMORY, DB_POOL_SIZE: 1 }, createLogger({ LOG_LEVEL: 'warn' }));
  let snapshot: string;
  try {
    await migrate(db);
    snapshot = await describeDatabase(db.dataSource);
  } finally {
    await db.close();
  }
  const shown = path.relative(process.cwd(), file) || file;
  if (command === 'print') {
    fs.writeFileSync(file, snapshot);
    console.log(`Wrote ${shown}.`);
    return 0;
  }
  const checkedIn = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (checkedIn === snapshot) {
    console.log(`${shown} matches the migrations.`);
    return 0;
  }
  const before = new Set(checkedIn.split('\n'));
  const after = new Set(snapshot.split('\n'));
  const removed = checkedIn.split('\n').filter((line) => !after.has(line));
  const added = snapshot.split('\n').filter((line) => !before.has(line));
  console.error(
    `${shown} differs from the migrated database:\n${removed.map((l) => `- ${l}`).join('\n')}\n${added.map((l) => `+ ${l}`).join('\n')}\n\nRun npm run db:snapshot and commit the file.`,
  );
  return 1;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
