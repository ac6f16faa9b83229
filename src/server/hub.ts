import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { authenticate, createContext, type AppServices, type Context } from '../access';
import type { Config } from '../config';
import { migrate, openDatabase, type Database } from '../db/database';
// ../schema first: the slices load in its order, so fields print in the same order as `npm run schema:print`.
import { servedSchema } from '../schema';
import { createQueryExecutor, type QueryExecutor } from './executor';
import { graphqlMiddleware } from './graphql-http';
import { entities } from '../entities';
import { startCalendarSync } from '../calendars';
import { feedRouter } from '../feeds';
import { startOccurrenceJob, type OccurrenceJob } from '../events';
import { startIdempotency } from '../idempotency';
import { createRateLimits, recordCost } from '../ratelimit';
import {
  createRequestPlugin,
  guardContext,
  isClientDisconnect,
  readinessHandler,
  requestIdMiddleware,
  requestInfo,
  trackDrain,
} from '../lifecycle';
import { startChangeFeed, type ChangeFeed } from '../live';
import { WebhookOutbox } from '../webhooks';
import { startRetentionJob, type RetentionJob } from '../privacy';
import { createLogger, type Logger } from '../shared/logger';
import { parseAcceptLanguage } from '../shared/translations';
import { explorerForBrowsers, graphqlCors, loadWebAssets, noSniff, refuseNonJsonPosts, webRouter } from '../web';
import { createErrorFormatter } from './errors';
import { createMetrics } from './metrics';
import { startWebsocketServer } from './websocket';

/** A running hub: HTTP and websocket GraphQL on one port, over one database. */
export interface Hub {
  readonly url: string;
  readonly port: number;
  readonly database: Database;
  readonly services: AppServices;
  readonly schema: GraphQLSchema;
  /** This instance's webhook outbox worker (fan-out and sending; see src/webhooks). */
  readonly webhooks: WebhookOutbox;
  /** This instance's retention job (src/privacy): `run()` runs it now, as its timer does. */
  readonly retention: RetentionJob;
  /** How queries over HTTP are executed (compiled once they repeat; src/server/executor.ts). */
  readonly executor: QueryExecutor;
  /** Stops taking requests, drains in-flight ones, closes sockets and the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** An already open database (tests); otherwise opened from the configuration. */
  database?: Database;
}

/** How long `/healthz` waits for the database before answering 503. */
const HEALTH_TIMEOUT_MS = 3_000;

/** The armor limits (depth, aliases, cost), shared by HTTP and websocket. */
export function armorFor(config: Config) {
  return new ApolloArmor({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES },
    // The cost of each accepted document is what fair use charges (src/ratelimit).
    costLimit: { maxCost: config.GRAPHQL_MAX_COST, onAccept: [recordCost] },
    // Tokens are capped by graphql-js's own parser (`parseOptions` below, and in
    // websocket.ts): armor's Apollo plugin parses a second time in a hook, where
    // a syntax error or the cap becomes an unexpected error (HTTP 500).
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    // Field suggestions help developers; in production they would reveal the schema to probes.
    blockFieldSuggestion: { enabled: config.NODE_ENV === 'production' },
  }).protect();
}

