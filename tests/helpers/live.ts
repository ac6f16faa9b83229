import { queryRows } from '../../src/db/query-rows';
import { withTransaction } from '../../src/db/transaction';
import { recordChange, type ChangeKindValue } from '../../src/events';
import { changeFeedFor } from '../../src/live/live';
import type { ChangeFeed } from '../../src/live/change-feed';
import { databaseId } from './factories';
import type { TestHub } from './hub';
import type { WsSubscription } from './ws';

/** The change feed of a test hub. */
export function feedOf(hub: TestHub): ChangeFeed {
  const feed = changeFeedFor(hub.db);
  if (!feed) throw new Error('no change feed runs for this hub');
  return feed;
}

/** Reads `count` results from a subscription; fails on errors or a timeout. */
export async function take<T = any>(subscription: WsSubscription<T>, count: number, timeoutMs = 5_000): Promise<T[]> {
  const values: T[] = [];
  for (let i = 0; i < count; i += 1) {
    const result = await subscription.next(timeoutMs);
    if (result.errors?.length) throw new Error(`subscription error: ${JSON.stringify(result.errors)}`);
    values.push(result.data as T);
  }
  return values;
}

export interface RawEventSpec {
  leadOrganisationId: string;
  status?: 'DRAFT' | 'PLANNING' | 'PUBLISHED' | 'CANCELLED';
  visibility?: 'PUBLIC' | 'PARTNERS' | 'ORGANISERS';
  municipalityId?: string | null;
  title?: string;
}

/**
 * An event written directly with SQL plus its change-log entry, in one
 * transaction, as the events service does: for tests of the live
 * infrastructure that must not depend on the event mutations. Global IDs in,
 * database id out.
 */
export async function insertEvent(hub: TestHub, spec: RawEventSpec): Promise<string> {
  const status = spec.status ?? 'PUBLISHED';
  return withTransaction(hub.db, async (manager) => {
    const [row] = await manager.query(
      `INSERT INTO event (title, category, status, visibility, starts_at, ends_at, last_ends_at, lead_organisation_id, municipality_id, published_at)
       VALUES ($1, 'OTHER', $2, $3, now() + interval '1 day', now() + interval '1 day 2 hours', now() + interval '1 day 2 hours', $4, $5,
               CASE WHEN $2 IN ('PUBLISHED', 'CANCELLED') THEN now() END)
       RETURNING id`,
      [
        { de: spec.title ?? 'Testveranstaltung' },
        status,
        spec.visibility ?? 'PUBLIC',
        databaseId(spec.leadOrganisationId),
        spec.municipalityId ? databaseId(spec.municipalityId) : null,
      ],
    );
    const id = String(row.id);
    await manager.query(
      `INSERT INTO event_organiser (event_id, organisation_id, role, status, invited_at) VALUES ($1, $2, 'LEAD', 'ACCEPTED', now())`,
      [id, databaseId(spec.leadOrganisationId)],
    );
    await recordChange(manager, { eventId: id, kind: 'CREATED', changedFields: [], version: 1 });
    return id;
  });
}

/** Changes an event directly (SQL) and appends the change, in one transaction. */
export async function changeEvent(
  hub: TestHub,
  eventId: string,
  set: Partial<{ status: string; visibility: string; municipalityId: string | null; title: string }>,
  kind: ChangeKindValue = 'UPDATED',
): Promise<number> {
  return withTransaction(hub.db, async (manager) => {
    const [row] = await queryRows<{ version: number }>(
      manager,
      `UPDATE event SET
         status = coalesce($2, status),
         visibility = coalesce($3, visibility),
         municipality_id = CASE WHEN $4::boolean THEN $5::uuid ELSE municipality_id END,
         title = coalesce($6::jsonb, title),
         published_at = CASE WHEN coalesce($2, status) IN ('PUBLISHED', 'CANCELLED') THEN coalesce(published_at, now()) ELSE published_at END,
         version = version + 1
       WHERE id = $1 RETURNING version`,
      [
        eventId,
        set.status ?? null,
        set.visibility ?? null,
        'municipalityId' in set,
        set.municipalityId ? databaseId(set.municipalityId) : null,
        set.title ? JSON.stringify({ de: set.title }) : null,
      ],
    );
    return recordChange(manager, {
      eventId,
      kind,
      changedFields: Object.keys(set),
      version: Number(row!.version),
    });
  });
}

/** Updates an event through the API; answers its new version. */
export async function updateEvent(
  hub: TestHub,
  key: string,
  event: { id: string; version: number },
  input: Record<string, unknown>,
): Promise<{ id: string; version: number }> {
  const data = await hub.ok(
    `mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { id version } }`,
    { id: event.id, v: event.version, input },
    { key },
  );
  return data.updateEvent;
}

/** Waits until the hub's feed has `count` local subscribers (a subscription registers asynchronously). */
export async function waitForSubscribers(hub: TestHub, count: number, timeoutMs = 5_000): Promise<void> {
  const feed = feedOf(hub);
  const deadline = Date.now() + timeoutMs;
  while (feed.subscriberCount < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  if (feed.subscriberCount < count) throw new Error(`only ${feed.subscriberCount} of ${count} subscribers registered`);
}
