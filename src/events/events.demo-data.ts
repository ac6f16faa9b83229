// Data, not logic: this file is long (over 400 lines) because it lists every demo campaign and event; the seeding is in events.seed.ts.
import type { EventStatusValue, EventVisibilityValue, OrganiserRoleValue, ParticipationStatusValue } from './event.entity';

/** Fictional demo campaigns and events (see events.seed.ts for how they are written and marked). */

export const SUFFIX = ' (Demo)';
export const ZONE = 'Europe/Berlin';
export const ACTOR = 'Demo-Daten (wir-hub seed --demo)';

export interface DemoCampaign {
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

export interface DemoOrganiser {
  organisation: string;
  role: Exclude<OrganiserRoleValue, 'LEAD'>;
  status: ParticipationStatusValue;
  message?: string;
  response?: string;
}

export interface DemoEvent {
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
