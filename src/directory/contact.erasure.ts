import type { EntityManager } from 'typeorm';
import type { Context } from '../access';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { SqlParams } from '../shared/sql';
import { ContactEntity } from './contact.entity';
import type { OrganisationFieldChange } from './organisation-history.entity';
import type { OrganisationEntity } from './organisation.entity';
import { contactDiff, organisationDiff, recordContactChange, recordOrganisationChange } from './organisation.changes';

/**
 * Erasing contacts (Art. 17 DSGVO/GDPR), the directory's part: the row goes,
 * and the contact's values in the organisation history are replaced by a
 * marker. The privacy slice (src/privacy) calls this inside its erasure
 * transaction and removes the other copies (see docs/datenschutz.md).
 */

/** Fields of a contact history entry that hold personal data (visibility, languages and basis do not). */
export const CONTACT_PERSONAL_FIELDS = ['name', 'role', 'email', 'phone'] as const;
/** Fields of an organisation history entry that may hold a person's data: the organisation's own address and number. */
export const ORGANISATION_PERSONAL_FIELDS = ['email', 'phone'] as const;

/**
 * SQL: the jsonb array `column` of history changes with the old and new
 * values of the fields in `fields` replaced by `marker` (null values stay
 * null, so "was empty" stays readable). Order of the changes is kept.
 */
export function redactedChangesSql(column: string, params: SqlParams, fields: readonly string[], marker: string): string {
  const names = params.add([...fields], 'text[]');
  const mark = `to_jsonb(${params.add(marker, 'text')})`;
  const value = (key: 'old' | 'new') =>
    `CASE WHEN coalesce(c->'${key}', 'null'::jsonb) = 'null'::jsonb THEN 'null'::jsonb ELSE ${mark} END`;
  return `(SELECT coalesce(jsonb_agg(
             CASE WHEN c->>'field' = ANY(${names})
                  THEN c || jsonb_build_object('old', ${value('old')}, 'new', ${value('new')})
                  ELSE c END ORDER BY n), '[]'::jsonb)
           FROM jsonb_array_elements(${column}) WITH ORDINALITY AS e(c, n))`;
}

/** What {@link eraseContacts} removed. */
export interface ErasedContacts {
  contacts: ContactEntity[];
  /** History entries whose values were replaced by the marker. */
  historyEntries: number;
}

/**
 * Deletes the contacts, replaces their values in the organisation history by
 * `marker`, and records a CONTACT_REMOVED change for each (history and
 * change log), whose values are the marker too, so subscribers and webhooks
 * that could see a contact hear that it is gone. In the caller's transaction.
 */
export async function eraseContacts(
  ctx: Context,
  manager: EntityManager,
  contactIds: readonly string[],
  marker: string,
): Promise<ErasedContacts> {
  if (!contactIds.length) return { contacts: [], historyEntries: 0 };
  const deleted = await queryRows(manager, 'DELETE FROM contact WHERE id = ANY($1::uuid[]) RETURNING *', [[...contactIds]]);
  const contacts = deleted.map((row) => hydrate(manager.connection, ContactEntity, row));
  const redact = new SqlParams();
  const ids = redact.add(
    contacts.map((contact) => contact.id),
    'uuid[]',
  );
  const history = await queryRows(
    manager,
    `UPDATE organisation_history SET changes = ${redactedChangesSql('changes', redact, CONTACT_PERSONAL_FIELDS, marker)},
            personal_data_redacted_at = now()
      WHERE contact_id = ANY(${ids}) RETURNING id`,
    redact.values,
  );
  for (const contact of contacts) {
    const changes = CONTACT_PERSONAL_FIELDS.filter((field) => contact[field] !== null).map((field) => ({
      field,
      old: marker,
      new: null,
    }));
    await recordContactChange(ctx, manager, 'CONTACT_REMOVED', contact, changes, [contact.visibility, undefined]);
  }
  return { contacts, historyEntries: history.length };
}

/** The changed fields with the marker as the old value: history and webhooks learn what changed, never what it was. */
const withMarker = (changes: OrganisationFieldChange[], marker: string): OrganisationFieldChange[] =>
  changes.map((change) => ({ field: change.field, old: marker, new: change.new }));

/**
 * An organisation row the erasure rewrote in place (its own e-mail address,
 * number or texts; `after` already has the bumped version): recorded as an
 * UPDATED change like `updateOrganisation`'s — history entry and change-log
 * entry in the erasure's transaction — so subscribers, webhooks and partners
 * holding a copy learn that the entry changed and fetch it again.
 */
export async function recordOrganisationErasure(
  ctx: Context,
  manager: EntityManager,
  before: OrganisationEntity,
  after: OrganisationEntity,
  marker: string,
): Promise<void> {
  await recordOrganisationChange(ctx, manager, {
    organisationId: after.id,
    kind: 'UPDATED',
    changes: withMarker(organisationDiff(before, after), marker),
    version: after.version,
    municipalityIds: [before.municipalityId, after.municipalityId],
  });
}

/**
 * A contact the erasure rewrote in place (another person's contact whose
 * text named the erased value): a CONTACT_UPDATED change, reaching whoever
 * may see the contact, with the marker as the old values.
 */
export async function recordContactErasure(
  ctx: Context,
  manager: EntityManager,
  before: ContactEntity,
  after: ContactEntity,
  marker: string,
): Promise<void> {
  await recordContactChange(ctx, manager, 'CONTACT_UPDATED', after, withMarker(contactDiff(before, after), marker), [
    before.visibility,
    after.visibility,
  ]);
}
