import type { Viewer } from '../access';
import { visibleContactLevels, type ContactVisibilityValue } from '../directory';
import { canSeeEvent, type EventEntity, type EventOrganiserEntity, type EventSnapshot } from '../events';
import { forbidden, unauthenticated } from '../shared/errors';
import type { EventChangeRow, OrganisationChangeRow } from './change-log';

/**
 * Who hears of which change — the one place these rules live. Whether a
 * viewer may see an event is the events policy's {@link canSeeEvent}; this
 * file only decides which state of the event it is asked about.
 *
 * - A viewer hears of a change when it may see the event before or after the
 *   change: so it learns that an event appeared (published) and that it left
 *   its view (visibility narrowed, back to draft, deleted), and never hears
 *   of an event it could not see on either side (a draft, a PARTNERS event
 *   for an anonymous app).
 * - The change carries the event itself only when the viewer may see it now
 *   (at delivery): otherwise `event` is null.
 * - A filter matches when the event is in it before or after the change, so
 *   a subscriber to a municipality learns that an event moved away.
 */

/** The selection of `ChangeFilter`, as database ids. Empty lists mean "any". */
export interface ChangeSelection {
  municipalityIds: ReadonlySet<string>;
  organisationIds: ReadonlySet<string>;
  campaignIds: ReadonlySet<string>;
  eventIds: ReadonlySet<string>;
}

/** The event as it is now, with its organisers. */
export interface CurrentEvent {
  event: EventEntity;
  organisers: EventOrganiserEntity[];
}

function snapshotVisible(viewer: Viewer, snapshot: EventSnapshot | null): boolean {
  if (!snapshot) return false;
  return canSeeEvent(
    viewer,
    {
      status: snapshot.status,
      visibility: snapshot.visibility,
      publishedAt: snapshot.publishedAt ? new Date(snapshot.publishedAt) : null,
    },
    snapshot.organisers,
  );
}

/** Whether the viewer may hear of the change at all (see above). */
export function canHearOf(viewer: Viewer, change: EventChangeRow): boolean {
  if (viewer.coordinator) return true;
  return snapshotVisible(viewer, change.after) || snapshotVisible(viewer, change.before);
}

/** The event to hand out with a change: the current one when the viewer may see it, else null. */
export function visibleEvent(viewer: Viewer, change: EventChangeRow, current: CurrentEvent | undefined): EventEntity | null {
  if (change.kind === 'DELETED' || !current) return null;
  return canSeeEvent(viewer, current.event, current.organisers) ? current.event : null;
}

function snapshotMatches(snapshot: EventSnapshot | null, selection: ChangeSelection): boolean {
  if (!snapshot) return false;
  if (selection.municipalityIds.size && !(snapshot.municipalityId && selection.municipalityIds.has(snapshot.municipalityId)))
    return false;
  if (selection.campaignIds.size && !(snapshot.campaignId && selection.campaignIds.has(snapshot.campaignId))) return false;
  if (
    selection.organisationIds.size &&
    // As EventFilter.organisationIds: the organisations taking part (the lead, accepted co-hosts and supporters).
    !snapshot.organisers.some((o) => o.status === 'ACCEPTED' && selection.organisationIds.has(o.organisationId))
  ) {
    return false;
  }
  return true;
}

/** Whether the change is selected by the filter (each given list must match, before or after the change). */
export function matchesSelection(change: EventChangeRow, selection: ChangeSelection): boolean {
  if (selection.eventIds.size && !selection.eventIds.has(change.eventId)) return false;
  const narrowed = selection.municipalityIds.size || selection.organisationIds.size || selection.campaignIds.size;
  if (!narrowed) return true;
  return snapshotMatches(change.after, selection) || snapshotMatches(change.before, selection);
}

/**
 * Watching an organisation's invitations: any key of the organisation (its
 * VIEWER keys too: they read the organisation's own business) and coordinators.
 */
export function assertCanWatchInvitations(viewer: Viewer, organisationId: string): void {
  if (!viewer.authenticated)
    throw unauthenticated('Subscribing to invitations needs an API key of the organisation or a coordinator.');
  if (viewer.coordinator || viewer.belongsTo(organisationId)) return;
  throw forbidden("Only the organisation's own keys and coordinators may follow its invitations.");
}

/** Whether a change concerns the organisation's invitations (invited, answered, withdrawn). */
export function concernsInvitationsOf(change: EventChangeRow, organisationId: string): boolean {
  return change.organisationIds.includes(organisationId);
}

// ---------------------------------------------------------------- directory changes

/**
 * Directory changes. Organisations and their facts are public, so everyone
 * hears of changes to them. A contact change is heard only by viewers who may
 * see the contact with the visibility it had before or after the change (and
 * by the organisation's own keys, who see all its contacts): a viewer who may
 * see it on neither side learns nothing, not even that something changed.
 */
function maySeeContact(viewer: Viewer, organisationId: string, visibility: ContactVisibilityValue): boolean {
  return viewer.coordinator || viewer.belongsTo(organisationId) || visibleContactLevels(viewer).includes(visibility);
}

/** Whether the viewer may hear of a directory change at all (see above). */
export function canHearOfOrganisationChange(viewer: Viewer, change: OrganisationChangeRow): boolean {
  if (!change.contactId) return true;
  return change.facts.contactVisibilities.some((visibility) => maySeeContact(viewer, change.organisationId, visibility));
}

/**
 * The changed fields to tell: all of them, unless the contact left the
 * viewer's view with this change (its visibility was narrowed): then only
 * that, "visibility", and nothing about what else changed with it.
 */
export function toldFields(viewer: Viewer, change: OrganisationChangeRow): string[] {
  if (!change.contactId || change.kind === 'CONTACT_REMOVED') return change.changedFields;
  const after = change.facts.contactVisibilities[change.facts.contactVisibilities.length - 1];
  if (after && maySeeContact(viewer, change.organisationId, after)) return change.changedFields;
  return change.changedFields.includes('visibility') ? ['visibility'] : [];
}

/** The selection of `OrganisationChangeFilter`, as database ids and kinds. Empty means "any". */
export interface OrganisationChangeSelection {
  organisationIds: ReadonlySet<string>;
  municipalityIds: ReadonlySet<string>;
  kinds: ReadonlySet<string>;
}

/** Whether a directory change is selected (each given list must match; organisations also match as umbrellas). */
export function matchesOrganisationSelection(change: OrganisationChangeRow, selection: OrganisationChangeSelection): boolean {
  if (selection.kinds.size && !selection.kinds.has(change.kind)) return false;
  if (
    selection.organisationIds.size &&
    !selection.organisationIds.has(change.organisationId) &&
    !change.organisationIds.some((id) => selection.organisationIds.has(id))
  ) {
    return false;
  }
  if (selection.municipalityIds.size && !change.facts.municipalityIds.some((id) => selection.municipalityIds.has(id)))
    return false;
  return true;
}
