import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../access';
import { encodeChangeCursor } from '../live';
import { globalId } from '../shared/global-id';
import { pageSize } from '../shared/pagination';
import type { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import * as webhooks from './webhook.service';
import {
  CreateWebhookInput,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookFilter,
  WebhookWithSecret,
} from './webhook.types';

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => [Webhook], {
    description:
      "The webhooks you manage: every one for coordinators, the organisation's own for its ADMIN keys (others: FORBIDDEN).",
  })
  webhooks(@Ctx() ctx: Context) {
    return webhooks.listWebhooks(ctx);
  }

  @FieldResolver(() => ID)
  id(@Root() webhook: WebhookEntity): string {
    return globalId('Webhook', webhook.id);
  }

  @FieldResolver(() => WebhookFilter)
  filter(@Root() webhook: WebhookEntity) {
    return webhooks.filterForApi(webhook.filter);
  }

  @FieldResolver(() => [WebhookDelivery], { description: 'Its deliveries, newest first (`first` 1..100, default 20).' })
  deliveries(
    @Root() webhook: WebhookEntity,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'How many, 1..100 (default 20).' }) first?: number | null,
  ) {
    return webhooks.listDeliveries(ctx, webhook, pageSize(first));
  }

  @Mutation(() => WebhookWithSecret, {
    description:
      'Creates a webhook owned by your organisation (ADMIN keys) or the coordinators (coordinator keys). It receives the changes committed from now on that its filter selects and your key may see. Answers the signing secret once. Bad input answers BAD_USER_INPUT naming the field: a URL that is not http(s), points to a private, loopback or link-local address, or is too long; a description over 500 characters; unknown IDs in the filter.',
  })
  createWebhook(
    @Ctx() ctx: Context,
    @Arg('input', () => CreateWebhookInput, { description: 'The webhook.' }) input: CreateWebhookInput,
  ) {
    return webhooks.createWebhook(ctx, input);
  }

  @Mutation(() => Webhook, { description: 'Changes a webhook (its URL, description, filter), or pauses and re-enables it.' })
  updateWebhook(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The webhook.' }) id: string,
    @Arg('input', () => UpdateWebhookInput, { description: 'The changes.' }) input: UpdateWebhookInput,
  ) {
    return webhooks.updateWebhook(ctx, id, input);
  }

  @Mutation(() => WebhookWithSecret, {
    description:
      'Makes a new signing secret, answered once. For `graceHours` (default 24, 0..168) deliveries carry a signature with the old secret too (`webhook-signature: v1,<new> v1,<old>`), so you can switch receivers without losing one.',
  })
  rotateWebhookSecret(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The webhook.' }) id: string,
    @Arg('graceHours', () => Int, { nullable: true, description: 'Hours the old secret keeps signing (default 24).' })
    graceHours: number | null,
  ) {
    return webhooks.rotateWebhookSecret(ctx, id, graceHours);
  }

  @Mutation(() => Boolean, { description: 'Deletes a webhook and its deliveries. Answers true.' })
  deleteWebhook(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The webhook.' }) id: string) {
    return webhooks.deleteWebhook(ctx, id);
  }

  @Mutation(() => WebhookDelivery, {
    description:
      'Sends a delivery again as soon as possible (a FAILED one, or one your receiver lost). Re-enable a disabled webhook first.',
  })
  redeliverWebhook(@Ctx() ctx: Context, @Arg('deliveryId', () => ID, { description: 'The delivery.' }) deliveryId: string) {
    return webhooks.redeliver(ctx, deliveryId);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => ID)
  id(@Root() delivery: WebhookDeliveryEntity): string {
    return globalId('WebhookDelivery', String(delivery.id));
  }

  @FieldResolver(() => String)
  cursor(@Root() delivery: WebhookDeliveryEntity): string {
    return encodeChangeCursor(Number(delivery.cursor));
  }

  @FieldResolver(() => Date, { nullable: true })
  nextAttemptAt(@Root() delivery: WebhookDeliveryEntity): Date | null {
    return delivery.status === 'PENDING' ? delivery.nextAttemptAt : null;
  }
}
