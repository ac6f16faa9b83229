import { loadConfig } from '../../src/config';
import { startHub, type Hub } from '../../src/server/hub';
import { createLogger } from '../../src/shared/logger';
import { post, processDatabase, runCli } from '../server/processes';

// These tests start real processes on a fresh database; on a busy machine that takes a while.
jest.setTimeout(180_000);

/**
 * `npx wir-hub ...` as an operator runs it: the compiled CLI in its own
 * process, on the suite's database (a fresh embedded data folder, or a
 * scratch database on the server named by DATABASE_URL).
 */
const onServer = Boolean(process.env.DATABASE_URL);
const database = processDatabase();

/** A hub in this process on the same database as the CLI. */
async function startSameHub(): Promise<Hub> {
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...database.env });
  return startHub(config, { log: createLogger(config) });
}

async function withHub<T>(work: (hub: Hub) => Promise<T>): Promise<T> {
  const hub = await startSameHub();
  try {
    return await work(hub);
  } finally {
    await hub.stop();
  }
}

/** The secret printed by `keys create`: the last line of stdout, alone. */
function lastLine(stdout: string): string {
  const lines = stdout.replace(/\n$/, '').split('\n');
  return lines[lines.length - 1];
}

const VIEWER = '{ viewer { name authenticated coordinator memberships { role organisation { slug } } } }';
let coordinatorSecret: string;
let organisationSlug: string;

test('keys create --coordinator prints the secret alone as the last line of stdout, and the key works', async () => {
  const result = await runCli(['keys', 'create', '--coordinator', '--label', 'District coordinator'], database.env);
  expect(result.code).toBe(0);
  coordinatorSecret = lastLine(result.stdout);
  expect(coordinatorSecret).toMatch(/^wh_[A-Za-z0-9_-]{40}$/);
  // Logs and explanations never land on stdout's last line, and the secret appears only once.
  expect(result.stdout.split(coordinatorSecret)).toHaveLength(2);
  expect(result.stderr).not.toContain(coordinatorSecret);

  await withHub(async (hub) => {
    const viewer = await post(hub.url, VIEWER, undefined, coordinatorSecret);
    expect(viewer.data.viewer).toEqual({ name: 'District coordinator', authenticated: true, coordinator: true, memberships: [] });
    const created = await post(
      hub.url,
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { slug } }',
      { input: { kind: 'ASSOCIATION', name: 'CLI Testverein' } },
      coordinatorSecret,
    );
    expect(created.errors).toBeUndefined();
    organisationSlug = created.data.createOrganisation.slug;
  });
});

test('member keys, keys list (never a secret) and keys revoke', async () => {
  const created = await runCli(
    [
      'keys',
      'create',
      '--organisation',
      organisationSlug,
      '--role',
      'editor',
      '--label',
      'Verein web site',
      '--expires',
      '2099-12-31',
    ],
    database.env,
  );
  expect(created.code).toBe(0);
  const editorSecret = lastLine(created.stdout);
  expect(editorSecret).toMatch(/^wh_/);

  const list = await runCli(['keys', 'list'], database.env);
  expect(list.code).toBe(0);
  expect(list.stdout).toContain('District coordinator');
  expect(list.stdout).toContain('Verein web site');
  expect(list.stdout).toContain(editorSecret.slice(0, 11));
  expect(list.stdout).not.toContain(editorSecret);
  expect(list.stdout).not.toContain(coordinatorSecret);

  await withHub(async (hub) => {
    const viewer = await post(hub.url, VIEWER, undefined, editorSecret);
    expect(viewer.data.viewer).toEqual({
      name: 'Verein web site',
      authenticated: true,
      coordinator: false,
      memberships: [{ role: 'EDITOR', organisation: { slug: organisationSlug } }],
    });
  });

  const revoked = await runCli(['keys', 'revoke', editorSecret.slice(0, 11)], database.env);
  expect(revoked.code).toBe(0);
  expect(revoked.stdout).toContain('Verein web site');
  await withHub(async (hub) => {
    const refused = await post(hub.url, VIEWER, undefined, editorSecret);
    expect(refused.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await post(hub.url, VIEWER, undefined, coordinatorSecret)).data.viewer.coordinator).toBe(true);
  });
});

