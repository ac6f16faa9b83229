import type { Viewer } from '../access';
import { forbidden, unauthenticated } from '../shared/errors';
import type { SqlParams } from '../shared/sql';
import type { EventVisibilityValue, EventStatusValue, ParticipationStatusValue } from './event.entity';

/**
 * Who may see and do what with events — the one place these rules live.
 *
 * "On the event" means: the organisation's status there is INVITED or
 * ACCEPTED (the lead is always ACCEPTED). An organisation that DECLINED or
 * WITHDRAWN is off the event: it no longer sees drafts, plans or the history,
 * only what the event's published visibility shows everyone of its kind.
 * Any key of an organisation on the event (VIEWER role included) sees it.
 *
 * Seeing an event:
 * - coordinators: every event;
 * - organisations on the event: the event in every status and visibility
 *   (an invited organisation must see what it is invited to, also when a
 *   published ORGANISERS event invites it late);
 * - everyone else: only events that were published (PUBLISHED, or CANCELLED
 *   after being published), by visibility: PUBLIC for anyone, PARTNERS for any
 *   valid key, ORGANISERS for nobody else. A draft or plan cancelled before it
 *   was published stays hidden, as it always was: "cancelled events stay
 *   visible to whoever saw them".
 *
 * The rule exists twice, in memory ({@link canSeeEvent}) and as SQL
 * ({@link visibleEventCondition}); `tests/events/visibility.test.ts` checks
 * that every path agrees.
 */

/** Organiser statuses that put an organisation "on the event". */
export const ACTIVE_ORGANISER_STATUSES: readonly ParticipationStatusValue[] = ['INVITED', 'ACCEPTED'];

/** The facts of an event the visibility rule needs. */
export interface VisibilityFacts {
  status: EventStatusValue;
  visibility: EventVisibilityValue;
  publishedAt: Date | null;
}

/** An organisation's place on an event, as far as the rule needs it. */
export interface OrganiserFacts {
  organisationId: string;
  status: ParticipationStatusValue;
}

/** True when the viewer's organisation is on the event (invited or accepted). */
export function isOnEvent(viewer: Viewer, organisers: readonly OrganiserFacts[]): boolean {
  if (!viewer.organisationId) return false;
  return organisers.some(
    (organiser) => organiser.organisationId === viewer.organisationId && ACTIVE_ORGANISER_STATUSES.includes(organiser.status),
  );
}

/** True when the event was published (it may have been cancelled since). */
function wasPublished(event: VisibilityFacts): boolean {
  return (event.status === 'PUBLISHED' || event.status === 'CANCELLED') && event.publishedAt !== null;
}

/** The visibilities a viewer who is not on the event sees of published events. */
export function publicVisibilities(viewer: Viewer): EventVisibilityValue[] {
  return viewer.authenticated ? ['PUBLIC', 'PARTNERS'] : ['PUBLIC'];
}

/** Whether the viewer may see the event (in memory). Must agree with {@link visibleEventCondition}. */
export function canSeeEvent(viewer: Viewer, event: VisibilityFacts, organisers: readonly OrganiserFacts[]): boolean {
  if (viewer.coordinator) return true;
  if (isOnEvent(viewer, organisers)) return true;
  return wasPublished(event) && publicVisibilities(viewer).includes(event.visibility);
}

/**
 * SQL condition "the viewer may see event `alias`" (must agree with
 * {@link canSeeEvent}). Served by `event_status_idx` and
 * `event_organiser_organisation_idx`.
 */
export function visibleEventCondition(viewer: Viewer, params: SqlParams, alias = 'e'): string {
  if (viewer.coordinator) return 'TRUE';
  const published = `(${alias}.status IN ('PUBLISHED', 'CANCELLED') AND ${alias}.published_at IS NOT NULL
      AND ${alias}.visibility = ANY(${params.add(publicVisibilities(viewer), 'text[]')}))`;
  if (!viewer.organisationId) return published;
  return `${published} OR ${alias}.id IN (
      SELECT eo.event_id FROM event_organiser eo
      WHERE eo.organisation_id = ${params.add(viewer.organisationId, 'uuid')}
        AND eo.status = ANY(${params.add(ACTIVE_ORGANISER_STATUSES, 'text[]')}))`;
}

// ---------------------------------------------------------------- actions

export function assertAuthenticated(viewer: Viewer): void {
  if (!viewer.authenticated) throw unauthenticated();
}

/** Creating an event led by `organisationId`: its EDITOR/ADMIN keys, or coordinators. */
export function assertCanLeadEvent(viewer: Viewer, organisationId: string): void {
  assertAuthenticated(viewer);
  if (viewer.coordinator || viewer.editsOrganisation(organisationId)) return;
  throw forbidden("Only the organisation's EDITOR or ADMIN keys and coordinators may create events it leads.");
}

/** Whether the viewer may manage the event (update, invite, publish, cancel, delete). */
export function canEditEvent(viewer: Viewer, event: { leadOrganisationId: string }): boolean {
  return viewer.coordinator || viewer.editsOrganisation(event.leadOrganisationId);
}

/** Managing an event: the lead organisation's EDITOR/ADMIN keys, or coordinators. */
export function assertCanEditEvent(viewer: Viewer, event: { leadOrganisationId: string }): void {
  assertAuthenticated(viewer);
  if (!canEditEvent(viewer, event)) {
    throw forbidden("Only the lead organisation's EDITOR or ADMIN keys and coordinators may change this event.");
  }
}

/**
 * Answering an invitation (accept/decline) is the invited organisation's own
 * decision: only its EDITOR/ADMIN keys, not coordinators, not the lead.
 */
export function assertCanAnswerFor(viewer: Viewer, organisationId: string): void {
  assertAuthenticated(viewer);
  if (viewer.editsOrganisation(organisationId)) return;
  throw forbidden("Only the invited organisation's EDITOR or ADMIN keys may answer its invitation.");
}

/**
 * Withdrawing an organisation from an event: the organisation itself (its
 * EDITOR/ADMIN keys), or the event's managers, who may take an invitation back.
 */
export function assertCanWithdraw(viewer: Viewer, event: { leadOrganisationId: string }, organisationId: string): void {
  assertAuthenticated(viewer);
  if (viewer.editsOrganisation(organisationId) || canEditEvent(viewer, event)) return;
  throw forbidden(
    "Only the organisation's EDITOR or ADMIN keys, the lead's editors and coordinators may withdraw it from the event.",
  );
}

/** Whether the viewer may read the event's history: organisations on the event, and coordinators. */
export function canSeeHistory(viewer: Viewer, organisers: readonly OrganiserFacts[]): boolean {
  return viewer.coordinator || isOnEvent(viewer, organisers);
}

/** Creating and changing campaigns is the coordinators' job. */
export function assertCanManageCampaigns(viewer: Viewer): void {
  assertAuthenticated(viewer);
  if (!viewer.coordinator) throw forbidden('Only coordinators may create and change campaigns.');
}
