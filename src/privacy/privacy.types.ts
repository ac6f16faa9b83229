import { MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { EmailAddressScalar, DateTimeScalar, JSONScalar } from '../shared/scalars';
import { ErasureScope } from './privacy.enums';

@InputType('PersonalDataInput', {
  description:
    'Whose data: exactly one of `email` or `phone`. An e-mail address matches in any case; a phone number matches in any usual spelling of the same number, in every field ("+49 561 12345" = "0049 (0)561 12345" = "0561/12 345").',
})
export class PersonalDataInput {
  @Field(() => EmailAddressScalar, { nullable: true, description: 'The e-mail address.' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'The phone number (at least 5 digits).' })
  @MaxLength(50)
  phone?: string | null;
}

@ObjectType('ErasedPlace', {
  description: 'How many records of one place an erasure changed (or found still holding the value).',
})
export class ErasedPlace {
  @Field({
    description:
      'The place: a table ("contact") or a table and column ("organisation_history.changes", "api_key.label", "webhook_delivery.response_excerpt").',
  })
  place: string;

  @Field(() => Int, { description: 'Number of records.' })
  records: number;
}

@ObjectType('PersonalDataErasure', {
  description:
    'The record of an erasure (Art. 17 DSGVO/GDPR): who, when, what kind of data, how many records where. Never the erased values. Events and organisations stay; erased values are replaced by the marker "[gelöscht/erased YYYY-MM-DD]" or, in fields that hold only an address or number, cleared.',
})
export class PersonalDataErasure {
  @Field(() => ID, { description: 'Number of the erasure record.' })
  id: string;

  @Field(() => ErasureScope, {
    description: 'What was erased: one contact, or everything under an e-mail address or phone number.',
  })
  scope: ErasureScope;

  @Field(() => DateTimeScalar, { description: 'When the erasure was committed.' })
  erasedAt: Date;

  @Field({ description: 'True when a coordinator key erased; false for an organisation ADMIN key.' })
  byCoordinator: boolean;

  @Field(() => Int, { description: 'Contacts deleted.' })
  erasedContacts: number;

  @Field(() => [ErasedPlace], { description: 'Records changed, per place.' })
  places: ErasedPlace[];

  @Field(() => [ErasedPlace], {
    description:
      'Records that still held the value after the erasure, per place (a unique field the hub cannot rewrite). Empty when the erasure is complete; otherwise tell the operator.',
  })
  remaining: ErasedPlace[];
}

@ObjectType('PersonalDataRecord', { description: 'One record that holds the e-mail address or phone number.' })
export class PersonalDataRecord {
  @Field({ description: 'The table the record is in ("contact", "organisation_history", "api_key", "webhook", ...).' })
  place: string;

  @Field(() => JSONScalar, { description: "The record's key in its table (JSON object of its primary key columns)." })
  recordId: unknown;

  @Field(() => [String], { description: 'The columns that hold the value.' })
  fields: string[];

  @Field({
    description:
      'Where the record came from, for people (German, English in brackets): e.g. "Kontaktperson der Organisation „…“, angelegt am … durch „…“".',
  })
  origin: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the record was written, where its table knows.' })
  recordedAt: Date | null;

  @Field(() => JSONScalar, {
    description: 'The record as stored, without secrets (hashes, encrypted keys) and search documents.',
  })
  data: unknown;
}

@ObjectType('PersonalDataReport', {
  description:
    "Everything the hub stores under one e-mail address or phone number (Art. 15 and 20 DSGVO/GDPR), found by searching every text column of every table. Backups and server logs are the operator's and not searched (docs/datenschutz.md).",
})
export class PersonalDataReport {
  @Field(() => ErasureScope, { description: 'EMAIL or PHONE: what was searched for.' })
  kind: ErasureScope;

  @Field(() => DateTimeScalar, { description: 'When the report was made.' })
  generatedAt: Date;

  @Field(() => [PersonalDataRecord], { description: 'The records found.' })
  records: PersonalDataRecord[];

  @Field(() => JSONScalar, {
    description:
      'The whole report as one JSON document (subject, generatedAt, records), to hand to the person (portability, Art. 20).',
  })
  json: unknown;

  @Field({ description: 'The whole report as a readable document (Markdown, German with English), to hand to the person.' })
  document: string;
}
