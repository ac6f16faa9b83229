import path from 'node:path';
import { z } from 'zod';

/**
 * The hub's settings. This module is the only reader of `process.env`: every
 * setting is parsed and validated here, once, at start, so a bad value stops
 * the start with a message naming the variable instead of failing later.
 * `.env.example` lists the same settings with their defaults.
 */
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  // Production unless said otherwise: stack traces reach clients only in development.
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_SIZE: int(1, 200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: int(1024, 50_000_000).default(1_000_000),
  GRAPHQL_MAX_DEPTH: int(2, 50).default(12),
  GRAPHQL_MAX_ALIASES: int(1, 200).default(30),
  GRAPHQL_MAX_COST: int(100, 1_000_000).default(20_000),
  GRAPHQL_MAX_TOKENS: int(100, 100_000).default(5_000),
  GRAPHQL_INTROSPECTION: bool.default(true),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  // Pre-stop delay: after SIGTERM, /readyz fails but the hub keeps serving this long, so a load balancer stops routing first.
  SHUTDOWN_DELAY_MS: int(0, 600_000).default(0),
  CHANGE_LOG_RETENTION_DAYS: int(1, 3650).default(30),
  CHANGE_POLL_INTERVAL_MS: int(50, 600_000).default(2_000),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: int(1, 1_000).default(20),
  WS_INIT_TIMEOUT_MS: int(100, 120_000).default(10_000),
  WS_KEEPALIVE_MS: int(1_000, 600_000).default(30_000),
  WS_MAX_BUFFERED_MESSAGES: int(10, 1_000_000).default(1_000),
  // Webhooks. The key (32 bytes, base64) encrypts signing secrets at rest; without it no webhook can be created.
  WEBHOOK_SECRET_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  // Endpoints on private, loopback and link-local addresses are refused unless this is set (tests, closed networks).
  WEBHOOK_ALLOW_PRIVATE_URLS: bool.default(false),
  WEBHOOK_TIMEOUT_MS: int(100, 60_000).default(10_000),
  // Seconds between attempts (each with ±20 % jitter); after the last one the delivery fails and the webhook is disabled.
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, 'must be seconds separated by commas, e.g. 5,300,1800')
    .default('5,300,1800,7200,18000,36000,86400'),
  WEBHOOK_POLL_INTERVAL_MS: int(10, 600_000).default(1_000),
  // Whether this instance runs the webhook outbox (fan-out of changes to endpoints, and sending). Any number of
  // instances may run it (they share the work through row locks); an instance that only serves requests may not.
  WEBHOOKS_ENABLED: bool.default(true),
  // How long a background job's claim holds without renewal: a webhook delivery being sent, a calendar being synced.
  // The holder renews it every third of this while it works, so the claims of an instance that dies (SIGKILL, power)
  // run out within this and another instance takes the work over.
  JOB_LEASE_MS: int(300, 3_600_000).default(30_000),
  // How long an instance trusts an API key it has looked up; revocations made elsewhere take effect within it.
  API_KEY_CACHE_MS: int(0, 60_000).default(5_000),
  // Fair use (src/ratelimit): token buckets of cost points, per API key (a coordinator may set a key's own) and per
  // client address for anonymous requests, each refilling completely in RATE_LIMIT_WINDOW_S; failed
  // authentications per address and window.
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_WINDOW_S: int(1, 86_400).default(60),
  RATE_LIMIT_KEY_POINTS: int(1, 100_000_000).default(100_000),
  RATE_LIMIT_ANONYMOUS_POINTS: int(1, 100_000_000).default(20_000),
  RATE_LIMIT_AUTH_FAILURES: int(1, 100_000).default(20),
  // Shared store of the budgets across instances; unset: PostgreSQL itself (in memory on the embedded database).
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  // Prefix of the hub's keys in Redis, so several hubs (districts, tests) can share one Redis.
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .default('wir-hub'),
  // Which proxies to trust for the client address (X-Forwarded-For): false, true, a hop count or addresses/subnets.
  TRUST_PROXY: z.string().default('false'),
  // Prometheus metrics at GET /metrics (operation names, durations, outcomes; nothing private).
  METRICS_ENABLED: bool.default(true),
  // Browser-facing pages (src/web). Origins allowed to call /graphql from a web page: "*" (any; the
  // hub reads no cookies, so a page on another origin gains nothing it could not do itself) or a
  // comma-separated list such as "https://www.baunatal.de,https://wir-kassel.de".
  CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/ })])).min(1))
    .default(['*']),
  // The GraphiQL explorer at /explorer (and /graphql for browsers), served from the hub itself.
  EXPLORER_ENABLED: bool.default(true),
  // The base URL partners reach the hub at (https://hub.example.org): calendarUrl fields, feed links and
  // the landing page's snippets are built from it, so production sets it (no trailing slash needed).
  // Unset: pages use the request's Host header, calendar links http://localhost:PORT (see publicUrl).
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http:// or https:// URL without query or fragment')
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  // Calendars (src/feeds, src/events/event.occurrence-table.ts).
  // How often each instance extends the precomputed occurrences of series (they reach about two years ahead).
  OCCURRENCE_REFRESH_INTERVAL_MS: int(1_000, 86_400_000).default(3_600_000),
  // Most events in one calendar feed (ICS or Atom); a feed asks for fewer with `limit`.
  FEED_MAX_EVENTS: int(1, 100_000).default(5_000),
  // Import of partners' calendars (src/calendars): how often each linked calendar is fetched, the limits of one
  // fetch, and whether private, loopback and link-local addresses may be fetched (never in production).
  CALENDAR_SYNC_INTERVAL_MS: int(1_000, 604_800_000).default(3_600_000),
  CALENDAR_MAX_BYTES: int(1_000, 100_000_000).default(5_000_000),
  CALENDAR_FETCH_TIMEOUT_MS: int(100, 120_000).default(10_000),
  CALENDAR_MAX_EVENTS: int(1, 100_000).default(2_000),
  CALENDAR_ALLOW_PRIVATE_ADDRESSES: bool.default(false),
  // Data protection (src/privacy, docs/datenschutz.md): after how many days personal values in the histories
  // (contact details, key labels) are replaced by a marker, and webhook delivery excerpts cleared; how often
  // the job runs (one instance at a time, by an advisory lock), and whether this instance runs it.
  PRIVACY_HISTORY_RETENTION_DAYS: int(1, 36_500).default(730),
  PRIVACY_EXCERPT_RETENTION_DAYS: int(1, 36_500).default(90),
  PRIVACY_RETENTION_INTERVAL_MS: int(1_000, 604_800_000).default(86_400_000),
  PRIVACY_RETENTION_ENABLED: bool.default(true),
});

export type Config = Readonly<
  Omit<z.infer<typeof schema>, 'DATA_DIR'> & {
    /** Absolute path of the embedded database folder (unused with DATABASE_URL). */
    DATA_DIR: string;
    /** True when the hub runs on the embedded PGlite database. */
    embedded: boolean;
  }
>;

/** Thrown when a setting is invalid; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the settings from `env` (default: `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "not set", as in most .env files.
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in schema.shape && value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(env[name])}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const values = parsed.data;
  return Object.freeze({
    ...values,
    // "memory://" keeps the embedded database in memory (tests, throw-away demos).
    DATA_DIR: values.DATA_DIR === 'memory://' ? values.DATA_DIR : path.resolve(values.DATA_DIR),
    embedded: values.DATABASE_URL === undefined,
  });
}

/** The hub's public base URL without a trailing slash: `PUBLIC_URL`, or this machine's own address when unset. */
export function publicUrl(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}
