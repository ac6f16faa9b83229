import { registerEnumType } from 'type-graphql';
import { TOPIC_NAMES } from './topic-labels';

export enum OrganisationKind {
  ASSOCIATION = 'ASSOCIATION',
  FEDERATION = 'FEDERATION',
  MOSQUE = 'MOSQUE',
  SUPPORT_CIRCLE = 'SUPPORT_CIRCLE',
  MIGRANT_ORGANISATION = 'MIGRANT_ORGANISATION',
  RELIGIOUS_COMMUNITY = 'RELIGIOUS_COMMUNITY',
  PUBLIC_INSTITUTION = 'PUBLIC_INSTITUTION',
  OTHER = 'OTHER',
}
registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  description: 'What kind of organisation it is; each kind is also a GraphQL type with its own facts.',
  valuesConfig: {
    ASSOCIATION: { description: 'Association (Verein), registered (e.V.) or not.' },
    FEDERATION: { description: 'Federation or umbrella organisation (Verband, Dachverband); others can be its members.' },
    MOSQUE: { description: 'Mosque community (Moscheegemeinde).' },
    SUPPORT_CIRCLE: { description: 'Volunteer support circle (Unterstützerkreis, Helferkreis).' },
    MIGRANT_ORGANISATION: { description: 'Migrant organisation (Migrantenorganisation, MO/MSO).' },
    RELIGIOUS_COMMUNITY: { description: 'Church, synagogue or other faith community that is not a mosque.' },
    PUBLIC_INSTITUTION: { description: 'Municipality office, authority, school, job centre or other public body.' },
    OTHER: { description: 'Any other kind of organisation.' },
  },
});

export enum Topic {
  LANGUAGE_SUPPORT = 'LANGUAGE_SUPPORT',
  INTEGRATION_GUIDANCE = 'INTEGRATION_GUIDANCE',
  INTERPRETING = 'INTERPRETING',
  COUNSELLING = 'COUNSELLING',
  EDUCATION = 'EDUCATION',
  LABOUR_MARKET = 'LABOUR_MARKET',
  YOUTH = 'YOUTH',
  WOMEN = 'WOMEN',
  FAMILY = 'FAMILY',
  SENIORS = 'SENIORS',
  SPORTS = 'SPORTS',
  CULTURE = 'CULTURE',
  RELIGION = 'RELIGION',
  INTERFAITH_DIALOGUE = 'INTERFAITH_DIALOGUE',
  HEALTH = 'HEALTH',
  HOUSING = 'HOUSING',
  ANTI_DISCRIMINATION = 'ANTI_DISCRIMINATION',
  VOLUNTEERING = 'VOLUNTEERING',
}

// The build fails when TOPIC_NAMES and the enum drift apart: a topic without names, or names of no topic.
const names: Record<Topic, readonly [string, string]> = TOPIC_NAMES;
const noStrayNames: Exclude<keyof typeof TOPIC_NAMES, `${Topic}`> extends never ? true : never = true;
void noStrayNames;

/** English names of topics, for match reasons and other human-readable text. */
export const TOPIC_LABELS: Record<Topic, string> = topicLabels(1);

/** German names of topics (the console's), for match reasons in German. */
export const TOPIC_LABELS_DE: Record<Topic, string> = topicLabels(0);

function topicLabels(index: 0 | 1): Record<Topic, string> {
  return Object.fromEntries(Object.values(Topic).map((topic) => [topic, names[topic][index]])) as Record<Topic, string>;
}

registerEnumType(Topic, {
  name: 'Topic',
  description: 'A field of work of organisations and events.',
  valuesConfig: {
    LANGUAGE_SUPPORT: { description: 'German courses, language cafés, reading help.' },
    INTEGRATION_GUIDANCE: { description: 'Integration guides (Integrationslotsen) and orientation.' },
    INTERPRETING: { description: 'Lay interpreters (Laiendolmetscher) and translation.' },
    COUNSELLING: { description: 'Advice and counselling (migration, social, legal).' },
    EDUCATION: { description: 'Schools, homework help, adult education.' },
    LABOUR_MARKET: { description: 'Work, training and recognition of qualifications.' },
    YOUTH: { description: 'Children and young people.' },
    WOMEN: { description: "Women's groups and programmes." },
    FAMILY: { description: 'Families and parents.' },
    SENIORS: { description: 'Older people.' },
    SPORTS: { description: 'Sports and movement.' },
    CULTURE: { description: 'Culture, music, art, festivals.' },
    RELIGION: { description: 'Religious life.' },
    INTERFAITH_DIALOGUE: { description: 'Dialogue between religions and worldviews.' },
    HEALTH: { description: 'Health and care.' },
    HOUSING: { description: 'Housing and accommodation.' },
    ANTI_DISCRIMINATION: { description: 'Against racism and discrimination.' },
    VOLUNTEERING: { description: 'Volunteering and civic engagement.' },
  },
});

export enum ContactVisibility {
  PUBLIC = 'PUBLIC',
  PARTNERS = 'PARTNERS',
  COORDINATORS = 'COORDINATORS',
}
registerEnumType(ContactVisibility, {
  name: 'Visibility',
  description: 'Who may see a contact (for events, see `EventVisibility`).',
  valuesConfig: {
    PUBLIC: { description: 'Everyone, including anonymous visitors of partner web apps.' },
    PARTNERS: { description: 'Requests with any valid API key (partner apps, organisation members, coordinators).' },
    COORDINATORS: { description: "Coordinators, and the API keys of the contact's own organisation (any role)." },
  },
});

export enum PublicationBasisKind {
  CONSENT = 'CONSENT',
  OFFICIAL_ROLE = 'OFFICIAL_ROLE',
}
registerEnumType(PublicationBasisKind, {
  name: 'PublicationBasisKind',
  description:
    'Why a contact may be shown beyond coordinators (visibility PUBLIC or PARTNERS); see docs/datenschutz.md. A contact without a basis stays COORDINATORS.',
  valuesConfig: {
    CONSENT: {
      description:
        'The person agreed to be published (Art. 6 (1) a DSGVO/GDPR). Keep the consent itself (form, e-mail) where your organisation keeps such records; `withdrawContactConsent` ends it at once.',
    },
    OFFICIAL_ROLE: {
      description:
        "A public office's role address or number (e.g. integration@landkreis-kassel.example), published as part of the office's public task, not as a private person.",
    },
  },
});

export enum OrganisationOrder {
  NAME = 'NAME',
  RELEVANCE = 'RELEVANCE',
  DISTANCE = 'DISTANCE',
  RECENTLY_UPDATED = 'RECENTLY_UPDATED',
}
registerEnumType(OrganisationOrder, {
  name: 'OrganisationOrder',
  description: 'Order of an organisation list.',
  valuesConfig: {
    NAME: { description: 'Alphabetically by name, ignoring case, accents and umlauts (default).' },
    RELEVANCE: { description: 'Best match for `filter.search` first (requires `search`).' },
    DISTANCE: { description: 'Nearest to `filter.near` first (requires `near`).' },
    RECENTLY_UPDATED: { description: 'Most recently changed first.' },
  },
});
