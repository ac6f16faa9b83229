import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CHANGE_KINDS = ['CREATED', 'UPDATED', 'PUBLISHED', 'CANCELLED', 'DELETED', 'ORGANISERS_CHANGED'] as const;
export type ChangeKindValue = (typeof CHANGE_KINDS)[number];

/** One entry of the change log: an event changed. `cursor` increases strictly in commit order. */
@Entity('change_log')
export class ChangeLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) cursor: number;
  @Column('uuid', { name: 'event_id' }) eventId: string;
  @Column('text') kind: ChangeKindValue;
  @Column('text', { name: 'changed_fields', array: true, default: [] }) changedFields: string[];
  @Column('integer') version: number;
  @Column('uuid', { name: 'organisation_ids', array: true, default: [] }) organisationIds: string[];
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
}
