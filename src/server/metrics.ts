import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WebhookOutbox } from '../webhooks';
import type { Database } from '../db/database';
import type { Logger } from '../shared/logger';
import type { Context } from '../access';
import type { QueryExecutor } from './executor';

/**
 * Operators' view of a hub: Prometheus metrics at `GET /metrics` and one log
 * line per GraphQL operation. Each hub has its own registry, so several hubs in
 * one process (tests) do not collide.
 *
 * What is recorded is chosen so that nothing private leaks: operation names
 * and types, outcomes (error codes) and durations — never documents, variables,
 * results or keys.
 */
export interface HubMetrics {
  readonly registry: Registry;
  /**
   * Express middleware for the GraphQL path: times every request and records
   * it once its answer is sent (also requests refused before Apollo runs, e.g.
   * a bad key or a body too large).
   */
  readonly middleware: RequestHandler;
  /** The Apollo plugin that tells the middleware the operation's name, type and error codes. */
  readonly plugin: ApolloServerPlugin<Context>;
  /** Links the request's GraphQL context to its record, so the plugin finds it (call from Apollo's context function). */
  bind(req: Request, context: Context): void;
  /** Records that the context could not be made (e.g. a refused key), with the error's code. */
  contextFailed(req: Request, error: unknown): void;
  /** Express handler for `GET /metrics`. */
  handler(req: Request, res: Response): Promise<void>;
}

/** Operation names are chosen by clients: beyond this many distinct ones, further names count as "other". */
export const MAX_OPERATION_NAMES = 200;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

interface RequestState {
  started: bigint;
  /** Whether Apollo saw the request (else it was refused before, or was no GraphQL request). */
  seen: boolean;
  operation: string | undefined;
  type: string;
  codes: string[];
}

