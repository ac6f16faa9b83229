import type { EntityManager } from 'typeorm';
import type { Context } from '../access';
import type { ChangeKindValue } from './event.changes';
import type { EventEntity, EventOrganiserEntity, FieldChange } from './event.entity';
import { EventHistoryKind } from './event.enums';
import { organiserValue } from './event.organisers';
import { diff, stateOf } from './event.state';
import { record, touchEvent } from './event.store';

/**
 * An event the erasure (src/privacy, Art. 17 DSGVO/GDPR) rewrote in place:
 * its texts, or the messages of its invitations. Recorded like any other
 * change — version bumped, history entry, change-log entry, in the erasure's
 * transaction — so eventChanged subscribers, `changes` pollers and webhooks
 * learn that the event changed and fetch it again, and an edit based on the
 * copy from before is refused as stale. History gets the marker as the old
 * value, never the value that was erased.
 */
export interface ErasedEvent {
  /** The event as it was before the rewrite. */
  before: EventEntity;
  /** The event after the rewrite with its version bumped; null when only invitation messages were rewritten. */
  after: EventEntity | null;
  /** Organisers whose messages were rewritten, as they are now. */
  organisers: readonly EventOrganiserEntity[];
}

export async function recordEventErasure(
  ctx: Context,
  manager: EntityManager,
  erased: ErasedEvent,
  marker: string,
): Promise<EventEntity> {
  const { before, organisers } = erased;
  const after = erased.after ?? (await touchEvent(manager, before.id));
  const changes: FieldChange[] = diff(manager, stateOf(manager, before), stateOf(manager, after)).changes;
  if (before.cancellationReason !== after.cancellationReason) {
    changes.push({ field: 'cancellationReason', old: before.cancellationReason, new: after.cancellationReason });
  }
  const fieldsChanged = changes.length > 0;
  for (const organiser of organisers) changes.push({ field: 'organisers', old: null, new: organiserValue(organiser) });
  const marked = changes.map((change) => ({ field: change.field, old: marker, new: change.new }));
  const kind: ChangeKindValue = fieldsChanged ? 'UPDATED' : 'ORGANISERS_CHANGED';
  await record(ctx, manager, {
    eventId: after.id,
    version: after.version,
    history: { kind: EventHistoryKind.UPDATED, changes: marked },
    log: {
      kind,
      changedFields: [...new Set(marked.map((change) => change.field))],
      organisationIds: organisers.map((organiser) => organiser.organisationId),
    },
  });
  return after;
}
