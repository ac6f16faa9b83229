/**
 * The lifecycle slice's public surface: what makes each request traceable
 * (request ids, quiet logs, coded outages) and the hub's readiness and drain.
 */
export { trackDrain, type Drain } from './drain';
export { readinessHandler } from './readiness';
export { createRequestPlugin, guardContext, isClientDisconnect, requestIdMiddleware, requestInfo } from './requests';
