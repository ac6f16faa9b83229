import type { EntityManager } from 'typeorm';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { withTransaction } from '../db/transaction';
import { insertRow, NOW, updateRows } from '../db/write';
import type { Context } from '../access';
import { badInput, notFound } from '../shared/errors';
import { parseGlobalId } from '../shared/global-id';
import { cleanText } from '../shared/text';
import { ContactEntity } from './contact.entity';
import { ContactVisibility } from './directory.enums';
import type { ContactInput } from './organisation.inputs';
import { assertAuthenticated, assertCanEditOrganisation } from './organisation.policy';
import { contactDiff, recordContactChange } from './organisation.changes';
import { findOrganisation } from './organisation.service';

/*
 * An organisation's contact persons: adding, updating, withdrawing consent and
 * removing, each in one transaction with its history and change-log entry.
 * (Erasure of personal data is contact.erasure.ts.)
 */

/**
 * A contact's columns from its input. PUBLIC and PARTNERS need a publication
 * basis; the basis is recorded with who gave it and when, and a basis given
 * again unchanged keeps its first record (`current`: the contact as it is).
 */
function contactColumns(ctx: Context, input: ContactInput, current: ContactEntity | null) {
  const visibility = input.visibility ?? ContactVisibility.COORDINATORS;
  const basis = input.publicationBasis ?? null;
  if (visibility !== ContactVisibility.COORDINATORS && !basis) {
    throw badInput(
      'input.publicationBasis',
      `is required for visibility ${visibility}: record CONSENT (the person agreed) or OFFICIAL_ROLE (a public office's role address), or keep the contact COORDINATORS.`,
    );
  }
  const kept = current && current.publicationBasis === basis;
  return {
    name: cleanText(input.name, 'input.name', true)!,
    role: cleanText(input.role, 'input.role'),
    email: input.email ?? null,
    phone: input.phone ?? null,
    languages: [...new Set(input.languages ?? [])],
    visibility,
    publicationBasis: basis,
    basisRecordedAt: !basis ? null : kept ? current.basisRecordedAt : NOW,
    basisRecordedByKeyId: !basis ? null : kept ? current.basisRecordedByKeyId : (ctx.viewer.keyId ?? null),
    basisRecordedBy: !basis ? null : kept ? current.basisRecordedBy : (ctx.viewer.label ?? null),
  };
}

export async function addContact(ctx: Context, organisationGlobalId: string, input: ContactInput): Promise<ContactEntity> {
  const organisationId = parseGlobalId(organisationGlobalId, 'Organisation', 'organisationId');
  assertAuthenticated(ctx.viewer);
  await findOrganisation(ctx, organisationId, 'organisationId');
  assertCanEditOrganisation(ctx.viewer, organisationId);
  const columns = contactColumns(ctx, input, null);
  return withTransaction(ctx.db, async (manager) => {
    const contact = (await insertRow(manager, ContactEntity, { organisationId, ...columns }))!;
    await contactChanged(ctx, manager, 'CONTACT_ADDED', null, contact);
    return contact;
  });
}

/** History and change log of a contact change, its diff from before and after. */
async function contactChanged(
  ctx: Context,
  manager: EntityManager,
  kind: 'CONTACT_ADDED' | 'CONTACT_UPDATED' | 'CONTACT_REMOVED',
  before: ContactEntity | null,
  after: ContactEntity | null,
): Promise<void> {
  await recordContactChange(ctx, manager, kind, (after ?? before)!, contactDiff(before, after), [
    before?.visibility,
    after?.visibility,
  ]);
}

async function findContact(ctx: Context, globalId: string): Promise<ContactEntity> {
  const id = parseGlobalId(globalId, 'Contact', 'id');
  assertAuthenticated(ctx.viewer);
  const contact = await ctx.db.getRepository(ContactEntity).findOneBy({ id });
  if (!contact) throw notFound('The contact', 'id');
  assertCanEditOrganisation(ctx.viewer, contact.organisationId);
  return contact;
}

export async function updateContact(ctx: Context, globalId: string, input: ContactInput): Promise<ContactEntity> {
  const contact = await findContact(ctx, globalId);
  contactColumns(ctx, input, contact); // refuses bad input before the transaction
  return withTransaction(ctx.db, async (manager) => {
    // The row as it was, locked, so the history's old values are the ones this update replaced.
    const [locked] = await queryRows(manager, 'SELECT * FROM contact WHERE id = $1 FOR UPDATE', [contact.id]);
    if (!locked) throw notFound('The contact', 'id');
    const before = hydrate(manager.connection, ContactEntity, locked);
    const columns = contactColumns(ctx, input, before);
    const [updated] = await updateRows(manager, ContactEntity, { id: contact.id }, { ...columns, updatedAt: NOW });
    await contactChanged(ctx, manager, 'CONTACT_UPDATED', before, updated!);
    return updated!;
  });
}

/**
 * `withdrawContactConsent`: the person withdrew their consent (Art. 7 (3)).
 * The contact is narrowed to COORDINATORS and loses its basis in one
 * transaction; the change is recorded like any contact update, so
 * subscribers and webhooks that could see the contact hear that it left
 * their view (changedFields ["visibility"]), and every read after the commit
 * leaves it out. Idempotent: a contact without a basis stays as it is.
 */
export async function withdrawContactConsent(ctx: Context, globalId: string): Promise<ContactEntity> {
  const contact = await findContact(ctx, globalId);
  return withTransaction(ctx.db, async (manager) => {
    const [locked] = await queryRows(manager, 'SELECT * FROM contact WHERE id = $1 FOR UPDATE', [contact.id]);
    if (!locked) throw notFound('The contact', 'id');
    const before = hydrate(manager.connection, ContactEntity, locked);
    if (!before.publicationBasis && before.visibility === ContactVisibility.COORDINATORS) return before;
    const [updated] = await updateRows(
      manager,
      ContactEntity,
      { id: contact.id },
      {
        visibility: ContactVisibility.COORDINATORS,
        publicationBasis: null,
        basisRecordedAt: null,
        basisRecordedByKeyId: null,
        basisRecordedBy: null,
        updatedAt: NOW,
      },
    );
    await contactChanged(ctx, manager, 'CONTACT_UPDATED', before, updated!);
    return updated!;
  });
}

export async function removeContact(ctx: Context, globalId: string): Promise<boolean> {
  const contact = await findContact(ctx, globalId);
  return withTransaction(ctx.db, async (manager) => {
    // Of concurrent removals only the one that deleted the row answers true (and records it).
    const [deleted] = await queryRows(manager, 'DELETE FROM contact WHERE id = $1 RETURNING *', [contact.id]);
    if (!deleted) throw notFound('The contact', 'id');
    await contactChanged(ctx, manager, 'CONTACT_REMOVED', hydrate(manager.connection, ContactEntity, deleted), null);
    return true;
  });
}
