// Data, not logic: this file is long (over 400 lines) because it lists every demo organisation; the seeding is in directory.seed.ts.
import type { ContactVisibilityValue } from './contact.entity';
import type { Topic } from './directory.enums';
import type { OrganisationDetails, OrganisationKindValue } from './organisation.entity';

/** Fictional demo organisations (see directory.seed.ts for how they are written and marked). */

type TopicName = keyof typeof Topic;

export interface DemoContact {
  name: string;
  role: string;
  visibility: ContactVisibilityValue;
  languages: string[];
  /** Local part of the e-mail address under the organisation's example.org domain. */
  mailbox?: string;
}

export interface DemoOrganisation {
  kind: OrganisationKindValue;
  /** Without the "(Demo)" suffix, which is added. */
  name: string;
  shortName?: string;
  municipality: string;
  languages: string[];
  topics: TopicName[];
  about: { de: string; en: string };
  lookingForPartners?: boolean;
  barrierFree?: boolean | null;
  verified?: boolean;
  details?: OrganisationDetails;
  /** Names (without suffix) of the federations it belongs to. */
  memberOf?: string[];
  contacts: DemoContact[];
}

export const SUFFIX = ' (Demo)';
export const VERIFIED_AT = '2025-03-01T09:00:00.000Z';
export const CONFIRMED_AT = '2025-09-15T09:00:00.000Z';

const UMBRELLA_MIGRANTS = 'Dachverband der Migrantenorganisationen Nordhessen';
const UMBRELLA_CIRCLES = 'Arbeitskreis der Unterstützerkreise im Landkreis Kassel';
const UMBRELLA_MOSQUES = 'Islamischer Regionalverband Kassel-Land';

