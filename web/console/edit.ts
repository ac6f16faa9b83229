// Editing with optimistic concurrency: a save sends only what the user changed since the version
// the form was loaded at; after a CONFLICT, reloading keeps what the user typed and takes the
// current values for the rest.

export interface EntryForm {
  name: string;
  shortName: string;
  website: string;
  email: string;
  phone: string;
  lookingForPartners: boolean;
}

export function entryOf(o: {
  name: string;
  shortName: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  lookingForPartners: boolean;
}): EntryForm {
  return {
    name: o.name,
    shortName: o.shortName ?? '',
    website: o.website ?? '',
    email: o.email ?? '',
    phone: o.phone ?? '',
    lookingForPartners: o.lookingForPartners,
  };
}

/** The fields of `form` that differ from `base`, as UpdateOrganisationInput (blank → null). */
export function changes(base: EntryForm, form: EntryForm) {
  const input: Record<string, string | boolean | null> = {};
  for (const name of Object.keys(form) as Array<keyof EntryForm>) {
    if (form[name] === base[name]) continue;
    const value = form[name];
    input[name] = typeof value === 'string' && name !== 'name' ? value.trim() || null : value;
  }
  return input;
}

/** After a reload: what the user typed (differs from the old base) stays; the rest becomes current. */
export function rebase(old: EntryForm, typed: EntryForm, current: EntryForm): EntryForm {
  const out = { ...current };
  for (const name of Object.keys(typed) as Array<keyof EntryForm>) {
    if (typed[name] !== old[name]) (out as Record<string, unknown>)[name] = typed[name];
  }
  return out;
}
