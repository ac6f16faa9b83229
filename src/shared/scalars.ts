import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeResolver, EmailAddressResolver, LocalDateResolver } from 'graphql-scalars';
import { canonicalLanguage } from './translations';

/** ISO 8601 date-time with offset, e.g. 2026-10-03T11:00:00+02:00 (graphql-scalars). */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  description: 'A moment in time, ISO 8601 with offset, e.g. "2026-10-03T11:00:00+02:00". Answers are in UTC ("...Z").',
});

/** A calendar date without time, e.g. 2026-10-03 (graphql-scalars LocalDate, named Date here). */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'A calendar date without time zone, "YYYY-MM-DD", e.g. "2026-10-03".',
});

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
