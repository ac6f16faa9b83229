import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../access';
import { assertCoordinator } from '../directory';
import { queryRows } from '../db/query-rows';
import { badInput } from '../shared/errors';
import type { ErasureScope } from './privacy.enums';
import { eraseContact, erasePersonalData, type ErasureResult } from './privacy.erase';
import { personalDataReport, reportDocument, reportJson } from './privacy.report';
import { PersonalDataErasure, PersonalDataInput, PersonalDataReport } from './privacy.types';

const places = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([place, records]) => ({ place, records }));

function toErasure(result: ErasureResult, byCoordinator: boolean): PersonalDataErasure {
  return {
    id: String(result.id),
    scope: result.scope as ErasureScope,
    erasedAt: result.erasedAt,
    byCoordinator,
    erasedContacts: result.erasedContacts,
    places: places(result.places),
    remaining: places(result.remaining),
  };
}

@Resolver()
export class PrivacyResolver {
  @Mutation(() => PersonalDataErasure, {
    description:
      'Erases one contact person and their traces (Art. 17 DSGVO/GDPR), in one transaction: the contact; its values in the organisation history (replaced by "[gelöscht/erased YYYY-MM-DD]"); and its e-mail address and phone number in every other place of the database (history of events and organisations, API key labels, webhook descriptions and delivery excerpts, stored answers, imported calendar texts) unless another contact still has them. Subscribers and webhooks that could see the contact receive a CONTACT_REMOVED change. Coordinators, and the ADMIN keys of the contact\'s organisation. Answers the erasure\'s record.',
  })
  eraseContact(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global ID of the contact.' }) id: string) {
    return eraseContact(ctx, id).then((result) => toErasure(result, ctx.viewer.coordinator));
  }

  @Mutation(() => PersonalDataErasure, {
    description:
      'Erases everything the hub holds under one e-mail address or phone number (Art. 17 DSGVO/GDPR), in one transaction: every contact with it (as `eraseContact`), and the value in every text field of every table, replaced by "[gelöscht/erased YYYY-MM-DD]" (fields that hold only an address, number or URL are cleared). Events and organisations stay. Coordinators only. Answers the erasure\'s record; `remaining` is empty when nothing is left.',
  })
  erasePersonalData(
    @Ctx() ctx: Context,
    @Arg('input', () => PersonalDataInput, { description: 'The e-mail address or the phone number.' }) input: PersonalDataInput,
  ) {
    return erasePersonalData(ctx, input).then((result) => toErasure(result, true));
  }

  @Query(() => PersonalDataReport, {
    description:
      'Every record the hub holds with one e-mail address or phone number, with where each came from, as JSON and as a readable document (Art. 15 and 20 DSGVO/GDPR). Coordinators only.',
  })
  async personalDataReport(
    @Ctx() ctx: Context,
    @Arg('input', () => PersonalDataInput, { description: 'The e-mail address or the phone number.' }) input: PersonalDataInput,
  ): Promise<PersonalDataReport> {
    const report = await personalDataReport(ctx, input);
    return {
      kind: report.kind as ErasureScope,
      generatedAt: report.generatedAt,
      records: report.records,
      json: reportJson(report),
      document: reportDocument(report),
    };
  }

  @Query(() => [PersonalDataErasure], {
    description:
      'The record of erasures, newest first (`first` 1..500, default 100): who (coordinator or ADMIN key), when, what kind, how many records where — never the erased values. Coordinators only.',
  })
  async personalDataErasures(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 100, description: 'How many records (1..500).' }) first: number,
  ): Promise<PersonalDataErasure[]> {
    assertCoordinator(ctx.viewer, 'read the record of erasures');
    if (first < 1 || first > 500) throw badInput('first', 'must be between 1 and 500.');
    const rows = await queryRows<{
      id: string;
      scope: string;
      erased_at: Date;
      actor_coordinator: boolean;
      records: ErasureResult & { erasedContacts: number };
    }>(ctx.db, 'SELECT * FROM personal_data_erasure ORDER BY id DESC LIMIT $1', [first]);
    return rows.map((row) => {
      const records = (typeof row.records === 'string' ? JSON.parse(row.records) : row.records) as {
        erasedContacts: number;
        places: Record<string, number>;
        remaining: Record<string, number>;
      };
      return {
        id: String(row.id),
        scope: row.scope as ErasureScope,
        erasedAt: new Date(row.erased_at),
        byCoordinator: Boolean(row.actor_coordinator),
        erasedContacts: records.erasedContacts ?? 0,
        places: places(records.places ?? {}),
        remaining: places(records.remaining ?? {}),
      };
    });
  }
}