/** The demo organisations. Six municipalities are left without any, so coverage views have gaps to show. */
export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  // Federations
  {
    kind: 'FEDERATION',
    name: UMBRELLA_MIGRANTS,
    shortName: 'DMO Nordhessen',
    municipality: 'Baunatal',
    languages: ['de', 'tr', 'ar', 'ti'],
    topics: ['VOLUNTEERING', 'ANTI_DISCRIMINATION', 'EDUCATION'],
    about: {
      de: 'Fiktiver Dachverband (Demo): vernetzt Migrantenorganisationen, berät bei Förderanträgen.',
      en: 'Fictional umbrella (demo): connects migrant organisations and advises on funding applications.',
    },
    lookingForPartners: true,
    barrierFree: true,
    verified: true,
    details: { region: 'Nordhessen' },
    contacts: [
      { name: 'Selin Kaya', role: 'Geschäftsstelle', visibility: 'PUBLIC', languages: ['de', 'tr'], mailbox: 'info' },
      { name: 'Yonas Tesfay', role: 'Vorstand', visibility: 'PARTNERS', languages: ['de', 'ti', 'en'] },
      {
        name: 'Selin Kaya (mobil)',
        role: 'Geschäftsstelle, privat erreichbar',
        visibility: 'COORDINATORS',
        languages: ['de', 'tr'],
      },
    ],
  },
  {
    kind: 'FEDERATION',
    name: UMBRELLA_CIRCLES,
    municipality: 'Hofgeismar',
    languages: ['de', 'en'],
    topics: ['VOLUNTEERING', 'INTEGRATION_GUIDANCE'],
    about: {
      de: 'Fiktiver Zusammenschluss (Demo) der ehrenamtlichen Unterstützerkreise im Landkreis.',
      en: "Fictional network (demo) of the district's volunteer support circles.",
    },
    verified: true,
    details: { region: 'Landkreis Kassel' },
    contacts: [
      { name: 'Monika Schäfer', role: 'Sprecherin', visibility: 'PUBLIC', languages: ['de'], mailbox: 'kontakt' },
      { name: 'Jürgen Wagner', role: 'Sprecher', visibility: 'PARTNERS', languages: ['de', 'en'] },
    ],
  },
  {
    kind: 'FEDERATION',
    name: UMBRELLA_MOSQUES,
    municipality: 'Vellmar',
    languages: ['de', 'tr', 'ar', 'bs'],
    topics: ['RELIGION', 'INTERFAITH_DIALOGUE'],
    about: {
      de: 'Fiktiver Regionalverband (Demo) der Moscheegemeinden; Ansprechpartner für den Tag der offenen Moschee.',
      en: 'Fictional regional federation (demo) of mosque communities; contact for the Open Mosque Day.',
    },
    lookingForPartners: true,
    verified: true,
    details: { region: 'Landkreis Kassel' },
    contacts: [
      { name: 'Mehmet Yılmaz', role: 'Vorsitzender', visibility: 'PUBLIC', languages: ['de', 'tr'], mailbox: 'vorstand' },
      { name: 'Amina Hodžić', role: 'Dialogbeauftragte', visibility: 'PARTNERS', languages: ['de', 'bs'] },
    ],
  },
  // Mosques
  {
    kind: 'MOSQUE',
    name: 'Moscheegemeinde Vellmar',
    municipality: 'Vellmar',
    languages: ['tr', 'de'],
    topics: ['RELIGION', 'INTERFAITH_DIALOGUE', 'YOUTH'],
    about: {
      de: 'Fiktive Moscheegemeinde (Demo) mit Jugendgruppe; Führungen nach Absprache.',
      en: 'Fictional mosque community (demo) with a youth group; guided tours on request.',
    },
    lookingForPartners: true,
    barrierFree: false,
    verified: true,
    details: { openToVisitors: true, guidedTours: true, sermonLanguages: ['tr', 'de'] },
    memberOf: [UMBRELLA_MOSQUES],
    contacts: [
      { name: 'Emre Arslan', role: 'Dialogbeauftragter', visibility: 'PUBLIC', languages: ['de', 'tr'], mailbox: 'dialog' },
      { name: 'Hatice Arslan', role: 'Frauengruppe', visibility: 'PARTNERS', languages: ['tr', 'de'] },
      { name: 'Emre Arslan (privat)', role: 'Dialogbeauftragter, privat', visibility: 'COORDINATORS', languages: ['de', 'tr'] },
    ],
  },
  {
    kind: 'MOSQUE',
    name: 'Islamische Gemeinde Baunatal',
    municipality: 'Baunatal',
    languages: ['ar', 'de', 'tr'],
    topics: ['RELIGION', 'LANGUAGE_SUPPORT', 'FAMILY'],
    about: {
      de: 'Fiktive Gemeinde (Demo); Arabischunterricht für Kinder und Deutschkurs für Mütter.',
      en: 'Fictional community (demo); Arabic lessons for children and a German course for mothers.',
    },
    verified: true,
    details: { openToVisitors: true, guidedTours: false, sermonLanguages: ['ar', 'de'] },
    memberOf: [UMBRELLA_MOSQUES],
    contacts: [
      { name: 'Khaled Haddad', role: 'Imam', visibility: 'PUBLIC', languages: ['ar', 'de'], mailbox: 'info' },
      { name: 'Rania Haddad', role: 'Elternarbeit', visibility: 'PARTNERS', languages: ['ar', 'de', 'en'] },
    ],
  },
  {
    kind: 'MOSQUE',
    name: 'Bosnisch-Islamische Gemeinde Lohfelden',
    municipality: 'Lohfelden',
    languages: ['bs', 'de'],
    topics: ['RELIGION', 'CULTURE', 'SENIORS'],
    about: {
      de: 'Fiktive Gemeinde (Demo) mit Seniorencafé und Kulturabenden.',
      en: "Fictional community (demo) with a seniors' café and cultural evenings.",
    },
    barrierFree: true,
    details: { openToVisitors: true, guidedTours: true, sermonLanguages: ['bs'] },
    memberOf: [UMBRELLA_MOSQUES],
    contacts: [{ name: 'Edin Begić', role: 'Vorstand', visibility: 'PUBLIC', languages: ['bs', 'de'], mailbox: 'vorstand' }],
  },
  {
    kind: 'MOSQUE',
    name: 'Moscheeverein Hofgeismar',
    municipality: 'Hofgeismar',
    languages: ['tr', 'ku', 'de'],
    topics: ['RELIGION', 'YOUTH', 'SPORTS'],
    about: {
      de: 'Fiktiver Moscheeverein (Demo); Fußballgruppe für Jugendliche.',
      en: 'Fictional mosque association (demo); football group for young people.',
    },
    lookingForPartners: true,
    details: { openToVisitors: true, guidedTours: false, sermonLanguages: ['tr'] },
    contacts: [
      { name: 'Ali Doğan', role: 'Jugendleiter', visibility: 'PARTNERS', languages: ['tr', 'ku', 'de'] },
      { name: 'Ali Doğan (privat)', role: 'Jugendleiter, privat', visibility: 'COORDINATORS', languages: ['tr', 'de'] },
    ],
  },
  {
    kind: 'MOSQUE',
    name: 'Afghanische Moscheegemeinde Wolfhagen',
    municipality: 'Wolfhagen',
    languages: ['fa', 'ps', 'de'],
    topics: ['RELIGION', 'COUNSELLING'],
    about: {
      de: 'Fiktive Gemeinde (Demo); Sprechstunde für Neuangekommene auf Dari und Paschtu.',
      en: 'Fictional community (demo); advice hours for newcomers in Dari and Pashto.',
    },
    details: { openToVisitors: false, guidedTours: false, sermonLanguages: ['fa'] },
    contacts: [
      { name: 'Najib Ahmadi', role: 'Sekretär', visibility: 'PUBLIC', languages: ['fa', 'ps', 'de'], mailbox: 'kontakt' },
    ],
  },
  // Support circles
  {
    kind: 'SUPPORT_CIRCLE',
    name: 'Unterstützerkreis Flüchtlinge Calden',
    municipality: 'Calden',
    languages: ['de', 'en', 'ar'],
    topics: ['INTEGRATION_GUIDANCE', 'LANGUAGE_SUPPORT', 'HOUSING'],
    about: {
      de: 'Fiktiver Unterstützerkreis (Demo): Patenschaften, Begleitung zu Behörden, Wohnungssuche.',
      en: 'Fictional support circle (demo): mentoring, accompanying people to authorities, flat hunting.',
    },
    lookingForPartners: true,
    verified: true,
    details: { volunteerCount: 25 },
    memberOf: [UMBRELLA_CIRCLES],
    contacts: [
      { name: 'Gisela Hartmann', role: 'Koordination', visibility: 'PUBLIC', languages: ['de', 'en'], mailbox: 'info' },
      { name: 'Omar Khalil', role: 'Sprachmittler', visibility: 'PARTNERS', languages: ['ar', 'de'] },
    ],
  },
  {
    kind: 'SUPPORT_CIRCLE',
    name: 'Helferkreis Asyl Kaufungen',
    municipality: 'Kaufungen',
    languages: ['de', 'en', 'fr'],
    topics: ['INTEGRATION_GUIDANCE', 'EDUCATION', 'VOLUNTEERING'],
    about: {
      de: 'Fiktiver Helferkreis (Demo) mit Hausaufgabenhilfe und Fahrdienst.',
      en: 'Fictional support circle (demo) with homework help and a driving service.',
    },
    verified: true,
    details: { volunteerCount: 40 },
    memberOf: [UMBRELLA_CIRCLES],
    contacts: [
      { name: 'Thomas Becker', role: 'Sprecher', visibility: 'PUBLIC', languages: ['de', 'fr'], mailbox: 'sprecher' },
      { name: 'Ingrid Becker', role: 'Fahrdienst', visibility: 'PARTNERS', languages: ['de'] },
      { name: 'Thomas Becker (privat)', role: 'Sprecher, privat', visibility: 'COORDINATORS', languages: ['de'] },
    ],
  },
  {
    kind: 'SUPPORT_CIRCLE',
    name: 'Willkommenskreis Naumburg',
    municipality: 'Naumburg',
    languages: ['de'],
    topics: ['INTEGRATION_GUIDANCE', 'CULTURE'],
    about: {
      de: 'Fiktiver Willkommenskreis (Demo); monatliches Begegnungscafé.',
      en: 'Fictional welcome circle (demo); monthly meeting café.',
    },
    lookingForPartners: true,
    details: { volunteerCount: 12 },
    memberOf: [UMBRELLA_CIRCLES],
    contacts: [{ name: 'Ursula Krämer', role: 'Ansprechpartnerin', visibility: 'PUBLIC', languages: ['de'], mailbox: 'cafe' }],
  },
  {
    kind: 'SUPPORT_CIRCLE',
    name: 'Netzwerk Ehrenamt Fuldatal',
    municipality: 'Fuldatal',
    languages: ['de', 'en', 'ru'],
    topics: ['VOLUNTEERING', 'LANGUAGE_SUPPORT', 'SENIORS'],
    about: {
      de: 'Fiktives Netzwerk (Demo) von Ehrenamtlichen; Sprachpatenschaften.',
      en: 'Fictional network (demo) of volunteers; language mentoring.',
    },
    details: { volunteerCount: 30 },
    contacts: [
      { name: 'Petra Neumann', role: 'Koordination', visibility: 'PUBLIC', languages: ['de'], mailbox: 'netzwerk' },
      { name: 'Olga Wolf', role: 'Sprachpatenschaften', visibility: 'PARTNERS', languages: ['de', 'ru'] },
    ],
  },
  {
    kind: 'SUPPORT_CIRCLE',
    name: 'Helferkreis Bad Karlshafen',
    municipality: 'Bad Karlshafen',
    languages: ['de'],
    topics: ['INTEGRATION_GUIDANCE'],
    about: {
      de: 'Fiktiver kleiner Helferkreis (Demo) an der Weser.',
      en: 'Fictional small support circle (demo) on the river Weser.',
    },
    details: { volunteerCount: 8 },
    memberOf: [UMBRELLA_CIRCLES],
    contacts: [{ name: 'Klaus Richter', role: 'Sprecher', visibility: 'PARTNERS', languages: ['de'] }],
  },
  {
    kind: 'SUPPORT_CIRCLE',
    name: 'Unterstützerkreis Zierenberg',
    municipality: 'Zierenberg',
    languages: ['de', 'en'],
    topics: ['INTEGRATION_GUIDANCE', 'LABOUR_MARKET'],
    about: {
      de: 'Fiktiver Unterstützerkreis (Demo); hilft bei Bewerbungen und Praktika.',
      en: 'Fictional support circle (demo); helps with job applications and internships.',
    },
    lookingForPartners: true,
    details: { volunteerCount: 15 },
    contacts: [{ name: 'Sabine Lorenz', role: 'Koordination', visibility: 'PUBLIC', languages: ['de', 'en'], mailbox: 'info' }],
  },
  // Associations
  {
    kind: 'ASSOCIATION',
    name: 'Sportverein Grün-Weiß Espenau',
    shortName: 'GW Espenau',
    municipality: 'Espenau',
    languages: ['de'],
    topics: ['SPORTS', 'YOUTH'],
    about: {
      de: 'Fiktiver Sportverein (Demo); offenes Training für alle Kinder, kostenlos im ersten Jahr.',
      en: 'Fictional sports club (demo); open training for all children, free in the first year.',
    },
    lookingForPartners: true,
    barrierFree: true,
    details: { registered: true, registerNumber: 'VR 9001 (fiktiv)' },
    contacts: [{ name: 'Markus Schmidt', role: 'Jugendwart', visibility: 'PUBLIC', languages: ['de'], mailbox: 'jugend' }],
  },
  {
    kind: 'ASSOCIATION',
    name: 'Sprachcafé Niestetal e.V.',
    municipality: 'Niestetal',
    languages: ['de', 'en', 'ar', 'fa'],
    topics: ['LANGUAGE_SUPPORT', 'CULTURE'],
    about: {
      de: 'Fiktiver Verein (Demo); Sprachcafé jeden Donnerstag, Deutsch üben ohne Anmeldung.',
      en: 'Fictional association (demo); language café every Thursday, practise German without registering.',
    },
    verified: true,
    details: { registered: true, registerNumber: 'VR 9002 (fiktiv)' },
    contacts: [
      { name: 'Hannah Vogel', role: 'Vorsitzende', visibility: 'PUBLIC', languages: ['de', 'en'], mailbox: 'sprachcafe' },
      { name: 'Farid Rahimi', role: 'Sprachmittler', visibility: 'PARTNERS', languages: ['fa', 'de'] },
    ],
  },
  {
    kind: 'ASSOCIATION',
    name: 'Frauentreff International Helsa e.V.',
    municipality: 'Helsa',
    languages: ['de', 'ar', 'tr', 'uk'],
    topics: ['WOMEN', 'FAMILY', 'HEALTH'],
    about: {
      de: 'Fiktiver Frauentreff (Demo) mit Kinderbetreuung; Gesundheitsabende mit Dolmetscherinnen.',
      en: "Fictional women's meeting point (demo) with childcare; health evenings with interpreters.",
    },
    lookingForPartners: true,
    details: { registered: true, registerNumber: 'VR 9003 (fiktiv)' },
    contacts: [
      { name: 'Leyla Öztürk', role: 'Vorsitzende', visibility: 'PUBLIC', languages: ['de', 'tr'], mailbox: 'info' },
      { name: 'Leyla Öztürk (privat)', role: 'Vorsitzende, privat', visibility: 'COORDINATORS', languages: ['de', 'tr'] },
    ],
  },
  {
    kind: 'ASSOCIATION',
    name: 'Kulturverein Brücke Immenhausen',
    municipality: 'Immenhausen',
    languages: ['de', 'ru', 'uk'],
    topics: ['CULTURE', 'INTERFAITH_DIALOGUE'],
    about: {
      de: 'Fiktiver Kulturverein (Demo); Konzerte, Lesungen, Tanz aus vielen Ländern.',
      en: 'Fictional cultural association (demo); concerts, readings and dance from many countries.',
    },
    details: { registered: false },
    contacts: [
      { name: 'Irina Koval', role: 'Programm', visibility: 'PUBLIC', languages: ['de', 'uk', 'ru'], mailbox: 'programm' },
    ],
  },
  {
    kind: 'ASSOCIATION',
    name: 'Hausaufgabenhilfe Schauenburg e.V.',
    municipality: 'Schauenburg',
    languages: ['de', 'en'],
    topics: ['EDUCATION', 'YOUTH'],
    about: {
      de: 'Fiktiver Verein (Demo); Lernhilfe für Schulkinder mit Fluchtgeschichte.',
      en: 'Fictional association (demo); learning support for schoolchildren with a refugee background.',
    },
    details: { registered: true, registerNumber: 'VR 9004 (fiktiv)' },
    contacts: [{ name: 'Stefan Braun', role: 'Vorstand', visibility: 'PARTNERS', languages: ['de', 'en'] }],
  },
  {
    kind: 'ASSOCIATION',
    name: 'Laiendolmetscher-Pool Nordhessen e.V.',
    municipality: 'Baunatal',
    languages: ['de', 'ar', 'fa', 'ti', 'ru', 'uk', 'tr', 'ku'],
    topics: ['INTERPRETING', 'HEALTH', 'COUNSELLING'],
    about: {
      de: 'Fiktiver Pool (Demo) geschulter Laiendolmetscherinnen und -dolmetscher für Arztbesuche, Schule und Behörden.',
      en: 'Fictional pool (demo) of trained lay interpreters for doctors, schools and authorities.',
    },
    lookingForPartners: true,
    verified: true,
    details: { registered: true, registerNumber: 'VR 9005 (fiktiv)' },
    memberOf: [UMBRELLA_MIGRANTS],
    contacts: [
      {
        name: 'Dolmetsch-Vermittlung',
        role: 'Vermittlung',
        visibility: 'PUBLIC',
        languages: ['de', 'en'],
        mailbox: 'vermittlung',
      },
      { name: 'Nadia Rahimi', role: 'Einsatzplanung', visibility: 'PARTNERS', languages: ['fa', 'de'] },
      { name: 'Nadia Rahimi (mobil)', role: 'Einsatzplanung, Notfälle', visibility: 'COORDINATORS', languages: ['fa', 'de'] },
    ],
  },
  // Migrant organisations
  {
    kind: 'MIGRANT_ORGANISATION',
    name: 'Eritreische Gemeinschaft Nordhessen',
    municipality: 'Lohfelden',
    languages: ['ti', 'de', 'en'],
    topics: ['CULTURE', 'FAMILY', 'COUNSELLING'],
    about: {
      de: 'Fiktive Gemeinschaft (Demo); Kulturfeste, Beratung für Familien.',
      en: 'Fictional community (demo); cultural festivals, advice for families.',
    },
    lookingForPartners: true,
    details: { communities: ['Eritrean'] },
    memberOf: [UMBRELLA_MIGRANTS],
    contacts: [
      { name: 'Semhar Kidane', role: 'Vorsitzende', visibility: 'PUBLIC', languages: ['ti', 'de', 'en'], mailbox: 'info' },
      { name: 'Dawit Kidane', role: 'Jugend', visibility: 'PARTNERS', languages: ['ti', 'de'] },
    ],
  },
  {
    kind: 'MIGRANT_ORGANISATION',
    name: 'Syrischer Kulturverein Baunatal',
    municipality: 'Baunatal',
    languages: ['ar', 'ku', 'de'],
    topics: ['CULTURE', 'LANGUAGE_SUPPORT', 'YOUTH'],
    about: {
      de: 'Fiktiver Kulturverein (Demo); Musikgruppe und Arabischkurse für Kinder.',
      en: 'Fictional cultural association (demo); music group and Arabic courses for children.',
    },
    verified: true,
    details: { communities: ['Syrian', 'Kurdish'] },
    memberOf: [UMBRELLA_MIGRANTS],
    contacts: [{ name: 'Lina Al-Masri', role: 'Vorstand', visibility: 'PUBLIC', languages: ['ar', 'de'], mailbox: 'vorstand' }],
  },
  {
    kind: 'MIGRANT_ORGANISATION',
    name: 'Ukrainischer Verein Wolfhagen',
    municipality: 'Wolfhagen',
    languages: ['uk', 'ru', 'de'],
    topics: ['INTEGRATION_GUIDANCE', 'EDUCATION', 'LABOUR_MARKET'],
    about: {
      de: 'Fiktiver Verein (Demo); Treffpunkt und Orientierung für Geflüchtete aus der Ukraine.',
      en: 'Fictional association (demo); meeting point and orientation for refugees from Ukraine.',
    },
    lookingForPartners: true,
    details: { communities: ['Ukrainian'] },
    contacts: [
      { name: 'Oksana Shevchenko', role: 'Koordination', visibility: 'PUBLIC', languages: ['uk', 'de'], mailbox: 'kontakt' },
      { name: 'Oksana Shevchenko (privat)', role: 'Koordination, privat', visibility: 'COORDINATORS', languages: ['uk', 'de'] },
    ],
  },
  {
    kind: 'MIGRANT_ORGANISATION',
    name: 'Afghanischer Frauenverein Vellmar',
    municipality: 'Vellmar',
    languages: ['fa', 'ps', 'de'],
    topics: ['WOMEN', 'LANGUAGE_SUPPORT', 'HEALTH'],
    about: {
      de: 'Fiktiver Frauenverein (Demo); Nähwerkstatt und Deutsch für Frauen.',
      en: "Fictional women's association (demo); sewing workshop and German for women.",
    },
    details: { communities: ['Afghan'] },
    memberOf: [UMBRELLA_MIGRANTS],
    contacts: [{ name: 'Mariam Sultani', role: 'Vorsitzende', visibility: 'PARTNERS', languages: ['fa', 'de'] }],
  },
  {
    kind: 'MIGRANT_ORGANISATION',
    name: 'Türkischer Elternverein Hofgeismar',
    municipality: 'Hofgeismar',
    languages: ['tr', 'de'],
    topics: ['EDUCATION', 'FAMILY'],
    about: {
      de: 'Fiktiver Elternverein (Demo); Infoabende zum Schulsystem auf Türkisch und Deutsch.',
      en: "Fictional parents' association (demo); information evenings on the school system in Turkish and German.",
    },
    details: { communities: ['Turkish'] },
    memberOf: [UMBRELLA_MIGRANTS],
    contacts: [{ name: 'Serkan Çelik', role: 'Vorsitzender', visibility: 'PUBLIC', languages: ['tr', 'de'], mailbox: 'eltern' }],
  },
  // Religious communities
  {
    kind: 'RELIGIOUS_COMMUNITY',
    name: 'Evangelische Kirchengemeinde Grebenstein',
    municipality: 'Grebenstein',
    languages: ['de'],
    topics: ['RELIGION', 'INTERFAITH_DIALOGUE', 'SENIORS'],
    about: {
      de: 'Fiktive Kirchengemeinde (Demo); interreligiöser Gesprächskreis mit der Moscheegemeinde.',
      en: 'Fictional parish (demo); interfaith discussion group with the mosque community.',
    },
    lookingForPartners: true,
    barrierFree: true,
    verified: true,
    details: { denomination: 'Protestant' },
    contacts: [
      { name: 'Pfarrerin Anna Weber', role: 'Pfarrerin', visibility: 'PUBLIC', languages: ['de', 'en'], mailbox: 'pfarramt' },
      { name: 'Pfarramtsbüro', role: 'Büro', visibility: 'PARTNERS', languages: ['de'] },
    ],
  },
  {
    kind: 'RELIGIOUS_COMMUNITY',
    name: 'Katholische Pfarrei St. Elisabeth Fuldabrück',
    municipality: 'Fuldabrück',
    languages: ['de', 'pl', 'hr'],
    topics: ['RELIGION', 'FAMILY'],
    about: {
      de: 'Fiktive Pfarrei (Demo); Familienfreizeiten und Kleiderkammer.',
      en: 'Fictional parish (demo); family holidays and a clothing store.',
    },
    details: { denomination: 'Catholic' },
    contacts: [{ name: 'Pfarrbüro St. Elisabeth', role: 'Büro', visibility: 'PUBLIC', languages: ['de'], mailbox: 'pfarrbuero' }],
  },
  {
    kind: 'RELIGIOUS_COMMUNITY',
    name: 'Eritreisch-Orthodoxe Gemeinde Kaufungen',
    municipality: 'Kaufungen',
    languages: ['ti', 'am', 'de'],
    topics: ['RELIGION', 'CULTURE'],
    about: {
      de: 'Fiktive Gemeinde (Demo); Gottesdienste auf Tigrinya, Feste im Kirchenjahr.',
      en: 'Fictional congregation (demo); services in Tigrinya, feasts of the church year.',
    },
    details: { denomination: 'Eritrean Orthodox' },
    contacts: [{ name: 'Abba Tekle', role: 'Priester', visibility: 'PARTNERS', languages: ['ti', 'am'] }],
  },
  {
    kind: 'RELIGIOUS_COMMUNITY',
    name: 'Evangelisch-Freikirchliche Gemeinde Trendelburg',
    municipality: 'Trendelburg',
    languages: ['de', 'en', 'fa'],
    topics: ['RELIGION', 'LANGUAGE_SUPPORT'],
    about: {
      de: 'Fiktive Freikirche (Demo); Deutschkurs für Anfänger im Gemeindehaus.',
      en: 'Fictional free church (demo); German for beginners in the parish hall.',
    },
    details: { denomination: 'Free church' },
    contacts: [{ name: 'Daniel Hoffmann', role: 'Pastor', visibility: 'PUBLIC', languages: ['de', 'en'], mailbox: 'pastor' }],
  },
  // Public institutions
  {
    kind: 'PUBLIC_INSTITUTION',
    name: 'Integrationsbüro Landkreis Kassel',
    municipality: 'Vellmar',
    languages: ['de', 'en', 'ar', 'tr'],
    topics: ['INTEGRATION_GUIDANCE', 'COUNSELLING', 'VOLUNTEERING'],
    about: {
      de: 'Fiktives Integrationsbüro (Demo) im WIR-Programm; koordiniert Aktionstage und Integrationslotsen.',
      en: 'Fictional integration office (demo) in the WIR programme; coordinates action days and integration guides.',
    },
    lookingForPartners: true,
    barrierFree: true,
    verified: true,
    details: { institutionType: 'district integration office' },
    contacts: [
      { name: 'WIR-Koordination', role: 'Koordination', visibility: 'PUBLIC', languages: ['de', 'en'], mailbox: 'wir' },
      { name: 'Katrin Müller', role: 'WIR-Koordinatorin', visibility: 'PARTNERS', languages: ['de', 'en'] },
      { name: 'Katrin Müller (mobil)', role: 'WIR-Koordinatorin, mobil', visibility: 'COORDINATORS', languages: ['de'] },
    ],
  },
  {
    kind: 'PUBLIC_INSTITUTION',
    name: 'Familienzentrum Baunatal',
    municipality: 'Baunatal',
    languages: ['de', 'tr', 'ar'],
    topics: ['FAMILY', 'EDUCATION', 'HEALTH'],
    about: {
      de: 'Fiktives Familienzentrum (Demo); Eltern-Kind-Gruppen, Hebammensprechstunde.',
      en: 'Fictional family centre (demo); parent-and-child groups, midwife consultations.',
    },
    barrierFree: true,
    details: { institutionType: 'family centre' },
    contacts: [
      { name: 'Anmeldung Familienzentrum', role: 'Empfang', visibility: 'PUBLIC', languages: ['de'], mailbox: 'anmeldung' },
    ],
  },
  {
    kind: 'PUBLIC_INSTITUTION',
    name: 'Gesamtschule Reinhardshagen',
    municipality: 'Reinhardshagen',
    languages: ['de', 'en'],
    topics: ['EDUCATION', 'YOUTH'],
    about: {
      de: 'Fiktive Schule (Demo) mit Intensivklassen für Seiteneinsteiger.',
      en: 'Fictional school (demo) with intensive German classes for newly arrived pupils.',
    },
    details: { institutionType: 'school' },
    contacts: [
      { name: 'Sekretariat', role: 'Sekretariat', visibility: 'PUBLIC', languages: ['de'], mailbox: 'sekretariat' },
      { name: 'Frank Zimmermann', role: 'Schulsozialarbeit', visibility: 'PARTNERS', languages: ['de', 'en'] },
    ],
  },
  {
    kind: 'PUBLIC_INSTITUTION',
    name: 'Stadtbücherei Wolfhagen',
    municipality: 'Wolfhagen',
    languages: ['de'],
    topics: ['LANGUAGE_SUPPORT', 'CULTURE'],
    about: {
      de: 'Fiktive Bücherei (Demo); mehrsprachige Vorlesestunden und Medien in vielen Sprachen.',
      en: 'Fictional library (demo); multilingual story hours and media in many languages.',
    },
    barrierFree: true,
    details: { institutionType: 'library' },
    contacts: [{ name: 'Ausleihe', role: 'Ausleihe', visibility: 'PUBLIC', languages: ['de'], mailbox: 'buecherei' }],
  },
  {
    kind: 'PUBLIC_INSTITUTION',
    name: 'Jobcenter-Sprechstunde Hofgeismar',
    municipality: 'Hofgeismar',
    languages: ['de', 'en'],
    topics: ['LABOUR_MARKET', 'COUNSELLING'],
    about: {
      de: 'Fiktive Außensprechstunde (Demo) zu Arbeit, Ausbildung und Anerkennung.',
      en: 'Fictional outreach office hours (demo) on work, training and recognition of qualifications.',
    },
    details: { institutionType: 'job centre' },
    contacts: [{ name: 'Team Integration', role: 'Beratung', visibility: 'PARTNERS', languages: ['de', 'en'] }],
  },
  // Others
  {
    kind: 'OTHER',
    name: 'Repair-Café Ahnatal',
    municipality: 'Ahnatal',
    languages: ['de', 'ar'],
    topics: ['VOLUNTEERING', 'CULTURE'],
    about: {
      de: 'Fiktives Repair-Café (Demo); gemeinsam reparieren, ins Gespräch kommen.',
      en: 'Fictional repair café (demo); repairing together, getting to know each other.',
    },
    lookingForPartners: true,
    contacts: [{ name: 'Bernd Fischer', role: 'Organisation', visibility: 'PUBLIC', languages: ['de'], mailbox: 'repair' }],
  },
  {
    kind: 'OTHER',
    name: 'Interkultureller Gemeinschaftsgarten Lohfelden',
    municipality: 'Lohfelden',
    languages: ['de', 'ar', 'ti', 'fa'],
    topics: ['CULTURE', 'HEALTH', 'VOLUNTEERING'],
    about: {
      de: 'Fiktiver Gemeinschaftsgarten (Demo); Beete für Familien aus vielen Ländern.',
      en: 'Fictional community garden (demo); plots for families from many countries.',
    },
    contacts: [{ name: 'Gartengruppe', role: 'Gartengruppe', visibility: 'PUBLIC', languages: ['de'], mailbox: 'garten' }],
  },
  {
    kind: 'OTHER',
    name: 'Fahrradwerkstatt für alle Breuna',
    municipality: 'Breuna',
    languages: ['de', 'en'],
    topics: ['VOLUNTEERING', 'SPORTS'],
    about: {
      de: 'Fiktive Fahrradwerkstatt (Demo); Räder für Neuangekommene, Radfahrkurse für Frauen.',
      en: 'Fictional bike workshop (demo); bikes for newcomers, cycling lessons for women.',
    },
    contacts: [{ name: 'Werkstatt-Team', role: 'Werkstatt', visibility: 'PARTNERS', languages: ['de', 'en'] }],
  },
];
