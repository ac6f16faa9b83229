import 'reflect-metadata';
import { migrations } from '../migrations';
import { IN_MEMORY, migrate, openDatabase } from '../src/db/database';
import { templateIsCurrent, writeTemplate } from '../src/db/pglite-template';
import { createLogger } from '../src/shared/logger';

/**
 * Makes dist/pglite-template (see src/db/pglite-template.ts) unless it is
 * current; run by the build. `--force` makes it anyway.
 */
async function main(): Promise<void> {
  if (!process.argv.includes('--force') && templateIsCurrent(migrations)) return;
  const started = Date.now();
  const db = await openDatabase({ DATA_DIR: IN_MEMORY, DB_POOL_SIZE: 1 }, createLogger({ LOG_LEVEL: 'warn' }), {
    template: false,
  });
  try {
    await migrate(db);
    const folder = await writeTemplate(db.pglite!, migrations);
    console.error(`wir-hub: embedded database template in ${folder} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  // The hub works without a template (new embedded databases then run initdb); say so and carry on.
  console.error(
    `wir-hub: could not make the embedded database template: ${error instanceof Error ? error.message : String(error)}`,
  );
});
