import { MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../shared/scalars';

export enum Role {
  VIEWER = 'VIEWER',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}
/** Every role, in the enum's order. */
export const ROLES: readonly Role[] = Object.values(Role);

registerEnumType(Role, {
  name: 'Role',
  description: 'What a member key may do for its organisation.',
  valuesConfig: {
    VIEWER: {
      description:
        'Read with partner rights (sees PARTNERS contacts and events, and all contacts of its own organisation); e.g. a partner web app.',
    },
    EDITOR: { description: "Also edit the organisation's entry, contacts and events, and answer invitations." },
    ADMIN: { description: "Also create and revoke the organisation's API keys." },
  },
});

/**
 * Its `organisation` field is declared by the directory slice
 * (directory/access-links.resolver.ts): access sits below the directory.
 */
@ObjectType('Membership', { description: 'The organisation an API key acts for, and its role there.' })
export class Membership {
  /** The organisation's database id (not a GraphQL field). */
  organisationId: string;

  @Field(() => Role, { description: 'The role.' })
  role: Role;
}

@ObjectType('Viewer', { description: 'Who the current request acts as, decided by its API key (or anonymous).' })
export class ViewerType {
  @Field(() => String, { nullable: true, description: "The API key's label; null for anonymous requests." })
  name: string | null;

  @Field({ description: 'True for any valid API key (partner rights).' })
  authenticated: boolean;

  @Field({ description: 'True for coordinator keys.' })
  coordinator: boolean;

  @Field(() => [Membership], {
    description: 'Organisations the key acts for, with roles (empty for coordinators and anonymous).',
  })
  memberships: Membership[];
}

/** Its `organisation` field is declared by the directory slice (directory/access-links.resolver.ts). */
@ObjectType('ApiKey', {
  description: 'An API key, without its secret (which is shown once, at creation, and stored only as a hash).',
})
export class ApiKey {
  @Field(() => ID, { description: 'Global ID (for revokeApiKey).' })
  id: string;

  @Field({ description: 'Label, e.g. "Vellmar town web site".' })
  label: string;

  @Field({ description: 'The first characters of the secret, to recognise it, e.g. "wh_Ab3dE9xQ".' })
  prefix: string;

  @Field(() => Role, { nullable: true, description: 'Its role in the organisation; null for coordinator keys.' })
  role: Role | null;

  @Field({ description: 'Whether it is a coordinator key.' })
  coordinator: boolean;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was last used (to the minute).' })
  lastUsedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it stops working; null for never.' })
  expiresAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked; null while valid.' })
  revokedAt: Date | null;
}

@ObjectType('CreatedApiKey', { description: 'A new API key and its secret. The secret is shown only here, once.' })
export class CreatedApiKey {
  @Field({ description: 'The secret: send it as "Authorization: Bearer <secret>". Store it safely; it cannot be shown again.' })
  secret: string;

  @Field(() => ApiKey, { description: 'The key.' })
  apiKey: unknown;
}

@InputType('ApiKeyInput', {
  description: 'A new API key: either a coordinator key, or a member key of one organisation with a role.',
})
export class ApiKeyInput {
  @Field({ description: 'Label that says who uses it, e.g. "Vellmar town web site" (1..100 characters).' })
  @MinLength(1)
  @MaxLength(100)
  label: string;

  @Field(() => Boolean, { nullable: true, description: 'A coordinator key (coordinators only). Default false.' })
  coordinator?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'The organisation a member key acts for.' })
  organisationId?: string | null;

  @Field(() => Role, { nullable: true, description: 'The role of a member key.' })
  role?: Role | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the key stops working; must be in the future. Default: never.',
  })
  expiresAt?: Date | null;
}
