import { MaxLength, MinLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { badInput } from './errors';
import { LanguageCodeScalar } from './scalars';
import { cleanText } from './text';
import type { Translations } from './translations';

@InputType('LocalizedTextInput', { description: 'A text in one language.' })
export class LocalizedTextInput {
  @Field(() => LanguageCodeScalar, { description: 'Language of the text, e.g. "de", "tr", "ar".' })
  language: string;

  @Field({ description: 'The text (at most 10000 characters).' })
  @MinLength(1)
  @MaxLength(10_000)
  text: string;
}

/** Longest text of one language, unless a field says otherwise. */
const MAX_TEXT = 10_000;

/** `[{language, text}]` → `{language: text}`, refusing duplicates and blank texts. */
export function translationsFrom(texts: readonly LocalizedTextInput[], field: string, max = MAX_TEXT): Translations {
  const translations: Translations = {};
  texts.forEach((entry, index) => {
    if (translations[entry.language] !== undefined) {
      throw badInput(`${field}[${index}].language`, `"${entry.language}" is given twice.`);
    }
    const text = cleanText(entry.text, `${field}[${index}].text`, true)!;
    if (text.length > max) throw badInput(`${field}[${index}].text`, `must be at most ${max} characters.`);
    translations[entry.language] = text;
  });
  return translations;
}
