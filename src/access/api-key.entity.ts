import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from './access.types';

/** The values as stored: those of the GraphQL enum Role (access.types.ts), their one source. */
export type RoleValue = `${Role}`;

/** An API key. Only a hash of the secret is stored; `prefix` lets people recognise it. */
@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') label: string;
  @Column('text') prefix: string;
  @Column('text', { name: 'secret_hash' }) secretHash: string;
  @Column('boolean', { default: false }) coordinator: boolean;
  @Column('uuid', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column('text', { nullable: true }) role: RoleValue | null;
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  /** Points per rate-limit window; null: the default (RATE_LIMIT_KEY_POINTS). See src/ratelimit. */
  @Column('integer', { nullable: true }) budget: number | null;
}