function errorCode(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/**
 * The operation name and type of a request Apollo did not get to parse, read
 * cheaply from the body: `operationName`, else the first operation's header.
 */
function sentOperation(req: Request, known: string | undefined): Pick<RequestState, 'operation' | 'type'> {
  const source = (req.body ?? req.query ?? {}) as { operationName?: unknown; query?: unknown };
  const header =
    typeof source.query === 'string'
      ? /^\s*(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/.exec(source.query)
      : null;
  const type = header?.[1] ?? (typeof source.query === 'string' && /^\s*\{/.test(source.query) ? 'query' : 'unknown');
  const operation = known ?? (typeof source.operationName === 'string' ? source.operationName : header?.[2]);
  return { operation, type };
}

/** The error code a refused request most likely carried, when only its HTTP status is known. */
function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'INTERNAL_SERVER_ERROR';
  return 'BAD_USER_INPUT';
}

export function createMetrics(database: Database, log: Logger, outbox?: WebhookOutbox, executor?: QueryExecutor): HubMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'wir-hub' });
  collectDefaultMetrics({ register: registry });

  const labelNames = ['operation', 'type', 'outcome'] as const;
  const requests = new Counter({
    name: 'wirhub_graphql_requests_total',
    help: 'GraphQL operations over HTTP, by operation name, type (query, mutation) and outcome (ok, or the first error code).',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'wirhub_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL operation over HTTP to sending its answer, by operation name, type and outcome.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // The query log counts every statement (requests' and background jobs'); the counters follow it at scrape time.
  followingCounter(
    registry,
    'wirhub_db_statements_total',
    'SQL statements sent to the database.',
    () => database.queryLog.count + database.queryLog.backgroundCount,
  );
  followingCounter(
    registry,
    'wirhub_db_prepared_statements_total',
    'Of the SQL statements sent for requests: those sent as prepared (named) statements (src/db/query-rows.ts).',
    () => database.queryLog.preparedCount,
  );

  if (executor) {
    followingCounter(
      registry,
      'wirhub_graphql_executions_total',
      'GraphQL executions over HTTP, by engine: "compiled" (a repeated query, graphql-jit; src/server/executor.ts) or "interpreted" (graphql-js).',
      () => executor.executions(),
      'engine',
    );
  }

  // Only the PostgreSQL server has a pool worth watching; PGlite is one session.
  if (!database.pglite) {
    new Gauge({
      name: 'wirhub_db_pool_connections',
      help: 'Connections of the pool to the PostgreSQL server: total, idle, and requests waiting for one.',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const pool = (
          database.dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }
        ).master;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  if (outbox) webhookMetrics(registry, database, outbox);

  const knownNames = new Set<string>();
  function operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!NAME.test(name)) return 'invalid';
    if (knownNames.has(name)) return name;
    if (knownNames.size >= MAX_OPERATION_NAMES) return 'other';
    knownNames.add(name);
    return name;
  }

  // What the plugin learns about the request in flight, recorded when the answer is sent; found through the
  // express request and the request's GraphQL context. Passed along explicitly rather than through an
  // AsyncLocalStorage, which on Node 20 hooks every promise of the process (a fifth of the CPU of a read).
  const states = new WeakMap<object, RequestState>();
  // On the context itself: Apollo hands plugins a shallow copy of the context, which keeps own symbol properties.
  const stateKey = Symbol('wirhub.metrics');

  function record(state: RequestState, res: Response): void {
    // Not a GraphQL answer (the landing page of a browser GET): nothing to count.
    if (!state.seen && res.statusCode < 400) return;
    const seconds = Number(process.hrtime.bigint() - state.started) / 1e9;
    const outcome = !res.writableFinished
      ? 'ABORTED'
      : (state.codes[0] ?? (res.statusCode >= 400 ? codeForStatus(res.statusCode) : 'ok'));
    const labels = { operation: operationLabel(state.operation), type: state.type, outcome };
    requests.inc(labels);
    duration.observe(labels, seconds);
    // The log line is built only when it is written (LOG_LEVEL info or lower).
    if (!log.isLevelEnabled('info')) return;
    const codes = state.codes.length ? state.codes : outcome === 'ok' ? [] : [outcome];
    log.info(
      {
        operation: labels.operation,
        type: labels.type,
        ms: Math.round(seconds * 10_000) / 10,
        status: res.statusCode,
        ...(codes.length ? { errorCodes: codes } : {}),
      },
      'graphql',
    );
  }

  return {
    registry,
    middleware(req, res, next) {
      const state: RequestState = {
        started: process.hrtime.bigint(),
        seen: false,
        operation: undefined,
        type: 'unknown',
        codes: [],
      };
      res.once('close', () => {
        try {
          // Refused before Apollo ran (bad key): name and type as the client sent them, once the body was read.
          if (state.type === 'unknown') Object.assign(state, sentOperation(req, state.operation));
          record(state, res);
        } catch (error) {
          // Metrics must never break an answer.
          log.warn({ err: error }, 'could not record request metrics');
        }
      });
      states.set(req, state);
      next();
    },
    bind(req, context) {
      const state = states.get(req);
      if (state) (context as unknown as Record<symbol, RequestState>)[stateKey] = state;
    },
    contextFailed(req, error) {
      const state = states.get(req);
      if (state) {
        state.seen = true;
        state.codes = [errorCode(error)];
      }
    },
    plugin: {
      async requestDidStart({ request, contextValue }) {
        const state = (contextValue as unknown as Record<symbol, RequestState | undefined>)[stateKey];
        if (!state) return;
        state.seen = true;
        state.operation = request.operationName ?? state.operation;
        return {
          async didResolveOperation(ctx) {
            state.operation = ctx.operationName ?? state.operation;
            state.type = ctx.operation?.operation ?? state.type;
          },
          async willSendResponse(ctx) {
            const body = ctx.response.body;
            const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : (body.initialResult.errors ?? []);
            if (errors.length)
              state.codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          },
        };
      },
    },
    async handler(_req, res) {
      try {
        const text = await registry.metrics();
        res.status(200).type(registry.contentType).send(text);
      } catch (error) {
        log.error({ err: error }, 'could not collect metrics');
        res.status(500).type('text/plain').send('metrics unavailable\n');
      }
    },
  };
}

/**
 * A counter following a running total kept elsewhere (the query log, the
 * executor), read at scrape time: `read` answers the total, or totals by the
 * value of `label`. Counted from the totals at creation; a total that went
 * down (tests reset the query log) counts from zero again.
 */
function followingCounter(
  registry: Registry,
  name: string,
  help: string,
  read: () => number | Record<string, number>,
  label?: string,
): void {
  const totals = (): Record<string, number> => {
    const now = read();
    return typeof now === 'number' ? { '': now } : now;
  };
  const seen = new Map(Object.entries(totals()));
  new Counter({
    name,
    help,
    labelNames: label ? [label] : [],
    registers: [registry],
    collect() {
      for (const [value, now] of Object.entries(totals())) {
        const before = seen.get(value) ?? 0;
        const delta = now >= before ? now - before : now;
        seen.set(value, now);
        if (delta > 0) {
          if (label) this.inc({ [label]: value }, delta);
          else this.inc(delta);
        }
      }
    },
  });
}

/**
 * The webhook outbox: deliveries waiting and given up (read from the outbox
 * table at scrape time, so every instance reports the same), and this
 * instance's attempts and commit-to-2xx latencies.
 */
function webhookMetrics(registry: Registry, database: Database, outbox: WebhookOutbox): void {
  new Gauge({
    name: 'wirhub_webhook_outbox_deliveries',
    help: 'Webhook deliveries in the outbox by status: pending (waiting for an attempt or a retry) and failed (given up).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const [row] = await database.dataSource.query(
        `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*) FILTER (WHERE status = 'FAILED')::int AS failed
           FROM webhook_delivery`,
      );
      this.set({ status: 'pending' }, Number(row?.pending ?? 0));
      this.set({ status: 'failed' }, Number(row?.failed ?? 0));
    },
  });
  const seen = { delivered: 0, failedAttempts: 0 };
  new Counter({
    name: 'wirhub_webhook_attempts_total',
    help: 'Webhook delivery attempts made by this instance, by outcome: delivered (2xx) or failed (anything else).',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.inc({ outcome: 'delivered' }, outbox.stats.delivered - seen.delivered);
      this.inc({ outcome: 'failed' }, outbox.stats.failedAttempts - seen.failedAttempts);
      seen.delivered = outbox.stats.delivered;
      seen.failedAttempts = outbox.stats.failedAttempts;
    },
  });
  new Histogram({
    name: 'wirhub_webhook_delivery_latency_seconds',
    help: "Time from a change's commit to its webhook delivery's 2xx answer (retries included), deliveries by this instance.",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers: [registry],
    collect() {
      for (const ms of outbox.stats.latencies.splice(0)) this.observe(ms / 1000);
    },
  });
}
