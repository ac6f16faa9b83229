import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { queryRows, type Row } from '../db/query-rows';
import type { Context } from './context';
import { badInput, forbidden, notFound, unauthenticated } from '../shared/errors';
import { hashSecret } from './api-key.service';
import { Viewer } from './viewer';

/**
 * Feed tokens: calendar apps (Google Calendar, Outlook, Nextcloud, WordPress
 * plugins) subscribe to a URL and cannot send an Authorization header, so a
 * key's holder makes a secret for the URL instead. A token is stored hashed
 * like an API key and acts, on every request, with the rights its API key has
 * at that moment: never more, and nothing once the key is revoked, expires or
 * the token itself is revoked.
 */

const TOKEN_PREFIX = 'whf_';

/** A feed token as stored (without the hash). */
export interface FeedTokenValue {
  id: string;
  apiKeyId: string;
  label: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

function toValue(row: Row): FeedTokenValue {
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));
  return {
    id: String(row.id),
    apiKeyId: String(row.api_key_id),
    label: String(row.label),
    prefix: String(row.prefix),
    createdAt: date(row.created_at)!,
    revokedAt: date(row.revoked_at),
    lastUsedAt: date(row.last_used_at),
  };
}

/** `createFeedToken`: any valid key, for itself. The secret is answered once and never stored. */
export async function createFeedToken(ctx: Context, label: string): Promise<{ secret: string; token: FeedTokenValue }> {
  if (!ctx.viewer.authenticated) throw unauthenticated();
  const text = label.trim();
  if (!text) throw badInput('label', 'must not be blank.');
  if (text.length > 200) throw badInput('label', 'must be at most 200 characters.');
  const secret = TOKEN_PREFIX + randomBytes(30).toString('base64url');
  const [row] = await queryRows(
    ctx.db,
    `INSERT INTO feed_token (api_key_id, label, prefix, secret_hash) VALUES ($1, $2, $3, $4) RETURNING *`,
    [ctx.viewer.keyId, text, secret.slice(0, TOKEN_PREFIX.length + 8), hashSecret(secret)],
  );
  return { secret, token: toValue(row!) };
}

/** The feed tokens of the requesting key, newest first. */
export async function listFeedTokens(ctx: Context): Promise<FeedTokenValue[]> {
  if (!ctx.viewer.authenticated) return [];
  const rows = await queryRows(ctx.db, 'SELECT * FROM feed_token WHERE api_key_id = $1 ORDER BY created_at DESC, id', [
    ctx.viewer.keyId,
  ]);
  return rows.map(toValue);
}

/**
 * `revokeFeedToken`: the key that made it, coordinators, and the ADMIN keys
 * of the key's organisation. Takes effect on the feed's next request.
 */
export async function revokeFeedToken(ctx: Context, id: string): Promise<FeedTokenValue> {
  if (!ctx.viewer.authenticated) throw unauthenticated();
  const [row] = await queryRows(
    ctx.db,
    `SELECT t.*, k.organisation_id AS key_organisation_id FROM feed_token t JOIN api_key k ON k.id = t.api_key_id WHERE t.id = $1`,
    [id],
  );
  if (!row) throw notFound('The feed token', 'id');
  const own = row.api_key_id === ctx.viewer.keyId;
  const admin = row.key_organisation_id !== null && ctx.viewer.administersOrganisation(String(row.key_organisation_id));
  if (!own && !ctx.viewer.coordinator && !admin) {
    throw forbidden("Only the key that made a feed token, its organisation's ADMIN keys and coordinators may revoke it.");
  }
  const [updated] = await queryRows(
    ctx.db,
    'UPDATE feed_token SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *',
    [id],
  );
  return toValue(updated!);
}

/**
 * The viewer a feed token acts as, or undefined when the token is unknown or
 * revoked, or its key is revoked or expired. One statement, which also
 * records the token's last use at most once a minute.
 */
export async function feedTokenViewer(db: DataSource, secret: string): Promise<Viewer | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return undefined;
  const [row] = await queryRows(
    db,
    `WITH hit AS (
       SELECT t.id AS token_id, k.* FROM feed_token t JOIN api_key k ON k.id = t.api_key_id
       WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())),
     touched AS (
       UPDATE feed_token SET last_used_at = now()
       WHERE id = (SELECT token_id FROM hit) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
     SELECT * FROM hit`,
    [hashSecret(secret)],
  );
  if (!row) return undefined;
  const label = String(row.label);
  return row.coordinator
    ? Viewer.coordinator(String(row.id), label)
    : Viewer.member(
        String(row.id),
        label,
        String(row.organisation_id),
        row.role as never,
        (row.expires_at as Date | null) ?? null,
      );
}
