import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type {
  EventStatusValue,
  EventVisibilityValue,
  OrganiserRoleValue,
  ParticipationStatusValue,
} from '../events/event.entity';

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
  /** The event's routing facts after the change; null once the event is gone. */
  @Column('jsonb', { nullable: true }) snapshot: EventSnapshot | null;
}
