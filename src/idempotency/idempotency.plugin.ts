import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { type GraphQLError, type FormattedExecutionResult } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Context } from '../access';
import { badInput, conflict, ErrorCode, httpAnswer } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { inBackground } from '../db/background';

/**
 * Idempotent retries of mutations (as Stripe and the IETF draft
 * "The Idempotency-Key HTTP Header Field" describe them): a mutation sent
 * with `Idempotency-Key: <key>` is applied once per API key and key within
 * {@link RETENTION_HOURS} hours. The same key with the same body answers the
 * first answer again (header `Idempotent-Replayed: true`) without applying
 * anything; with another body it is refused (422, IDEMPOTENCY_KEY_REUSED); a
 * duplicate sent while the first still runs waits for its answer.
 *
 * The record lives in PostgreSQL (`idempotency_key`), so every instance
 * sees it. Answers that say "nothing was done, try again" (the database
 * unavailable, over budget, a fault of the hub) are not kept: a retry runs.
 * A hub killed between applying a mutation and keeping its answer leaves the
 * key pending; after {@link LEASE_S} seconds a retry runs it again (the only
 * window in which a write may apply twice).
 */
export const RETENTION_HOURS = 24;
/** How long a pending key is held for its first request before a retry may take it over. */
export const LEASE_S = 60;
/** How long a duplicate waits for the first request's answer before it is told to retry. */
const WAIT_MS = 10_000;
const POLL_MS = 50;
const KEY = /^[\x21-\x7e]{1,255}$/;
/** Answers a retry must be able to redo: nothing was applied. */
const NOT_KEPT = new Set<string>([ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL_SERVER_ERROR]);

interface Row {
  request_hash: string;
  state: 'pending' | 'done';
  http_status: number | null;
  response: FormattedExecutionResult | null;
}

/** Rows touched: TypeORM answers `[rows, count]` for UPDATE and DELETE on PostgreSQL, the rows otherwise. */
function touched(result: unknown[]): number {
  return Array.isArray(result[0]) && typeof result[1] === 'number' ? result[1] : result.length;
}

function requestHash(query: string | undefined, operationName: string | undefined, variables: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([query ?? null, operationName ?? null, variables ?? null]))
    .digest('hex');
}

function reused(): GraphQLError {
  const error = badInput(
    'Idempotency-Key',
    'was already used for a different request (another document or other variables); use a new key for a new request.',
    { reason: 'IDEMPOTENCY_KEY_REUSED' },
  );
  error.extensions.http = { status: 422 };
  return error;
}

function stillRunning(): GraphQLError {
  const error = conflict('The first request with this Idempotency-Key is still running; send it again in a moment.', {
    field: 'Idempotency-Key',
    reason: 'IDEMPOTENCY_KEY_IN_PROGRESS',
  });
  error.extensions.http = httpAnswer(409, new HeaderMap([['retry-after', '1']]));
  return error;
}

