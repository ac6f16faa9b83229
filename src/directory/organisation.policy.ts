import type { Viewer } from '../access';
import { forbidden, unauthenticated } from '../shared/errors';
import type { ContactVisibilityValue } from './contact.entity';

/**
 * Who may do what in the directory — the one place these rules live.
 * Organisations and their public facts are open to everyone; contacts are
 * shown by visibility; coordinators curate; an organisation's EDITOR/ADMIN
 * keys keep its own entry.
 */

/** Contact visibilities the viewer may see (members also see all of their own organisation's contacts). */
export function visibleContactLevels(viewer: Viewer): ContactVisibilityValue[] {
  if (viewer.coordinator) return ['PUBLIC', 'PARTNERS', 'COORDINATORS'];
  if (viewer.authenticated) return ['PUBLIC', 'PARTNERS'];
  return ['PUBLIC'];
}

export function assertAuthenticated(viewer: Viewer): void {
  if (!viewer.authenticated) throw unauthenticated();
}

/** Creating and verifying organisations is the coordinators' job. */
export function assertCoordinator(viewer: Viewer, action: string): void {
  assertAuthenticated(viewer);
  if (!viewer.coordinator) throw forbidden(`Only coordinators may ${action}.`);
}

/** Updating an entry, its contacts, and confirming it: its EDITOR/ADMIN keys, or coordinators. */
export function assertCanEditOrganisation(viewer: Viewer, organisationId: string): void {
  assertAuthenticated(viewer);
  if (viewer.coordinator || viewer.editsOrganisation(organisationId)) return;
  throw forbidden("Only the organisation's EDITOR or ADMIN keys and coordinators may change this organisation.");
}
