import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../helpers/hub';
import { LineLog } from '../helpers/lines';

/**
 * Helpers for tests that run the hub and the CLI as real processes (the
 * compiled `dist/`), as an operator would.
 */
export const ROOT = path.resolve(__dirname, '..', '..');

let built = false;
/** Builds dist/ when a source is newer than the last build (shared with npm start; takes turns across workers). */
export function ensureBuilt(): void {
  if (built) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-if-stale.js')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`The build failed:\n${result.stdout}\n${result.stderr}`);
  built = true;
}

/** A fresh temporary folder, e.g. for DATA_DIR. */
export function tempDir(prefix = 'wirhub-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The database the spawned processes of one test file share: a fresh
 * embedded data folder, or a scratch database on the server named by
 * DATABASE_URL. Registers its own beforeAll/afterAll; read `env` in tests.
 */
export function processDatabase(): { readonly env: Record<string, string> } {
  const database = { env: {} as Record<string, string> };
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ensureBuilt();
    if (process.env.DATABASE_URL) {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL);
      database.env = { DATABASE_URL: scratch.url };
      cleanup = scratch.drop;
    } else {
      const dataDir = tempDir();
      database.env = { DATA_DIR: dataDir };
      cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
  afterAll(() => cleanup?.());
  return database;
}

/** The environment of a spawned process: only what it needs, never the suite's DATABASE_URL unless given. */
export function processEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', LOG_LEVEL: 'info', ...vars };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/wir-hub.js ...args` to the end. */
export function runCli(args: string[], env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<Finished> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wir-hub.js'), ...args], { cwd: ROOT, env: processEnv(env) });
  return finished(child, timeoutMs);
}

function finished(child: ChildProcess, timeoutMs: number): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A hub started as `node dist/src/main.js`. */
export interface HubProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  readonly url: string;
  /** JSON log lines so far. */
  readonly logs: Array<Record<string, unknown>>;
  /** Resolves when the process has ended. */
  readonly exited: Promise<Finished>;
  /**
   * The first log line (so far or to come) that satisfies `predicate`, as
   * soon as the process writes it; rejects if the process ends first. A fact
   * to wait on instead of polling `logs` on a timer.
   */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Sends SIGTERM and waits for the end. */
  stop(): Promise<Finished>;
}

/** Starts the compiled hub on a free port and waits until it is ready. */
export async function spawnHub(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<HubProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: processEnv({ HOST: '127.0.0.1', PORT: '0', ...env }),
  });
  const log = new LineLog<Record<string, unknown>>();
  const logs = log.lines;
  const exited = finished(child, 10 * 60_000);
  let buffer = '';
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`hub not ready in ${timeoutMs} ms; logs: ${JSON.stringify(logs)}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          log.push(entry);
          if (entry.msg === 'wir-hub is ready') {
            clearTimeout(timer);
            resolve(String(entry.url));
          }
        } catch {
          logs.push({ raw: line });
        }
      }
    });
    void exited.then((end) => {
      clearTimeout(timer);
      reject(new Error(`hub exited before it was ready (code ${end.code}): ${end.stderr} ${JSON.stringify(logs)}`));
    });
  });
  // 'close' (behind `exited`) comes after the last of stdout was read: no line can come after it.
  void exited.then((end) => log.end(() => `code ${end.code}; logs: ${JSON.stringify(logs)}; stderr: ${end.stderr}`));
  const url = await ready;
  return {
    child,
    url,
    base: url.replace(/\/graphql$/, ''),
    logs,
    exited,
    waitForLog(predicate) {
      return log.waitFor(predicate);
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** POSTs a GraphQL request to `url`. */
export async function post(url: string, query: string, variables?: Record<string, unknown>, key?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}
