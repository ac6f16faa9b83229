import { ArrayMaxSize, IsInt, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { GeoPointInput, GeoRadiusInput } from '../shared/geo';
import { EmailAddressScalar, LanguageCodeScalar, URLScalar } from '../shared/scalars';
import { SLUG_PATTERN } from '../shared/slug';
import { LocalizedTextInput } from '../shared/translation.inputs';
import { ContactVisibility, OrganisationKind, PublicationBasisKind, Topic } from './directory.enums';

export const PHONE_PATTERN = /^\+?[0-9][0-9 ()/.-]{2,29}$/;
const PHONE_MESSAGE = 'must be a phone number of digits, spaces and + ( ) / . -, e.g. "+49 561 123456"';

@InputType('OrganisationFilter', { description: 'Narrows an organisation list. All given criteria must match.' })
export class OrganisationFilter {
  @Field(() => [OrganisationKind], { nullable: true, description: 'Any of these kinds.' })
  @ArrayMaxSize(8)
  kinds?: OrganisationKind[] | null;

  @Field(() => [ID], { nullable: true, description: 'In any of these municipalities.' })
  @ArrayMaxSize(100)
  municipalityIds?: string[] | null;

  @Field(() => [Topic], { nullable: true, description: 'Working on any of these topics.' })
  @ArrayMaxSize(30)
  topics?: Topic[] | null;

  @Field(() => [LanguageCodeScalar], { nullable: true, description: 'Speaking any of these languages.' })
  @ArrayMaxSize(30)
  languages?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'German full-text search over name, place and description: stemmed ("Moscheen" finds "Moschee"), prefix ("Moschee" finds "Moscheegemeinde"), ignoring case, accents and umlauts ("Muenchen" = "München"), and tolerant of typos in names.',
  })
  @MinLength(1)
  @MaxLength(200)
  search?: string | null;

  @Field(() => GeoRadiusInput, {
    nullable: true,
    description: 'Located within this radius (organisations without a position are left out).',
  })
  @ValidateNested()
  near?: GeoRadiusInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Only verified (true) or only unverified (false) entries.' })
  verified?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only organisations looking (true) or not looking (false) for partners.' })
  lookingForPartners?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Members of this federation.' })
  memberOf?: string | null;
}

@InputType('AddressInput', { description: 'A postal address.' })
export class AddressInput {
  @Field(() => String, { nullable: true, description: 'Street and house number (at most 200 characters).' })
  @MaxLength(200)
  street?: string | null;

  @Field(() => String, { nullable: true, description: 'German postal code, five digits.' })
  @Matches(/^[0-9]{5}$/, { message: 'must be five digits, e.g. "34225"' })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Town or village (at most 100 characters).' })
  @MaxLength(100)
  locality?: string | null;

  @Field(() => ID, { nullable: true, description: 'ID of the municipality the address lies in.' })
  municipalityId?: string | null;

  @Field(() => GeoPointInput, {
    nullable: true,
    description:
      "Position (WGS 84). Without it the address has no position: radius searches (`near`) leave it out, and the municipality's centre is not used in its place.",
  })
  @ValidateNested()
  location?: GeoPointInput | null;
}

@InputType('AssociationFactsInput', { description: 'Facts of an association.' })
export class AssociationFactsInput {
  @Field(() => Boolean, { nullable: true, description: 'Registered association (e.V.).' })
  registered?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Register number, e.g. "VR 1234" (at most 50 characters).' })
  @MaxLength(50)
  registerNumber?: string | null;
}

@InputType('FederationFactsInput', { description: 'Facts of a federation.' })
export class FederationFactsInput {
  @Field(() => String, { nullable: true, description: 'Area it covers (at most 100 characters).' })
  @MaxLength(100)
  region?: string | null;
}

@InputType('MosqueFactsInput', { description: 'Facts of a mosque community.' })
export class MosqueFactsInput {
  @Field(() => Boolean, { nullable: true, description: 'Visitors welcome outside prayer times.' })
  openToVisitors?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Offers guided tours.' })
  guidedTours?: boolean | null;

  @Field(() => [LanguageCodeScalar], { nullable: true, description: 'Languages of the Friday sermon.' })
  @ArrayMaxSize(10)
  sermonLanguages?: string[] | null;
}

