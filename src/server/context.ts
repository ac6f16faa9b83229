import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../access/viewer';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';

/** What lives for the whole process and every request may use. */
export interface AppServices {
  readonly config: Config;
  readonly db: DataSource;
  readonly log: Logger;
}

/**
 * Everything a resolver or service needs for one request (or one websocket
 * subscription delivery): who asks, in which languages, and the request's own
 * DataLoaders (fresh per request, so nothing cached leaks between viewers).
 */
export interface Context {
  readonly app: AppServices;
  readonly db: DataSource;
  readonly viewer: Viewer;
  /** Languages the client prefers, best first (from `Accept-Language`). */
  readonly languages: readonly string[];
  readonly log: Logger;
  readonly loaders: Map<string, unknown>;
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
  request: RequestInfo = NO_REQUEST,
): Context {
  return { app, db: app.db, viewer, languages, log: app.log, loaders: new Map(), request };
}

/**
 * The request's DataLoader called `name`, created on first use. Domains define
 * their loaders as functions over this, so there is no central loader list.
 */
export function requestLoader<K, V, C = K>(ctx: Context, name: string, create: () => DataLoader<K, V, C>): DataLoader<K, V, C> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V, C> | undefined;
  if (!loader) {
    loader = create();
    ctx.loaders.set(name, loader);
  }
  return loader;
}
