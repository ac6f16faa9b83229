import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { createHash } from 'node:crypto';
import { demoSlug, OrganisationEntity } from '../directory';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { insertRow, insertRows, NOW } from '../db/write';
import { recordChange } from './event.changes';
import { CampaignEntity, EventEntity, EventHistoryEntity, EventOrganiserEntity } from './event.entity';
import { ACTOR, DEMO_CAMPAIGNS, DEMO_EVENTS, SUFFIX, ZONE } from './events.demo-data';
import { seriesEnd } from './event.recurrence';

/**
 * Fictional demo events for the directory's demo organisations: the three
 * campaigns of the network (the open mosque day on 3 October, the
 * intercultural week, the "Tag der offenen Gesellschaft"), co-hosted events
 * with every invitation state, a weekly language café, a draft, an event in
 * planning, a cancelled one and one for organisers only. Everything is
 * marked: `demo = true`, titles end in "(Demo)", descriptions say "fiktiv",
 * campaign slugs start with "demo-".
 *
 * Idempotent: campaigns are matched by slug; events have fixed ids derived
 * from a key (md5, as the municipalities have), so a second run finds them
 * and writes nothing. A real (non-demo) campaign holding a demo slug is
 * never touched, and no demo event joins it.
 */

export interface EventsSeedResult {
  campaigns: { inserted: number; unchanged: number; skipped: string[] };
  events: { inserted: number; unchanged: number };
  summary: string;
}

const local = (value: string) => DateTime.fromISO(value, { zone: ZONE });

