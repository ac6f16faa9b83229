import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../access';
import { globalId } from '../shared/global-id';
import type { ContactEntity } from './contact.entity';
import { Contact } from './contact.types';
import { ContactInput } from './organisation.inputs';
import * as organisations from './organisation.service';

@Resolver(() => Contact)
export class ContactResolver {
  @FieldResolver(() => ID, { description: 'Global ID of the contact.' })
  id(@Root() contact: ContactEntity): string {
    return globalId('Contact', contact.id);
  }

  @Mutation(() => Contact, { description: "Adds a contact person (the organisation's EDITOR/ADMIN keys or coordinators)." })
  addContact(
    @Ctx() ctx: Context,
    @Arg('organisationId', () => ID, { description: 'The organisation.' }) organisationId: string,
    @Arg('input', () => ContactInput, { description: 'The contact.' }) input: ContactInput,
  ) {
    return organisations.addContact(ctx, organisationId, input);
  }

  @Mutation(() => Contact, { description: "Replaces a contact person's details (same rights as addContact)." })
  updateContact(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The contact.' }) id: string,
    @Arg('input', () => ContactInput, { description: 'The new details; omitted optional fields are cleared.' })
    input: ContactInput,
  ) {
    return organisations.updateContact(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: 'Removes a contact person (same rights as addContact). Answers true.' })
  removeContact(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The contact.' }) id: string) {
    return organisations.removeContact(ctx, id);
  }
}
