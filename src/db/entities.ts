import { ApiKeyEntity } from '../access/api-key.entity';
import { ContactEntity } from '../directory/contact.entity';
import { MunicipalityEntity } from '../directory/municipality.entity';
import { OrganisationEntity, OrganisationMembershipEntity } from '../directory/organisation.entity';
import { CampaignEntity, EventEntity, EventHistoryEntity, EventOrganiserEntity } from '../events/event.entity';
import { ChangeLogEntity } from '../live/change-log.entity';

/** Every TypeORM entity; each domain owns its own, this list only collects them. */
export const entities = [
  MunicipalityEntity,
  OrganisationEntity,
  OrganisationMembershipEntity,
  ContactEntity,
  ApiKeyEntity,
  CampaignEntity,
  EventEntity,
  EventOrganiserEntity,
  EventHistoryEntity,
  ChangeLogEntity,
];
