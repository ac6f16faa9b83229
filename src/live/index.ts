/**
 * The live slice's public surface: the change feed (one per hub), the
 * subscriptions over it and the shared subscription execution the websocket
 * server uses. Other folders import live only through this file.
 */
import { ChangeResolver } from './change.resolver';

export { startChangeFeed, unusedPubSub } from './live';
export type { ChangeFeed } from './change-feed';
export { subscribeShared } from './shared-execution';

/** The slice's GraphQL resolvers, for src/schema.ts. */
export const liveResolvers = [ChangeResolver];
