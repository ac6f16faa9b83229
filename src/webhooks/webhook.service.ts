import type { Context, Viewer } from '../access';
import { queryRows } from '../db/query-rows';
import { hydrate } from '../db/hydrate';
import { withTransaction } from '../db/transaction';
import { insertRow, NOW, sql, updateRows, type Values } from '../db/write';
import { badInput, forbidden, notFound, unauthenticated } from '../shared/errors';
import { globalId, parseGlobalId, parseGlobalIds } from '../shared/global-id';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import type { StoredWebhookFilter } from './webhook.filter';
import { encryptSecret, newWebhookSecret } from './webhook.secret';
import type { CreateWebhookInput, UpdateWebhookInput, WebhookFilterInput } from './webhook.types';
import { checkWebhookUrl } from './webhook.url';

const MAX_DESCRIPTION = 500;
const MAX_FILTER_ENTRIES = 100;
/** How long the previous secret keeps signing after a rotation, by default. */
const DEFAULT_GRACE_HOURS = 24;

/** Who may manage a webhook: coordinators any, an organisation's ADMIN keys the organisation's own. */
function canManage(viewer: Viewer, ownerOrganisationId: string | null): boolean {
  return viewer.coordinator || (ownerOrganisationId !== null && viewer.administersOrganisation(ownerOrganisationId));
}

function assertMayHaveWebhooks(viewer: Viewer): void {
  if (!viewer.authenticated) throw unauthenticated('Webhooks need a coordinator key or an ADMIN key of an organisation.');
  if (!viewer.coordinator && !(viewer.organisationId && viewer.administersOrganisation(viewer.organisationId)))
    throw forbidden("Only coordinators and an organisation's ADMIN keys manage webhooks.");
}

function secretKey(ctx: Context): Buffer {
  const key = ctx.app.config.WEBHOOK_SECRET_KEY;
  if (!key) throw forbidden('Webhooks are not set up on this hub: its operator must set WEBHOOK_SECRET_KEY.');
  return Buffer.from(key, 'base64');
}

function description(value: string | null | undefined, field: string): string | null {
  const text = value?.trim() ?? '';
  if (text.length > MAX_DESCRIPTION) throw badInput(field, `must be at most ${MAX_DESCRIPTION} characters.`);
  return text || null;
}

/** The filter as stored (database ids); BAD_USER_INPUT naming the field for bad ids or long lists. */
function storedFilter(filter: WebhookFilterInput | null | undefined, field: string): StoredWebhookFilter {
  const ids = (values: string[] | null | undefined, type: string, name: string) => {
    if (!values) return [];
    if (values.length > MAX_FILTER_ENTRIES)
      throw badInput(`${field}.${name}`, `may hold at most ${MAX_FILTER_ENTRIES} entries, got ${values.length}.`);
    return [...new Set(parseGlobalIds(values, type, `${field}.${name}`))];
  };
  return {
    eventKinds: filter?.eventKinds ? [...new Set(filter.eventKinds)] : null,
    organisationKinds: filter?.organisationKinds ? [...new Set(filter.organisationKinds)] : null,
    municipalityIds: ids(filter?.municipalityIds, 'Municipality', 'municipalityIds'),
    organisationIds: ids(filter?.organisationIds, 'Organisation', 'organisationIds'),
    campaignIds: ids(filter?.campaignIds, 'Campaign', 'campaignIds'),
  };
}

export async function createWebhook(
  ctx: Context,
  input: CreateWebhookInput,
): Promise<{ webhook: WebhookEntity; secret: string }> {
  assertMayHaveWebhooks(ctx.viewer);
  const url = checkWebhookUrl(input.url, ctx.app.config.WEBHOOK_ALLOW_PRIVATE_URLS);
  const text = description(input.description, 'input.description');
  const filter = storedFilter(input.filter, 'input.filter');
  const key = secretKey(ctx);
  const secret = newWebhookSecret();
  const webhook = await withTransaction(ctx.db, async (manager) => {
    // It receives the changes committed after it: those after the newest cursor now. The fan-out's
    // lock makes the two take turns, so a fan-out that skipped ahead cannot pass this webhook's start.
    await manager.query('SELECT position FROM webhook_dispatch FOR UPDATE');
    const [latest] = await queryRows<{ cursor: string }>(manager, 'SELECT coalesce(max(cursor), 0) AS cursor FROM change_log');
    return (await insertRow(manager, WebhookEntity, {
      ownerOrganisationId: ctx.viewer.coordinator ? null : ctx.viewer.organisationId!,
      createdByKeyId: ctx.viewer.keyId!,
      url,
      description: text,
      filter,
      secretEncrypted: encryptSecret(secret, key),
      sinceCursor: Number(latest?.cursor ?? 0),
    }))!;
  });
  return { webhook, secret };
}

/** The webhook, when the viewer may manage it; NOT_FOUND otherwise (someone else's webhook is not revealed). */
async function findWebhook(ctx: Context, globalWebhookId: string, field = 'id'): Promise<WebhookEntity> {
  assertMayHaveWebhooks(ctx.viewer);
  const id = parseGlobalId(globalWebhookId, 'Webhook', field);
  const webhook = await ctx.db.getRepository(WebhookEntity).findOneBy({ id });
  if (!webhook || !canManage(ctx.viewer, webhook.ownerOrganisationId)) throw notFound('The webhook', field);
  return webhook;
}

