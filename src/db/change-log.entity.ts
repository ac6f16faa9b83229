import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of the change log: an event changed. `cursor` increases strictly
 * in commit order. Slices append through `db/change-log.ts` inside their own
 * transactions; the live slice reads the log and delivers it. The kinds and
 * the snapshot's shape belong to the events slice (`events/event.changes.ts`).
 */
@Entity('change_log')
export class ChangeLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) cursor: number;
  @Column('uuid', { name: 'event_id' }) eventId: string;
  @Column('text') kind: string;
  @Column('text', { name: 'changed_fields', array: true, default: [] }) changedFields: string[];
  @Column('integer') version: number;
  @Column('uuid', { name: 'organisation_ids', array: true, default: [] }) organisationIds: string[];
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  /** The event's routing facts after the change; null once the event is gone. */
  @Column('jsonb', { nullable: true }) snapshot: Record<string, unknown> | null;
}
