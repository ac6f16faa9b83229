import fs from 'node:fs';
import { openDatabase } from '../../src/db/database';
import { createLogger } from '../../src/shared/logger';
import { ensureBuilt, runCli, spawnHub, tempDir } from './processes';

jest.setTimeout(240_000);

/**
 * The embedded database keeps every write it acknowledged: a hub on PGlite
 * killed with SIGKILL in the middle of a stream of writes reopens its data
 * folder at once and has every write it answered (always on PGlite, also
 * when the suite runs against a server). PGlite runs PostgreSQL with
 * synchronous commits: a commit's WAL is written (to the OS) before the
 * answer, so a killed process loses nothing the OS has; `fsync` of the OS
 * cache is what a power loss needs (see README, Operating).
 */
const ROUNDS = 3;
let dataDir: string;

beforeAll(() => {
  ensureBuilt();
  dataDir = tempDir();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function createCampaign(url: string, key: string, name: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        query: 'mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }',
        variables: { input: { kind: 'ACTION_DAY', name, startsOn: '2027-06-15', endsOn: '2027-06-15' } },
      }),
    });
    const body = (await response.json()) as { data?: { createCampaign?: { id: string } } };
    return Boolean(body.data?.createCampaign?.id);
  } catch {
    return false; // the hub died mid-request: not acknowledged
  }
}

test(`SIGKILL during a stream of writes, ${ROUNDS} times: every acknowledged write is there after reopening`, async () => {
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const created = await runCli(['keys', 'create', '--coordinator', '--label', 'durability'], env);
  expect(created.code).toBe(0);
  const key = created.stdout.trim().split('\n').pop()!;
  const acknowledged: string[] = [];
  const figures: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const hub = await spawnHub({ ...env, LOG_LEVEL: 'info' });
    let killed = false;
    // Kill at a different moment each round, while writes are in flight: after a number of writes of this
    // round were acknowledged that grows with the round (a count, not a time).
    const killAfter = acknowledged.length + 10 + round * 7;
    let due!: () => void;
    const killNow = new Promise<void>((resolve) => (due = resolve));
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let n = 0; !killed; n++) {
        const name = `r${round}-w${writer}-${n}`;
        if (await createCampaign(hub.url, key, name)) acknowledged.push(name);
        if (acknowledged.length >= killAfter) due();
      }
    });
    // (A hub that dies by itself ends the wait too; the round's assertions then tell.)
    void hub.exited.then(() => due());
    await killNow;
    const before = acknowledged.length;
    hub.child.kill('SIGKILL');
    killed = true;
    expect((await hub.exited).signal).toBe('SIGKILL');
    await Promise.all(writers);
    figures.push(`round ${round}: ${acknowledged.length - before} answered while being killed, ${acknowledged.length} in all`);
  }

  // A hub reopens the folder at once (the dead hub's lock is taken over) and serves.
  const hub = await spawnHub({ ...env, LOG_LEVEL: 'info' });
  expect((await hub.stop()).code).toBe(0);
  // Every acknowledged write is in the database.
  const db = await openDatabase({ DATA_DIR: dataDir, DB_POOL_SIZE: 1 }, createLogger({ LOG_LEVEL: 'silent' }));
  let stored: Set<string>;
  try {
    const rows: Array<{ name: string }> = await db.dataSource.query("SELECT name FROM campaign WHERE name LIKE 'r%-w%'");
    stored = new Set(rows.map((row) => row.name));
  } finally {
    await db.close();
  }
  console.log(`durability: ${figures.join('; ')}; ${stored.size} stored`);
  expect(acknowledged.length).toBeGreaterThan(ROUNDS * 4);
  expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
}, 240_000);
