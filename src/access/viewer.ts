import type { RoleValue } from './api-key.entity';

/**
 * Who is asking. Every request has a viewer: anonymous, or the holder of an
 * API key — a coordinator's, or a member key of one organisation with a role.
 * Services take the viewer first, and policies decide from it.
 */
export class Viewer {
  private constructor(
    /** The API key's id; undefined for anonymous requests. */
    readonly keyId: string | undefined,
    /** The API key's label, shown in history ("Moscheegemeinde Vellmar web app"). */
    readonly label: string | undefined,
    readonly coordinator: boolean,
    /** The organisation the key belongs to (member keys only). */
    readonly organisationId: string | undefined,
    readonly role: RoleValue | undefined,
    /** When the API key stops working; undefined for keys that never expire (and anonymous requests). */
    readonly keyExpiresAt: Date | undefined = undefined,
    /** The key's own rate-limit budget, set by a coordinator; undefined: the default (see src/ratelimit). */
    readonly budget: number | undefined = undefined,
  ) {}

  static anonymous(): Viewer {
    return new Viewer(undefined, undefined, false, undefined, undefined);
  }

  static coordinator(keyId: string, label: string, budget?: number | null): Viewer {
    return new Viewer(keyId, label, true, undefined, undefined, undefined, budget ?? undefined);
  }

  static member(
    keyId: string,
    label: string,
    organisationId: string,
    role: RoleValue,
    expiresAt?: Date | null,
    budget?: number | null,
  ): Viewer {
    return new Viewer(keyId, label, false, organisationId, role, expiresAt ?? undefined, budget ?? undefined);
  }

  /** Any valid key: a partner app, an organisation member or a coordinator. */
  get authenticated(): boolean {
    return this.keyId !== undefined;
  }

  /** True when the key belongs to the organisation (any role). */
  belongsTo(organisationId: string): boolean {
    return this.organisationId === organisationId;
  }

  /** True when the key may edit the organisation's data (EDITOR or ADMIN of it). */
  editsOrganisation(organisationId: string): boolean {
    return this.organisationId === organisationId && (this.role === 'EDITOR' || this.role === 'ADMIN');
  }

  /** True when the key administers the organisation (may manage its keys). */
  administersOrganisation(organisationId: string): boolean {
    return this.organisationId === organisationId && this.role === 'ADMIN';
  }

  /** Organisations this viewer acts for, as editor (empty for coordinators and anonymous). */
  get editableOrganisationIds(): string[] {
    return this.organisationId && (this.role === 'EDITOR' || this.role === 'ADMIN') ? [this.organisationId] : [];
  }
}