test('bad arguments are refused with a clear message, exit code ≠ 0 and no stack trace', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['keys', 'create', '--label', 'Nobody'], /Give either --coordinator, or --organisation <slug> with --role/],
    [
      ['keys', 'create', '--coordinator', '--organisation', 'x', '--role', 'ADMIN', '--label', 'Both'],
      /Give either --coordinator/,
    ],
    [['keys', 'create', '--organisation', 'x', '--role', 'BOSS', '--label', 'Bad role'], /must be one of VIEWER, EDITOR, ADMIN/],
    [['keys', 'create', '--coordinator', '--label', 'Old', '--expires', '2001-01-01'], /must be in the future/],
    [
      ['keys', 'create', '--organisation', 'no-such-organisation', '--role', 'VIEWER', '--label', 'Ghost'],
      /No organisation has the slug "no-such-organisation"/,
    ],
    [['keys', 'revoke', 'wh_nothing'], /No key has the prefix "wh_nothing"/],
    [['seed'], /Say what to load: --demo/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(args, database.env);
    expect({ args, code: result.code === 0 ? 0 : 'failed' }).toEqual({ args, code: 'failed' });
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\bat \S+ \(/);
    expect(result.stdout).not.toMatch(/wh_[A-Za-z0-9_-]{40}/);
  }
});

test('seed --demo loads the demo data, and a second run changes nothing; migrate reports an up-to-date database', async () => {
  const first = await runCli(['seed', '--demo'], database.env);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/directory: 37 demo organisations \(37 new, 0 updated, 0 unchanged\)/);
  const second = await runCli(['seed', '--demo'], database.env);
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(
    /\(0 new, 0 updated, 37 unchanged\), contacts \(0 new, 0 updated, \d+ unchanged\), 0 new umbrella memberships/,
  );
  const migrate = await runCli(['migrate'], database.env);
  expect(migrate.code).toBe(0);
  expect(migrate.stdout.trim()).toBe('Database is up to date.');
});

test(
  onServer
    ? 'on the server the CLI works while a hub runs'
    : 'on the embedded database the CLI refuses while a hub holds the data folder, and the data stays intact',
  async () => {
    const hub = await startSameHub();
    let stopped = false;
    try {
      const before = await post(hub.url, `{ organisations(first: 100) { totalCount } }`, undefined, coordinatorSecret);
      const result = await runCli(['keys', 'create', '--coordinator', '--label', 'While running'], database.env);
      if (onServer) {
        expect(result.code).toBe(0);
        const viewer = await post(hub.url, VIEWER, undefined, lastLine(result.stdout));
        expect(viewer.data.viewer.name).toBe('While running');
        return;
      }
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('is in use by another wir-hub process');
      expect(result.stderr).toContain('stop the hub first');
      expect(result.stdout).not.toMatch(/wh_/);
      const seed = await runCli(['seed', '--demo'], database.env);
      expect(seed.code).not.toBe(0);
      expect(seed.stderr).toContain('is in use by another wir-hub process');

      // The running hub is unharmed ...
      const during = await post(hub.url, `{ organisations(first: 100) { totalCount } }`, undefined, coordinatorSecret);
      expect(during.data).toEqual(before.data);
      await hub.stop();
      stopped = true;
      // ... and so is the data after a restart.
      await withHub(async (again) => {
        const after = await post(again.url, `{ organisations(first: 100) { totalCount } }`, undefined, coordinatorSecret);
        expect(after.data).toEqual(before.data);
        expect((await post(again.url, VIEWER, undefined, coordinatorSecret)).data.viewer.coordinator).toBe(true);
      });
      // Once the hub is gone, the CLI works.
      expect((await runCli(['keys', 'list'], database.env)).code).toBe(0);
    } finally {
      if (!stopped) await hub.stop();
    }
  },
);
