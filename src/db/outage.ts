/**
 * Telling a database outage from a bug. Errors that mean "the database cannot
 * answer now" (refused or lost connections, a server shutting down or
 * starting, no free connection, a statement cut by its timeout, a closed
 * embedded database) are answered as SERVICE_UNAVAILABLE with `Retry-After`
 * (see src/server/errors.ts); everything else stays a fault of the hub.
 */

/** Socket errors of the driver (node:net) while connecting or talking to the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** SQLSTATEs of an unavailable server: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 57014 statement timeout. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014']);

/** Messages of pg and PGlite that carry no code. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|PGlite is closed|Cannot use a pool after calling end|the database did not answer/i;

/** True when `error` (or what it wraps) says the database is unreachable, shutting down, overloaded or too slow. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message, severity } = current as { code?: unknown; message?: unknown; severity?: unknown };
    // FATAL and PANIC end the session: the server refused or dropped the connection (e.g. a database closed to connections).
    if (severity === 'FATAL' || severity === 'PANIC') return true;
    if (typeof code === 'string') {
      if (SOCKET_CODES.has(code) || SQLSTATES.has(code)) return true;
      // Class 08: connection exceptions; class 53: insufficient resources (e.g. too many connections).
      if (/^(08|53)[0-9A-Z]{3}$/.test(code)) return true;
    }
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    const next = current as {
      driverError?: unknown;
      originalError?: unknown;
      cause?: unknown;
      errors?: unknown;
      thrownValue?: unknown;
    };
    // AggregateError (several addresses refused) carries its causes in `errors`.
    if (Array.isArray(next.errors) && next.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    // graphql-js wraps a thrown non-Error (pg may reject a pooled connect with a plain { code: 'ECONNREFUSED' }) as NonErrorThrown.
    current = next.driverError ?? next.originalError ?? next.cause ?? next.thrownValue;
  }
  return false;
}
