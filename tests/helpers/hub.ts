import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import { forgetApiKeys, insertApiKey } from '../../src/access/api-key.service';
import type { RoleValue } from '../../src/access/api-key.entity';
import { loadConfig, type Config } from '../../src/config';
import { startHub, type Hub } from '../../src/server/hub';
import { createLogger } from '../../src/shared/logger';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface RequestOptions {
  /** API key secret, sent as Bearer token. */
  key?: string;
  headers?: Record<string, string>;
}

/**
 * A hub for one test file, on a port of its own and a database of its own:
 * in-memory PGlite, or a fresh database on the server named by DATABASE_URL.
 */
export class TestHub {
  private constructor(
    readonly hub: Hub,
    readonly config: Config,
    private readonly dropDatabase?: () => Promise<void>,
  ) {}

  /** `log`: where the hub's log lines go (default: stdout, at TEST_LOG_LEVEL or silent). */
  static async start(overrides: Record<string, string> = {}, options: { log?: DestinationStream } = {}): Promise<TestHub> {
    const env: Record<string, string | undefined> = {
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATA_DIR: 'memory://',
      // Every operation is charged as in production, but a test file's hundreds of requests from one
      // address never run out (tests/ratelimit sets real budgets).
      RATE_LIMIT_KEY_POINTS: '100000000',
      RATE_LIMIT_ANONYMOUS_POINTS: '100000000',
      RATE_LIMIT_AUTH_FAILURES: '100000',
      // The webhook outbox reads the change log after every change and every second; its statements would land in
      // other tests' statement counts. tests/webhooks turn it on (webhookSettings).
      WEBHOOKS_ENABLED: 'false',
      ...overrides,
    };
    let dropDatabase: (() => Promise<void>) | undefined;
    const serverUrl = overrides.DATABASE_URL ?? process.env.DATABASE_URL;
    if (serverUrl && !overrides.DATABASE_URL) {
      const { url, drop } = await createScratchDatabase(serverUrl);
      env.DATABASE_URL = url;
      dropDatabase = drop;
    }
    const config = loadConfig(env as NodeJS.ProcessEnv);
    const hub = await startHub(config, { log: createLogger(config, options.log) });
    return new TestHub(hub, config, dropDatabase);
  }

  get url(): string {
    return this.hub.url;
  }

  get db() {
    return this.hub.database.dataSource;
  }

  /** True when running on the embedded database. */
  get embedded(): boolean {
    return this.hub.database.pglite !== undefined;
  }

  async stop(): Promise<void> {
    await this.hub.stop();
    await this.dropDatabase?.();
  }

  /** SQL statements sent so far. */
  get statementCount(): number {
    return this.hub.database.queryLog.count;
  }

  /** Of {@link statementCount}: those sent as named (prepared) statements. */
  get preparedCount(): number {
    return this.hub.database.queryLog.preparedCount;
  }

  /** POSTs a GraphQL request; answers status, data and errors. */
  async gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options: RequestOptions = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
    return { status: response.status, data: body.data ?? undefined, errors: body.errors };
  }

  /** Like {@link gql} but fails the test on any error; answers data. */
  async ok<T = any>(query: string, variables?: Record<string, unknown>, options: RequestOptions = {}): Promise<T> {
    const result = await this.gql<T>(query, variables, options);
    if (result.errors?.length) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    }
    return result.data as T;
  }

  /** Creates a key directly in the database (as the CLI does) and answers its secret. */
  async key(spec: { coordinator: true } | { organisationId: string; role: RoleValue }, label = 'test key'): Promise<string> {
    const { secret } = await insertApiKey(this.db, {
      label,
      coordinator: 'coordinator' in spec,
      organisationId: 'organisationId' in spec ? spec.organisationId : null,
      role: 'role' in spec ? spec.role : null,
    });
    return secret;
  }

  /** Counts the SQL statements `work` sends. */
  async countStatements(work: () => Promise<unknown>): Promise<number> {
    // Keys are remembered for a few seconds: forget them, so a count always includes the key's lookup (one statement).
    forgetApiKeys(this.db);
    const before = this.statementCount;
    await work();
    return this.statementCount - before;
  }
}

/** A fresh, uniquely named database on the server, dropped again by `drop`. */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `wirhub_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The first error's code, for concise assertions. */
export function errorCode(result: GraphQLResponse): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
