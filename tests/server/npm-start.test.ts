import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { ensureBuilt, post, processEnv, ROOT, tempDir } from './processes';

// npm start builds when stale and starts a real hub on a fresh embedded database.
jest.setTimeout(180_000);

/**
 * `npm start` as the README runs it (`npm start &`, then `kill %1`; or a
 * process manager signalling the process it started): a signal sent to npm
 * alone must reach the hub, which drains and closes its database. npm
 * forwards SIGTERM/SIGINT to its child only, so the start script must not
 * leave a shell in between (the shell would die and orphan the hub, still
 * holding the port and the data folder).
 */
const dataDirs: string[] = [];

beforeAll(() => ensureBuilt());
afterAll(() => dataDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function startWithNpm(): { npm: ChildProcess; logs: string[]; ready: Promise<string>; closed: Promise<number | null> } {
  // Its own process group, so that whatever is left can be killed as a group in the end.
  const dataDir = tempDir();
  dataDirs.push(dataDir);
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: processEnv({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir }),
    detached: true,
  });
  const logs: string[] = [];
  let buffer = '';
  const ready = new Promise<string>((resolve, reject) => {
    npm.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        logs.push(line);
        if (line.includes('"wir-hub is ready"')) resolve(String((JSON.parse(line) as { url: string }).url));
      }
    });
    npm.once('exit', (code) => reject(new Error(`npm start exited (${code}) before the hub was ready: ${logs.join('\n')}`)));
  });
  // 'close' comes once npm has exited and its stdout has ended: the hub (which shares the pipe) is gone
  // too and every line it wrote has been read, so the logs are complete when this resolves.
  const closed = new Promise<number | null>((resolve) => npm.once('close', (code) => resolve(code)));
  return { npm, logs, ready, closed };
}

test.each(['SIGTERM', 'SIGINT'] as const)('%s to the npm start process stops the hub cleanly', async (signal) => {
  const { npm, logs, ready, closed } = startWithNpm();
  try {
    const url = await ready;
    expect((await post(url, '{ municipalities { name } }')).data.municipalities).toHaveLength(28);
    // The browser assets were built with the rest (web/ → dist/web) and are served.
    const origin = new URL(url).origin;
    for (const page of ['/', '/widget.js', '/explorer', '/explorer/assets/explorer.js']) {
      const response = await fetch(`${origin}${page}`);
      expect(response.status).toBe(200);
      // Read to the end: a body left unread (explorer.js is over half a megabyte) holds its socket open, paused
      // by backpressure, after the hub has gone; jest's worker then cannot exit and is force-killed.
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }

    npm.kill(signal);
    expect(await closed).toBe(0);
    // The hub itself drained and closed the database, and no longer listens.
    expect(logs.some((line) => line.includes('"wir-hub stopped"'))).toBe(true);
    await expect(fetch(url.replace(/\/graphql$/, '/healthz'))).rejects.toThrow();
  } finally {
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      // the group is gone: nothing was left behind
    }
  }
});
