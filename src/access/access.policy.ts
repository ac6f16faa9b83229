import { forbidden, unauthenticated } from '../shared/errors';
import type { ApiKeyEntity } from './api-key.entity';
import type { Viewer } from './viewer';

/**
 * Who may manage API keys. Coordinators: any key. An organisation's ADMIN:
 * member keys of that organisation. Nobody else.
 */
export function assertCanManageKeysOf(viewer: Viewer, organisationId: string | null): void {
  if (!viewer.authenticated) throw unauthenticated();
  if (viewer.coordinator) return;
  if (organisationId === null) throw forbidden('Only coordinators may create coordinator keys.');
  if (!viewer.administersOrganisation(organisationId)) {
    throw forbidden("Only coordinators and the organisation's ADMIN keys may manage its API keys.");
  }
}

/**
 * Revoking: coordinators any key; an organisation's ADMIN keys its member keys.
 * (Key IDs are random and shown only to those who may manage or hold the key,
 * so answering FORBIDDEN rather than NOT_FOUND reveals nothing worth hiding.)
 */
export function assertCanRevokeKey(viewer: Viewer, key: ApiKeyEntity): void {
  if (!viewer.authenticated) throw unauthenticated();
  if (viewer.coordinator) return;
  if (key.coordinator || key.organisationId === null || !viewer.administersOrganisation(key.organisationId)) {
    throw forbidden("Only coordinators and the organisation's ADMIN keys may revoke its API keys.");
  }
}
