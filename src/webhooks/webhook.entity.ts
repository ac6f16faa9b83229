import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { StoredWebhookFilter } from './webhook.filter';

/** A partner endpoint told of changes (see the migration Webhooks1765010000000). */
@Entity('webhook')
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** The organisation that owns it; null for coordinators' webhooks. */
  @Column('uuid', { name: 'owner_organisation_id', nullable: true }) ownerOrganisationId: string | null;
  /** The API key whose view the deliveries carry. */
  @Column('uuid', { name: 'created_by_key_id' }) createdByKeyId: string;
  @Column('text') url: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('jsonb', { default: {} }) filter: StoredWebhookFilter;
  /** AES-256-GCM under WEBHOOK_SECRET_KEY (webhook.secret.ts). */
  @Column('text', { name: 'secret_encrypted' }) secretEncrypted: string;
  @Column('text', { name: 'previous_secret_encrypted', nullable: true }) previousSecretEncrypted: string | null;
  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true }) previousSecretExpiresAt: Date | null;
  @Column('bigint', { name: 'since_cursor' }) sinceCursor: number;
  @Column('boolean', { default: true }) enabled: boolean;
  @Column('text', { name: 'disabled_reason', nullable: true }) disabledReason: string | null;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

/** One change to deliver to one webhook, with the outcome of its last attempt. */
@Entity('webhook_delivery')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'webhook_id' }) webhookId: string;
  @Column('bigint') cursor: number;
  @Column('text') type: string;
  @Column('jsonb') payload: unknown;
  @Column('text', { default: 'PENDING' }) status: 'PENDING' | 'DELIVERED' | 'FAILED';
  @Column('integer', { default: 0 }) attempts: number;
  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' }) nextAttemptAt: Date;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil: Date | null;
  @Column('timestamptz', { name: 'last_attempt_at', nullable: true }) lastAttemptAt: Date | null;
  @Column('integer', { name: 'response_status', nullable: true }) responseStatus: number | null;
  @Column('text', { name: 'response_excerpt', nullable: true }) responseExcerpt: string | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('integer', { name: 'duration_ms', nullable: true }) durationMs: number | null;
  @Column('timestamptz', { name: 'committed_at' }) committedAt: Date;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
}
