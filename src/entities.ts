import { accessEntities } from './access';
import { ChangeLogEntity } from './db/change-log.entity';
import { directoryEntities } from './directory';
import { eventEntities } from './events';
import { privacyEntities } from './privacy';
import { webhookEntities } from './webhooks';

/**
 * Every TypeORM entity, assembled where the slices are wired (beside
 * src/schema.ts): each slice owns its own and lists them in its index.ts.
 */
export const entities = [
  ChangeLogEntity,
  ...accessEntities,
  ...directoryEntities,
  ...eventEntities,
  ...webhookEntities,
  ...privacyEntities,
];
