import { Field, ID, ObjectType } from 'type-graphql';
import { EmailAddressScalar, LanguageCodeScalar } from '../shared/scalars';
import { ContactVisibility } from './directory.enums';

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
