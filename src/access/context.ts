import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { LoaderScope } from '../db/request-loader';
import type { Logger } from '../shared/logger';
import type { Viewer } from './viewer';

/** What lives for the whole process and every request may use. */
export interface AppServices {
  readonly config: Config;
  readonly db: DataSource;
  readonly log: Logger;
}

/**
 * The transport a request arrived on, as far as a slice may act on it: today
 * only a websocket, which a subscription closes when its subscriber does not
 * keep up or its key stops being valid. HTTP requests have none.
 */
export interface RequestConnection {
  close(code: number, reason: string): void;
}

/**
 * Everything a resolver or service needs for one request (or one websocket
 * operation): who asks, in which languages, the request's own DataLoaders
 * (fresh per request, so nothing cached leaks between viewers) and, on a
 * websocket, the connection. This is the per-request kernel every slice
 * builds on; it sits below the slices so that none of them imports the server.
 */
export interface Context extends LoaderScope {
  readonly app: AppServices;
  readonly db: DataSource;
  readonly viewer: Viewer;
  /** Languages the client prefers, best first (from `Accept-Language`). */
  readonly languages: readonly string[];
  readonly log: Logger;
  readonly loaders: Map<string, unknown>;
  /** The websocket of a subscription; undefined over HTTP. */
  readonly connection?: RequestConnection;
  /** Where the request comes from, for logs, budgets and idempotency (see src/lifecycle, src/ratelimit). */
  readonly request: RequestInfo;
}

/** Who sent a request, as far as the hub can tell. */
export interface RequestInfo {
  /** The request's id: in every log line about it and sent to the client (`X-Request-Id`, `extensions.requestId`). */
  readonly id: string;
  /** The client's address (behind a proxy, as `TRUST_PROXY` allows). */
  readonly address: string;
}

const NO_REQUEST: RequestInfo = { id: 'internal', address: 'internal' };

export function createContext(
  app: AppServices,
  viewer: Viewer,
  languages: readonly string[],
  connection?: RequestConnection,
  request: RequestInfo = NO_REQUEST,
): Context {
  return { app, db: app.db, viewer, languages, log: app.log, loaders: new Map(), connection, request };
}
