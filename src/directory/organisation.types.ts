import { Field, Int, InterfaceType, ObjectType } from 'type-graphql';
import { connectionTypes } from '../shared/connection';
import { GeoPoint } from '../shared/geo';
import { Node } from '../access';
import { DateTimeScalar, EmailAddressScalar, LanguageCodeScalar, URLScalar } from '../shared/scalars';
import { OrganisationKind, Topic } from './directory.enums';
import { Municipality } from './municipality.types';

@ObjectType({ simpleResolvers: true, description: 'A postal address with its municipality and position.' })
export class Address {
  @Field(() => String, { nullable: true, description: 'Street and house number.' })
  street: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code (PLZ), five digits.' })
  postalCode: string | null;

  @Field(() => String, { nullable: true, description: 'Town or village (Ort / Ortsteil).' })
  locality: string | null;

  @Field(() => Municipality, { nullable: true, description: 'The municipality the address lies in.' })
  municipality: Municipality | null;

  @Field(() => GeoPoint, { nullable: true, description: 'Position of the address, when known.' })
  location: GeoPoint | null;
}

/** The GraphQL type name of each organisation kind. */
export const ORGANISATION_TYPE_NAMES: Record<OrganisationKind, string> = {
  ASSOCIATION: 'Association',
  FEDERATION: 'Federation',
  MOSQUE: 'Mosque',
  SUPPORT_CIRCLE: 'SupportCircle',
  MIGRANT_ORGANISATION: 'MigrantOrganisation',
  RELIGIOUS_COMMUNITY: 'ReligiousCommunity',
  PUBLIC_INSTITUTION: 'PublicInstitution',
  OTHER: 'OtherOrganisation',
};

@InterfaceType('Organisation', {
  implements: Node,
  description:
    'An organisation of the network. Each kind is its own type with extra facts (e.g. `... on Mosque { sermonLanguages }`).',
  resolveType: (value: { kind: OrganisationKind }) => ORGANISATION_TYPE_NAMES[value.kind],
})
export abstract class Organisation extends Node {
  @Field(() => OrganisationKind, { description: 'What kind of organisation this is.' })
  kind: OrganisationKind;

  @Field({ description: 'Full name, e.g. "Türkisch-Islamische Gemeinde zu Vellmar e.V.".' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Short name or abbreviation, e.g. "DITIB Vellmar".' })
  shortName: string | null;

  @Field({ description: 'Stable, readable identifier for URLs, e.g. "moscheegemeinde-vellmar". Unique.' })
  slug: string;

  @Field(() => [LanguageCodeScalar], { description: 'Languages spoken by the organisation.' })
  languages: string[];

  @Field(() => [Topic], { description: 'Fields the organisation works in.' })
  topics: Topic[];

  @Field(() => URLScalar, { nullable: true, description: 'Web site.' })
  website: string | null;

  @Field(() => EmailAddressScalar, { nullable: true, description: 'General e-mail address of the organisation.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'General phone number of the organisation.' })
  phone: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether its premises are barrier-free; null when unknown.' })
  barrierFree: boolean | null;

  @Field({ description: 'Whether it is looking for partners for joint events.' })
  lookingForPartners: boolean;

  @Field({ description: 'Whether a coordinator has verified the entry.' })
  verified: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When a coordinator verified the entry.' })
  verifiedAt: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Freshness: when the organisation last confirmed that its entry is correct (`confirmOrganisationDetails`).',
  })
  lastConfirmedAt: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the entry was created.' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { description: 'When the entry was last changed.' })
  updatedAt: Date;

  @Field(() => Int, {
    description: 'Version for optimistic concurrency: pass it as `expectedVersion` to `updateOrganisation`.',
  })
  version: number;
}

@ObjectType('Association', { simpleResolvers: true, implements: [Node, Organisation], description: 'An association (Verein).' })
export class Association extends Organisation {
  @Field(() => Boolean, { nullable: true, description: 'Whether it is a registered association (e.V.).' })
  registered: boolean | null;

  @Field(() => String, { nullable: true, description: 'Register number (Vereinsregister), e.g. "VR 1234".' })
  registerNumber: string | null;
}

@ObjectType('Federation', {
  simpleResolvers: true,
  implements: [Node, Organisation],
  description: 'A federation or umbrella organisation (Verband, Dachverband). Its members are listed in `members`.',
})
export class Federation extends Organisation {
  @Field(() => String, { nullable: true, description: 'Area it covers, e.g. "Hessen" or "Landkreis Kassel".' })
  region: string | null;
}

@ObjectType('Mosque', {
  simpleResolvers: true,
  implements: [Node, Organisation],
  description: 'A mosque community (Moscheegemeinde).',
})
export class Mosque extends Organisation {
  @Field(() => Boolean, { nullable: true, description: 'Whether visitors are welcome outside prayer times.' })
  openToVisitors: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether it offers guided tours.' })
  guidedTours: boolean | null;

  @Field(() => [LanguageCodeScalar], { description: 'Languages of the Friday sermon.' })
  sermonLanguages: string[];
}

@ObjectType('SupportCircle', {
  simpleResolvers: true,
  implements: [Node, Organisation],
  description: 'A volunteer support circle (Unterstützerkreis, Helferkreis).',
})
export class SupportCircle extends Organisation {
  @Field(() => Int, { nullable: true, description: 'About how many volunteers are active.' })
  volunteerCount: number | null;
}

@ObjectType('MigrantOrganisation', {
  simpleResolvers: true,
  implements: [Node, Organisation],
  description: 'A migrant organisation (Migrantenorganisation).',
})
export class MigrantOrganisation extends Organisation {
  @Field(() => [String], { description: 'Communities it represents, e.g. ["Eritrean", "Syrian"].' })
  communities: string[];
}

@ObjectType('ReligiousCommunity', {
  simpleResolvers: true,
  implements: [Node, Organisation],
  description: 'A church, synagogue or other faith community that is not a mosque.',
})
export class ReligiousCommunity extends Organisation {
  @Field(() => String, { nullable: true, description: 'Denomination, e.g. "Protestant", "Catholic", "Jewish".' })
  denomination: string | null;
}

@ObjectType('PublicInstitution', {
  simpleResolvers: true,
  implements: [Node, Organisation],
  description: 'A municipality office, authority, school, job centre or other public body.',
})
export class PublicInstitution extends Organisation {
  @Field(() => String, { nullable: true, description: 'What kind of institution, e.g. "school", "job centre".' })
  institutionType: string | null;
}

@ObjectType('OtherOrganisation', {
  simpleResolvers: true,
  implements: [Node, Organisation],
  description: 'Any other organisation.',
})
export class OtherOrganisation extends Organisation {}

/** Every concrete organisation type, for the schema's orphaned types. */
export const ORGANISATION_TYPES = [
  Association,
  Federation,
  Mosque,
  SupportCircle,
  MigrantOrganisation,
  ReligiousCommunity,
  PublicInstitution,
  OtherOrganisation,
];

export const { Connection: OrganisationConnection, Edge: OrganisationEdge } = connectionTypes(
  () => Organisation,
  'Organisation',
  'organisations',
);
