/**
 * The idempotency slice's public surface: `Idempotency-Key` for mutations
 * (see idempotency.plugin.ts).
 */
export { LEASE_S, RETENTION_HOURS, pruneIdempotencyKeys, startIdempotency } from './idempotency.plugin';
