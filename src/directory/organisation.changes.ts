import type { EntityManager } from 'typeorm';
import type { Context } from '../access';
import { appendChange } from '../db/change-log';
import { queryRows } from '../db/query-rows';
import { insertRow } from '../db/write';
import { actorValues } from '../db/history';
import { globalId } from '../shared/global-id';
import type { ContactEntity, ContactVisibilityValue } from './contact.entity';
import { OrganisationHistoryEntity, type OrganisationFieldChange } from './organisation-history.entity';
import type { OrganisationEntity } from './organisation.entity';

/**
 * The directory's changes, as recorded in the change log (for `changes`-style
 * delivery: organisationChanges, organisationChanged, webhooks) and in the
 * organisation history (who changed what) — both in the caller's
 * transaction, so a change, its history entry and its log entry commit
 * together or not at all.
 */

export const ORGANISATION_CHANGE_KINDS = [
  'CREATED',
  'UPDATED',
  'VERIFIED',
  'DETAILS_CONFIRMED',
  'MEMBERSHIPS_CHANGED',
  'CONTACT_ADDED',
  'CONTACT_UPDATED',
  'CONTACT_REMOVED',
] as const;
export type OrganisationChangeKindValue = (typeof ORGANISATION_CHANGE_KINDS)[number];

/**
 * The routing facts of a directory change (the log entry's snapshot): which
 * municipalities it concerns (before and after: a move reaches subscribers of
 * both), and for a contact change the contact's visibilities before and
 * after. No names, addresses or numbers: those stay in the history.
 */
export interface OrganisationChangeFacts {
  municipalityIds: string[];
  /** Empty for changes that are not about a contact. */
  contactVisibilities: ContactVisibilityValue[];
}

/** A directory change as the directory service records it. */
export interface OrganisationChangeRecord {
  organisationId: string;
  kind: OrganisationChangeKindValue;
  changes: OrganisationFieldChange[];
  /** The organisation version the change produced; null for contact changes. */
  version: number | null;
  /** Municipalities of the organisation before and after the change. */
  municipalityIds: ReadonlyArray<string | null>;
  contact?: { id: string; visibilities: ReadonlyArray<ContactVisibilityValue | undefined> };
  /** Umbrellas joined or left (membership changes). */
  umbrellaIds?: readonly string[];
}

const unique = <T>(values: ReadonlyArray<T | null | undefined>): T[] => [
  ...new Set(values.filter((value): value is T => value !== null && value !== undefined)),
];

/** Writes the history entry and the change-log entry of a directory change; answers the cursor. */
export async function recordOrganisationChange(
  ctx: Context,
  manager: EntityManager,
  record: OrganisationChangeRecord,
): Promise<number> {
  await insertRow(manager, OrganisationHistoryEntity, {
    organisationId: record.organisationId,
    contactId: record.contact?.id ?? null,
    kind: record.kind,
    ...actorValues(ctx.viewer),
    changes: record.changes,
    version: record.version,
  });
  const facts: OrganisationChangeFacts = {
    municipalityIds: unique(record.municipalityIds),
    contactVisibilities: unique(record.contact?.visibilities ?? []),
  };
  return appendChange(manager, {
    subject: 'ORGANISATION',
    organisationId: record.organisationId,
    contactId: record.contact?.id ?? null,
    kind: record.kind,
    changedFields: record.changes.map((change) => change.field),
    version: record.version,
    organisationIds: unique(record.umbrellaIds ?? []),
    snapshot: facts as unknown as Record<string, unknown>,
  });
}

/**
 * History and change log of a contact change (added, edited, removed, or rewritten by an erasure),
 * routed by the organisation's municipality; the log entry carries the contact's visibilities
 * before and after, never its values.
 */
export async function recordContactChange(
  ctx: Context,
  manager: EntityManager,
  kind: 'CONTACT_ADDED' | 'CONTACT_UPDATED' | 'CONTACT_REMOVED',
  contact: { id: string; organisationId: string },
  changes: OrganisationFieldChange[],
  visibilities: ReadonlyArray<ContactVisibilityValue | undefined>,
): Promise<void> {
  const [organisation] = await queryRows<{ municipality_id: string | null }>(
    manager,
    'SELECT municipality_id FROM organisation WHERE id = $1',
    [contact.organisationId],
  );
  await recordOrganisationChange(ctx, manager, {
    organisationId: contact.organisationId,
    kind,
    changes,
    version: null,
    municipalityIds: [organisation?.municipality_id ?? null],
    contact: { id: contact.id, visibilities },
  });
}

/** The fields of an organisation as the API shows them (IDs as global IDs), for history values. */
function apiValues(organisation: OrganisationEntity, memberOfIds?: readonly string[]): Record<string, unknown> {
  return {
    name: organisation.name,
    shortName: organisation.shortName,
    slug: organisation.slug,
    description: organisation.description,
    originalLanguage: organisation.originalLanguage,
    address: {
      street: organisation.street,
      postalCode: organisation.postalCode,
      locality: organisation.locality,
      municipalityId: organisation.municipalityId ? globalId('Municipality', organisation.municipalityId) : null,
      location:
        organisation.latitude === null || organisation.longitude === null
          ? null
          : { latitude: organisation.latitude, longitude: organisation.longitude },
    },
    website: organisation.website,
    email: organisation.email,
    phone: organisation.phone,
    languages: organisation.languages,
    topics: organisation.topics,
    barrierFree: organisation.barrierFree,
    lookingForPartners: organisation.lookingForPartners,
    details: organisation.details,
    verified: organisation.verified,
    lastConfirmedAt: organisation.lastConfirmedAt,
    ...(memberOfIds ? { memberOfIds: [...memberOfIds].sort().map((id) => globalId('Organisation', id)) } : {}),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function diffValues(before: Record<string, unknown>, after: Record<string, unknown>): OrganisationFieldChange[] {
  return Object.keys(after)
    .filter((field) => !same(before[field], after[field]))
    .map((field) => ({ field, old: before[field] ?? null, new: after[field] ?? null }));
}

/**
 * The changed fields of an organisation with old and new values (API names;
 * `memberOfIds` only when both membership lists are given). A created
 * organisation is a diff from nothing.
 */
export function organisationDiff(
  before: OrganisationEntity | null,
  after: OrganisationEntity,
  memberships?: { before: readonly string[]; after: readonly string[] },
): OrganisationFieldChange[] {
  const next = apiValues(after, memberships?.after);
  if (!before)
    return Object.entries(next).flatMap(([field, value]) =>
      same(value, null) || same(value, []) || same(value, {}) ? [] : [{ field, old: null, new: value }],
    );
  return diffValues(apiValues(before, memberships?.before), next);
}

/** A contact's fields as the API shows them. */
function contactValues(contact: ContactEntity): Record<string, unknown> {
  return {
    name: contact.name,
    role: contact.role,
    email: contact.email,
    phone: contact.phone,
    languages: contact.languages,
    visibility: contact.visibility,
    publicationBasis: contact.publicationBasis ?? null,
  };
}

/** The changed fields of a contact (added: from nothing; removed: to nothing). */
export function contactDiff(before: ContactEntity | null, after: ContactEntity | null): OrganisationFieldChange[] {
  const old = before ? contactValues(before) : {};
  const next = after ? contactValues(after) : {};
  const fields = Object.keys(after ? next : old);
  return fields
    .filter((field) => !same(old[field], next[field]))
    .map((field) => ({ field, old: old[field] ?? null, new: next[field] ?? null }));
}
