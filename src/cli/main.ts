import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { insertApiKey, ROLES, type RoleValue } from '../access';
import { ConfigError, loadConfig } from '../config';
import { DataDirInUseError, migrate, openDatabase, type Database } from '../db/database';
import { queryRows } from '../db/query-rows';
import { entities } from '../entities';
import { createLogger } from '../shared/logger';
import { backup, restore, RestoreRefusedError } from './backup';
import { seedDemo } from './seed-demo';

/**
 * `wir-hub` on the command line: run the hub, migrate, manage keys, load demo
 * data. Commands that open the database use the same settings as the hub
 * (DATABASE_URL, or the embedded DATA_DIR, which they refuse to open while a
 * hub is running on it).
 */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Logs go to stderr so that stdout carries only the command's answer.
  const log = createLogger({ LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  const db = await openDatabase(config, log, { entities });
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

function role(value: string): RoleValue {
  const upper = value.toUpperCase();
  if (!(ROLES as readonly string[]).includes(upper)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}.`);
  return upper as RoleValue;
}

function futureDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('must be an ISO date, e.g. 2027-12-31.');
  if (date.getTime() <= Date.now()) throw new InvalidArgumentError('must be in the future.');
  return date;
}

const program = new Command('wir-hub').description('GraphQL hub for the integration network of a district.');

program
  .command('start')
  .description('Run the hub (same as npm start).')
  .action(() => {
    // Loaded only for this command: the other commands need no server.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../main');
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit.')
  .action(() =>
    withDatabase(async () => {
      console.log('Database is up to date.');
    }),
  );

const keys = program.command('keys').description('Manage API keys.');

keys
  .command('create')
  .description('Create an API key and print its secret, alone, as the last line of stdout.')
  .requiredOption('--label <name>', 'who uses the key, e.g. "District coordinator"')
  .option('--coordinator', 'a coordinator key (sees and curates everything)')
  .option('--organisation <slug>', 'slug of the organisation a member key acts for')
  .option('--role <role>', `role of a member key: ${ROLES.join(', ')}`, role)
  .option(
    '--expires <date>',
    'when the key stops working: an ISO date (2027-12-31 means 00:00 UTC that day) or date-time',
    futureDate,
  )
  .action(async (options: { label: string; coordinator?: boolean; organisation?: string; role?: RoleValue; expires?: Date }) => {
    if (Boolean(options.coordinator) === Boolean(options.organisation)) {
      throw new InvalidArgumentError('Give either --coordinator, or --organisation <slug> with --role.');
    }
    if (options.organisation && !options.role) throw new InvalidArgumentError('--organisation needs --role.');
    await withDatabase(async (db) => {
      let organisationId: string | null = null;
      if (options.organisation) {
        const [row] = await queryRows<{ id: string }>(db.dataSource, 'SELECT id FROM organisation WHERE slug = $1', [
          options.organisation,
        ]);
        if (!row) throw new InvalidArgumentError(`No organisation has the slug "${options.organisation}".`);
        organisationId = row.id;
      }
      const { secret, apiKey } = await insertApiKey(db.dataSource, {
        label: options.label,
        coordinator: Boolean(options.coordinator),
        organisationId,
        role: options.role ?? null,
        expiresAt: options.expires ?? null,
      });
      console.log(
        `Created ${apiKey.coordinator ? 'coordinator' : `${apiKey.role} member`} key "${apiKey.label}" (${apiKey.prefix}…).`,
      );
      console.log('The secret is shown only now; send it as "Authorization: Bearer <secret>":');
      console.log(secret);
    });
  });

keys
  .command('list')
  .description('List API keys (never their secrets).')
  .action(() =>
    withDatabase(async (db) => {
      const rows = await queryRows(
        db.dataSource,
        `SELECT k.prefix, k.label, k.coordinator, k.role, o.slug AS organisation, k.expires_at, k.revoked_at, k.last_used_at
         FROM api_key k LEFT JOIN organisation o ON o.id = k.organisation_id ORDER BY k.created_at`,
      );
      console.table(rows);
    }),
  );

keys
  .command('revoke')
  .description('Revoke API keys by their prefix (as shown by keys list).')
  .argument('<prefix>', 'the visible prefix, e.g. wh_Ab3dE9xQ')
  .action((prefix: string) =>
    withDatabase(async (db) => {
      const rows = await queryRows(
        db.dataSource,
        'UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE prefix = $1 RETURNING label',
        [prefix],
      );
      if (!rows.length) throw new InvalidArgumentError(`No key has the prefix "${prefix}".`);
      console.log(`Revoked ${rows.length} key(s): ${rows.map((row) => row.label).join(', ')}`);
    }),
  );

program
  .command('seed')
  .description('Load data for trying the hub.')
  .option('--demo', 'fictional organisations, contacts, campaigns and events, clearly marked as demo data')
  .action((options: { demo?: boolean }) => {
    if (!options.demo) throw new InvalidArgumentError('Say what to load: --demo.');
    return withDatabase(async (db) => {
      const summary = await seedDemo(db.dataSource);
      console.log(`Demo data loaded (fictional, marked demo):\n${summary}`);
    });
  });

/** The CLI's logger: on stderr, so that stdout carries only the command's answer. */
function cliLog(config: ReturnType<typeof loadConfig>) {
  return createLogger({ LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
}

program
  .command('backup')
  .description('Write a backup of the database to a file (embedded: stop the hub first; PostgreSQL: pg_dump).')
  .argument('<file>', 'where to write it, e.g. wir-hub-2027-01-31.backup')
  .action(async (file: string) => {
    const config = loadConfig();
    console.log(await backup(config, cliLog(config), file));
  });

program
  .command('restore')
  .description('Replace the database with a backup (refused while a hub runs on it).')
  .argument('<file>', 'a file written by wir-hub backup')
  .action(async (file: string) => {
    const config = loadConfig();
    console.log(await restore(config, cliLog(config), file));
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof DataDirInUseError ||
    error instanceof InvalidArgumentError ||
    error instanceof RestoreRefusedError
  ) {
    console.error(`wir-hub: ${error.message}`);
  } else {
    // Unexpected: the message is enough to act on; a stack trace would only bury it.
    console.error(`wir-hub: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
