import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { ensureBuilt, ROOT, spawnHub, processEnv, tempDir } from './processes';
import { spawn } from 'node:child_process';

// These tests start real processes on a fresh database; on a busy machine that takes a while.
jest.setTimeout(180_000);

/** Starts `node dist/src/main.js` with `env` and answers how it ended (it should not get far). */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: processEnv({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: 'memory://', ...env }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the hub started although the configuration is bad: ${stdout}`));
    }, 30_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

beforeAll(() => ensureBuilt());

describe('a bad setting stops the start with a message naming the variable', () => {
  test.each([
    ['PORT', 'not-a-port'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://root@localhost/wirhub'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['GRAPHQL_MAX_DEPTH', '0'],
    ['METRICS_ENABLED', 'perhaps'],
  ])('%s=%s', async (name, value) => {
    const result = await start({ [name]: value });
    expect(result.code).toBe(78); // EX_CONFIG
    expect(result.stderr).toContain(`${name}=${JSON.stringify(value)}`);
    expect(result.stderr).toMatch(/^Invalid configuration:/);
    // No stack trace, nothing else started.
    expect(result.stderr).not.toMatch(/\bat \w+ \(/);
    expect(result.stdout).not.toContain('wir-hub is ready');
  });

  test('several bad settings are all named at once', async () => {
    const result = await start({ PORT: '-1', LOG_LEVEL: 'chatty' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('PORT="-1"');
    expect(result.stderr).toContain('LOG_LEVEL="chatty"');
  });
});

describe('loadConfig', () => {
  test('defaults run the hub on the embedded database in ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 4000,
      HOST: '0.0.0.0',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      embedded: true,
      METRICS_ENABLED: true,
    });
    expect(config.DATA_DIR).toBe(path.resolve('./data'));
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('empty values count as unset; DATABASE_URL switches to the server', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: 'postgresql://u:p@db:5432/wirhub', METRICS_ENABLED: 'false' });
    expect(config).toMatchObject({ PORT: 4000, embedded: false, METRICS_ENABLED: false });
  });

  test('errors name every bad variable', () => {
    expect(() => loadConfig({ PORT: 'x', DB_POOL_SIZE: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'x', DB_POOL_SIZE: '0' })).toThrow(/PORT="x".*\n.*DB_POOL_SIZE="0"/);
  });

  test('.env.example lists exactly the settings the hub reads', () => {
    const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const listed = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    const source = fs.readFileSync(path.join(ROOT, 'src', 'config.ts'), 'utf8');
    const read = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(read);
    // Every listed default is accepted.
    const values = Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(() => loadConfig(values)).not.toThrow();
  });

  test('README documents every setting', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const source = fs.readFileSync(path.join(ROOT, 'src', 'config.ts'), 'utf8');
    const missing = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)]
      .map((m) => m[1])
      .filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});

test('a second hub on the same embedded data folder refuses to start and leaves the first one working', async () => {
  const dataDir = tempDir();
  const first = await spawnHub({ DATA_DIR: dataDir });
  try {
    const second = await start({ DATA_DIR: dataDir });
    expect(second.code).toBe(75);
    expect(second.stdout + second.stderr).toContain('in use by another wir-hub process');
    const response = await fetch(first.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ municipalities { name } }"}',
    });
    expect(((await response.json()) as any).data.municipalities).toHaveLength(28);
  } finally {
    expect((await first.stop()).code).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
