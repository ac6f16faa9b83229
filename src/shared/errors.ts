import { GraphQLError } from 'graphql';

/**
 * The error codes partner apps can rely on (`extensions.code`). Every error the
 * hub raises on purpose is one of these; anything else is reported as
 * INTERNAL_SERVER_ERROR without details.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** A value the client sent is wrong; `field` is its path, e.g. `input.address.postalCode`. */
export function badInput(field: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field, ...extra },
  });
}

export function unauthenticated(
  message = 'This operation needs an API key: send "Authorization: Bearer <secret>".',
): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

/**
 * A request whose API key is refused as a whole (unknown, revoked, expired,
 * malformed header): HTTP 401, as clients and proxies expect; Apollo takes
 * the status from `extensions.http` and never sends that extension.
 */
export function keyRefused(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

export function notFound(what: string, field?: string): GraphQLError {
  return new GraphQLError(`${what} was not found.`, {
    extensions: { code: ErrorCode.NOT_FOUND, ...(field ? { field } : {}) },
  });
}

/** Optimistic concurrency: someone else changed the object first. */
export function conflict(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, ...extra } });
}

/** A stale `expectedVersion`: the client must reload and re-apply its change. */
export function staleVersion(what: string, currentVersion: number): GraphQLError {
  return conflict(
    `${what} was changed by someone else (current version ${currentVersion}); reload it and apply your change again.`,
    { field: 'expectedVersion', currentVersion },
  );
}

/**
 * The `http` extension Apollo Server turns into the answer's status and
 * headers (and never sends). Apollo reads the headers as a Map (its
 * HeaderMap); graphql-yoga's type augmentation of GraphQLErrorExtensions
 * (present with the gateway's packages) declares a plain record, hence the cast.
 */
export function httpAnswer(status: number, headers: Map<string, string> = new Map()) {
  return { status, headers: headers as unknown as Record<string, string> };
}

/** Seconds a client is asked to wait (`Retry-After`) when the database is unreachable. */
export const OUTAGE_RETRY_AFTER_S = 5;

/**
 * The hub cannot answer now (its database is unreachable or too slow):
 * HTTP 503 with `Retry-After`; nothing was written, the same request may be
 * sent again after `retryAfter` seconds.
 */
export function serviceUnavailable(retryAfter: number): GraphQLError {
  return new GraphQLError(`The hub's database is not reachable at the moment; nothing was done. Try again in ${retryAfter} s.`, {
    extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfter },
  });
}

/** True for PostgreSQL unique-constraint violations (SQLSTATE 23505), on both drivers. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const cause = (error as { driverError?: { code?: string; constraint?: string } })?.driverError ?? error;
  const code = (cause as { code?: string })?.code;
  if (code !== '23505') return false;
  return constraint === undefined || (cause as { constraint?: string }).constraint === constraint;
}
