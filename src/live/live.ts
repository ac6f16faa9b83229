import type { DataSource } from 'typeorm';
import type { Context } from '../access';
import { ChangeFeed, type ChangeFeedOptions } from './change-feed';

/**
 * The live slice's process-wide part: one change feed per database (one per
 * hub; tests may run several hubs in one process, each with its own).
 */
const feeds = new WeakMap<DataSource, ChangeFeed>();

/** Starts the change feed of a hub; `stop()` it before closing the database. */
export async function startChangeFeed(options: ChangeFeedOptions): Promise<ChangeFeed> {
  const feed = new ChangeFeed(options);
  await feed.start();
  feeds.set(options.db, feed);
  return feed;
}

/** The change feed of the hub on this database, if it runs (tests and diagnostics). */
export function changeFeedFor(db: DataSource): ChangeFeed | undefined {
  return feeds.get(db);
}

/** The change feed serving this request's hub. */
export function changeFeedOf(ctx: Context): ChangeFeed {
  const feed = feeds.get(ctx.db);
  if (!feed) throw new Error('The change feed is not running for this database.');
  return feed;
}

/**
 * WebSocket close code for a subscriber that does not keep up: more than
 * `WS_MAX_BUFFERED_MESSAGES` changes wait undelivered on one subscription.
 * 1013 is "Try Again Later"; graphql-ws clients reconnect on it by default.
 * Reconnect and resume with `since` set to the last cursor received.
 */
export const SLOW_CONSUMER_CLOSE_CODE = 1013;
export const SLOW_CONSUMER_CLOSE_REASON = 'Slow consumer: too many undelivered changes; resume with since';

/**
 * WebSocket close code for a connection whose API key was revoked or expired
 * while it was open: graphql-ws's 4403 Forbidden, the code a bad key gets at
 * connection time. Do not reconnect with the same key.
 */
export const KEY_REFUSED_CLOSE_CODE = 4403;

/**
 * type-graphql insists on a PubSub once any subscription exists, even when
 * every subscription brings its own `subscribe` (ours read the change feed).
 * Nothing publishes through it; using it would be a bug, so it says so.
 */
export const unusedPubSub = {
  publish(): void {
    throw new Error('wir-hub subscriptions read the change feed; nothing publishes through type-graphql PubSub.');
  },
  subscribe(): AsyncIterable<never> {
    throw new Error('wir-hub subscriptions read the change feed; nothing subscribes through type-graphql PubSub.');
  },
};