/** TRUST_PROXY as express's `trust proxy`: a boolean, a hop count, or addresses and subnets. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

export async function startHub(config: Config, options: StartOptions = {}): Promise<Hub> {
  const log = options.log ?? createLogger(config);
  const database = options.database ?? (await openDatabase(config, log, { entities }));
  let feed: ChangeFeed | undefined;
  let outbox: WebhookOutbox | undefined;
  let occurrenceJob: OccurrenceJob | undefined;
  let calendarSync: { stop(): Promise<void> } | undefined;
  let retention: RetentionJob | undefined;
  try {
    const applied = await migrate(database);
    if (applied.length) log.info({ migrations: applied }, 'database migrated');
    const schema = await servedSchema();
    // One reader of the change log per process, for every subscription (see src/live).
    feed = await startChangeFeed({ db: database.dataSource, config, log, pglite: database.pglite, url: database.url });
    outbox = new WebhookOutbox({ db: database.dataSource, config, log, feed });
    if (config.WEBHOOKS_ENABLED) outbox.start();
    const services: AppServices = { config, db: database.dataSource, log };
    occurrenceJob = await startOccurrenceJob(database.dataSource, log, config.OCCURRENCE_REFRESH_INTERVAL_MS);
    calendarSync = startCalendarSync(services, log);
    retention = startRetentionJob(database.dataSource, log, config);
    const development = config.NODE_ENV === 'development';
    const formatError = createErrorFormatter(development);
    const armor = armorFor(config);
    const executor = createQueryExecutor(schema);
    const metrics = createMetrics(database, log, outbox, executor);
    const idempotency = startIdempotency(database.dataSource, log);
    const rateLimits = createRateLimits(config, database.dataSource, config.embedded, log);

    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', trustProxy(config.TRUST_PROXY));
    const httpServer = http.createServer(app);
    const drain = trackDrain(httpServer, log);
    app.use(requestIdMiddleware, drain.middleware);
    // Longer than the idle timeouts of common load balancers and HTTP clients (undici: 4 s), so the
    // server is not the side closing a kept-alive connection while a client sends on it (ECONNRESET).
    httpServer.keepAliveTimeout = 65_000;
    httpServer.headersTimeout = 66_000;
    const apollo = new ApolloServer<Context>({
      // The schema, and queries executed compiled once they repeat (src/server/executor.ts).
      gateway: executor.gateway,
      // Off, and why that is safe (no cookies; GET never mutates; non-JSON POSTs refused): src/web/cross-origin.ts.
      csrfPrevention: false,
      // main.ts handles SIGTERM/SIGINT for the whole hub (drain, websocket, database). Apollo's own handler would
      // stop only Apollo and then re-raise the signal, killing the process before the database is closed.
      stopOnTerminationSignals: false,
      introspection: config.GRAPHQL_INTROSPECTION,
      includeStacktraceInErrorResponses: development,
      allowBatchedHttpRequests: false,
      validationRules: armor.validationRules,
      parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS },
      formatError,
      plugins: [
        ...armor.plugins,
        metrics.plugin,
        // No field sets cache hints; Apollo's default cache-control plugin would still wrap every field resolver.
        ApolloServerPluginCacheControlDisabled(),
        createRequestPlugin(log),
        // Charged before the idempotency plugin answers a replay: a replay costs like the request.
        rateLimits.plugin,
        // After the request plugin: the answer it keeps carries the first request's id.
        idempotency.plugin,
        // Apollo Server adds federated tracing (ftv1) to a subgraph schema unless told not to: a cost per
        // field that nothing here reads (Hive Gateway does not ask for it).
        ApolloServerPluginInlineTraceDisabled(),
        // The hub serves its own explorer (src/web), offline; Apollo's loads from a CDN.
        ApolloServerPluginLandingPageDisabled(),
      ],
    });
    await apollo.start();

    app.get('/healthz', async (_req, res) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        // A database that hangs must fail the check, not hang it: load balancers time out and act on that.
        await Promise.race([
          database.dataSource.query('SELECT 1'),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('the database did not answer within 3 s')), HEALTH_TIMEOUT_MS);
          }),
        ]);
        res.status(200).json({ status: 'ok', database: database.pglite ? 'embedded' : 'postgresql' });
      } catch (error) {
        log.warn({ err: error }, 'health check failed');
        res.status(503).json({ status: 'unavailable' });
      } finally {
        clearTimeout(timer);
      }
    });

    app.get(
      '/readyz',
      readinessHandler(database.dataSource, () => drain.draining, log),
    );

    if (config.METRICS_ENABLED) app.get('/metrics', metrics.handler);

    const webAssets = loadWebAssets();
    // The GraphQL path's chain; mounted before the pages and feeds, which every GraphQL request would otherwise
    // walk past first.
    const graphql: express.RequestHandler[] = [
      noSniff,
      graphqlCors(config),
      explorerForBrowsers(config, webAssets),
      refuseNonJsonPosts,
      metrics.middleware,
      express.json({ limit: config.MAX_BODY_BYTES }),
      graphqlMiddleware(apollo, async ({ req, res }) => {
        const request = requestInfo(req, res);
        return guardContext(log, request.id, async () => {
          let viewer;
          try {
            viewer = await rateLimits.guardAuthentication(request.address, !!req.headers.authorization, () =>
              authenticate(database.dataSource, req.headers.authorization, config.API_KEY_CACHE_MS),
            );
          } catch (error) {
            metrics.contextFailed(req, error);
            throw error;
          }
          const context = createContext(
            services,
            viewer,
            parseAcceptLanguage(req.headers['accept-language']),
            undefined,
            request,
          );
          metrics.bind(req, context);
          return context;
        });
      }),
    ];
    // POST answers carry no ETag (graphql-http.ts); GET answers keep express's.
    app.use('/graphql', ...graphql);

    app.use(webRouter({ config, schema, assets: webAssets }));
    // iCalendar and Atom feeds for calendar apps and web sites (src/feeds).
    app.use(feedRouter(services));

    // Body too large, malformed JSON and other request errors: a GraphQL-shaped JSON answer, never an HTML page.
    app.use(
      (
        error: Error & { status?: number; type?: string },
        _req: express.Request,
        res: express.Response,
        next: express.NextFunction,
      ) => {
        const requestId = res.locals.requestId as string | undefined;
        if (isClientDisconnect(error)) {
          log.debug({ err: error, requestId }, 'the client went away during the request');
          if (!res.headersSent && !res.destroyed) res.status(400).end();
          return;
        }
        if (res.headersSent) return next(error);
        const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
        if (status === 500) log.error({ err: error, requestId }, 'request failed');
        const message =
          error.type === 'entity.too.large'
            ? `The request body is larger than ${config.MAX_BODY_BYTES} bytes.`
            : status === 500
              ? 'Internal server error.'
              : `The request could not be read: ${error.message}`;
        res.status(status).json({
          errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT', requestId } }],
        });
      },
    );

    const websocket = startWebsocketServer({ httpServer, schema, services, config, formatError, armor, rateLimits });

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.PORT, config.HOST, () => resolve());
    });
    const port = (httpServer.address() as AddressInfo).port;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    const url = `http://${host}:${port}/graphql`;
    log.info({ url, database: database.pglite ? `embedded (${config.DATA_DIR})` : 'postgresql' }, 'wir-hub is ready');

    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      database,
      services,
      schema,
      webhooks: outbox,
      retention,
      executor,
      stop() {
        stopping ??= (async () => {
          // HTTP first (readiness fails, answers say Connection: close, requests in flight finish); then websockets
          // are told to go away (1001), so subscribers reconnect elsewhere and resume from their cursor.
          await drain.run({ delayMs: config.SHUTDOWN_DELAY_MS, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
          await websocket.close();
          await apollo.stop();
          await outbox?.stop();
          await calendarSync?.stop();
          await occurrenceJob?.stop();
          await retention?.stop();
          idempotency.stop();
          await rateLimits.close();
          await feed?.stop();
          await database.close();
          log.info('wir-hub stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await outbox?.stop().catch(() => undefined);
    await calendarSync?.stop().catch(() => undefined);
    await occurrenceJob?.stop().catch(() => undefined);
    await retention?.stop().catch(() => undefined);
    await feed?.stop().catch(() => undefined);
    if (!options.database) await database.close().catch(() => undefined);
    throw error;
  }
}
