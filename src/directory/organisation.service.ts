import type { EntityManager } from 'typeorm';
import { freeSlug } from '../db/free-slug';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { withTransaction } from '../db/transaction';
import { insertRow, insertRows, NOW, updateRows, updateVersioned } from '../db/write';
import type { Context } from '../access';
import { badInput, isUniqueViolation, notFound } from '../shared/errors';
import { parseGlobalId, parseGlobalIds } from '../shared/global-id';
import { cleanText } from '../shared/text';
import { translationsFrom } from '../shared/translation.inputs';
import { originalLanguageOf, type Translations } from '../shared/translations';
import { addressFromInput } from './address';
import { OrganisationKind } from './directory.enums';
import { OrganisationEntity, OrganisationMembershipEntity, type OrganisationDetails } from './organisation.entity';
import type { CreateOrganisationInput, UpdateOrganisationInput } from './organisation.inputs';
import { assertAuthenticated, assertCanEditOrganisation, assertCoordinator } from './organisation.policy';
import { organisationDiff, recordOrganisationChange } from './organisation.changes';

/** Which facts input belongs to which kind. */
const FACTS_FIELD: Record<OrganisationKind, keyof CreateOrganisationInput | undefined> = {
  ASSOCIATION: 'association',
  FEDERATION: 'federation',
  MOSQUE: 'mosque',
  SUPPORT_CIRCLE: 'supportCircle',
  MIGRANT_ORGANISATION: 'migrantOrganisation',
  RELIGIOUS_COMMUNITY: 'religiousCommunity',
  PUBLIC_INSTITUTION: 'publicInstitution',
  OTHER: undefined,
};

/** Facts for the kind from its facts input; a facts input of another kind is refused. */
function detailsFor(kind: OrganisationKind, input: UpdateOrganisationInput, current: OrganisationDetails): OrganisationDetails {
  for (const [otherKind, field] of Object.entries(FACTS_FIELD)) {
    if (field && otherKind !== kind && input[field as keyof UpdateOrganisationInput] != null) {
      throw badInput(`input.${field}`, `is only for organisations of kind ${otherKind}; this one is ${kind}.`);
    }
  }
  const field = FACTS_FIELD[kind];
  const facts = field ? (input[field as keyof UpdateOrganisationInput] as Record<string, unknown> | null | undefined) : undefined;
  if (!facts) return current;
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(facts)) {
    if (value === undefined) continue;
    next[key] = typeof value === 'string' ? cleanText(value, `input.${field}.${key}`) : value;
  }
  if (Array.isArray(next.communities)) {
    next.communities = (next.communities as string[]).map((c) => c.trim()).filter(Boolean);
  }
  return next as OrganisationDetails;
}

/** Checks umbrella IDs: existing federations, not the organisation itself. */
async function umbrellaIds(manager: EntityManager, ids: readonly string[], selfId?: string): Promise<string[]> {
  const parsed = parseGlobalIds(ids, 'Organisation', 'input.memberOfIds');
  const unique = [...new Set(parsed)];
  const rows = await queryRows<{ id: string; kind: string }>(
    manager,
    'SELECT id, kind FROM organisation WHERE id = ANY($1::uuid[])',
    [unique],
  );
  const kinds = new Map(rows.map((row) => [row.id, row.kind]));
  parsed.forEach((id, index) => {
    const field = `input.memberOfIds[${index}]`;
    if (id === selfId) throw badInput(field, 'an organisation cannot be a member of itself.');
    const kind = kinds.get(id);
    if (!kind) throw badInput(field, 'no organisation has this ID.');
    if (kind !== OrganisationKind.FEDERATION) throw badInput(field, `is a ${kind}; only federations have members.`);
  });
  return unique;
}

async function replaceMemberships(manager: EntityManager, memberId: string, umbrellas: readonly string[]): Promise<void> {
  await manager.query('DELETE FROM organisation_membership WHERE member_id = $1', [memberId]);
  if (umbrellas.length) {
    await insertRows(
      manager,
      OrganisationMembershipEntity,
      umbrellas.map((umbrellaId) => ({ memberId, umbrellaId })),
    );
  }
}

