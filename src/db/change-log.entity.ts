import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of the change log: an event or an organisation (or one of its
 * contacts) changed. `cursor` increases strictly
 * in commit order. Slices append through `db/change-log.ts` inside their own
 * transactions; the live slice reads the log and delivers it. The kinds and
 * the snapshot's shape belong to the slice of the subject (`events/event.changes.ts`,
 * `directory/organisation.changes.ts`).
 */
@Entity('change_log')
export class ChangeLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) cursor: number;
  /** EVENT or ORGANISATION: what changed. */
  @Column('text', { default: 'EVENT' }) subject: string;
  @Column('uuid', { name: 'event_id', nullable: true }) eventId: string | null;
  @Column('uuid', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column('uuid', { name: 'contact_id', nullable: true }) contactId: string | null;
  @Column('text') kind: string;
  @Column('text', { name: 'changed_fields', array: true, default: [] }) changedFields: string[];
  @Column('integer', { nullable: true }) version: number | null;
  @Column('uuid', { name: 'organisation_ids', array: true, default: [] }) organisationIds: string[];
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  /** The routing facts of the change (an event's after it; null once the event is gone). */
  @Column('jsonb', { nullable: true }) snapshot: Record<string, unknown> | null;
}
