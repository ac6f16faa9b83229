/**
 * The privacy slice's public surface (DSGVO/GDPR, docs/datenschutz.md):
 * erasure of a person's data from every copy, the report of what is stored,
 * and the retention job. The publication basis of contacts lives with the
 * contacts, in the directory. Other folders import privacy only through this file.
 */
import { PersonalDataErasureEntity } from './erasure.entity';
import { PrivacyResolver } from './privacy.resolver';

export { ErasureScope } from './privacy.enums';
export { RetentionJob, startRetentionJob, type RetentionHooks, type RetentionResult } from './privacy.retention';

/** The slice's GraphQL resolvers and TypeORM entities, for src/schema.ts and src/entities.ts. */
export const privacyResolvers = [PrivacyResolver];
export const privacyEntities = [PersonalDataErasureEntity];
