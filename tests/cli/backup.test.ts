import fs from 'node:fs';
import path from 'node:path';
import { processDatabase, runCli, spawnHub, tempDir } from '../server/processes';

jest.setTimeout(240_000);

/**
 * `wir-hub backup` and `restore` round trip on the suite's database
 * (embedded data folder, or PostgreSQL through pg_dump/pg_restore), and a
 * restore over a running hub is refused with nothing changed.
 */
const database = processDatabase();

async function labels(): Promise<string> {
  const list = await runCli(['keys', 'list'], database.env);
  expect(list.code).toBe(0);
  return list.stdout;
}

test('backup, change, restore: the data is as it was at the backup; refused while a hub runs', async () => {
  const folder = tempDir('wirhub-backup-');
  const file = path.join(folder, 'hub.backup');
  try {
    expect((await runCli(['keys', 'create', '--coordinator', '--label', 'before the backup'], database.env)).code).toBe(0);
    const written = await runCli(['backup', file], database.env);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/Backup written to/);
    expect(fs.statSync(file).size).toBeGreaterThan(1_000);

    expect((await runCli(['keys', 'create', '--coordinator', '--label', 'after the backup'], database.env)).code).toBe(0);
    expect(await labels()).toContain('after the backup');

    // A running hub: the restore is refused and changes nothing.
    const hub = await spawnHub(database.env);
    try {
      const refused = await runCli(['restore', file], database.env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/running wir-hub|in use by another wir-hub/);
    } finally {
      expect((await hub.stop()).code).toBe(0);
    }
    expect(await labels()).toContain('after the backup');

    const restored = await runCli(['restore', file], database.env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const after = await labels();
    expect(after).toContain('before the backup');
    expect(after).not.toContain('after the backup');

    // The restored database serves as before.
    const again = await spawnHub(database.env);
    try {
      const response = await fetch(again.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ municipalities { name } }' }),
      });
      expect(((await response.json()) as any).data.municipalities).toHaveLength(28);
    } finally {
      expect((await again.stop()).code).toBe(0);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('restore names a missing file', async () => {
  const result = await runCli(['restore', '/nonexistent/hub.backup'], database.env);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/no backup at/);
});
