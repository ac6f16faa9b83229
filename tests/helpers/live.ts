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

/**
 * Waits until the number of the hub's local subscribers satisfies `condition`
 * (a subscription registers, and goes, asynchronously): on the feed's own
 * signal, not by polling. `timeoutMs` only bounds a test that would hang.
 */
export async function waitForSubscriberCount(
  hub: TestHub,
  condition: (count: number) => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const feed = feedOf(hub);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      feed.whenSubscribers(condition),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the subscriber count stayed at ${feed.subscriberCount}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the hub's feed has at least `count` local subscribers. */
export function waitForSubscribers(hub: TestHub, count: number, timeoutMs?: number): Promise<void> {
  return waitForSubscriberCount(hub, (n) => n >= count, timeoutMs);
}

/**
 * "Nothing else arrives", proven by a barrier rather than by waiting: runs
 * `barrier` (a change this subscription must receive) and answers the next
 * result. Deliveries on a subscription keep commit order, so anything that
 * was going to arrive before the barrier (a leak, a duplicate) is what this
 * answers instead, and the caller's assertion on it fails.
 */
export async function nextAfterBarrier<T = any>(subscription: WsSubscription<T>, barrier: () => Promise<unknown>): Promise<T> {
  await barrier();
  const [next] = await take(subscription, 1);
  return next!;
}

/**
 * Changes an event `count` times in one transaction (each with its own
 * change-log entry and version), for tests that need a long log quickly.
 */
export async function changeEventTimes(
  hub: TestHub,
  eventId: string,
  count: number,
  title: (i: number) => string,
): Promise<void> {
  await withTransaction(hub.db, async (manager) => {
    for (let i = 0; i < count; i += 1) {
      const [row] = await queryRows<{ version: number }>(
        manager,
        `UPDATE event SET title = $2::jsonb, version = version + 1 WHERE id = $1 RETURNING version`,
        [eventId, JSON.stringify({ de: title(i) })],
      );
      await recordChange(manager, { eventId, kind: 'UPDATED', changedFields: ['title'], version: Number(row!.version) });
    }
  });
}