/** A demo event's id, the same on every run and machine: md5('wir-hub:demo-event:<key>') as a UUID. */
function demoEventId(key: string): string {
  const hex = createHash('md5').update(`wir-hub:demo-event:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Writes the demo campaigns and events through `manager` (the caller's
 * transaction). Needs the directory's demo organisations: fails with a clear
 * message when they are missing.
 */
export async function seedEventsDemo(manager: EntityManager): Promise<EventsSeedResult> {
  const names = [
    ...new Set(
      DEMO_EVENTS.flatMap((e) => [e.lead, ...(e.venue ? [e.venue] : []), ...(e.organisers ?? []).map((o) => o.organisation)]),
    ),
  ];
  const rows = await queryRows<{ id: string; slug: string } & Record<string, unknown>>(
    manager,
    'SELECT * FROM organisation WHERE demo AND slug = ANY($1::text[])',
    [names.map(demoSlug)],
  );
  const organisations = new Map(rows.map((row) => [row.slug, String(row.id)]));
  const byId = new Map(rows.map((row) => [String(row.id), hydrate(manager.connection, OrganisationEntity, row)]));
  const missing = names.filter((name) => !organisations.has(demoSlug(name)));
  if (missing.length) {
    throw new Error(
      `The demo events need the directory's demo organisations, and ${missing.length} are missing (e.g. "${missing[0]}"): run the directory demo seed first (wir-hub seed --demo runs both, in order).`,
    );
  }
  const organisationId = (name: string) => organisations.get(demoSlug(name))!;
  const result: EventsSeedResult = {
    campaigns: { inserted: 0, unchanged: 0, skipped: [] },
    events: { inserted: 0, unchanged: 0 },
    summary: '',
  };

  const campaigns = new Map<string, string>();
  for (const campaign of DEMO_CAMPAIGNS) {
    const slug = `demo-${campaign.key}`;
    const inserted = await insertRow(
      manager,
      CampaignEntity,
      {
        name: campaign.name + SUFFIX,
        slug,
        kind: campaign.kind,
        startsOn: campaign.startsOn,
        endsOn: campaign.endsOn,
        description: campaign.about,
        originalLanguage: 'de',
        participationDeadline: campaign.deadline ?? null,
        demo: true,
      },
      { conflict: { on: ['slug'] } },
    );
    if (inserted) {
      result.campaigns.inserted += 1;
      campaigns.set(campaign.key, String(inserted.id));
      continue;
    }
    const [existing] = await queryRows<{ id: string }>(manager, 'SELECT id FROM campaign WHERE slug = $1 AND demo', [slug]);
    if (existing) {
      result.campaigns.unchanged += 1;
      campaigns.set(campaign.key, String(existing.id));
    } else {
      result.campaigns.skipped.push(slug);
    }
  }

  for (const event of DEMO_EVENTS) {
    const startsAt = local(event.starts).toJSDate();
    const endsAt = local(event.ends).toJSDate();
    const lastEndsAt = seriesEnd(
      { startsAt, endsAt, timeZone: ZONE, recurrence: event.recurrence ?? null },
      `demo event ${event.key}`,
    );
    const leadId = organisationId(event.lead);
    const venueId = event.venue === null ? null : organisationId(event.venue ?? event.lead);
    const published = event.status === 'PUBLISHED' || (event.status === 'CANCELLED' && event.wasPublished);
    const title = Object.fromEntries(Object.entries(event.title).map(([language, text]) => [language, text + SUFFIX]));
    const lead = byId.get(leadId)!;
    // The venue lends its address; an event without a venue is in its lead's municipality.
    const venue = venueId ? byId.get(venueId)! : undefined;
    const inserted = await insertRow(
      manager,
      EventEntity,
      {
        id: demoEventId(event.key),
        title,
        description: { de: event.about },
        originalLanguage: 'de',
        category: event.category,
        topics: event.topics,
        status: event.status,
        visibility: event.visibility,
        startsAt,
        endsAt,
        timeZone: ZONE,
        recurrence: event.recurrence ?? null,
        lastEndsAt,
        attendanceMode: event.attendanceMode ?? 'IN_PERSON',
        onlineUrl: event.onlineUrl ?? null,
        venueId: venue?.id ?? null,
        street: venue?.street ?? null,
        postalCode: venue?.postalCode ?? null,
        locality: venue?.locality ?? null,
        municipalityId: venue?.municipalityId ?? lead.municipalityId,
        latitude: venue?.latitude ?? null,
        longitude: venue?.longitude ?? null,
        languages: event.languages,
        interpretingLanguages: event.interpretingLanguages ?? [],
        barrierFree: event.barrierFree ?? null,
        childcare: event.childcare ?? null,
        free: event.free ?? null,
        capacity: event.capacity ?? null,
        campaignId: event.campaign ? (campaigns.get(event.campaign) ?? null) : null,
        leadOrganisationId: leadId,
        cancellationReason: event.cancellationReason ?? null,
        publishedAt: published ? NOW : null,
        demo: true,
      },
      { conflict: { on: ['id'] } },
    );
    if (!inserted) {
      result.events.unchanged += 1;
      continue;
    }
    result.events.inserted += 1;
    const eventId = inserted.id;
    await insertRows(manager, EventOrganiserEntity, [
      { eventId, organisationId: leadId, role: 'LEAD', status: 'ACCEPTED', invitedAt: NOW, respondedAt: NOW },
      ...(event.organisers ?? []).map((organiser) => ({
        eventId,
        organisationId: organisationId(organiser.organisation),
        role: organiser.role,
        status: organiser.status,
        message: organiser.message ?? null,
        responseMessage: organiser.response ?? null,
        invitedAt: NOW,
        respondedAt: organiser.status === 'INVITED' ? null : NOW,
      })),
    ]);
    // One history entry and one change-log entry, so history and live feeds know the event.
    await insertRow(manager, EventHistoryEntity, {
      eventId,
      kind: 'CREATED',
      actorLabel: ACTOR,
      actorCoordinator: true,
      changes: [{ field: 'status', old: null, new: event.status }],
      version: inserted.version,
    });
    await recordChange(manager, { eventId, kind: 'CREATED', changedFields: ['status'], version: inserted.version });
  }

  const { campaigns: c, events: e } = result;
  result.summary =
    `${DEMO_CAMPAIGNS.length - c.skipped.length} demo campaigns (${c.inserted} new, ${c.unchanged} unchanged), ` +
    `${DEMO_EVENTS.length} demo events (${e.inserted} new, ${e.unchanged} unchanged)` +
    (c.skipped.length ? `; skipped because a real campaign holds the slug: ${c.skipped.join(', ')}` : '');
  return result;
}
