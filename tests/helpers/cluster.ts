import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL 15 cluster of a test's own, for fault tests that stop the
 * server (never the shared one at 5432): initdb into a temporary folder,
 * started and stopped with pg_ctl on a free loopback port. The tools refuse
 * to run as root, so they run as the `postgres` user.
 */
const BIN = '/usr/lib/postgresql/15/bin';

function asPostgres(command: string, args: string[]): string {
  const root = process.getuid?.() === 0;
  const result = root
    ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(BIN, command), ...args], { encoding: 'utf8' })
    : spawnSync(path.join(BIN, command), args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class TestCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** True when this machine has the PostgreSQL 15 server binaries. */
  static get available(): boolean {
    return fs.existsSync(path.join(BIN, 'initdb'));
  }

  static async create(): Promise<TestCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wirhub-pg-'));
    if (process.getuid?.() === 0) spawnSync('chown', ['postgres:postgres', dir]);
    asPostgres('initdb', ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    const cluster = new TestCluster(dir, await freePort());
    cluster.start();
    return cluster;
  }

  /** Connection string of `database` on this cluster. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): void {
    asPostgres('pg_ctl', [
      '-D',
      path.join(this.dir, 'data'),
      '-l',
      path.join(this.dir, 'log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`,
      '-w',
      'start',
    ]);
  }

  /** Stops the server: `immediate` is as abrupt as a crash, `fast` as an operator's restart. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    asPostgres('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  /** Stops the server if it runs and removes its folder. */
  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
