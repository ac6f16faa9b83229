import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type { ContactVisibility, PublicationBasisKind } from './directory.enums';

/** The values as stored: those of the GraphQL enum (directory.enums.ts), their one source. */
export type ContactVisibilityValue = `${ContactVisibility}`;
export type PublicationBasisValue = `${PublicationBasisKind}`;

/** A person to contact at an organisation; who sees it depends on `visibility`. */
@Entity('contact')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) role: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { array: true, default: [] }) languages: string[];
  @Column('text') visibility: ContactVisibilityValue;
  /**
   * Why the contact may be shown beyond coordinators (required for PUBLIC and
   * PARTNERS, by a CHECK too), who recorded it (key and its label then) and when.
   */
  @Column('text', { name: 'publication_basis', nullable: true }) publicationBasis: PublicationBasisValue | null;
  @Column('timestamptz', { name: 'basis_recorded_at', nullable: true }) basisRecordedAt: Date | null;
  @Column('uuid', { name: 'basis_recorded_by_key_id', nullable: true }) basisRecordedByKeyId: string | null;
  @Column('text', { name: 'basis_recorded_by', nullable: true }) basisRecordedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
