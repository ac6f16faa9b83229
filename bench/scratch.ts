import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, type Config } from '../src/config';

/**
 * What the benchmarks that run a hub in their own process share: the
 * PostgreSQL server they measure on, a scratch database each, and the hub's
 * configuration. One place, so that a benchmark's file holds only its data
 * and its measurements.
 */

/** The PostgreSQL server the benchmarks run on (DATABASE_URL; each creates and drops its own database there). */
export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the server's own database (CREATE/DROP DATABASE cannot run inside the scratch one). */
export async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  readonly name: string;
  /** The connection URL of the scratch database. */
  readonly url: string;
  /** Drops it, unless the environment variable named at creation is set (then it says where it was kept, for EXPLAIN). */
  drop(): Promise<void>;
}

/** A fresh database `wirhub_bench_<label>_<random>` on {@link SERVER_URL}. */
export async function createScratchDatabase(label: string, keepVariable?: string): Promise<ScratchDatabase> {
  const name = `wirhub_bench_${label}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (keepVariable && process.env[keepVariable]) console.log(`  kept the database: ${url.toString()}`);
      else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * The configuration of a hub run inside a benchmark: production mode on a
 * free loopback port over `databaseUrl`, logging warnings only; `extra`
 * adds settings or overrides these.
 */
export function benchConfig(databaseUrl: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    ...extra,
  } as NodeJS.ProcessEnv);
}
