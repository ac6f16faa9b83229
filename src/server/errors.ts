import { unwrapResolverError } from '@apollo/server/errors';
import {
  BREAK,
  GraphQLError,
  Kind,
  parse,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLFormattedError,
  type ValueNode,
} from 'graphql';
import { isDatabaseUnavailable } from '../db/outage';
import { ErrorCode, OUTAGE_RETRY_AFTER_S, serviceUnavailable } from '../shared/errors';

const OUR_CODES = new Set<string>(Object.values(ErrorCode));

/** Apollo's codes for a request that is wrong before anything runs; answered as BAD_USER_INPUT with `reason`. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The document limits (graphql-armor, and graphql-js's own token cap) by the
 * words of their messages, so clients get a stable `reason` to act on.
 */
const LIMITS: ReadonlyArray<[RegExp, string]> = [
  [/Query depth limit of/i, 'MAX_DEPTH'],
  [/Aliases limit of/i, 'MAX_ALIASES'],
  [/Query Cost limit of/i, 'MAX_COST'],
  // graphql-js says "Document contains more that N tokens" (sic).
  [/Token limit of|contains more th\w+ \d+ tokens/i, 'MAX_TOKENS'],
  [/Directives limit of/i, 'MAX_DIRECTIVES'],
];

function limitReason(message: string): string | undefined {
  return LIMITS.find(([pattern]) => pattern.test(message))?.[1];
}

/** "Variable "$input" got invalid value "x" at "input.email"; ..." → "input.email". */
function fieldFromMessage(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message)?.[1];
  if (at) return at;
  return /Variable "\$([^"]+)"/.exec(message)?.[1] ?? /Argument "([^"]+)"/.exec(message)?.[1];
}

type Path = string;
const join = (path: Path, name: string) => (path ? `${path}.${name}` : name);

/**
 * Walks the arguments of every field and directive in `document`, calling
 * `visitValue` with each argument value node (at any depth) and its path as
 * a client would name it: "input.address.location.latitude", "filter.kinds[0]".
 * Stops when `visitValue` answers true.
 */
function walkArgumentValues(document: DocumentNode, visitValue: (node: ASTNode, path: Path) => boolean): void {
  const walk = (value: ValueNode, path: Path): boolean => {
    if (visitValue(value, path)) return true;
    if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        const fieldPath = join(path, field.name.value);
        if (visitValue(field, fieldPath) || walk(field.value, fieldPath)) return true;
      }
    } else if (value.kind === Kind.LIST) {
      for (const [index, item] of value.values.entries()) {
        if (walk(item, `${path}[${index}]`)) return true;
      }
    }
    return false;
  };
  visit(document, {
    Argument(argument) {
      if (visitValue(argument, argument.name.value) || walk(argument.value, argument.name.value)) return BREAK;
      return false; // the walk above has covered the argument's value
    },
  });
}

function sameNode(a: ASTNode, b: ASTNode): boolean {
  return a.kind === b.kind && a.loc?.start === b.loc?.start && a.loc?.end === b.loc?.end;
}

/**
 * A missing or unknown field is reported at the object that lacks or has it;
 * name the field itself: `Field "radiusKm" of required type "Float!" was not
 * provided` → ".radiusKm" (literals say "GeoRadiusInput.radiusKm").
 */
function innerField(message: string, unknownToo: boolean): string {
  const name =
    /Field "(?:[^".]+\.)?([^"]+)" of required type "[^"]+" was not provided/.exec(message)?.[1] ??
    (unknownToo ? /Field "([^"]+)" is not defined by type/.exec(message)?.[1] : undefined);
  return name ? `.${name}` : '';
}

/**
 * The field path of a request error from where it points in the document:
 * a bad inline literal ("filter.kinds[0]"), or a bad variable named after the
 * argument it is passed to (`createOrganisation(input: $data)` with a bad
 * `$data.email` → "input.email"), so the path does not depend on how the
 * client named its variables.
 */
function fieldFromDocument(error: GraphQLError): string | undefined {
  const node = error.nodes?.[0];
  const body = node?.loc?.source.body ?? error.source?.body;
  if (!node?.loc || !body) return undefined;
  let document: DocumentNode;
  try {
    document = parse(body);
  } catch {
    return undefined;
  }

  if (node.kind === Kind.VARIABLE_DEFINITION) {
    const name = node.variable.name.value;
    let usage: string | undefined;
    walkArgumentValues(document, (value, path) => {
      if (value.kind !== Kind.VARIABLE || value.name.value !== name) return false;
      usage = path;
      return true;
    });
    if (!usage) return undefined;
    // The message's path starts with the variable's name: "data.address.postalCode" → ".address.postalCode".
    const at = /at "([^"]+)"/.exec(error.message)?.[1];
    const rest = at?.startsWith(name) ? at.slice(name.length) : '';
    return `${usage}${rest}${innerField(error.message, true)}`;
  }

  let found: string | undefined;
  walkArgumentValues(document, (value, path) => {
    if (!sameNode(value, node)) return false;
    found = path;
    return true;
  });
  // An unknown literal field is reported at the field itself, already in the path.
  return found ? `${found}${innerField(error.message, false)}` : undefined;
}

