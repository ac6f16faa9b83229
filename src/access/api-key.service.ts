import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { badInput, keyRefused, notFound, unauthenticated } from '../shared/errors';
import type { Context } from './context';
import { ApiKeyEntity, type RoleValue } from './api-key.entity';
import { assertCanManageKeysOf, assertCanRevokeKey } from './access.policy';
import { Viewer } from './viewer';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { insertRow, sql, updateRows } from '../db/write';

const SECRET_PREFIX = 'wh_';

/** SHA-256 of a secret. The secrets are 240 random bits, so a fast hash is safe here. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random secret and the prefix shown to recognise it ("wh_Ab3dE9xQ"). */
export function generateSecret(): { secret: string; prefix: string } {
  const secret = SECRET_PREFIX + randomBytes(30).toString('base64url');
  return { secret, prefix: secret.slice(0, SECRET_PREFIX.length + 8) };
}

export interface NewApiKey {
  label: string;
  coordinator: boolean;
  organisationId?: string | null;
  role?: RoleValue | null;
  expiresAt?: Date | null;
  createdById?: string | null;
}

/** Stores a new key; the secret is returned once and never stored. */
export async function insertApiKey(db: DataSource, key: NewApiKey): Promise<{ secret: string; apiKey: ApiKeyEntity }> {
  const { secret, prefix } = generateSecret();
  const apiKey = (await insertRow(db, ApiKeyEntity, {
    label: key.label,
    prefix,
    secretHash: hashSecret(secret),
    coordinator: key.coordinator,
    organisationId: key.coordinator ? null : (key.organisationId ?? null),
    role: key.coordinator ? null : (key.role ?? null),
    expiresAt: key.expiresAt ?? null,
    createdById: key.createdById ?? null,
  }))!;
  return { secret, apiKey };
}

/** SQL: the key (columns of `api_key`, optionally under an alias) is neither revoked nor expired. */
export function validKeyCondition(alias = ''): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `${column('revoked_at')} IS NULL AND (${column('expires_at')} IS NULL OR ${column('expires_at')} > now())`;
}

/**
 * Of the given API keys, those that are revoked, expired or gone: one
 * statement for all subscribers of a batch. A key revoked while its websocket
 * stays open must not receive one more change (it would, for instance, keep
 * receiving PARTNERS events), whichever hub instance revoked it.
 */
export async function refusedKeys(db: DataSource | EntityManager, keyIds: ReadonlySet<string>): Promise<Set<string>> {
  if (!keyIds.size) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    `SELECT id FROM api_key WHERE id = ANY($1::uuid[]) AND ${validKeyCondition()}`,
    [[...keyIds]],
  );
  const valid = new Set(rows.map((row) => String(row.id)));
  return new Set([...keyIds].filter((id) => !valid.has(id)));
}

/**
 * How long an instance trusts a key it has looked up, by default (setting
 * API_KEY_CACHE_MS). A revocation through this instance (`revokeApiKey`)
 * takes effect at once; one made elsewhere (another instance, `wir-hub keys
 * revoke`) within this bound. Expiry is checked on every request.
 */
export const KEY_CACHE_MS = 5_000;
/** At most this many keys are remembered per database; beyond, the cache starts over. */
const KEY_CACHE_SIZE = 10_000;

interface CachedKey {
  viewer: Viewer;
  keyId: string;
  expiresAt: Date | null;
  until: number;
}

// Per data source, so hubs sharing a process (tests) do not share their view of keys.
const keyCaches = new WeakMap<DataSource, Map<string, CachedKey>>();

function keyCache(db: DataSource): Map<string, CachedKey> {
  let cache = keyCaches.get(db);
  if (!cache) {
    cache = new Map();
    keyCaches.set(db, cache);
  }
  return cache;
}

/** Forgets a key on this instance (after revoking it), so its next request is refused at once. */
export function forgetApiKey(db: DataSource, keyId: string): void {
  const cache = keyCaches.get(db);
  if (!cache) return;
  for (const [hash, entry] of cache) if (entry.keyId === keyId) cache.delete(hash);
}

/**
 * Forgets every key this instance remembers: tests that count statements start from a cold cache, and an
 * erasure (src/privacy) that rewrote key labels must not leave the old label in memory.
 */
export function forgetApiKeys(db: DataSource): void {
  keyCaches.get(db)?.clear();
}

/**
 * The viewer behind an `Authorization` header. No header: anonymous. A header
 * with an unknown, revoked or expired key: UNAUTHENTICATED (a misconfigured
 * app should notice, not silently see less). One SQL statement, which also
 * records the last use at most once a minute; a valid key is then remembered
 * for `cacheMs` ({@link KEY_CACHE_MS}), so a partner app's requests cost no lookup.
 */