export async function updateWebhook(ctx: Context, id: string, input: UpdateWebhookInput): Promise<WebhookEntity> {
  const webhook = await findWebhook(ctx, id);
  const values: Values<WebhookEntity> = { updatedAt: NOW };
  if (input.url !== undefined) {
    if (input.url === null) throw badInput('input.url', 'cannot be cleared.');
    values.url = checkWebhookUrl(input.url, ctx.app.config.WEBHOOK_ALLOW_PRIVATE_URLS);
  }
  if (input.description !== undefined) values.description = description(input.description, 'input.description');
  if (input.filter !== undefined) values.filter = storedFilter(input.filter, 'input.filter');
  if (input.enabled !== undefined && input.enabled !== null) {
    values.enabled = input.enabled;
    values.disabledReason = input.enabled ? null : 'Paused by its owner.';
    values.disabledAt = input.enabled ? null : NOW;
  }
  const [updated] = await updateRows(ctx.db, WebhookEntity, { id: webhook.id }, values);
  if (!updated) throw notFound('The webhook', 'id');
  return updated;
}

export async function rotateWebhookSecret(
  ctx: Context,
  id: string,
  graceHours: number | null | undefined,
): Promise<{ webhook: WebhookEntity; secret: string }> {
  const webhook = await findWebhook(ctx, id);
  const hours = graceHours ?? DEFAULT_GRACE_HOURS;
  if (!Number.isInteger(hours) || hours < 0 || hours > 168)
    throw badInput('graceHours', 'must be a whole number of hours, 0..168.');
  const key = secretKey(ctx);
  const secret = newWebhookSecret();
  const [updated] = await updateRows(
    ctx.db,
    WebhookEntity,
    { id: webhook.id },
    {
      previousSecretEncrypted: sql('"secret_encrypted"'),
      previousSecretExpiresAt: sql(`now() + make_interval(hours => ${hours})`),
      secretEncrypted: encryptSecret(secret, key),
      updatedAt: NOW,
    },
  );
  if (!updated) throw notFound('The webhook', 'id');
  return { webhook: updated, secret };
}

export async function deleteWebhook(ctx: Context, id: string): Promise<boolean> {
  const webhook = await findWebhook(ctx, id);
  const deleted = await queryRows(ctx.db, 'DELETE FROM webhook WHERE id = $1 RETURNING id', [webhook.id]);
  return deleted.length > 0;
}

/** Webhooks the viewer manages: all for coordinators, the organisation's own for its ADMIN keys. */
export async function listWebhooks(ctx: Context): Promise<WebhookEntity[]> {
  assertMayHaveWebhooks(ctx.viewer);
  const rows = await queryRows(
    ctx.db,
    `SELECT * FROM webhook WHERE $1::boolean OR owner_organisation_id = $2::uuid ORDER BY created_at, id`,
    [ctx.viewer.coordinator, ctx.viewer.organisationId ?? null],
  );
  return rows.map((row) => hydrate(ctx.db, WebhookEntity, row));
}

/** A webhook's deliveries, newest first. */
export async function listDeliveries(ctx: Context, webhook: WebhookEntity, first: number): Promise<WebhookDeliveryEntity[]> {
  const rows = await queryRows(ctx.db, 'SELECT * FROM webhook_delivery WHERE webhook_id = $1 ORDER BY cursor DESC LIMIT $2', [
    webhook.id,
    first,
  ]);
  return rows.map((row) => hydrate(ctx.db, WebhookDeliveryEntity, row));
}

/** A delivery's global ID: its id is the outbox row's number, not a uuid. */
function parseDeliveryId(value: string): string {
  // Not parseAnyGlobalId: that one accepts uuids only. Same encoding as shared/global-id (base64 of "Type:id").
  const text = typeof value === 'string' && value.length <= 100 ? Buffer.from(value, 'base64').toString('utf8') : '';
  const parsed = text.startsWith('WebhookDelivery:') ? { id: text.slice('WebhookDelivery:'.length) } : undefined;
  if (!parsed || !/^[1-9]\d{0,17}$/.test(parsed.id))
    throw badInput('deliveryId', `"${String(value).slice(0, 100)}" is not the ID of a webhook delivery.`);
  return parsed.id;
}

/** `redeliverWebhook`: sends a delivery again, now (a FAILED one, or a DELIVERED one the receiver lost). */
export async function redeliver(ctx: Context, deliveryGlobalId: string): Promise<WebhookDeliveryEntity> {
  assertMayHaveWebhooks(ctx.viewer);
  const id = parseDeliveryId(deliveryGlobalId);
  const [row] = await queryRows(
    ctx.db,
    'SELECT d.id, w.owner_organisation_id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.id = $1',
    [id],
  );
  if (!row || !canManage(ctx.viewer, (row.owner_organisation_id as string | null) ?? null))
    throw notFound('The delivery', 'deliveryId');
  const [updated] = await updateRows(
    ctx.db,
    WebhookDeliveryEntity,
    { id },
    { status: 'PENDING', nextAttemptAt: NOW, lockedUntil: null, deliveredAt: null },
  );
  return updated!;
}

/** Global IDs of a stored filter, for the API. */
export function filterForApi(filter: StoredWebhookFilter) {
  return {
    eventKinds: filter.eventKinds,
    organisationKinds: filter.organisationKinds,
    municipalityIds: (filter.municipalityIds ?? []).map((id) => globalId('Municipality', id)),
    organisationIds: (filter.organisationIds ?? []).map((id) => globalId('Organisation', id)),
    campaignIds: (filter.campaignIds ?? []).map((id) => globalId('Campaign', id)),
  };
}
