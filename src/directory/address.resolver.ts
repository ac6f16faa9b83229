import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../access';
import { Municipality } from './municipality.types';
import { municipalityLoader } from './organisation.query';
import { Address } from './organisation.types';

@Resolver(() => Address)
export class AddressResolver {
  @FieldResolver(() => Municipality, { nullable: true, description: 'The municipality the address lies in.' })
  municipality(@Root() address: { municipalityId: string | null }, @Ctx() ctx: Context) {
    return address.municipalityId ? municipalityLoader(ctx).load(address.municipalityId) : null;
  }
}