export async function authenticate(db: DataSource, authorization: string | undefined, cacheMs = KEY_CACHE_MS): Promise<Viewer> {
  if (!authorization) return Viewer.anonymous();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw keyRefused('The Authorization header must be "Bearer <secret>".');
  const hash = hashSecret(match[1]!);
  const cache = keyCache(db);
  const now = Date.now();
  const cached = cache.get(hash);
  if (cached && cached.until > now && (!cached.expiresAt || cached.expiresAt.getTime() > now)) return cached.viewer;
  if (cached) cache.delete(hash);
  const rows = await queryRows(
    db,
    `WITH key AS (SELECT * FROM api_key WHERE secret_hash = $1),
          touched AS (
            UPDATE api_key SET last_used_at = now()
            WHERE id = (SELECT id FROM key WHERE ${validKeyCondition()})
              AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
     SELECT key.*, (key.expires_at IS NOT NULL AND key.expires_at <= now()) AS expired FROM key`,
    [hash],
  );
  const row = rows[0];
  if (!row) throw keyRefused('This API key is not valid.');
  const key = hydrate(db, ApiKeyEntity, row);
  if (key.revokedAt) throw keyRefused('This API key has been revoked.');
  if (row.expired) throw keyRefused('This API key has expired.');
  const viewer = key.coordinator
    ? Viewer.coordinator(key.id, key.label, key.budget)
    : Viewer.member(key.id, key.label, key.organisationId!, key.role!, key.expiresAt, key.budget);
  if (cacheMs > 0) {
    if (cache.size >= KEY_CACHE_SIZE) cache.clear();
    cache.set(hash, { viewer, keyId: key.id, expiresAt: key.expiresAt, until: now + cacheMs });
  }
  return viewer;
}

export interface CreateApiKeyRequest {
  label: string;
  coordinator: boolean;
  organisationId: string | null;
  role: RoleValue | null;
  expiresAt: Date | null;
}

/** `createApiKey`: coordinators for anyone, an organisation's ADMIN for its own organisation. */
export async function createApiKey(ctx: Context, request: CreateApiKeyRequest) {
  if (request.coordinator) {
    if (request.organisationId || request.role) {
      throw badInput('input.coordinator', 'a coordinator key has no organisation and no role.');
    }
  } else {
    if (!request.organisationId) throw badInput('input.organisationId', 'is required unless coordinator is true.');
    if (!request.role) throw badInput('input.role', 'is required unless coordinator is true.');
  }
  assertCanManageKeysOf(ctx.viewer, request.coordinator ? null : request.organisationId);
  if (request.expiresAt && request.expiresAt.getTime() <= Date.now()) {
    throw badInput('input.expiresAt', 'must be in the future.');
  }
  // An organisation's ADMIN key that expires must not mint keys that outlive it: that would turn a
  // key given for a limited time into a lasting one. Its keys expire with it at the latest.
  const creatorExpiry = ctx.viewer.coordinator ? undefined : ctx.viewer.keyExpiresAt;
  if (creatorExpiry && request.expiresAt && request.expiresAt.getTime() > creatorExpiry.getTime()) {
    throw badInput(
      'input.expiresAt',
      `must not be later than the expiry of the key that creates it (${creatorExpiry.toISOString()}).`,
    );
  }
  if (creatorExpiry && !request.expiresAt) request = { ...request, expiresAt: creatorExpiry };
  if (request.organisationId) {
    const exists = await ctx.db.query('SELECT 1 FROM organisation WHERE id = $1', [request.organisationId]);
    if (!exists.length) throw badInput('input.organisationId', 'no organisation has this ID.');
  }
  return insertApiKey(ctx.db, { ...request, createdById: ctx.viewer.keyId });
}

/** `revokeApiKey`: takes effect on the key's next request. Revoking twice keeps the first time. */
export async function revokeApiKey(ctx: Context, id: string): Promise<ApiKeyEntity> {
  if (!ctx.viewer.authenticated) throw unauthenticated();
  const repository = ctx.db.getRepository(ApiKeyEntity);
  const key = await repository.findOneBy({ id });
  if (!key) throw notFound('The API key', 'id');
  assertCanRevokeKey(ctx.viewer, key);
  const [updated] = await updateRows(ctx.db, ApiKeyEntity, { id }, { revokedAt: sql('coalesce(revoked_at, now())') });
  forgetApiKey(ctx.db, id);
  return updated!;
}
