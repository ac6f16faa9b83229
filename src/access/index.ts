/**
 * The access slice's public surface: who asks (the viewer and its API key),
 * the per-request kernel every slice builds on (context, connection) and the
 * Relay `Node` lookup. Other folders import access only through this file.
 */
import { ApiKeyEntity } from './api-key.entity';
import { AccessResolver } from './access.resolver';
import { NodeResolver } from './node.resolver';
import { FeedTokenResolver } from './feed-token.resolver';

export { createContext, type AppServices, type Context, type RequestConnection, type RequestInfo } from './context';
export { Viewer } from './viewer';
export { ApiKeyEntity, type RoleValue } from './api-key.entity';
export { ApiKey, Membership, ROLES } from './access.types';
export { authenticate, forgetApiKeys, insertApiKey, refusedKeys } from './api-key.service';
export { feedTokenViewer } from './feed-token.service';
export { Node, nodeFetcher, nodeTypeName, registerNodeType, type NodeFetcher } from './node';

/** The slice's GraphQL resolvers and TypeORM entities, for src/schema.ts and src/entities.ts. */
export const accessResolvers = [NodeResolver, AccessResolver, FeedTokenResolver] as const;
export const accessEntities = [ApiKeyEntity];
