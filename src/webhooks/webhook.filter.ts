import type { Viewer } from '../access';
import { globalId } from '../shared/global-id';
import {
  canHearOf,
  canHearOfOrganisationChange,
  matchesOrganisationSelection,
  matchesSelection,
  toldFields,
  type ChangeRow,
} from '../live';

/** A webhook's filter as stored (database ids; null kinds: every kind). */
export interface StoredWebhookFilter {
  eventKinds: string[] | null;
  organisationKinds: string[] | null;
  municipalityIds: string[];
  organisationIds: string[];
  campaignIds: string[];
}

/** The thin payload of a delivery: partners fetch details through the API, and catch up with `changes(since:)`. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: {
    cursor: string;
    subject: 'EVENT' | 'ORGANISATION';
    id: string;
    contactId?: string;
    kind: string;
    changedFields: string[];
  };
}

/**
 * What a webhook receives of a change: nothing (filter, or the creating key
 * may not hear of it: the subscriptions' rules, change.policy in live), or
 * its payload. `cursor` is the change's public cursor.
 */
export function webhookPayload(
  viewer: Viewer,
  stored: Partial<StoredWebhookFilter> | null,
  change: ChangeRow,
  cursor: string,
): WebhookPayload | undefined {
  // A row written by hand (or by an older version) may lack lists: missing means "any".
  const filter: StoredWebhookFilter = {
    eventKinds: stored?.eventKinds ?? null,
    organisationKinds: stored?.organisationKinds ?? null,
    municipalityIds: stored?.municipalityIds ?? [],
    organisationIds: stored?.organisationIds ?? [],
    campaignIds: stored?.campaignIds ?? [],
  };
  const timestamp = change.occurredAt.toISOString();
  if (change.subject === 'EVENT') {
    if (filter.eventKinds && !filter.eventKinds.includes(change.kind)) return undefined;
    const selection = {
      municipalityIds: new Set(filter.municipalityIds),
      organisationIds: new Set(filter.organisationIds),
      campaignIds: new Set(filter.campaignIds),
      eventIds: new Set<string>(),
    };
    if (!matchesSelection(change, selection) || !canHearOf(viewer, change)) return undefined;
    return {
      type: `event.${change.kind.toLowerCase()}`,
      timestamp,
      data: {
        cursor,
        subject: 'EVENT',
        id: globalId('Event', change.eventId),
        kind: change.kind,
        changedFields: change.changedFields,
      },
    };
  }
  if (filter.organisationKinds && !filter.organisationKinds.includes(change.kind)) return undefined;
  // Campaigns narrow event changes only: a directory change belongs to no campaign.
  if (filter.campaignIds.length) return undefined;
  const selection = {
    organisationIds: new Set(filter.organisationIds),
    municipalityIds: new Set(filter.municipalityIds),
    kinds: new Set<string>(),
  };
  if (!matchesOrganisationSelection(change, selection) || !canHearOfOrganisationChange(viewer, change)) return undefined;
  return {
    type: `organisation.${change.kind.toLowerCase()}`,
    timestamp,
    data: {
      cursor,
      subject: 'ORGANISATION',
      id: globalId('Organisation', change.organisationId),
      ...(change.contactId ? { contactId: globalId('Contact', change.contactId) } : {}),
      kind: change.kind,
      changedFields: toldFields(viewer, change),
    },
  };
}
