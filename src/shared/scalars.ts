import { GraphQLError, GraphQLScalarType, Kind, type GraphQLScalarTypeConfig, type ValueNode } from 'graphql';
import type { Maybe } from 'graphql/jsutils/Maybe';
import type { ObjMap } from 'graphql/jsutils/ObjMap';
import { DateTimeResolver, EmailAddressResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { canonicalLanguage } from './translations';

/**
 * The moments the hub accepts: the years 0001 to 9999 (UTC). graphql-scalars
 * reads "0000-01-01" or "0001-01-01T00:00:00+01:00" (a moment in the year 0),
 * which PostgreSQL refuses; such a value must be the client's BAD_USER_INPUT,
 * not a failed statement.
 */
export const EARLIEST_MOMENT = new Date('0001-01-01T00:00:00Z').getTime();
export const LATEST_MOMENT = new Date('9999-12-31T23:59:59.999Z').getTime();

/** True for a valid moment between the years 0001 and 9999 (UTC). */
export function isStorableMoment(value: Date | number): boolean {
  const time = typeof value === 'number' ? value : value.getTime();
  return Number.isFinite(time) && time >= EARLIEST_MOMENT && time <= LATEST_MOMENT;
}

/** A scalar whose parsed values must also pass `check` (literal errors keep their node, to name the field). */
function restricted(config: GraphQLScalarTypeConfig<unknown, unknown>, check: (value: unknown) => string | undefined) {
  const parseValue = config.parseValue!;
  const parseLiteral = config.parseLiteral!;
  return {
    ...config,
    parseValue(input: unknown) {
      const value = parseValue(input);
      const problem = check(value);
      if (problem) throw new GraphQLError(problem);
      return value;
    },
    parseLiteral(ast: ValueNode, variables?: Maybe<ObjMap<unknown>>) {
      const value = parseLiteral(ast, variables);
      const problem = check(value);
      if (problem) throw new GraphQLError(problem, { nodes: ast });
      return value;
    },
  };
}

/** ISO 8601 date-time with offset, e.g. 2026-10-03T11:00:00+02:00 (graphql-scalars), in the years 0001..9999. */
export const DateTimeScalar = new GraphQLScalarType(
  restricted(
    {
      ...DateTimeResolver.toConfig(),
      description:
        'A moment in time, ISO 8601 with offset, e.g. "2026-10-03T11:00:00+02:00", between the years 0001 and 9999 (UTC). Answers are in UTC ("...Z").',
    },
    (value) =>
      value instanceof Date && !isStorableMoment(value) ? 'DateTime must lie between the years 0001 and 9999 (UTC).' : undefined,
  ),
);

/** A calendar date without time, e.g. 2026-10-03 (graphql-scalars LocalDate, named Date here), in the years 0001..9999. */
export const DateScalar = new GraphQLScalarType(
  restricted(
    {
      ...LocalDateResolver.toConfig(),
      name: 'Date',
      description: 'A calendar date without time zone, "YYYY-MM-DD", e.g. "2026-10-03", in the years 0001 to 9999.',
    },
    (value) => (typeof value === 'string' && value.startsWith('0000') ? 'Date must lie in the years 0001 to 9999.' : undefined),
  ),
);

/** An e-mail address (graphql-scalars). */
export const EmailAddressScalar = new GraphQLScalarType({
  ...EmailAddressResolver.toConfig(),
  description: 'An e-mail address as defined in the HTML standard, e.g. "info@example.org".',
});

// Literal errors carry their AST node, so the answer can point at (and name) the field.
function parseUrl(value: unknown, node?: ValueNode): string {
  if (typeof value !== 'string' || value.length > 2000) {
    throw new GraphQLError('URL must be a string of at most 2000 characters.', { nodes: node });
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GraphQLError(`"${value}" is not an absolute URL.`, { nodes: node });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GraphQLError(`URL must start with https:// or http://, got "${url.protocol}".`, { nodes: node });
  }
  return url.href;
}

/** An absolute http(s) URL; other schemes (javascript:, data:) are refused. */
export const URLScalar = new GraphQLScalarType({
  name: 'URL',
  description: 'An absolute web address starting with https:// or http://, e.g. "https://example.org/events".',
  serialize: (value) => String(value),
  parseValue: parseUrl,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('URL must be a string.', { nodes: ast });
    return parseUrl(ast.value, ast);
  },
});

// A primary language subtag (2–3 letters) with optional script and region, e.g. "de", "tr", "sr-Latn", "pt-BR".
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/;

/** Canonical form of a language code, or undefined when it is not a plausible BCP 47 language tag. */
export function normaliseLanguageCode(value: string): string | undefined {
  const canonical = canonicalLanguage(value);
  return canonical && LANGUAGE_TAG.test(canonical) ? canonical : undefined;
}

function parseLanguage(value: unknown, node?: ValueNode): string {
  if (typeof value !== 'string') throw new GraphQLError('LanguageCode must be a string.', { nodes: node });
  const canonical = normaliseLanguageCode(value);
  if (!canonical) {
    throw new GraphQLError(`"${value}" is not a BCP 47 language code such as "de", "tr", "ar" or "fa-AF".`, { nodes: node });
  }
  return canonical;
}

/** A BCP 47 language code, normalised ("DE" → "de", "pt-br" → "pt-BR"). */
export const LanguageCodeScalar = new GraphQLScalarType({
  name: 'LanguageCode',
  description:
    'A BCP 47 language code: a 2–3 letter language with optional script and region, e.g. "de", "en", "tr", "ar", "fa", "uk", "ru", "pt-BR". Input is normalised ("DE" becomes "de").',
  serialize: (value) => String(value),
  parseValue: parseLanguage,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('LanguageCode must be a string.', { nodes: ast });
    return parseLanguage(ast.value, ast);
  },
});

/** Any JSON value (graphql-scalars JSON): old and new values in event and organisation histories. */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  description: 'Any JSON value: string, number, boolean, null, list or object.',
});
