/**
 * The webhooks slice's public surface: partner endpoints told of changes by
 * signed HTTP calls (Standard Webhooks) from a durable outbox in the
 * database. Other folders import webhooks only through this file.
 */
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { WebhookDeliveryResolver, WebhookResolver } from './webhook.resolver';

export { WebhookOutbox, type OutboxStats } from './webhook.outbox';

/** The slice's GraphQL resolvers and TypeORM entities, for src/schema.ts and src/entities.ts. */
export const webhookResolvers = [WebhookResolver, WebhookDeliveryResolver];
export const webhookEntities = [WebhookEntity, WebhookDeliveryEntity];
