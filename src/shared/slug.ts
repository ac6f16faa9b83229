import slugify from 'slugify';

/** What a slug looks like: lowercase letters and digits in words joined by single dashes. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The slug of a name (German transliteration: "Grün-Weiß" → "gruen-weiss"), possibly empty. */
export function slugOf(name: string): string {
  return slugify(name, { lower: true, strict: true, locale: 'de', trim: true });
}
