import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { createHash } from 'node:crypto';
import { demoSlug, OrganisationEntity } from '../directory';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import { insertRow, insertRows, NOW } from '../db/write';
import { recordChange } from './event.changes';
import {
  CampaignEntity,
  EventEntity,
  EventHistoryEntity,
  EventOrganiserEntity,
  type EventStatusValue,
  type EventVisibilityValue,
  type OrganiserRoleValue,
  type ParticipationStatusValue,
} from './event.entity';
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

const SUFFIX = ' (Demo)';
const ZONE = 'Europe/Berlin';
const ACTOR = 'Demo-Daten (wir-hub seed --demo)';

interface DemoCampaign {
  key: string;
  name: string;
  kind: 'ACTION_DAY' | 'ACTION_WEEK' | 'PROGRAMME';
  startsOn: string;
  endsOn: string;
  deadline?: string;
  about: { de: string; en: string };
}

export const DEMO_CAMPAIGNS: readonly DemoCampaign[] = [
  {
    key: 'tag-der-offenen-moschee-2027',
    name: 'Tag der offenen Moschee 2027',
    kind: 'ACTION_DAY',
    startsOn: '2027-10-03',
    endsOn: '2027-10-03',
    deadline: '2027-09-15',
    about: {
      de: 'Fiktive Kampagne (Demo): Moscheegemeinden im Landkreis öffnen am 3. Oktober ihre Türen.',
      en: 'Fictional campaign (demo): mosque communities in the district open their doors on 3 October.',
    },
  },
  {
    key: 'interkulturelle-woche-2027',
    name: 'Interkulturelle Woche im Landkreis Kassel 2027',
    kind: 'ACTION_WEEK',
    startsOn: '2027-09-19',
    endsOn: '2027-09-26',
    deadline: '2027-08-31',
    about: {
      de: 'Fiktive Kampagne (Demo): eine Woche der Begegnung mit Festen, Lesungen und Gesprächen im ganzen Landkreis.',
      en: 'Fictional campaign (demo): a week of encounters with festivals, readings and talks across the district.',
    },
  },
  {
    key: 'tag-der-offenen-gesellschaft-2027',
    name: 'Tag der offenen Gesellschaft 2027',
    kind: 'ACTION_DAY',
    startsOn: '2027-06-19',
    endsOn: '2027-06-19',
    about: {
      de: 'Fiktive Kampagne (Demo): Tische und Stühle raus — Tafeln der offenen Gesellschaft im Landkreis.',
      en: 'Fictional campaign (demo): tables and chairs outside — tables of the open society across the district.',
    },
  },
];

interface DemoOrganiser {
  organisation: string;
  role: Exclude<OrganiserRoleValue, 'LEAD'>;
  status: ParticipationStatusValue;
  message?: string;
  response?: string;
}

interface DemoEvent {
  key: string;
  title: { de: string; en?: string; tr?: string; ar?: string; uk?: string };
  about: string;
  category: string;
  topics: string[];
  status: EventStatusValue;
  /** Published before it was cancelled (only for CANCELLED). */
  wasPublished?: boolean;
  cancellationReason?: string;
  visibility: EventVisibilityValue;
  /** Local wall-clock times in Europe/Berlin, "yyyy-MM-ddTHH:mm". */
  starts: string;
  ends: string;
  recurrence?: string;
  attendanceMode?: string;
  onlineUrl?: string;
  lead: string;
  /** Held at the lead's premises unless another venue is named; null for none. */
  venue?: string | null;
  campaign?: string;
  languages: string[];
  interpretingLanguages?: string[];
  barrierFree?: boolean;
  childcare?: boolean;
  free?: boolean;
  capacity?: number;
  organisers?: DemoOrganiser[];
}

const MOSQUE_VELLMAR = 'Moscheegemeinde Vellmar';
const MOSQUE_BAUNATAL = 'Islamische Gemeinde Baunatal';

