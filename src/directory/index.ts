/**
 * The directory slice's public surface: organisations, municipalities,
 * contacts. Other folders import the directory only through this file.
 */
import { MembershipOrganisationResolver, ApiKeyOrganisationResolver } from './access-links.resolver';
import { AddressResolver } from './address.resolver';
import { ContactEntity } from './contact.entity';
import { ContactResolver } from './contact.resolver';
import { MunicipalityEntity } from './municipality.entity';
import { MunicipalityResolver } from './municipality.resolver';
import { OrganisationEntity, OrganisationMembershipEntity } from './organisation.entity';
import { OrganisationResolver } from './organisation.resolver';
import { OrganisationHistoryEntity } from './organisation-history.entity';
import { OrganisationHistoryActorResolver } from './organisation-history';
import { ORGANISATION_TYPES } from './organisation.types';

export {
  ContactVisibility,
  OrganisationKind,
  PublicationBasisKind,
  Topic,
  TOPIC_LABELS,
  TOPIC_LABELS_DE,
} from './directory.enums';
export { MunicipalityEntity } from './municipality.entity';
export { OrganisationEntity } from './organisation.entity';
export { ContactEntity, type ContactVisibilityValue, type PublicationBasisValue } from './contact.entity';
export {
  CONTACT_PERSONAL_FIELDS,
  ORGANISATION_PERSONAL_FIELDS,
  eraseContacts,
  recordContactErasure,
  recordOrganisationErasure,
  redactedChangesSql,
  type ErasedContacts,
} from './contact.erasure';
export { assertAuthenticated, assertCoordinator } from './organisation.policy';
export { visibleContactLevels } from './organisation.policy';
export { OrganisationChangeKind } from './organisation-history';
export {
  ORGANISATION_CHANGE_KINDS,
  type OrganisationChangeFacts,
  type OrganisationChangeKindValue,
} from './organisation.changes';
export { Municipality } from './municipality.types';
export { Address, Organisation } from './organisation.types';
export { AddressInput } from './organisation.inputs';
export { municipalityJson, municipalityLoader, organisationJson, organisationLoader } from './organisation.query';
export { ADDRESS_PROPERTIES, addressColumnsOf, addressFromInput, addressOf, type AddressColumns } from './address';
export { demoSlug, seedDirectoryDemo } from './directory.seed';

/** The slice's GraphQL resolvers, extra types and TypeORM entities, for src/schema.ts and src/entities.ts. */
export const directoryResolvers = [
  MunicipalityResolver,
  OrganisationResolver,
  AddressResolver,
  ContactResolver,
  MembershipOrganisationResolver,
  ApiKeyOrganisationResolver,
  OrganisationHistoryActorResolver,
];
export const directoryTypes = [...ORGANISATION_TYPES];
export const directoryEntities = [
  MunicipalityEntity,
  OrganisationEntity,
  OrganisationMembershipEntity,
  ContactEntity,
  OrganisationHistoryEntity,
];