export async function createOrganisation(ctx: Context, input: CreateOrganisationInput): Promise<OrganisationEntity> {
  assertCoordinator(ctx.viewer, 'create organisations');
  const name = cleanText(input.name, 'input.name', true)!;
  const details = detailsFor(input.kind, input, {});
  const description = input.description ? translationsFrom(input.description, 'input.description') : {};
  const originalLanguage = originalLanguageOf(description, input.originalLanguage, undefined, 'description');
  // A slug made from the name can be taken by a concurrent create between
  // choosing and inserting it: then choose again. A slug the client gave is
  // the client's to change.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await insertOrganisation(ctx, input, { name, details, description, originalLanguage });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.slug || attempt >= 5) throw badInput('input.slug', 'is already taken by another organisation.');
    }
  }
}

async function insertOrganisation(
  ctx: Context,
  input: CreateOrganisationInput,
  checked: { name: string; details: OrganisationDetails; description: Translations; originalLanguage: string },
): Promise<OrganisationEntity> {
  const { name, details, description, originalLanguage } = checked;
  return withTransaction(ctx.db, async (manager) => {
    const address = await addressFromInput(manager, input.address ?? null);
    const umbrellas = input.memberOfIds?.length ? await umbrellaIds(manager, input.memberOfIds) : [];
    const organisation = (await insertRow(manager, OrganisationEntity, {
      kind: input.kind,
      name,
      shortName: cleanText(input.shortName, 'input.shortName'),
      slug: input.slug ?? (await freeSlug(manager, 'organisation', name, 'organisation')),
      description,
      originalLanguage,
      ...address,
      website: input.website ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      languages: [...new Set(input.languages ?? [])],
      topics: [...new Set(input.topics ?? [])],
      barrierFree: input.barrierFree ?? null,
      lookingForPartners: input.lookingForPartners ?? false,
      details,
    }))!;
    await replaceMemberships(manager, organisation.id, umbrellas);
    await recordOrganisationChange(ctx, manager, {
      organisationId: organisation.id,
      kind: 'CREATED',
      changes: organisationDiff(null, organisation, { before: [], after: umbrellas }),
      version: organisation.version,
      municipalityIds: [organisation.municipalityId],
      umbrellaIds: umbrellas,
    });
    return organisation;
  });
}

export async function findOrganisation(ctx: Context, id: string, field = 'id'): Promise<OrganisationEntity> {
  const organisation = await ctx.db.getRepository(OrganisationEntity).findOneBy({ id });
  if (!organisation) throw notFound('The organisation', field);
  return organisation;
}

