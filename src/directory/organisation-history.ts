import { Ctx, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../access';
import { historyConnection, historyRowValue, type HistoryRowValue } from '../db/history';
import type { Row } from '../db/query-rows';
import { PageInfo, type Connection } from '../shared/connection';
import { globalId } from '../shared/global-id';
import { DateTimeScalar, JSONScalar } from '../shared/scalars';
import type { OrganisationChangeKindValue } from './organisation.changes';
import { organisationLoader } from './organisation.query';
import { Organisation } from './organisation.types';

/**
 * `Organisation.history`: who changed what on an organisation and its
 * contacts, like `Event.history`. Readers: the organisation's own keys and
 * coordinators (see {@link canSeeOrganisationHistory}); both may see every
 * contact of the organisation, so contact values in the history never reach
 * a viewer who may not see the contact.
 */

export enum OrganisationChangeKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  VERIFIED = 'VERIFIED',
  DETAILS_CONFIRMED = 'DETAILS_CONFIRMED',
  MEMBERSHIPS_CHANGED = 'MEMBERSHIPS_CHANGED',
  CONTACT_ADDED = 'CONTACT_ADDED',
  CONTACT_UPDATED = 'CONTACT_UPDATED',
  CONTACT_REMOVED = 'CONTACT_REMOVED',
}
registerEnumType(OrganisationChangeKind, {
  name: 'OrganisationChangeKind',
  description: 'What happened to an organisation or one of its contacts.',
  valuesConfig: {
    CREATED: { description: 'The organisation was added to the directory.' },
    UPDATED: { description: 'Fields of the organisation changed (`updateOrganisation`); `changedFields` names them.' },
    VERIFIED: { description: 'A coordinator verified the entry.' },
    DETAILS_CONFIRMED: { description: 'The organisation confirmed its entry is still correct.' },
    MEMBERSHIPS_CHANGED: { description: 'The organisation joined or left umbrella federations (`memberOfIds`).' },
    CONTACT_ADDED: { description: 'A contact person was added.' },
    CONTACT_UPDATED: { description: "A contact person's details changed." },
    CONTACT_REMOVED: { description: 'A contact person was removed.' },
  },
});

/** Who may read an organisation's history: its own keys (any role) and coordinators. */
export function canSeeOrganisationHistory(viewer: Context['viewer'], organisationId: string): boolean {
  return viewer.coordinator || viewer.belongsTo(organisationId);
}

@ObjectType('OrganisationHistoryActor', {
  description: 'Who made a change to an organisation: the API key and its organisation.',
})
export class OrganisationHistoryActor {
  @Field(() => String, { nullable: true, description: "The API key's label; null if unknown (e.g. the key was deleted)." })
  label: string | null;

  @Field({ description: 'True when a coordinator key made the change.' })
  coordinator: boolean;
}

@ObjectType('OrganisationFieldChange', { description: 'One changed field in an organisation history entry, before and after.' })
export class OrganisationFieldChangeType {
  @Field({
    description:
      'The field, as named in the API: an `Organisation` field ("name", "address", "memberOfIds", "verifiedAt", ...) or, for contact changes, a `Contact` field ("name", "email", "visibility", ...).',
  })
  field: string;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'Value before the change (JSON; IDs are global IDs); null when there was none.',
  })
  oldValue: unknown;

  @Field(() => JSONScalar, { nullable: true, description: 'Value after the change; null when there is none.' })
  newValue: unknown;
}

@ObjectType('OrganisationHistoryEntry', {
  description:
    "One step in an organisation's history: who, when, what kind of change, which fields with old and new values. Written in the same transaction as the change.",
})
export class OrganisationHistoryEntry {
  @Field(() => OrganisationChangeKind, { description: 'What happened.' })
  kind: OrganisationChangeKind;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  occurredAt: Date;

  @Field(() => OrganisationHistoryActor, { description: 'Who did it.' })
  actor: OrganisationHistoryActor;

  @Field(() => ID, { nullable: true, description: 'Global ID of the contact a contact change is about; null otherwise.' })
  contactId: string | null;

  @Field(() => [OrganisationFieldChangeType], { description: 'The changed fields with old and new values.' })
  changes: OrganisationFieldChangeType[];

  @Field(() => [String], { description: 'Names of the changed fields (the `field` of each of `changes`).' })
  changedFields: string[];

  @Field(() => Int, { nullable: true, description: 'The organisation version the change produced; null for contact changes.' })
  version: number | null;
}

@ObjectType('OrganisationHistoryEdge', { description: 'One organisation history entry, with its cursor.' })
export class OrganisationHistoryEdge {
  @Field({ description: 'Opaque position of this entry; pass it as `after` to continue after it.' })
  cursor: string;

  @Field(() => OrganisationHistoryEntry, { description: 'The history entry.' })
  node: OrganisationHistoryEntry;
}

@ObjectType('OrganisationHistoryConnection', { description: "A page of an organisation's history, oldest entry first." })
export class OrganisationHistoryConnection {
  @Field(() => [OrganisationHistoryEdge], { description: 'The entries of this page, oldest first.' })
  edges: OrganisationHistoryEdge[];

  @Field(() => PageInfo, { description: 'Position of this page in the whole history.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'How many entries the history has in all.' })
  totalCount: number;
}

/** What an OrganisationHistoryEntry resolves from. */
interface HistoryEntryValue extends HistoryRowValue {
  kind: OrganisationChangeKindValue;
  contactId: string | null;
  version: number | null;
}

function toValue(raw: Row): HistoryEntryValue {
  return {
    ...historyRowValue(raw),
    kind: raw.kind as OrganisationChangeKindValue,
    contactId: raw.contact_id ? globalId('Contact', String(raw.contact_id)) : null,
    version: raw.version === null || raw.version === undefined ? null : Number(raw.version),
  };
}

/** One statement for the histories of all organisations of a page (and one more for their counts); empty when not allowed. */
export function organisationHistoryConnection(
  ctx: Context,
  organisationId: string,
  first: number,
  after: string | null | undefined,
): Promise<Connection<HistoryEntryValue>> {
  return historyConnection(ctx, {
    name: 'organisation-history',
    table: 'organisation_history',
    parentColumn: 'organisation_id',
    parentId: organisationId,
    first,
    after,
    allowed: canSeeOrganisationHistory(ctx.viewer, organisationId),
    hydrate: toValue,
  });
}

@Resolver(() => OrganisationHistoryActor)
export class OrganisationHistoryActorResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation the key acts for; null for coordinators.' })
  organisation(@Root() actor: HistoryEntryValue['actor'], @Ctx() ctx: Context) {
    return actor.organisationId ? organisationLoader(ctx).load(actor.organisationId) : null;
  }
}
