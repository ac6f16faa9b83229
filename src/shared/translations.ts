import { badInput } from './errors';

/** A text in several languages: BCP 47 language code → text. */
export type Translations = Record<string, string>;

/**
 * Picks the best text: the requested language, then its base language ("de"
 * for "de-AT"), then the original language, then any.
 */
export function pickTranslation(
  translations: Translations | null | undefined,
  preferred: readonly string[],
  originalLanguage: string,
): string | null {
  if (!translations) return null;
  for (const language of preferred) {
    const exact = translations[language];
    if (exact !== undefined) return exact;
    const base = language.split('-')[0]!;
    if (translations[base] !== undefined) return translations[base]!;
  }
  return translations[originalLanguage] ?? Object.values(translations)[0] ?? null;
}

/**
 * The languages an `Accept-Language` header asks for, best first
 * ("tr-TR,tr;q=0.9,de;q=0.5" → ["tr-TR", "tr", "de"]).
 */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag?.trim() ?? '', q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => canonicalLanguage(entry.tag))
    .filter((tag): tag is string => tag !== undefined);
}

/** The canonical BCP 47 form of a language tag ("DE-at" → "de-AT"), or undefined when invalid. */
export function canonicalLanguage(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical;
  } catch {
    return undefined;
  }
}

/**
 * The original language of a text (title or description): the one asked for,
 * which the text must have when it has any; else the current one while the
 * text still has it; else the text's first language; else "de".
 * `what` names the text in the error ("the title has no text in ...").
 */
export function originalLanguageOf(
  translations: Translations | undefined,
  requested: string | null | undefined,
  current: string | undefined,
  what: string,
): string {
  if (requested) {
    if (translations && Object.keys(translations).length && translations[requested] === undefined) {
      throw badInput('input.originalLanguage', `the ${what} has no text in "${requested}".`);
    }
    return requested;
  }
  if (translations && Object.keys(translations).length) {
    if (current && translations[current] !== undefined) return current;
    return Object.keys(translations)[0]!;
  }
  return current ?? 'de';
}
