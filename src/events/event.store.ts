import type { EntityManager } from 'typeorm';
import type { Context } from '../access';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { updateRows, type Values } from '../db/write';
import { notFound } from '../shared/errors';
import { recordChange, type ChangeKindValue } from './event.changes';
import { EventEntity, EventOrganiserEntity, type FieldChange } from './event.entity';
import { recordHistory } from './event.history';
import { canSeeEvent } from './event.policy';
import type { EventHistoryKind } from './event.enums';

/**
 * What every event mutation shares: loading the event it changes (as the
 * viewer may see it), bumping its version, and recording the change in
 * history and the change log, all inside the mutation's transaction.
 */

export interface Loaded {
  event: EventEntity;
  organisers: EventOrganiserEntity[];
}

/**
 * The event and its organisers inside a transaction; `lock` makes concurrent
 * organiser changes take turns. NOT_FOUND when it does not exist or the
 * viewer may not see it (no hint that it exists).
 */
export async function loadEvent(ctx: Context, manager: EntityManager, id: string, lock: boolean, field = 'id'): Promise<Loaded> {
  const [row] = await queryRows(manager, `SELECT * FROM event WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  const organiserRows = row ? await queryRows(manager, 'SELECT * FROM event_organiser WHERE event_id = $1', [id]) : [];
  const loaded = row
    ? {
        event: hydrate(ctx.db, EventEntity, row),
        organisers: organiserRows.map((organiser) => hydrate(ctx.db, EventOrganiserEntity, organiser)),
      }
    : undefined;
  if (!loaded || !canSeeEvent(ctx.viewer, loaded.event, loaded.organisers)) throw notFound('The event', field);
  return loaded;
}

export interface ChangeRecord {
  eventId: string;
  version: number;
  history: { kind: EventHistoryKind; changes: FieldChange[] };
  log: { kind: ChangeKindValue; changedFields: string[]; organisationIds?: string[] };
}

/** History entry and change-log entry of one change, in the caller's transaction (after its writes). */
export async function record(ctx: Context, manager: EntityManager, change: ChangeRecord): Promise<void> {
  await recordHistory(ctx, manager, {
    eventId: change.eventId,
    kind: change.history.kind,
    changes: change.history.changes,
    version: change.version,
  });
  await recordChange(manager, {
    eventId: change.eventId,
    kind: change.log.kind,
    changedFields: change.log.changedFields,
    version: change.version,
    organisationIds: change.log.organisationIds ?? [],
  });
}

/** Bumps the version (organiser changes, under the event's row lock), optionally setting columns; answers the new row. */
export async function touchEvent(manager: EntityManager, id: string, values: Values<EventEntity> = {}): Promise<EventEntity> {
  const [updated] = await updateRows(manager, EventEntity, { id }, values, { bumpVersion: true });
  return updated!;
}
