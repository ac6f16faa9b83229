/*
 * FICTIONAL DEMO DATA. None of these courses exists. Titles end in "(Demo)",
 * every course has `demo: true`, and the providers are the hub's fictional
 * demo organisations (`npx wir-hub seed --demo`), referred to by their slugs,
 * which is how a partner's own system knows the hub's organisations.
 * A real partner reads its courses from its own database instead.
 */

export type CourseLevel = 'A1' | 'A2' | 'B1' | 'B2' | 'C1';

export interface PlaceRecord {
  name: string;
  street: string;
  postalCode: string;
  locality: string;
  /** The hub's slug of the municipality, e.g. "baunatal". */
  municipalitySlug: string;
  latitude: number;
  longitude: number;
}

export interface CourseRecord {
  id: string;
  title: string;
  level: CourseLevel;
  instructionLanguages: string[];
  startsOn: string;
  endsOn: string;
  weekdays: string[];
  startTime: string;
  endTime: string;
  place: PlaceRecord;
  feeEuros: number | null;
  childcare: boolean;
  /** The hub's slug of the organisation offering the course. */
  providerSlug: string;
}

const FAMILIENZENTRUM_BAUNATAL: PlaceRecord = {
  name: 'Familienzentrum Baunatal, Raum 2 (Demo)',
  street: 'Marktplatz 1',
  postalCode: '34225',
  locality: 'Baunatal',
  municipalitySlug: 'baunatal',
  latitude: 51.2588,
  longitude: 9.4182,
};

const GEMEINDEHAUS_BAUNATAL: PlaceRecord = {
  name: 'Gemeindehaus der Islamischen Gemeinde (Demo)',
  street: 'Beispielweg 7',
  postalCode: '34225',
  locality: 'Baunatal',
  municipalitySlug: 'baunatal',
  latitude: 51.2611,
  longitude: 9.4265,
};

const BEGEGNUNGSRAUM_VELLMAR: PlaceRecord = {
  name: 'Begegnungsraum Vellmar (Demo)',
  street: 'Musterstraße 12',
  postalCode: '34246',
  locality: 'Vellmar',
  municipalitySlug: 'vellmar',
  latitude: 51.3561,
  longitude: 9.4701,
};

export const COURSES: readonly CourseRecord[] = [
  {
    id: 'demo-course-1',
    title: 'Deutsch für Mütter mit Kinderbetreuung (Demo)',
    level: 'A1',
    instructionLanguages: ['ar', 'tr'],
    startsOn: '2027-01-11',
    endsOn: '2027-06-28',
    weekdays: ['MONDAY', 'WEDNESDAY'],
    startTime: '09:00',
    endTime: '11:30',
    place: FAMILIENZENTRUM_BAUNATAL,
    feeEuros: null,
    childcare: true,
    providerSlug: 'demo-familienzentrum-baunatal',
  },
  {
    id: 'demo-course-2',
    title: 'Deutsch im Alltag: Arztbesuch und Behörden (Demo)',
    level: 'A2',
    instructionLanguages: ['ar'],
    startsOn: '2027-02-01',
    endsOn: '2027-05-31',
    weekdays: ['TUESDAY'],
    startTime: '18:00',
    endTime: '19:30',
    place: GEMEINDEHAUS_BAUNATAL,
    feeEuros: null,
    childcare: false,
    providerSlug: 'demo-islamische-gemeinde-baunatal',
  },
  {
    id: 'demo-course-3',
    title: 'Deutsch für den Beruf B1 (Demo)',
    level: 'B1',
    instructionLanguages: [],
    startsOn: '2027-03-01',
    endsOn: '2027-07-16',
    weekdays: ['MONDAY', 'THURSDAY'],
    startTime: '17:30',
    endTime: '20:00',
    place: FAMILIENZENTRUM_BAUNATAL,
    feeEuros: 45,
    childcare: false,
    providerSlug: 'demo-familienzentrum-baunatal',
  },
  {
    id: 'demo-course-4',
    title: 'Erste Schritte auf Deutsch für Frauen (Demo)',
    level: 'A1',
    instructionLanguages: ['fa', 'ps'],
    startsOn: '2027-01-18',
    endsOn: '2027-04-26',
    weekdays: ['FRIDAY'],
    startTime: '10:00',
    endTime: '12:00',
    place: BEGEGNUNGSRAUM_VELLMAR,
    feeEuros: null,
    childcare: true,
    providerSlug: 'demo-afghanischer-frauenverein-vellmar',
  },
];