@InputType('SupportCircleFactsInput', { description: 'Facts of a support circle.' })
export class SupportCircleFactsInput {
  @Field(() => Int, { nullable: true, description: 'About how many volunteers are active (0..100000).' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  volunteerCount?: number | null;
}

@InputType('MigrantOrganisationFactsInput', { description: 'Facts of a migrant organisation.' })
export class MigrantOrganisationFactsInput {
  @Field(() => [String], { nullable: true, description: 'Communities it represents (at most 20, each at most 100 characters).' })
  @ArrayMaxSize(20)
  @MaxLength(100, { each: true })
  communities?: string[] | null;
}

@InputType('ReligiousCommunityFactsInput', { description: 'Facts of a religious community.' })
export class ReligiousCommunityFactsInput {
  @Field(() => String, { nullable: true, description: 'Denomination (at most 100 characters).' })
  @MaxLength(100)
  denomination?: string | null;
}

@InputType('PublicInstitutionFactsInput', { description: 'Facts of a public institution.' })
export class PublicInstitutionFactsInput {
  @Field(() => String, { nullable: true, description: 'What kind of institution, e.g. "school" (at most 100 characters).' })
  @MaxLength(100)
  institutionType?: string | null;
}

/** Fields shared by create and update. On update, absent means "unchanged" and null means "clear". */
@InputType('OrganisationFields', { description: 'Fields shared by create and update (not used directly).' })
abstract class OrganisationFields {
  @Field(() => String, { nullable: true, description: 'Short name or abbreviation (at most 50 characters).' })
  @MaxLength(50)
  shortName?: string | null;

  @Field(() => [LocalizedTextInput], {
    nullable: true,
    description: 'Description, in one or more languages (at most 20). On update, replaces all translations.',
  })
  @ArrayMaxSize(20)
  @ValidateNested()
  description?: LocalizedTextInput[] | null;

  @Field(() => LanguageCodeScalar, {
    nullable: true,
    description: 'Language the description was written in; the fallback when a requested translation is missing. Default "de".',
  })
  originalLanguage?: string | null;

  @Field(() => AddressInput, {
    nullable: true,
    description: 'Postal address, municipality and position. On update, replaces the whole address.',
  })
  @ValidateNested()
  address?: AddressInput | null;

  @Field(() => URLScalar, { nullable: true, description: 'Web site (http or https).' })
  website?: string | null;

  @Field(() => EmailAddressScalar, { nullable: true, description: 'General e-mail address.' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'General phone number, e.g. "+49 561 123456".' })
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => [LanguageCodeScalar], { nullable: true, description: 'Languages spoken (at most 30).' })
  @ArrayMaxSize(30)
  languages?: string[] | null;

  @Field(() => [Topic], { nullable: true, description: 'Fields of work.' })
  @ArrayMaxSize(30)
  topics?: Topic[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Premises are barrier-free; null when unknown.' })
  barrierFree?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Looking for partners for joint events.' })
  lookingForPartners?: boolean | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'IDs of the federations it is a member of (at most 20). On update, replaces the list.',
  })
  @ArrayMaxSize(20)
  memberOfIds?: string[] | null;

  @Field(() => AssociationFactsInput, { nullable: true, description: 'Facts for kind ASSOCIATION only.' })
  @ValidateNested()
  association?: AssociationFactsInput | null;

  @Field(() => FederationFactsInput, { nullable: true, description: 'Facts for kind FEDERATION only.' })
  @ValidateNested()
  federation?: FederationFactsInput | null;

  @Field(() => MosqueFactsInput, { nullable: true, description: 'Facts for kind MOSQUE only.' })
  @ValidateNested()
  mosque?: MosqueFactsInput | null;

  @Field(() => SupportCircleFactsInput, { nullable: true, description: 'Facts for kind SUPPORT_CIRCLE only.' })
  @ValidateNested()
  supportCircle?: SupportCircleFactsInput | null;

  @Field(() => MigrantOrganisationFactsInput, { nullable: true, description: 'Facts for kind MIGRANT_ORGANISATION only.' })
  @ValidateNested()
  migrantOrganisation?: MigrantOrganisationFactsInput | null;

  @Field(() => ReligiousCommunityFactsInput, { nullable: true, description: 'Facts for kind RELIGIOUS_COMMUNITY only.' })
  @ValidateNested()
  religiousCommunity?: ReligiousCommunityFactsInput | null;

  @Field(() => PublicInstitutionFactsInput, { nullable: true, description: 'Facts for kind PUBLIC_INSTITUTION only.' })
  @ValidateNested()
  publicInstitution?: PublicInstitutionFactsInput | null;
}

@InputType('CreateOrganisationInput', { description: 'A new organisation (coordinators only).' })
export class CreateOrganisationInput extends OrganisationFields {
  @Field(() => OrganisationKind, { description: 'What kind of organisation; cannot be changed later.' })
  kind: OrganisationKind;

  @Field({ description: 'Full name (1..200 characters).' })
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'Identifier for URLs: lowercase letters, digits and dashes. Default: made from the name, made unique.',
  })
  @Matches(SLUG_PATTERN, { message: 'must be lowercase letters, digits and single dashes, e.g. "moscheegemeinde-vellmar"' })
  @MaxLength(80)
  slug?: string | null;
}

@InputType('UpdateOrganisationInput', {
  description: 'Changes to an organisation. Omitted fields stay as they are; null clears a field.',
})
export class UpdateOrganisationInput extends OrganisationFields {
  @Field(() => String, { nullable: true, description: 'Full name (1..200 characters).' })
  @MinLength(1)
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Identifier for URLs; must stay unique.' })
  @Matches(SLUG_PATTERN, { message: 'must be lowercase letters, digits and single dashes, e.g. "moscheegemeinde-vellmar"' })
  @MaxLength(80)
  slug?: string | null;
}

@InputType('ContactInput', { description: 'A contact person of an organisation.' })
export class ContactInput {
  @Field({ description: 'Name (1..200 characters).' })
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'Role or function, e.g. "Chair", "Integration guide" (at most 200 characters).',
  })
  @MaxLength(200)
  role?: string | null;

  @Field(() => EmailAddressScalar, { nullable: true, description: 'E-mail address.' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number, e.g. "+49 561 123456".' })
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => [LanguageCodeScalar], { nullable: true, description: 'Languages the person speaks (at most 30).' })
  @ArrayMaxSize(30)
  languages?: string[] | null;

  @Field(() => ContactVisibility, {
    nullable: true,
    description:
      'Who may see this contact. Default COORDINATORS: private unless the organisation decides otherwise. PUBLIC and PARTNERS need a `publicationBasis` (refused with BAD_USER_INPUT naming `input.publicationBasis` otherwise).',
  })
  visibility?: ContactVisibility | null;

  @Field(() => PublicationBasisKind, {
    nullable: true,
    description:
      "Why the contact may be shown beyond coordinators: CONSENT (the person agreed) or OFFICIAL_ROLE (a public office's role address). Required for visibility PUBLIC or PARTNERS. The hub records who gave it (your API key and its label) and when; giving the same basis again keeps the first record. Omitted: no basis (and the visibility must be COORDINATORS).",
  })
  publicationBasis?: PublicationBasisKind | null;
}
