import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../shared/errors';
import type { Logger } from '../shared/logger';

const OUR_CODES = new Set<string>(Object.values(ErrorCode));

/** "Variable "$input" got invalid value "x" at "input.email"; ..." → "input.email". */
function fieldFromMessage(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message)?.[1];
  if (at) return at;
  return /Variable "\$([^"]+)"/.exec(message)?.[1] ?? /Argument "([^"]+)"/.exec(message)?.[1];
}

/**
 * The one place errors are shaped for clients (HTTP and websocket): our own
 * errors keep their code and field; mistakes in the request become
 * BAD_USER_INPUT naming the field; anything unexpected is logged and answered
 * as INTERNAL_SERVER_ERROR without details. Stack traces only in development.
 */
export function createErrorFormatter(log: Logger, development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = (formatted.extensions?.code as string | undefined) ?? undefined;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    const stack = development && formatted.extensions?.stacktrace ? { stacktrace: formatted.extensions.stacktrace } : {};

    if (original instanceof GraphQLError && code && OUR_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const extensions: Record<string, unknown> = { ...formatted.extensions, ...stack };
      delete extensions.stacktrace;
      if (development && stack.stacktrace) extensions.stacktrace = stack.stacktrace;
      if (code === ErrorCode.BAD_USER_INPUT && !extensions.field) {
        const field = fieldFromMessage(formatted.message);
        if (field) extensions.field = field;
      }
      return { ...base, extensions };
    }
    if (code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_REQUEST' || code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'OPERATION_RESOLUTION_FAILURE') {
      const field = fieldFromMessage(formatted.message);
      return {
        ...base,
        extensions: { code: ErrorCode.BAD_USER_INPUT, reason: code, ...(field ? { field } : {}), ...stack },
      };
    }
    log.error({ err: original }, 'unexpected error while handling a request');
    return {
      message: 'Internal server error. It has been logged; please try again later.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...stack },
    };
  };
}
