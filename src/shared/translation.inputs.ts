import { MaxLength, MinLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { LanguageCodeScalar } from './scalars';

@InputType('LocalizedTextInput', { description: 'A text in one language.' })
export class LocalizedTextInput {
  @Field(() => LanguageCodeScalar, { description: 'Language of the text, e.g. "de", "tr", "ar".' })
  language: string;

  @Field({ description: 'The text (at most 10000 characters).' })
  @MinLength(1)
  @MaxLength(10_000)
  text: string;
}
