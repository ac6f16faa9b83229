import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CONTACT_VISIBILITIES = ['PUBLIC', 'PARTNERS', 'COORDINATORS'] as const;
export type ContactVisibilityValue = (typeof CONTACT_VISIBILITIES)[number];

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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