export const DEMO_EVENTS: readonly DemoEvent[] = [
  {
    key: 'open-mosque-vellmar',
    title: { de: 'Tag der offenen Moschee in Vellmar', en: 'Open mosque day in Vellmar', tr: 'Vellmar’da Açık Cami Günü' },
    about:
      'Fiktive Veranstaltung (Demo): Führungen, Tee und Gespräche über das Gemeindeleben, gemeinsam mit Nachbarn aus Kirche und Sport.',
    category: 'OPEN_HOUSE',
    topics: ['RELIGION', 'INTERFAITH_DIALOGUE'],
    status: 'PUBLISHED',
    visibility: 'PUBLIC',
    starts: '2027-10-03T11:00',
    ends: '2027-10-03T17:00',
    lead: MOSQUE_VELLMAR,
    campaign: 'tag-der-offenen-moschee-2027',
    languages: ['de', 'tr'],
    interpretingLanguages: ['ar'],
    barrierFree: true,
    free: true,
    // Co-hosts in every invitation state.
    organisers: [
      {
        organisation: 'Evangelische Kirchengemeinde Grebenstein',
        role: 'CO_HOST',
        status: 'ACCEPTED',
        message: 'Wollt ihr die Führung mit uns machen?',
        response: 'Sehr gerne!',
      },
      {
        organisation: 'Sportverein Grün-Weiß Espenau',
        role: 'SUPPORTER',
        status: 'INVITED',
        message: 'Könnt ihr Bänke und Zelte leihen?',
      },
      {
        organisation: 'Kulturverein Brücke Immenhausen',
        role: 'CO_HOST',
        status: 'DECLINED',
        response: 'An dem Tag haben wir unser eigenes Fest.',
      },
      {
        organisation: 'Afghanischer Frauenverein Vellmar',
        role: 'SUPPORTER',
        status: 'WITHDRAWN',
        response: 'Leider fehlen uns Helferinnen.',
      },
    ],
  },
  {
    key: 'open-mosque-baunatal',
    title: { de: 'Offene Moschee Baunatal', ar: 'يوم المسجد المفتوح في باوناتال' },
    about: 'Fiktive Veranstaltung (Demo): Besuch der Gemeinde mit Kinderprogramm des Familienzentrums.',
    category: 'OPEN_HOUSE',
    topics: ['RELIGION', 'FAMILY'],
    status: 'PUBLISHED',
    visibility: 'PUBLIC',
    starts: '2027-10-03T13:00',
    ends: '2027-10-03T18:00',
    lead: MOSQUE_BAUNATAL,
    campaign: 'tag-der-offenen-moschee-2027',
    languages: ['de', 'ar'],
    childcare: true,
    free: true,
    organisers: [
      {
        organisation: 'Familienzentrum Baunatal',
        role: 'CO_HOST',
        status: 'ACCEPTED',
        response: 'Wir machen das Kinderprogramm.',
      },
      { organisation: 'Syrischer Kulturverein Baunatal', role: 'SUPPORTER', status: 'ACCEPTED' },
    ],
  },
  {
    key: 'ikw-fest-kaufungen',
    title: { de: 'Interkulturelles Fest Kaufungen', en: 'Intercultural festival Kaufungen' },
    about:
      'Fiktive Veranstaltung (Demo): Musik, Essen aus vielen Ländern und ein Flohmarkt zum Auftakt der Interkulturellen Woche.',
    category: 'FESTIVAL',
    topics: ['CULTURE', 'VOLUNTEERING'],
    status: 'PUBLISHED',
    visibility: 'PUBLIC',
    starts: '2027-09-19T14:00',
    ends: '2027-09-19T20:00',
    lead: 'Helferkreis Asyl Kaufungen',
    venue: null,
    campaign: 'interkulturelle-woche-2027',
    languages: ['de', 'ti', 'ar'],
    free: true,
    organisers: [{ organisation: 'Eritreisch-Orthodoxe Gemeinde Kaufungen', role: 'CO_HOST', status: 'ACCEPTED' }],
  },
  {
    key: 'ikw-lesung-wolfhagen',
    title: { de: 'Lesung: Ankommen in Nordhessen', uk: 'Читання: прибуття до Північного Гессену' },
    about: 'Fiktive Veranstaltung (Demo): Geflüchtete lesen aus ihren Texten, mit Übersetzung ins Ukrainische.',
    category: 'CULTURE',
    topics: ['CULTURE', 'EDUCATION'],
    status: 'PUBLISHED',
    visibility: 'PARTNERS',
    starts: '2027-09-22T19:00',
    ends: '2027-09-22T21:00',
    lead: 'Stadtbücherei Wolfhagen',
    campaign: 'interkulturelle-woche-2027',
    languages: ['de'],
    interpretingLanguages: ['uk'],
    capacity: 40,
    organisers: [{ organisation: 'Ukrainischer Verein Wolfhagen', role: 'CO_HOST', status: 'ACCEPTED' }],
  },
  {
    key: 'ikw-podium',
    title: { de: 'Podium: Interkulturelle Öffnung der Verwaltung' },
    about: 'Fiktive Veranstaltung (Demo) in Planung: Wie öffnen sich Rathäuser und Jobcenter? Einladungen sind verschickt.',
    category: 'DIALOGUE',
    topics: ['ANTI_DISCRIMINATION', 'LABOUR_MARKET'],
    status: 'PLANNING',
    visibility: 'PUBLIC',
    starts: '2027-09-24T18:00',
    ends: '2027-09-24T20:30',
    lead: 'Integrationsbüro Landkreis Kassel',
    campaign: 'interkulturelle-woche-2027',
    languages: ['de'],
    organisers: [
      {
        organisation: 'Dachverband der Migrantenorganisationen Nordhessen',
        role: 'CO_HOST',
        status: 'INVITED',
        message: 'Wir würden uns über eine Person auf dem Podium freuen.',
      },
      { organisation: 'Jobcenter-Sprechstunde Hofgeismar', role: 'SUPPORTER', status: 'ACCEPTED' },
    ],
  },
  {
    key: 'tdog-tafel-baunatal',
    title: { de: 'Tafel der offenen Gesellschaft Baunatal', en: 'Open society table Baunatal' },
    about: 'Fiktive Veranstaltung (Demo): Eine lange Tafel auf dem Marktplatz — jede und jeder bringt etwas mit.',
    category: 'FESTIVAL',
    topics: ['CULTURE', 'FAMILY'],
    status: 'PUBLISHED',
    visibility: 'PUBLIC',
    starts: '2027-06-19T16:00',
    ends: '2027-06-19T21:00',
    lead: 'Familienzentrum Baunatal',
    venue: null,
    campaign: 'tag-der-offenen-gesellschaft-2027',
    languages: ['de', 'ar', 'tr'],
    free: true,
    organisers: [
      { organisation: 'Syrischer Kulturverein Baunatal', role: 'CO_HOST', status: 'ACCEPTED' },
      {
        organisation: MOSQUE_BAUNATAL,
        role: 'SUPPORTER',
        status: 'DECLINED',
        response: 'Am Nachmittag ist Gemeindeversammlung.',
      },
    ],
  },
  {
    key: 'sprachcafe-niestetal',
    title: { de: 'Sprachcafé Niestetal', en: 'Language café Niestetal', ar: 'مقهى اللغة نيستيتال', uk: 'Мовне кафе Ністтеталь' },
    about:
      'Fiktive Veranstaltung (Demo): Jeden Dienstag um 18 Uhr Deutsch sprechen üben, bei Tee und Kuchen — auch in der Sommerzeit um 18 Uhr.',
    category: 'LANGUAGE_CAFE',
    topics: ['LANGUAGE_SUPPORT', 'VOLUNTEERING'],
    status: 'PUBLISHED',
    visibility: 'PUBLIC',
    starts: '2026-01-13T18:00',
    ends: '2026-01-13T20:00',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU',
    lead: 'Sprachcafé Niestetal e.V.',
    languages: ['de'],
    interpretingLanguages: ['ar', 'uk', 'fa'],
    barrierFree: true,
    free: true,
  },
  {
    key: 'vernetzung-moscheen',
    title: { de: 'Vernetzungstreffen der Moscheegemeinden' },
    about: 'Fiktive Veranstaltung (Demo): Monatliches Treffen nur für die beteiligten Gemeinden und die Koordination.',
    category: 'MEETING',
    topics: ['RELIGION', 'VOLUNTEERING'],
    status: 'PUBLISHED',
    visibility: 'ORGANISERS',
    starts: '2027-01-06T19:00',
    ends: '2027-01-06T21:00',
    recurrence: 'FREQ=MONTHLY;BYDAY=1WE;COUNT=12',
    lead: 'Islamischer Regionalverband Kassel-Land',
    languages: ['de', 'tr'],
    organisers: [
      { organisation: MOSQUE_VELLMAR, role: 'CO_HOST', status: 'ACCEPTED' },
      { organisation: 'Moscheeverein Hofgeismar', role: 'CO_HOST', status: 'ACCEPTED' },
    ],
  },
  {
    key: 'entwurf-radkurs',
    title: { de: 'Entwurf: Radfahrkurs für Frauen' },
    about: 'Fiktiver Entwurf (Demo): nur für die Fahrradwerkstatt und die Koordination sichtbar.',
    category: 'SPORTS',
    topics: ['WOMEN', 'SPORTS'],
    status: 'DRAFT',
    visibility: 'PUBLIC',
    starts: '2027-05-08T10:00',
    ends: '2027-05-08T13:00',
    lead: 'Fahrradwerkstatt für alle Breuna',
    languages: ['de', 'fa'],
  },
  {
    key: 'sommerfest-zierenberg',
    title: { de: 'Sommerfest im Garten' },
    about: 'Fiktive Veranstaltung (Demo), abgesagt.',
    category: 'FESTIVAL',
    topics: ['CULTURE'],
    status: 'CANCELLED',
    wasPublished: true,
    cancellationReason: 'Unwetterwarnung für den ganzen Nachmittag (Demo).',
    visibility: 'PUBLIC',
    starts: '2027-07-10T15:00',
    ends: '2027-07-10T19:00',
    lead: 'Unterstützerkreis Zierenberg',
    languages: ['de'],
  },
];

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
