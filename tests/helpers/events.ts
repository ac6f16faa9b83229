import { parseAnyGlobalId } from '../../src/shared/global-id';
import type { TestHub } from './hub';

let counter = 0;

/** The database id behind a global ID (for direct SQL and `hub.key`). */
export function dbId(id: string): string {
  const parsed = parseAnyGlobalId(id);
  if (!parsed) throw new Error(`not a global ID: ${id}`);
  return parsed.id;
}

/** A key of an organisation (given by global ID) with a role. */
export function memberKey(
  hub: TestHub,
  organisationId: string,
  role: 'VIEWER' | 'EDITOR' | 'ADMIN' = 'EDITOR',
  label?: string,
): Promise<string> {
  return hub.key({ organisationId: dbId(organisationId), role }, label);
}

/** The fields most event tests read back. */
export const EVENT_FIELDS = 'id version status visibility title startsAt endsAt';

export interface CreatedEvent {
  id: string;
  version: number;
  status: string;
  visibility: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

export interface EventSpec {
  title?: string;
  startsAt?: string;
  endsAt?: string;
  category?: string;
  [field: string]: unknown;
}

/**
 * Creates an event through the API with the given key (a DRAFT). Defaults: a
 * German title, category MEETING, 3 October 2026 11:00–15:00 Berlin time.
 */
export async function createEvent(hub: TestHub, key: string, spec: EventSpec = {}): Promise<CreatedEvent> {
  counter += 1;
  const { title, ...rest } = spec;
  const input = {
    title: [{ language: 'de', text: title ?? `Testveranstaltung ${counter}` }],
    category: 'MEETING',
    startsAt: '2026-10-03T11:00:00+02:00',
    endsAt: '2026-10-03T15:00:00+02:00',
    ...rest,
  };
  const data = await hub.ok(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { ${EVENT_FIELDS} } }`,
    { input },
    { key },
  );
  return data.createEvent;
}

/** Publishes an event at its current version; answers the published event. */
export async function publishEvent(hub: TestHub, key: string, event: { id: string; version: number }): Promise<CreatedEvent> {
  const data = await hub.ok(
    `mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { ${EVENT_FIELDS} } }`,
    { id: event.id, v: event.version },
    { key },
  );
  return data.publishEvent;
}

/** Cancels an event at its current version. */
export async function cancelEvent(
  hub: TestHub,
  key: string,
  event: { id: string; version: number },
  reason = 'Testabsage',
): Promise<CreatedEvent> {
  const data = await hub.ok(
    `mutation($id: ID!, $v: Int!, $reason: String!) { cancelEvent(id: $id, expectedVersion: $v, reason: $reason) { ${EVENT_FIELDS} } }`,
    { id: event.id, v: event.version, reason },
    { key },
  );
  return data.cancelEvent;
}

/** Invites organisations (as CO_HOST unless given) with the lead's key. */
export async function inviteOrganisers(
  hub: TestHub,
  key: string,
  eventId: string,
  invitations: Array<{ organisationId: string; role?: string; message?: string }>,
): Promise<CreatedEvent> {
  const data = await hub.ok(
    `mutation($eventId: ID!, $invitations: [InvitationInput!]!) { inviteOrganisers(eventId: $eventId, invitations: $invitations) { ${EVENT_FIELDS} } }`,
    { eventId, invitations },
    { key },
  );
  return data.inviteOrganisers;
}

/** Answers an invitation with the invited organisation's key. */
export async function respond(
  hub: TestHub,
  key: string,
  eventId: string,
  organisationId: string,
  accept: boolean,
  message?: string,
): Promise<CreatedEvent> {
  const data = await hub.ok(
    `mutation($eventId: ID!, $organisationId: ID!, $accept: Boolean!, $message: String) {
       respondToInvitation(eventId: $eventId, organisationId: $organisationId, accept: $accept, message: $message) { ${EVENT_FIELDS} } }`,
    { eventId, organisationId, accept, message },
    { key },
  );
  return data.respondToInvitation;
}

/** Creates a campaign as a coordinator; answers its id and slug. */
export async function createCampaign(
  hub: TestHub,
  coordinatorKey: string,
  input: { name: string; kind?: string; startsOn?: string; endsOn?: string; [field: string]: unknown },
): Promise<{ id: string; slug: string }> {
  const data = await hub.ok(
    `mutation($input: CampaignInput!) { createCampaign(input: $input) { id slug } }`,
    { input: { kind: 'ACTION_WEEK', startsOn: '2026-09-20', endsOn: '2026-09-27', ...input } },
    { key: coordinatorKey },
  );
  return data.createCampaign;
}

/** Rows in the event tables and the change log, to prove that a refused request wrote nothing. */
export async function eventRowCounts(hub: TestHub): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['event', 'event_organiser', 'event_history', 'change_log', 'campaign']) {
    const [row] = await hub.db.query(`SELECT count(*)::int AS count FROM ${table}`);
    counts[table] = Number(row.count);
  }
  const [versions] = await hub.db.query('SELECT coalesce(sum(version), 0)::int AS total FROM event');
  counts.versions = Number(versions.total);
  return counts;
}
