import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrganisationChangeKind } from '../directory';
import { ChangeKind } from '../events';
import { DateTimeScalar } from '../shared/scalars';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not delivered yet: waiting for its first attempt or a retry (`nextAttemptAt`).' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Given up: the endpoint answered 410, or every retry failed. `redeliverWebhook` tries again.' },
  },
});

@InputType('WebhookFilterInput', {
  description:
    'Which changes a webhook receives. Each list given narrows (lists combine with AND, entries with OR); omitted or null kinds mean every kind, an empty list none. At most 100 entries per list.',
})
export class WebhookFilterInput {
  @Field(() => [ChangeKind], { nullable: true, description: 'Kinds of event change to receive (default: all).' })
  eventKinds?: ChangeKind[] | null;

  @Field(() => [OrganisationChangeKind], { nullable: true, description: 'Kinds of directory change to receive (default: all).' })
  organisationKinds?: OrganisationChangeKind[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only events and organisations located in these municipalities.' })
  municipalityIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only these organisations (directory changes) and events they take part in (event changes).',
  })
  organisationIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only events of these campaigns (then no directory changes).' })
  campaignIds?: string[] | null;
}

@InputType('CreateWebhookInput', { description: 'A new webhook.' })
export class CreateWebhookInput {
  @Field({ description: 'Where to POST deliveries: an http(s) URL on a public address, at most 2,000 characters.' })
  url: string;

  @Field(() => String, { nullable: true, description: 'What it is for, at most 500 characters.' })
  description?: string | null;

  @Field(() => WebhookFilterInput, { nullable: true, description: 'Which changes to receive (default: all the key may see).' })
  filter?: WebhookFilterInput | null;
}

@InputType('UpdateWebhookInput', { description: 'Changes to a webhook; omitted fields stay.' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true, description: 'A new URL (same rules as when creating).' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'A new description.' })
  description?: string | null;

  @Field(() => WebhookFilterInput, { nullable: true, description: 'A new filter (replaces the old one).' })
  filter?: WebhookFilterInput | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true re-enables a disabled webhook (pending deliveries resume); false pauses it.',
  })
  enabled?: boolean | null;
}

@ObjectType('WebhookFilter', { description: 'Which changes a webhook receives (see `WebhookFilterInput`).' })
export class WebhookFilter {
  @Field(() => [ChangeKind], { nullable: true, description: 'Kinds of event change; null: all.' })
  eventKinds: ChangeKind[] | null;

  @Field(() => [OrganisationChangeKind], { nullable: true, description: 'Kinds of directory change; null: all.' })
  organisationKinds: OrganisationChangeKind[] | null;

  @Field(() => [ID], { description: 'Municipalities (global IDs); empty: any.' })
  municipalityIds: string[];

  @Field(() => [ID], { description: 'Organisations (global IDs); empty: any.' })
  organisationIds: string[];

  @Field(() => [ID], { description: 'Campaigns (global IDs); empty: any.' })
  campaignIds: string[];
}

@ObjectType('WebhookDelivery', {
  description:
    'One change delivered (or to be delivered) to a webhook: `POST` with the Standard Webhooks headers `webhook-id`, `webhook-timestamp` and `webhook-signature`, and a thin JSON body `{ type, timestamp, data: { cursor, subject, id, contactId?, kind, changedFields } }`.',
})
export class WebhookDelivery {
  @Field(() => ID, { description: 'The delivery; `webhook-id` is "msg_" followed by it, the same on every attempt.' })
  id: string;

  @Field({
    description: 'The change cursor (as in `changes`): catch up with `changes(since:)` and `organisationChanges(since:)`.',
  })
  cursor: string;

  @Field({ description: 'The payload `type`, e.g. "event.published", "organisation.contact_added".' })
  type: string;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' })
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt; null when no response came.' })
  responseStatus: number | null;

  @Field(() => String, { nullable: true, description: 'The first 512 bytes of the last response (nothing more is kept).' })
  responseExcerpt: string | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt got no response (time-out, refused, ...).' })
  lastError: string | null;

  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in milliseconds.' })
  durationMs: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next attempt is due (PENDING only).' })
  nextAttemptAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last attempt was made.' })
  lastAttemptAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the endpoint accepted it.' })
  deliveredAt: Date | null;
}

@ObjectType('Webhook', {
  description:
    "An endpoint the hub calls with every change its filter selects and its creating key may see (checked at delivery: a revoked key stops it). Coordinators manage every webhook, an organisation's ADMIN keys the organisation's own.",
})
export class Webhook {
  @Field(() => ID, { description: 'Global ID of the webhook.' })
  id: string;

  @Field({ description: 'Where deliveries go.' })
  url: string;

  @Field(() => String, { nullable: true, description: 'What it is for.' })
  description: string | null;

  @Field(() => WebhookFilter, { description: 'Which changes it receives.' })
  filter: WebhookFilter;

  @Field({ description: 'False when paused or disabled; `disabledReason` says why.' })
  enabled: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why the hub disabled it (410 Gone, failing for days, the key revoked); null while enabled.',
  })
  disabledReason: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was disabled.' })
  disabledAt: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Until when deliveries are also signed with the previous secret (after `rotateWebhookSecret`).',
  })
  previousSecretExpiresAt: Date | null;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt: Date;
}

@ObjectType('WebhookWithSecret', { description: 'A webhook with its signing secret, shown only this once.' })
export class WebhookWithSecret {
  @Field(() => Webhook, { description: 'The webhook.' })
  webhook: unknown;

  @Field({
    description:
      'The signing secret ("whsec_..."), for the `standardwebhooks` package: `new Webhook(secret).verify(body, headers)`. Store it: it cannot be shown again.',
  })
  secret: string;
}
