import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ErasureScope } from './privacy.enums';

export type ErasureScopeValue = `${ErasureScope}`;

/**
 * The record of one erasure (accountability, Art. 5 (2) DSGVO/GDPR): who
 * erased, when, what kind of data and how many records where. Never the
 * erased values, so the record itself holds nothing of the person.
 */
@Entity('personal_data_erasure')
export class PersonalDataErasureEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column('timestamptz', { name: 'erased_at', default: () => 'now()' }) erasedAt: Date;
  @Column('text') scope: ErasureScopeValue;
  @Column('uuid', { name: 'actor_key_id', nullable: true }) actorKeyId: string | null;
  @Column('uuid', { name: 'actor_organisation_id', nullable: true }) actorOrganisationId: string | null;
  @Column('boolean', { name: 'actor_coordinator', default: false }) actorCoordinator: boolean;
  @Column('jsonb', { default: {} }) records: {
    erasedContacts: number;
    places: Record<string, number>;
    remaining: Record<string, number>;
  };
}
