import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticate, createContext, type AppServices, type RequestInfo, type Viewer } from '../access';
import type { Config } from '../config';
import { subscribeShared } from '../live';
import type { RateLimits } from '../ratelimit';
import { isDatabaseUnavailable } from '../db/outage';
import { ErrorCode, OUTAGE_RETRY_AFTER_S, serviceUnavailable } from '../shared/errors';
import { parseAcceptLanguage } from '../shared/translations';
import { websocketOriginAllowed } from '../web';
import type { ErrorFormatter } from './errors';
import { serveGraphqlWs } from './ws-transport';

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  viewer?: Viewer;
  /** The connection's `authorization` param, checked again for every operation. */
  authorization?: string;
  languages?: string[];
  operations?: Set<string>;
  /** The connection's id; an operation's request id is `<connection id>:<operation id>`. */
  connectionId?: string;
}

export interface WebsocketOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: AppServices;
  config: Config;
  formatError: ErrorFormatter;
  armor: { validationRules: ValidationRule[]; plugins: ApolloServerPlugin[] };
  rateLimits: RateLimits;
}

function requestError(message: string, code: ErrorCode = ErrorCode.BAD_USER_INPUT): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** A parse or validation error with Apollo's code for it, keeping where it points in the document. */
function asRequestError(error: unknown, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  if (!(error instanceof GraphQLError))
    return new GraphQLError(String((error as Error)?.message ?? error), { extensions: { code } });
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error,
    extensions: { ...error.extensions, code },
  });
}

/**
 * graphql-ws on the HTTP server's port and path (`/graphql`). A connection
 * authenticates once with `connectionParams.authorization` ("Bearer <secret>");
 * a bad key closes it with 4403. Every operation passes the same limits as
 * HTTP (tokens, depth, aliases, cost) and gets its own context and loaders.
 */
export function startWebsocketServer({ httpServer, schema, services, config, formatError, armor, rateLimits }: WebsocketOptions) {
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: config.MAX_BODY_BYTES,
    // Pages on origins outside CORS_ORIGINS are refused here, as their HTTP requests are by CORS.
    verifyClient: ({ origin, req }: { origin?: string; req: http.IncomingMessage }) =>
      websocketOriginAllowed(config, origin, req.headers.host),
  });
  const rules = [...specifiedRules, ...armor.validationRules];
  const { log } = services;
  const requestOf = (extra: ConnectionExtra & { request: http.IncomingMessage }, id: string): RequestInfo => ({
    id: `${extra.connectionId ?? 'ws'}:${id}`,
    address: extra.request.socket.remoteAddress ?? 'unknown',
  });
  // Shaped as over HTTP, with the operation's request id; faults are logged with it.
  const format = (errors: readonly GraphQLError[], requestId: string): GraphQLFormattedError[] =>
    errors.map((error) => {
      const formatted = formatError(error.toJSON(), error);
      if (formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
        log.error({ err: error.originalError ?? error, requestId }, 'unexpected error while handling a request');
      }
      return { ...formatted, extensions: { ...formatted.extensions, requestId } };
    });
  // Each operation gets its own context (and loaders), with its socket, so a subscription
  // that cannot keep up, or whose key stops being valid, can close it (see src/live/change.service.ts).
  const operationContext = (extra: ConnectionExtra & { socket: WebSocket; request: http.IncomingMessage }, id: string) =>
    createContext(
      services,
      extra.viewer!,
      extra.languages ?? [],
      { close: (code, reason) => extra.socket.close(code, reason) },
      requestOf(extra, id),
    );

  const server = serveGraphqlWs<ConnectionExtra>(
    {
      schema,
      // Subscribers with the same document, variables and viewer share one execution per change.
      subscribe: subscribeShared,
      connectionInitWaitTimeout: config.WS_INIT_TIMEOUT_MS,
      onConnect: async (ctx) => {
        ctx.extra.connectionId = randomUUID();
        const params = ctx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        try {
          ctx.extra.authorization = typeof authorization === 'string' ? authorization : undefined;
          ctx.extra.viewer = await rateLimits.guardAuthentication(
            ctx.extra.request.socket.remoteAddress ?? 'unknown',
            !!ctx.extra.authorization,
            () => authenticate(services.db, ctx.extra.authorization, config.API_KEY_CACHE_MS),
          );
        } catch (error) {
          if (error instanceof GraphQLError) return false; // graphql-ws closes with 4403 Forbidden
          if (!isDatabaseUnavailable(error)) throw error;
          // 1013 Try Again Later: the client reconnects after a while (the 4403 graphql-ws sends next is ignored).
          ctx.extra.socket.close(1013, 'The database is not reachable; try again later');
          return false;
        }
        const language = params.acceptLanguage ?? params['accept-language'];
        ctx.extra.languages = parseAcceptLanguage(
          typeof language === 'string' ? language : ctx.extra.request.headers['accept-language'],
        );
        ctx.extra.operations = new Set();
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const operations = ctx.extra.operations!;
        if (operations.size >= config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [
            requestError(
              `At most ${config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION} operations may run at once on one connection; complete some first.`,
              ErrorCode.RATE_LIMITED,
            ),
          ];
        }
        // Errors are returned raw, with Apollo's codes, and shaped by `onError`
        // (graphql-ws accepts only GraphQLError instances here), so websocket
        // clients get the same answers as HTTP ones.
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.GRAPHQL_MAX_TOKENS });
        } catch (error) {
          return [asRequestError(error, 'GRAPHQL_PARSE_FAILED')];
        }
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document, rules);
        } catch (error) {
          // graphql-armor's limits throw from inside validation instead of reporting.
          errors = [asRequestError(error, 'GRAPHQL_VALIDATION_FAILED')];
        }
        if (errors.length) return errors.map((error) => asRequestError(error, 'GRAPHQL_VALIDATION_FAILED'));
        if (!getOperationAST(document, payload.operationName)) {
          return [requestError('The document has no operation of that name.')];
        }
        if (ctx.extra.authorization) {
          // A key revoked (or expired) since the connection opened is refused
          // on its next operation, as over HTTP; the connection then closes,
          // which ends its running subscriptions too.
          try {
            ctx.extra.viewer = await authenticate(services.db, ctx.extra.authorization, config.API_KEY_CACHE_MS);
          } catch (error) {
            if (isDatabaseUnavailable(error)) return [serviceUnavailable(OUTAGE_RETRY_AFTER_S)];
            if (!(error instanceof GraphQLError)) throw error;
            setImmediate(() => ctx.extra.socket.close(4403, 'Forbidden'));
            return [error];
          }
        }
        // Websocket operations spend the same budget as HTTP ones.
        const refused = await rateLimits.chargeOperation(ctx.extra.viewer!, requestOf(ctx.extra, id).address, document);
        if (refused) return [refused];
        operations.add(id);
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: operationContext(ctx.extra, id),
        };
      },
      onNext: (ctx, id, _payload, _args, result) => {
        // The result as it is (shared by every subscriber of the same execution, see src/live/shared-execution.ts):
        // graphql-ws would otherwise copy it twice per subscriber before serialising it.
        if (!result.errors?.length) return result;
        return { ...result, errors: format(result.errors, requestOf(ctx.extra, id).id) };
      },
      onError: (ctx, id, _payload, errors) => format(errors, requestOf(ctx.extra, id).id),
      onComplete: (ctx, id) => {
        ctx.extra.operations?.delete(id);
      },
    },
    wss,
    config.WS_KEEPALIVE_MS,
    log,
  );

  return {
    wss,
    async close() {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