export async function updateOrganisation(
  ctx: Context,
  globalId: string,
  expectedVersion: number,
  input: UpdateOrganisationInput,
): Promise<OrganisationEntity> {
  const id = parseGlobalId(globalId, 'Organisation', 'id');
  assertAuthenticated(ctx.viewer);
  const current = await findOrganisation(ctx, id);
  assertCanEditOrganisation(ctx.viewer, id);

  const changes: Partial<OrganisationEntity> = {};
  if (input.name !== undefined) changes.name = cleanText(input.name, 'input.name', true)!;
  if (input.shortName !== undefined) changes.shortName = cleanText(input.shortName, 'input.shortName');
  if (input.slug !== undefined) {
    if (input.slug === null) throw badInput('input.slug', 'cannot be cleared.');
    changes.slug = input.slug;
  }
  if (input.description !== undefined)
    changes.description = input.description ? translationsFrom(input.description, 'input.description') : {};
  if (input.description !== undefined || input.originalLanguage !== undefined) {
    changes.originalLanguage = originalLanguageOf(
      changes.description ?? current.description,
      input.originalLanguage,
      current.originalLanguage,
      'description',
    );
  }
  if (input.website !== undefined) changes.website = input.website;
  if (input.email !== undefined) changes.email = input.email;
  if (input.phone !== undefined) changes.phone = input.phone;
  if (input.languages !== undefined) changes.languages = [...new Set(input.languages ?? [])];
  if (input.topics !== undefined) changes.topics = [...new Set(input.topics ?? [])];
  if (input.barrierFree !== undefined) changes.barrierFree = input.barrierFree;
  if (input.lookingForPartners !== undefined) {
    if (input.lookingForPartners === null) throw badInput('input.lookingForPartners', 'must be true or false.');
    changes.lookingForPartners = input.lookingForPartners;
  }
  const details = detailsFor(current.kind as OrganisationKind, input, current.details);
  if (details !== current.details) changes.details = details;

  try {
    return await withTransaction(ctx.db, async (manager) => {
      if (input.address !== undefined) Object.assign(changes, await addressFromInput(manager, input.address));
      const umbrellas = input.memberOfIds !== undefined ? await umbrellaIds(manager, input.memberOfIds ?? [], id) : undefined;
      // The version check and the write are one statement: of concurrent
      // updates with the same expectedVersion exactly one matches.
      // The row as the update finds it, locked, so the history's old values are the ones it replaces.
      const [locked] = await queryRows(manager, 'SELECT * FROM organisation WHERE id = $1 FOR UPDATE', [id]);
      const before = hydrate(manager.connection, OrganisationEntity, locked!);
      const updated = await updateVersioned(manager, OrganisationEntity, 'The organisation', id, expectedVersion, changes);
      const previousUmbrellas = umbrellas ? await membershipsOf(manager, id) : [];
      if (umbrellas) await replaceMemberships(manager, id, umbrellas);
      await recordUpdate(ctx, manager, before, updated, umbrellas ? { before: previousUmbrellas, after: umbrellas } : undefined);
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw badInput('input.slug', 'is already taken by another organisation.');
    throw error;
  }
}

async function membershipsOf(manager: EntityManager, memberId: string): Promise<string[]> {
  const rows = await queryRows<{ umbrella_id: string }>(
    manager,
    'SELECT umbrella_id FROM organisation_membership WHERE member_id = $1',
    [memberId],
  );
  return rows.map((row) => String(row.umbrella_id));
}

/** History and change log of an update: UPDATED for changed fields, MEMBERSHIPS_CHANGED for joined or left umbrellas. */
async function recordUpdate(
  ctx: Context,
  manager: EntityManager,
  before: OrganisationEntity,
  after: OrganisationEntity,
  memberships: { before: readonly string[]; after: readonly string[] } | undefined,
): Promise<void> {
  const fieldChanges = organisationDiff(before, after);
  const joinedOrLeft = memberships
    ? [
        ...memberships.after.filter((id) => !memberships.before.includes(id)),
        ...memberships.before.filter((id) => !memberships.after.includes(id)),
      ]
    : [];
  const municipalityIds = [before.municipalityId, after.municipalityId];
  if (fieldChanges.length || !joinedOrLeft.length) {
    await recordOrganisationChange(ctx, manager, {
      organisationId: after.id,
      kind: 'UPDATED',
      changes: fieldChanges,
      version: after.version,
      municipalityIds,
    });
  }
  if (joinedOrLeft.length) {
    await recordOrganisationChange(ctx, manager, {
      organisationId: after.id,
      kind: 'MEMBERSHIPS_CHANGED',
      changes: organisationDiff(before, after, memberships).filter((change) => change.field === 'memberOfIds'),
      version: after.version,
      municipalityIds,
      umbrellaIds: joinedOrLeft,
    });
  }
}

/** `verifyOrganisation`: a coordinator vouches for the entry. */
export async function verifyOrganisation(ctx: Context, globalId: string): Promise<OrganisationEntity> {
  const id = parseGlobalId(globalId, 'Organisation', 'id');
  assertCoordinator(ctx.viewer, 'verify organisations');
  return withTransaction(ctx.db, async (manager) => {
    const [updated] = await updateRows(manager, OrganisationEntity, { id }, { verified: true, verifiedAt: NOW });
    if (!updated) throw notFound('The organisation', 'id');
    await recordOrganisationChange(ctx, manager, {
      organisationId: id,
      kind: 'VERIFIED',
      changes: [{ field: 'verifiedAt', old: null, new: updated.verifiedAt }],
      version: updated.version,
      municipalityIds: [updated.municipalityId],
    });
    return updated;
  });
}

/** `confirmOrganisationDetails`: the organisation says its entry is still correct. */
export async function confirmOrganisationDetails(ctx: Context, globalId: string): Promise<OrganisationEntity> {
  const id = parseGlobalId(globalId, 'Organisation', 'id');
  assertAuthenticated(ctx.viewer);
  const current = await findOrganisation(ctx, id);
  assertCanEditOrganisation(ctx.viewer, id);
  return withTransaction(ctx.db, async (manager) => {
    const [updated] = await updateRows(manager, OrganisationEntity, { id }, { lastConfirmedAt: NOW });
    if (!updated) throw notFound('The organisation', 'id');
    await recordOrganisationChange(ctx, manager, {
      organisationId: id,
      kind: 'DETAILS_CONFIRMED',
      changes: [{ field: 'lastConfirmedAt', old: current.lastConfirmedAt, new: updated.lastConfirmedAt }],
      version: updated.version,
      municipalityIds: [updated.municipalityId],
    });
    return updated;
  });
}
