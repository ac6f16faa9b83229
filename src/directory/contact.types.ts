import { Field, ID, ObjectType } from 'type-graphql';
import { EmailAddressScalar, LanguageCodeScalar } from '../shared/scalars';
import { ContactVisibility, PublicationBasisKind } from './directory.enums';
import { DateTimeScalar } from '../shared/scalars';

@ObjectType('Contact', {
  simpleResolvers: true,
  description:
    'A contact person at an organisation. Only contacts the viewer may see are ever returned: PUBLIC to everyone, PARTNERS to any API key, COORDINATORS to coordinators (and members of the organisation itself).',
})
export class Contact {
  @Field(() => ID, { description: 'Global ID of the contact (for updateContact / removeContact).' })
  id: string;

  @Field({ description: 'Name of the person.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Role or function, e.g. "Chair", "Integration guide".' })
  role: string | null;

  @Field(() => EmailAddressScalar, { nullable: true, description: 'E-mail address.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone: string | null;

  @Field(() => [LanguageCodeScalar], { description: 'Languages the person speaks.' })
  languages: string[];

  @Field(() => ContactVisibility, { description: 'Who may see this contact.' })
  visibility: ContactVisibility;
}

@ObjectType('PublicationBasis', {
  description:
    "Why a contact may be shown beyond coordinators, who recorded it and when (see docs/datenschutz.md). Read by the organisation's own keys and coordinators.",
})
export class PublicationBasis {
  @Field(() => PublicationBasisKind, { description: 'CONSENT or OFFICIAL_ROLE.' })
  kind: PublicationBasisKind;

  @Field(() => DateTimeScalar, { description: 'When the basis was recorded in the hub.' })
  recordedAt: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'Who recorded it: the label the recording API key had then (or the migration that set a default); null when unknown.',
  })
  recordedBy: string | null;
}
