import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { hydrate } from '../db/hydrate';
import { queryRows } from '../db/query-rows';
import type { Context } from '../access';
import type { Connection } from '../shared/connection';
import { badInput } from '../shared/errors';
import { GeoPoint } from '../shared/geo';
import { globalId, parseGlobalId } from '../shared/global-id';
import { nestedConnection } from '../db/list';
import { registerNodeType } from '../access';
import { pageSize } from '../shared/pagination';
import { MunicipalityEntity } from './municipality.entity';
import { Municipality } from './municipality.types';
import { OrganisationFilter } from './organisation.inputs';
import { municipalityLoader, organisationCriteria, organisationList, resolveOrganisationOrder } from './organisation.query';
import { OrganisationConnection } from './organisation.types';
import type { OrganisationEntity } from './organisation.entity';

registerNodeType(
  'Municipality',
  (ctx, ids) =>
    municipalityLoader(ctx)
      .loadMany(ids)
      .then((rows) => rows.map((row) => (row instanceof Error ? undefined : row))),
  (value) => (value instanceof MunicipalityEntity ? 'Municipality' : undefined),
);

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => [Municipality], { description: "The district's municipalities, by name." })
  async municipalities(@Ctx() ctx: Context): Promise<MunicipalityEntity[]> {
    const rows = await queryRows(ctx.db, 'SELECT * FROM municipality ORDER BY name');
    return rows.map((row) => hydrate(ctx.db, MunicipalityEntity, row));
  }

  @Query(() => Municipality, {
    nullable: true,
    description: 'One municipality by ID or official key (give exactly one); null when none matches.',
  })
  async municipality(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true, description: 'Global ID.' }) id?: string | null,
    @Arg('officialKey', () => String, { nullable: true, description: 'Amtlicher Gemeindeschlüssel, 8 digits.' })
    officialKey?: string | null,
  ): Promise<MunicipalityEntity | undefined> {
    if ((id ? 1 : 0) + (officialKey ? 1 : 0) !== 1) {
      throw badInput(id ? 'officialKey' : 'id', 'give either id or officialKey, not both or neither.');
    }
    if (id) return municipalityLoader(ctx).load(parseGlobalId(id, 'Municipality', 'id'));
    if (!/^[0-9]{8}$/.test(officialKey!)) throw badInput('officialKey', 'must be 8 digits.');
    const [row] = await queryRows(ctx.db, 'SELECT * FROM municipality WHERE official_key = $1', [officialKey]);
    return row ? hydrate(ctx.db, MunicipalityEntity, row) : undefined;
  }

  @FieldResolver(() => ID, { description: 'Global ID of the municipality.' })
  id(@Root() municipality: MunicipalityEntity): string {
    return globalId('Municipality', municipality.id);
  }

  @FieldResolver(() => GeoPoint, {
    nullable: true,
    description: 'Approximate centre of the town (within a few km), for distances.',
  })
  location(@Root() municipality: MunicipalityEntity): GeoPoint | null {
    const { latitude, longitude } = municipality;
    return latitude !== null && longitude !== null ? { latitude, longitude } : null;
  }

  @FieldResolver(() => OrganisationConnection, { description: 'Organisations located in this municipality.' })
  organisations(
    @Root() municipality: MunicipalityEntity,
    @Ctx() ctx: Context,
    @Arg('filter', () => OrganisationFilter, { nullable: true, description: 'Further criteria.' })
    filter?: OrganisationFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string | null,
  ): Promise<Connection<OrganisationEntity>> {
    const size = pageSize(first);
    const criteria = organisationCriteria(filter);
    const order = resolveOrganisationOrder(null, criteria);
    const list = organisationList(ctx, { criteria, order, first: size, after }, 'municipality');
    return nestedConnection(ctx, `municipality-organisations:${JSON.stringify([filter, size, after])}`, municipality.id, list);
  }
}
