/**
 * The live slice's public surface: the change feed (one per hub), the
 * subscriptions over it and the shared subscription execution the websocket
 * server uses. Other folders import live only through this file.
 */
import { ChangeResolver } from './change.resolver';
import { OrganisationChangeResolver } from './organisation-change.resolver';

export { startChangeFeed, unusedPubSub } from './live';
export type { ChangeFeed } from './change-feed';
export { subscribeShared } from './shared-execution';
// For slices that deliver the change log by other means (webhooks): reading it, and the same rules as the subscriptions.
export { eventIdsOf, readChanges, type ChangeRow, type EventChangeRow, type OrganisationChangeRow } from './change-log';
export { loadCurrentEvents } from './change-feed';
export { encodeChangeCursor } from './change-cursor';
export {
  canHearOf,
  canHearOfOrganisationChange,
  matchesOrganisationSelection,
  matchesSelection,
  toldFields,
  type ChangeSelection,
  type OrganisationChangeSelection,
} from './change.policy';

/** The slice's GraphQL resolvers, for src/schema.ts. */
export const liveResolvers = [ChangeResolver, OrganisationChangeResolver];
