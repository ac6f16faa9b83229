import type { SqlParams } from './sql';

/** The words of a search text, letters and digits only (safe to put into a tsquery). */
export function searchWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
}

/**
 * SQL for a German search: every word as a prefix of a stemmed word
 * ("moschee" → 'mosche':*), normalised like the indexed text.
 */
export function searchTsQuery(params: SqlParams, text: string): string {
  const expression = searchWords(text)
    .map((word) => `${word}:*`)
    .join(' & ');
  return `to_tsquery('german', wir_normalize(${params.add(expression)}))`;
}
