import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root, Subscription, type ResolverData } from 'type-graphql';
import type { Context } from '../access';
import { ORGANISATION_CHANGE_KINDS, organisationLoader, type OrganisationChangeKind } from '../directory';
import { badInput } from '../shared/errors';
import { globalId, parseGlobalIds } from '../shared/global-id';
import { encodeChangeCursor } from './change-cursor';
import type { ChangeRow } from './change-log';
import {
  canHearOfOrganisationChange,
  matchesOrganisationSelection,
  toldFields,
  type OrganisationChangeSelection,
} from './change.policy';
import { changePage, MAX_FILTER_IDS, openStream, sharedPayload, startPosition } from './change.service';
import type { ChangePayload, ChangeSelector } from './change-stream';
import {
  OrganisationChange,
  OrganisationChangeConnection,
  OrganisationChangeFilter,
  type OrganisationChangeValue,
} from './organisation-change.types';

/** The filter as database ids; BAD_USER_INPUT naming the field when an id is malformed or a list too long. */
export function parseOrganisationChangeFilter(
  filter: OrganisationChangeFilter | null | undefined,
  field = 'filter',
): OrganisationChangeSelection {
  const checked = <T>(values: readonly T[] | null | undefined, name: string): readonly T[] => {
    if (values === null || values === undefined) return [];
    if (!Array.isArray(values)) throw badInput(`${field}.${name}`, 'must be a list.');
    if (values.length > MAX_FILTER_IDS)
      throw badInput(`${field}.${name}`, `may hold at most ${MAX_FILTER_IDS} entries, got ${values.length}.`);
    return values;
  };
  const kinds = checked(filter?.kinds, 'kinds');
  kinds.forEach((kind, index) => {
    if (!(ORGANISATION_CHANGE_KINDS as readonly string[]).includes(kind))
      throw badInput(`${field}.kinds[${index}]`, `is not a kind of directory change (${ORGANISATION_CHANGE_KINDS.join(', ')}).`);
  });
  return {
    organisationIds: new Set(
      parseGlobalIds(checked(filter?.organisationIds, 'organisationIds'), 'Organisation', `${field}.organisationIds`),
    ),
    municipalityIds: new Set(
      parseGlobalIds(checked(filter?.municipalityIds, 'municipalityIds'), 'Municipality', `${field}.municipalityIds`),
    ),
    kinds: new Set(kinds),
  };
}

/**
 * Directory changes for one viewer: filter, then the contact rule of
 * change.policy. Payloads are shared between subscribers (see
 * change.service), so the fields told are decided in {@link toOrganisationChange}.
 */
export function organisationChangeSelector(ctx: Context, selection: OrganisationChangeSelection): ChangeSelector {
  return (change: ChangeRow) => {
    if (change.subject !== 'ORGANISATION') return undefined;
    if (!matchesOrganisationSelection(change, selection) || !canHearOfOrganisationChange(ctx.viewer, change)) return undefined;
    return sharedPayload(change, null);
  };
}

/** The GraphQL value of a delivered directory change, for this viewer. */
export function toOrganisationChange(ctx: Context, payload: ChangePayload): OrganisationChangeValue {
  const { change } = payload;
  if (change.subject !== 'ORGANISATION') throw new Error('an event change was handed to a directory subscription');
  return {
    cursor: encodeChangeCursor(change.cursor),
    kind: change.kind as OrganisationChangeKind,
    organisationId: globalId('Organisation', change.organisationId),
    organisationDbId: change.organisationId,
    contactId: change.contactId ? globalId('Contact', change.contactId) : null,
    changedFields: toldFields(ctx.viewer, change),
    version: change.version,
    occurredAt: change.occurredAt,
  };
}

type SubscribeData = Omit<ResolverData<Context>, 'root'>;

/** `Subscription.organisationChanged`. */
async function subscribeOrganisationChanges(
  ctx: Context,
  args: { filter?: OrganisationChangeFilter | null; since?: string | null },
): Promise<AsyncIterable<ChangePayload>> {
  const selection = parseOrganisationChangeFilter(args.filter);
  const since = await startPosition(ctx, args.since);
  return openStream(ctx, organisationChangeSelector(ctx, selection), since);
}

@Resolver(() => OrganisationChange)
export class OrganisationChangeResolver {
  @Query(() => OrganisationChangeConnection, {
    description:
      'Delta sync of the directory without websockets: changes to organisations and the contacts you may see, oldest first, after `since`. Event changes are in `changes`; both come from one change log with one cursor sequence, so a cursor from either (or from a webhook delivery) resumes both. We kept `changes` for events only (rather than a union) so that existing clients keep working unchanged. A `since` older than the retained log answers BAD_USER_INPUT with `extensions.reason: "CURSOR_EXPIRED"`.',
  })
  organisationChanges(
    @Ctx() ctx: Context,
    @Arg('since', () => String, { nullable: true, description: 'Cursor of the last change you processed.' }) since: string | null,
    @Arg('filter', () => OrganisationChangeFilter, { nullable: true, description: 'Which changes to include.' })
    filter: OrganisationChangeFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Most changes per page, 1..100 (default 20).' }) first: number | null,
  ) {
    const select = organisationChangeSelector(ctx, parseOrganisationChangeFilter(filter));
    return changePage(ctx, { since, first }, select, (payload) => toOrganisationChange(ctx, payload));
  }

  @Subscription(() => OrganisationChange, {
    description:
      'Directory changes as they are committed on any hub instance, with the guarantees of `eventChanged`: with `since`, first every change after that cursor, then live; no gap, no duplicate. A contact change reaches you only when you may see the contact before or after it. A bad or expired `since` answers BAD_USER_INPUT with `extensions.reason` CURSOR_INVALID or CURSOR_EXPIRED.',
    subscribe: ({ args, context }: SubscribeData) => subscribeOrganisationChanges(context, args),
  })
  organisationChanged(
    @Root() payload: ChangePayload,
    @Ctx() ctx: Context,
    @Arg('filter', () => OrganisationChangeFilter, {
      nullable: true,
      description: 'Which changes to receive (default: all you may see).',
    })
    _filter: OrganisationChangeFilter | null,
    @Arg('since', () => String, { nullable: true, description: 'Resume after this change cursor (the last one you processed).' })
    _since: string | null,
  ): OrganisationChangeValue {
    return toOrganisationChange(ctx, payload);
  }

  @FieldResolver()
  organisation(@Root() change: OrganisationChangeValue, @Ctx() ctx: Context) {
    return organisationLoader(ctx).load(change.organisationDbId);
  }
}