/** Takes the key for this request, or answers the row of the request that has it. */
async function claim(db: DataSource, owner: string, key: string, hash: string): Promise<Row | undefined> {
  await db.query('DELETE FROM idempotency_key WHERE owner = $1 AND key = $2 AND expires_at < now()', [owner, key]);
  const inserted: unknown[] = await db.query(
    `INSERT INTO idempotency_key (owner, key, request_hash, state, locked_until, expires_at)
     VALUES ($1, $2, $3, 'pending', now() + make_interval(secs => $4), now() + make_interval(hours => $5))
     ON CONFLICT (owner, key) DO NOTHING RETURNING key`,
    [owner, key, hash, LEASE_S, RETENTION_HOURS],
  );
  if (inserted.length) return undefined;
  const started = Date.now();
  for (;;) {
    const [row] = (await db.query(
      `SELECT request_hash, state, http_status, response, locked_until < now() AS abandoned
       FROM idempotency_key WHERE owner = $1 AND key = $2`,
      [owner, key],
    )) as Array<Row & { abandoned: boolean }>;
    if (!row) return claim(db, owner, key, hash); // the first request gave it back (its answer was not kept)
    if (row.request_hash !== hash) throw reused();
    if (row.state === 'done') return row;
    if (row.abandoned) {
      const taken: unknown[] = await db.query(
        `UPDATE idempotency_key SET locked_until = now() + make_interval(secs => $3)
         WHERE owner = $1 AND key = $2 AND state = 'pending' AND locked_until < now() RETURNING key`,
        [owner, key, LEASE_S],
      );
      if (touched(taken)) return undefined;
    }
    if (Date.now() - started > WAIT_MS) throw stillRunning();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The Apollo plugin; see the module comment. */
export function idempotencyPlugin(db: DataSource, log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart(start) {
      const key = start.request.http?.headers.get('idempotency-key');
      if (key === undefined) return;
      let owner: string | undefined;
      let replay: Row | undefined;
      return {
        async didResolveOperation(rc) {
          // Queries are safe to repeat anyway; anonymous requests cannot mutate.
          const keyId = rc.contextValue.viewer.keyId;
          if (rc.operation?.operation !== 'mutation' || !keyId) return;
          if (!KEY.test(key)) {
            const error = badInput('Idempotency-Key', 'must be 1 to 255 visible ASCII characters, e.g. a UUID.');
            error.extensions.http = { status: 400 };
            throw error;
          }
          const hash = requestHash(rc.request.query, rc.request.operationName, rc.request.variables);
          replay = await claim(db, keyId, key, hash);
          if (!replay) owner = keyId;
        },
        async responseForOperation(): Promise<GraphQLResponse | null> {
          if (!replay) return null;
          const headers = new HeaderMap([['idempotent-replayed', 'true']]);
          return {
            http: { status: replay.http_status ?? 200, headers },
            body: { kind: 'single', singleResult: replay.response! },
          };
        },
        async willSendResponse(rc) {
          if (!owner) return;
          const body = rc.response.body;
          const result = body.kind === 'single' ? body.singleResult : undefined;
          const codes = (result?.errors ?? []).map((error) => String(error.extensions?.code));
          try {
            if (!result || codes.some((code) => NOT_KEPT.has(code))) {
              await db.query(`DELETE FROM idempotency_key WHERE owner = $1 AND key = $2 AND state = 'pending'`, [owner, key]);
            } else {
              await db.query(
                `UPDATE idempotency_key SET state = 'done', http_status = $3, response = $4 WHERE owner = $1 AND key = $2`,
                [owner, key, rc.response.http.status ?? 200, JSON.stringify(result)],
              );
            }
          } catch (error) {
            // The mutation is applied and answered; a retry within the lease waits, after it runs again.
            log.warn({ err: error, requestId: rc.contextValue.request.id }, 'could not keep the answer of an idempotent request');
          }
        },
      };
    },
  };
}

/** Deletes expired keys; answers how many. */
export async function pruneIdempotencyKeys(db: DataSource): Promise<number> {
  return touched(await inBackground(db, (manager) => manager.query('DELETE FROM idempotency_key WHERE expires_at < now()')));
}

/** How often expired keys are deleted (each is also replaced when its key is used again). */
const PRUNE_INTERVAL_MS = 60 * 60_000;

/** The plugin, and an hourly prune of expired keys stopped with the hub. */
export function startIdempotency(db: DataSource, log: Logger): { plugin: ApolloServerPlugin<Context>; stop(): void } {
  const prune = () =>
    pruneIdempotencyKeys(db).catch((error: unknown) => log.warn({ err: error }, 'pruning idempotency keys failed'));
  const timer = setInterval(prune, PRUNE_INTERVAL_MS);
  timer.unref();
  return { plugin: idempotencyPlugin(db, log), stop: () => clearInterval(timer) };
}
