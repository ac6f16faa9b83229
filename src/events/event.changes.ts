import type { EntityManager } from 'typeorm';
import { appendChange } from '../db/change-log';
import type { EventStatusValue, EventVisibilityValue, OrganiserRoleValue, ParticipationStatusValue } from './event.entity';

export const CHANGE_KINDS = ['CREATED', 'UPDATED', 'PUBLISHED', 'CANCELLED', 'DELETED', 'ORGANISERS_CHANGED'] as const;
export type ChangeKindValue = (typeof CHANGE_KINDS)[number];

/**
 * The facts of an event that decide who hears of a change and which filters
 * it matches, as they were right after the change (see the migration
 * ChangeLogSnapshot1764450000000).
 */
export interface EventSnapshot {
  status: EventStatusValue;
  visibility: EventVisibilityValue;
  /** ISO time of the first publication, or null (the visibility rule needs it). */
  publishedAt: string | null;
  leadOrganisationId: string;
  municipalityId: string | null;
  campaignId: string | null;
  organisers: Array<{ organisationId: string; role: OrganiserRoleValue; status: ParticipationStatusValue }>;
}

/** The SQL of an event's routing facts (see {@link EventSnapshot}); `$1` is the event id. */
const SNAPSHOT_SQL = `
  SELECT jsonb_build_object(
    'status', e.status,
    'visibility', e.visibility,
    'publishedAt', e.published_at,
    'leadOrganisationId', e.lead_organisation_id,
    'municipalityId', e.municipality_id,
    'campaignId', e.campaign_id,
    'organisers', coalesce((
      SELECT jsonb_agg(jsonb_build_object('organisationId', o.organisation_id, 'role', o.role, 'status', o.status)
                       ORDER BY o.organisation_id)
      FROM event_organiser o WHERE o.event_id = e.id), '[]'::jsonb))
  FROM event e WHERE e.id = $1`;

/** A change to an event, as the events slice records it. */
export interface EventChange {
  eventId: string;
  kind: ChangeKindValue;
  changedFields: readonly string[];
  version: number;
  /** Organisations whose invitations the change concerns (for invitationChanged). */
  organisationIds?: readonly string[];
}

/**
 * Records a change to an event in the change log, inside the caller's
 * transaction (see `appendChange`), with the event's routing facts as they
 * are now (none for a deletion). Answers the entry's cursor.
 */
export function recordChange(manager: EntityManager, change: EventChange): Promise<number> {
  return appendChange(manager, { ...change, snapshotSql: change.kind === 'DELETED' ? undefined : SNAPSHOT_SQL });
}
