import { badInput } from './errors';

/**
 * Trims a text; empty or blank becomes null, unless it is required (then
 * BAD_USER_INPUT naming `field`). The one text cleaner of every input.
 */
export function cleanText(value: string | null | undefined, field: string, required = false): string | null {
  const text = value?.trim() ?? '';
  if (!text) {
    if (required) throw badInput(field, 'must not be empty.');
    return null;
  }
  return text;
}
