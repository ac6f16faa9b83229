import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../access';
import { globalId } from '../shared/global-id';
import type { ContactEntity } from './contact.entity';
import { Contact, PublicationBasis } from './contact.types';
import { ContactInput } from './organisation.inputs';
import * as contacts from './contact.service';

@Resolver(() => Contact)
export class ContactResolver {
  @FieldResolver(() => ID, { description: 'Global ID of the contact.' })
  id(@Root() contact: ContactEntity): string {
    return globalId('Contact', contact.id);
  }

  @FieldResolver(() => PublicationBasis, {
    nullable: true,
    description:
      "Why this contact may be shown beyond coordinators (required for PUBLIC and PARTNERS). Only the organisation's own keys and coordinators read it; null for everyone else and for contacts without a basis.",
  })
  publicationBasis(@Root() contact: ContactEntity, @Ctx() ctx: Context): PublicationBasis | null {
    if (!contact.publicationBasis || !contact.basisRecordedAt) return null;
    if (!ctx.viewer.coordinator && !ctx.viewer.belongsTo(contact.organisationId)) return null;
    return {
      kind: contact.publicationBasis as PublicationBasis['kind'],
      recordedAt: contact.basisRecordedAt,
      recordedBy: contact.basisRecordedBy,
    };
  }

  @Mutation(() => Contact, { description: "Adds a contact person (the organisation's EDITOR/ADMIN keys or coordinators)." })
  addContact(
    @Ctx() ctx: Context,
    @Arg('organisationId', () => ID, { description: 'The organisation.' }) organisationId: string,
    @Arg('input', () => ContactInput, { description: 'The contact.' }) input: ContactInput,
  ) {
    return contacts.addContact(ctx, organisationId, input);
  }

  @Mutation(() => Contact, { description: "Replaces a contact person's details (same rights as addContact)." })
  updateContact(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The contact.' }) id: string,
    @Arg('input', () => ContactInput, { description: 'The new details; omitted optional fields are cleared.' })
    input: ContactInput,
  ) {
    return contacts.updateContact(ctx, id, input);
  }

  @Mutation(() => Contact, {
    description:
      'The person withdrew their consent to be published: the contact becomes COORDINATORS and loses its publication basis at once, in one transaction, and the change reaches subscribers and webhooks like any contact update (those who may no longer see it hear `changedFields: ["visibility"]`). Same rights as addContact. A contact without a basis is answered unchanged.',
  })
  withdrawContactConsent(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The contact.' }) id: string) {
    return contacts.withdrawContactConsent(ctx, id);
  }

  @Mutation(() => Boolean, {
    description:
      "Removes a contact person (same rights as addContact). Answers true. The organisation history keeps the contact's values (who was the contact, until when); to remove the person's data from every copy use `eraseContact`.",
  })
  removeContact(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The contact.' }) id: string) {
    return contacts.removeContact(ctx, id);
  }
}
