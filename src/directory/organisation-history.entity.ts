import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { StoredFieldChange } from '../db/history';

/** One changed field of an organisation or contact history entry, with its value before and after. */
export type OrganisationFieldChange = StoredFieldChange;

/**
 * Who changed what on an organisation (its contacts included), and when.
 * Written with the change-log entry, in the change's transaction
 * (organisation.changes.ts). Rows with a `contactId` hold a contact's values
 * (personal data) in `changes`.
 */
@Entity('organisation_history')
export class OrganisationHistoryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('uuid', { name: 'contact_id', nullable: true }) contactId: string | null;
  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' }) occurredAt: Date;
  @Column('text') kind: string;
  @Column('uuid', { name: 'actor_key_id', nullable: true }) actorKeyId: string | null;
  @Column('text', { name: 'actor_label', nullable: true }) actorLabel: string | null;
  @Column('uuid', { name: 'actor_organisation_id', nullable: true }) actorOrganisationId: string | null;
  @Column('boolean', { name: 'actor_coordinator', default: false }) actorCoordinator: boolean;
  @Column('jsonb', { default: [] }) changes: OrganisationFieldChange[];
  @Column('integer', { nullable: true }) version: number | null;
  /** When the retention job (src/privacy) replaced the entry's personal values by a marker; null until then. */
  @Column('timestamptz', { name: 'personal_data_redacted_at', nullable: true }) personalDataRedactedAt: Date | null;
}
