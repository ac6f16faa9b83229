import type { Viewer } from '../access';
import { forbidden } from '../shared/errors';

/**
 * Who may ask for partner suggestions — the one place these rules live.
 *
 * Suggestions reveal who is busy when (own events overlapping the window) and
 * who worked with whom, so they are a planning tool, not a public directory:
 * - `suggestPartners` for an event: coordinators, and the EDITOR/ADMIN keys of
 *   the event's lead organisation (the ones who may invite co-hosts). The event
 *   must also be visible to the asker; an event they cannot see is answered
 *   exactly like an unknown one.
 * - `suggestPartners` with criteria only (no event): coordinators, and any
 *   EDITOR/ADMIN key — an editor plans for its own organisation, which then
 *   counts as the lead (never suggested, its kind is "on the event", history
 *   is measured with it).
 * - `Campaign.gaps`: coordinators only (it spans the whole network).
 * - Anonymous requests and VIEWER keys (partner web apps): FORBIDDEN.
 * Every event fact inside a suggestion (conflicts, co-hosting counts, campaign
 * participation) is filtered by the events' visibility rule
 * (`events/event.policy.ts`), never by a rule of our own.
 */

const ASK_MESSAGE =
  'Partner suggestions are for coordinators and for EDITOR or ADMIN keys of an organisation planning an event; this key may not ask for them.';

/** The first gate, before anything is loaded: who may use matching at all. */
export function assertMayAskForPartners(viewer: Viewer): void {
  if (viewer.coordinator) return;
  if (viewer.organisationId && viewer.editsOrganisation(viewer.organisationId)) return;
  throw forbidden(ASK_MESSAGE);
}

/** For an event (already known to be visible to the asker): coordinators and the lead's editors. */
export function assertMayMatchEvent(viewer: Viewer, event: { leadOrganisationId: string }): void {
  if (viewer.coordinator || viewer.editsOrganisation(event.leadOrganisationId)) return;
  throw forbidden("Only coordinators and the lead organisation's EDITOR or ADMIN keys may look for partners for this event.");
}

/** The organisation a direct search plans for: the editor's own; none for coordinators. */
export function plannedForOrganisation(viewer: Viewer): string | undefined {
  return viewer.coordinator ? undefined : viewer.organisationId;
}

/** Whether the viewer may see a campaign's coverage gaps with suggestions. */
export function canSeeCoverageGaps(viewer: Viewer): boolean {
  return viewer.coordinator;
}

export function assertMaySeeCoverageGaps(viewer: Viewer): void {
  if (!canSeeCoverageGaps(viewer)) {
    throw forbidden(
      "Coverage gaps with partner suggestions are for coordinators only (they reveal organisations' availability).",
    );
  }
}
