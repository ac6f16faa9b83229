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
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticate, createContext, type AppServices, type Viewer } from '../access';
import type { Config } from '../config';
import { subscribeShared } from '../live';
import { ErrorCode } from '../shared/errors';
import { parseAcceptLanguage } from '../shared/translations';
import { websocketOriginAllowed } from '../web';

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  viewer?: Viewer;
  /** The connection's `authorization` param, checked again for every operation. */
  authorization?: string;
  languages?: string[];
  operations?: Set<string>;
}

export interface WebsocketOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: AppServices;
  config: Config;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  armor: { validationRules: ValidationRule[]; plugins: ApolloServerPlugin[] };
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
export function startWebsocketServer({ httpServer, schema, services, config, formatError, armor }: WebsocketOptions) {
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: config.MAX_BODY_BYTES,
    // Pages on origins outside CORS_ORIGINS are refused here, as their HTTP requests are by CORS.
    verifyClient: ({ origin, req }: { origin?: string; req: http.IncomingMessage }) =>
      websocketOriginAllowed(config, origin, req.headers.host),
  });
  const rules = [...specifiedRules, ...armor.validationRules];
  const format = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));
  // Each operation gets its own context (and loaders), with its socket, so a subscription
  // that cannot keep up, or whose key stops being valid, can close it (see src/live/change.service.ts).
  const operationContext = (extra: ConnectionExtra & { socket: WebSocket }) => {
    return createContext(services, extra.viewer!, extra.languages ?? [], {
      close: (code, reason) => extra.socket.close(code, reason),
    });
  };

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      // Subscribers with the same document, variables and viewer share one execution per change.
      subscribe: subscribeShared,
      connectionInitWaitTimeout: config.WS_INIT_TIMEOUT_MS,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        try {
          ctx.extra.authorization = typeof authorization === 'string' ? authorization : undefined;
          ctx.extra.viewer = await authenticate(services.db, ctx.extra.authorization, config.API_KEY_CACHE_MS);
        } catch (error) {
          if (error instanceof GraphQLError) return false; // graphql-ws closes with 4403 Forbidden
          throw error;
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
            if (!(error instanceof GraphQLError)) throw error;
            setImmediate(() => ctx.extra.socket.close(4403, 'Forbidden'));
            return [error];
          }
        }
        operations.add(id);
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: operationContext(ctx.extra),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: format(result.errors) };
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onComplete: (ctx, id) => {
        ctx.extra.operations?.delete(id);
      },
    },
    wss,
    config.WS_KEEPALIVE_MS,
  );

  return {
    wss,
    async close() {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
