import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Context, RequestInfo } from '../access';
import { isDatabaseUnavailable } from '../db/outage';
import { ErrorCode, httpAnswer, OUTAGE_RETRY_AFTER_S, serviceUnavailable } from '../shared/errors';
import type { Logger } from '../shared/logger';

/**
 * Every request gets an id: in the `X-Request-Id` response header, in
 * `extensions.requestId` of every error, and in every log line about it, so
 * an operator finds the line a partner's developer quotes. A load balancer's
 * own `X-Request-Id` is kept when it looks like one.
 */
const CLIENT_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Express middleware: gives the request its id and sends it back in `X-Request-Id`. */
export const requestIdMiddleware: RequestHandler = (req, res, next) => {
  const sent = req.headers['x-request-id'];
  const id = typeof sent === 'string' && CLIENT_ID.test(sent) ? sent : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
};

/** The request's id and client address (after {@link requestIdMiddleware}). */
export function requestInfo(req: Request, res: Response): RequestInfo {
  return {
    id: (res.locals.requestId as string | undefined) ?? randomUUID(),
    // `req.ip` follows express's `trust proxy` (the TRUST_PROXY setting); the socket's peer otherwise.
    address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  };
}

/** Errors of a client going away mid-request: its business, not a fault of the hub. */
export function isClientDisconnect(error: unknown): boolean {
  const { code, type } = (error ?? {}) as { code?: unknown; type?: unknown };
  return (
    type === 'request.aborted' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNABORTED' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'ERR_STREAM_DESTROYED'
  );
}

function subscriptionOverHttp(): GraphQLError {
  return new GraphQLError(
    'Subscriptions are served over WebSocket (the graphql-ws protocol, "graphql-transport-ws") at this same URL; ' +
      'over HTTP send queries and mutations only. For changes without a websocket, query `changes(since:)`.',
    { extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'SUBSCRIPTION_OVER_HTTP', http: { status: 400 } } },
  );
}

/** Logs "database unavailable" at most this often: an outage under load must not flood the log. */
const OUTAGE_LOG_INTERVAL_MS = 5_000;

/**
 * The Apollo plugin that finishes every HTTP answer: refuses subscriptions
 * (they need a websocket), puts the request id in every error, logs faults
 * with it, and answers HTTP 503 with `Retry-After` when the database is
 * unreachable (errors shaped as SERVICE_UNAVAILABLE by src/server/errors.ts).
 */
export function createRequestPlugin(log: Logger): ApolloServerPlugin<Context> {
  let lastOutageLog = 0;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (rc.operation?.operation === 'subscription') throw subscriptionOverHttp();
        },
        async willSendResponse(rc) {
          const body = rc.response.body;
          if (body.kind !== 'single' || !body.singleResult.errors?.length) return;
          const requestId = rc.contextValue?.request?.id;
          const originals = rc.errors ?? [];
          let unavailable = false;
          body.singleResult.errors = body.singleResult.errors.map((formatted, index) => {
            const code = formatted.extensions?.code;
            if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
              const original = originals.length === body.singleResult.errors!.length ? originals[index] : originals[0];
              log.error({ err: unwrapResolverError(original), requestId }, 'unexpected error while handling a request');
            } else if (code === ErrorCode.SERVICE_UNAVAILABLE) {
              unavailable = true;
            }
            return { ...formatted, extensions: { ...formatted.extensions, requestId } };
          });
          if (unavailable) {
            rc.response.http.status = 503;
            rc.response.http.headers.set('retry-after', String(OUTAGE_RETRY_AFTER_S));
            if (Date.now() - lastOutageLog > OUTAGE_LOG_INTERVAL_MS) {
              lastOutageLog = Date.now();
              log.warn({ requestId, err: unwrapResolverError(originals[0]) }, 'database unavailable: answering 503');
            }
          }
        },
      };
    },
  };
}

/**
 * Runs the creation of a request's context (authentication reads the
 * database) so that its failures answer like the rest: an unreachable
 * database is HTTP 503 with `Retry-After`, refusals carry the request id,
 * and a fault is logged with it.
 */
export async function guardContext<T>(log: Logger, requestId: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof GraphQLError) {
      throw new GraphQLError(error.message, { extensions: { ...error.extensions, requestId } });
    }
    if (isDatabaseUnavailable(error)) {
      const unavailable = serviceUnavailable(OUTAGE_RETRY_AFTER_S);
      const headers = new HeaderMap([['retry-after', String(OUTAGE_RETRY_AFTER_S)]]);
      throw new GraphQLError(unavailable.message, {
        extensions: { ...unavailable.extensions, requestId, http: httpAnswer(503, headers) },
      });
    }
    log.error({ err: error, requestId }, 'unexpected error while authenticating a request');
    throw error;
  }
}
