import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { StoredFieldChange } from '../db/history';
import type { Translations } from '../shared/translations';

import type { EventStatus, EventVisibility, OrganiserRole, ParticipationStatus } from './event.enums';

// The values as stored: those of the GraphQL enums (event.enums.ts), their one source.
export type EventStatusValue = `${EventStatus}`;
export type EventVisibilityValue = `${EventVisibility}`;
export type OrganiserRoleValue = `${OrganiserRole}`;
export type ParticipationStatusValue = `${ParticipationStatus}`;

/** An event as stored. `lastEndsAt` bounds all occurrences of a series ('infinity' when open-ended). */
@Entity('event')
export class EventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('jsonb') title: Translations;
  @Column('jsonb', { default: {} }) summary: Translations;
  @Column('jsonb', { default: {} }) description: Translations;
  @Column('text', { name: 'original_language', default: 'de' }) originalLanguage: string;
  @Column('text') category: string;
  @Column('text', { array: true, default: [] }) topics: string[];
  @Column('text', { default: 'DRAFT' }) status: EventStatusValue;
  @Column('text', { default: 'PUBLIC' }) visibility: EventVisibilityValue;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt: Date;
  @Column('text', { name: 'time_zone', default: 'Europe/Berlin' }) timeZone: string;
  @Column('boolean', { name: 'all_day', default: false }) allDay: boolean;
  @Column('text', { nullable: true }) recurrence: string | null;
  @Column('timestamptz', { name: 'last_ends_at' }) lastEndsAt: Date;
  /** Starts of occurrences of the series that do not take place (EXDATE), in order. */
  @Column('timestamptz', { name: 'cancelled_occurrences', array: true, default: [] }) cancelledOccurrences: Date[];
  @Column('text', { name: 'attendance_mode', default: 'IN_PERSON' }) attendanceMode: string;
  @Column('uuid', { name: 'venue_id', nullable: true }) venueId: string | null;
  @Column('text', { nullable: true }) street: string | null;
  @Column('text', { name: 'postal_code', nullable: true }) postalCode: string | null;
  @Column('text', { nullable: true }) locality: string | null;
  @Column('uuid', { name: 'municipality_id', nullable: true }) municipalityId: string | null;
  @Column('double precision', { nullable: true }) latitude: number | null;
  @Column('double precision', { nullable: true }) longitude: number | null;
  @Column('text', { name: 'online_url', nullable: true }) onlineUrl: string | null;
  @Column('text', { array: true, default: [] }) languages: string[];
  @Column('text', { name: 'interpreting_languages', array: true, default: [] }) interpretingLanguages: string[];
  @Column('boolean', { name: 'barrier_free', nullable: true }) barrierFree: boolean | null;
  @Column('boolean', { nullable: true }) childcare: boolean | null;
  @Column('boolean', { nullable: true }) free: boolean | null;
  @Column('integer', { nullable: true }) capacity: number | null;
  @Column('text', { name: 'registration_url', nullable: true }) registrationUrl: string | null;
  @Column('uuid', { name: 'campaign_id', nullable: true }) campaignId: string | null;
  @Column('uuid', { name: 'lead_organisation_id' }) leadOrganisationId: string;
  @Column('text', { name: 'cancellation_reason', nullable: true }) cancellationReason: string | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('boolean', { default: false }) demo: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('integer', { default: 1 }) version: number;
}

/** An organisation on an event: the lead, or an invited co-host or supporter. */
@Entity('event_organiser')
export class EventOrganiserEntity {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId: string;
  @PrimaryColumn('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('text') role: OrganiserRoleValue;
  @Column('text') status: ParticipationStatusValue;
  /** The inviter's message. */
  @Column('text', { nullable: true }) message: string | null;
  /** The invitee's answer (accept, decline or withdraw). */
  @Column('text', { name: 'response_message', nullable: true }) responseMessage: string | null;
  @Column('timestamptz', { name: 'invited_at' }) invitedAt: Date;
  @Column('timestamptz', { name: 'responded_at', nullable: true }) respondedAt: Date | null;
  @Column('uuid', { name: 'invited_by_key_id', nullable: true }) invitedByKeyId: string | null;
}

/** A campaign (action day, action week, programme) that collects events. */
@Entity('campaign')
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') slug: string;
  @Column('text') kind: string;
  /** 'YYYY-MM-DD' */
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'ends_on' }) endsOn: string;
  @Column('jsonb', { default: {} }) description: Translations;
  @Column('text', { name: 'original_language', default: 'de' }) originalLanguage: string;
  @Column('date', { name: 'participation_deadline', nullable: true }) participationDeadline: string | null;
  @Column('boolean', { default: false }) demo: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('integer', { default: 1 }) version: number;
}

/** One field's change in a history entry. */
export type FieldChange = StoredFieldChange;

/** Who changed what on an event, and when. */
@Entity('event_history')
export class EventHistoryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column('uuid', { name: 'event_id' }) eventId: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text') kind: string;
  @Column('uuid', { name: 'actor_key_id', nullable: true }) actorKeyId: string | null;
  @Column('text', { name: 'actor_label', nullable: true }) actorLabel: string | null;
  @Column('uuid', { name: 'actor_organisation_id', nullable: true }) actorOrganisationId: string | null;
  @Column('boolean', { name: 'actor_coordinator', default: false }) actorCoordinator: boolean;
  @Column('jsonb', { default: [] }) changes: FieldChange[];
  @Column('integer') version: number;
  /** When the retention job (src/privacy) replaced the entry's personal values by a marker; null until then. */
  @Column('timestamptz', { name: 'personal_data_redacted_at', nullable: true }) personalDataRedactedAt: Date | null;
}
