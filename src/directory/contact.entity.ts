import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type { ContactVisibility } from './directory.enums';

/** The values as stored: those of the GraphQL enum (directory.enums.ts), their one source. */
export type ContactVisibilityValue = `${ContactVisibility}`;

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
