import type { Viewer } from '../access';
import { canSeeEvent, type EventEntity, type EventOrganiserEntity, type EventSnapshot } from '../events';
import { forbidden, unauthenticated } from '../shared/errors';
import type { ChangeRow } from './change-log';

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
export function canHearOf(viewer: Viewer, change: ChangeRow): boolean {
  if (viewer.coordinator) return true;
  return snapshotVisible(viewer, change.after) || snapshotVisible(viewer, change.before);
}

/** The event to hand out with a change: the current one when the viewer may see it, else null. */
export function visibleEvent(viewer: Viewer, change: ChangeRow, current: CurrentEvent | undefined): EventEntity | null {
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
export function matchesSelection(change: ChangeRow, selection: ChangeSelection): boolean {
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
export function concernsInvitationsOf(change: ChangeRow, organisationId: string): boolean {
  return change.organisationIds.includes(organisationId);
}