/**
 * A variable value graphql-js refused while coercing it. Apollo marks these
 * BAD_USER_INPUT itself; over graphql-ws they arrive without a code.
 */
function isVariableError(error: unknown): boolean {
  return (
    error instanceof GraphQLError &&
    !error.path &&
    error.nodes?.length === 1 &&
    error.nodes[0]!.kind === Kind.VARIABLE_DEFINITION &&
    error.message.startsWith('Variable "$')
  );
}

/** The best field path for a request error: from the document, else from the message. */
function fieldOf(error: unknown, message: string): string | undefined {
  if (error instanceof GraphQLError) {
    try {
      const field = fieldFromDocument(error);
      if (field) return field;
    } catch {
      // A path is a help, never a reason to fail the answer.
    }
  }
  return fieldFromMessage(message);
}

/** Apollo's uncoded refusals, with the reasons Apollo Router and Gateway give them. */
const APOLLO_UNCODED: Record<string, { reason: string; message: string }> = {
  'provided sha does not match query': {
    reason: 'PERSISTED_QUERY_HASH_MISMATCH',
    message: 'extensions.persistedQuery.sha256Hash: is not the SHA-256 of the query sent with it.',
  },
  'Unsupported persisted query version': {
    reason: 'PERSISTED_QUERY_VERSION_UNSUPPORTED',
    message: 'extensions.persistedQuery.version: only version 1 of automatic persisted queries is supported.',
  },
};

/** Shapes one error for clients; see {@link createErrorFormatter}. */
export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * The one place errors are shaped for clients (HTTP and websocket): our own
 * errors keep their code and field; mistakes in the request become
 * BAD_USER_INPUT naming the field (or, for refused documents, a `reason`
 * such as MAX_DEPTH); an unreachable database becomes SERVICE_UNAVAILABLE;
 * anything unexpected is answered as INTERNAL_SERVER_ERROR without details
 * (and logged, with the request's id, by the caller: src/lifecycle/requests.ts
 * for HTTP, websocket.ts). Stack traces only in development.
 */
export function createErrorFormatter(development: boolean): ErrorFormatter {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const own = original instanceof GraphQLError ? (original.extensions?.code as string | undefined) : undefined;
    const code =
      (formatted.extensions?.code as string | undefined) ?? (isVariableError(original) ? ErrorCode.BAD_USER_INPUT : undefined);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    const stack = development && formatted.extensions?.stacktrace ? { stacktrace: formatted.extensions.stacktrace } : {};

    if ((!own || own === ErrorCode.INTERNAL_SERVER_ERROR) && isDatabaseUnavailable(original)) {
      const unavailable = serviceUnavailable(OUTAGE_RETRY_AFTER_S);
      return { ...base, message: unavailable.message, extensions: { ...unavailable.extensions, ...stack } };
    }
    // Apollo refuses some requests (automatic persisted queries) with an HTTP 4xx status but without a code.
    const status = (original as { extensions?: { http?: { status?: number } } } | undefined)?.extensions?.http?.status;
    if (!own && original instanceof GraphQLError && status && status >= 400 && status < 500) {
      const known = APOLLO_UNCODED[original.message];
      return {
        message: known?.message ?? original.message,
        extensions: {
          code: ErrorCode.BAD_USER_INPUT,
          reason: known?.reason ?? 'BAD_REQUEST',
          ...(known ? { field: 'extensions.persistedQuery' + (known.reason.includes('HASH') ? '.sha256Hash' : '.version') } : {}),
          ...stack,
        },
      };
    }
    if (original instanceof GraphQLError && code && OUR_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const extensions: Record<string, unknown> = { ...formatted.extensions, code };
      delete extensions.stacktrace;
      // Apollo turns `http` into the response status; over graphql-ws it must not leak either.
      delete extensions.http;
      if (code === ErrorCode.BAD_USER_INPUT && !extensions.field) {
        const field = fieldOf(error, formatted.message);
        if (field) extensions.field = field;
      }
      return { ...base, extensions: { ...extensions, ...stack } };
    }
    if (code && REQUEST_CODES.has(code)) {
      const limit = limitReason(formatted.message);
      if (limit) {
        // graphql-armor prefixes its messages with "Syntax Error: ", which they are not;
        // graphql-js words its token cap differently from the other limits.
        const tokens = /contains more th\w+ (\d+) tokens/.exec(formatted.message)?.[1];
        const message = tokens ? `Token limit of ${tokens} exceeded.` : formatted.message.replace(/^Syntax Error:\s*/, '');
        return { message, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: limit, ...stack } };
      }
      const field = fieldOf(error, formatted.message);
      // graphql-js words literal errors by value and type ('Value "X" does not exist in "Kind" enum.');
      // say which field, as our own errors do ("input.kind: ...").
      const message = field && !formatted.message.includes(field) ? `${field}: ${formatted.message}` : formatted.message;
      return {
        ...base,
        message,
        extensions: { code: ErrorCode.BAD_USER_INPUT, reason: code, ...(field ? { field } : {}), ...stack },
      };
    }
    return {
      message: 'Internal server error. It has been logged; please try again later.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...stack },
    };
  };
}
