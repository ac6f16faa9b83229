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
  /** Topics, sorted and comma-joined (so that a field compares as one value). */
  topics: string;
  /** Language codes as typed, comma- or space-separated. */
  languages: string;
}

/** The list fields: sent as arrays. */
const LISTS = new Set<keyof EntryForm>(['topics', 'languages']);

/** A comma/space separated list as the API takes it. */
export function listOf(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

export function entryOf(o: {
  name: string;
  shortName: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  lookingForPartners: boolean;
  topics: readonly string[];
  languages: readonly string[];
}): EntryForm {
  return {
    name: o.name,
    shortName: o.shortName ?? '',
    website: o.website ?? '',
    email: o.email ?? '',
    phone: o.phone ?? '',
    lookingForPartners: o.lookingForPartners,
    topics: [...o.topics].sort().join(','),
    languages: o.languages.join(', '),
  };
}

/** The fields of `form` that differ from `base`, as UpdateOrganisationInput (blank → null). */
export function changes(base: EntryForm, form: EntryForm) {
  const input: Record<string, string | string[] | boolean | null> = {};
  for (const name of Object.keys(form) as Array<keyof EntryForm>) {
    if (form[name] === base[name]) continue;
    const value = form[name];
    if (LISTS.has(name)) {
      const list = listOf(value as string);
      // Reformatting a list ("de,tr" → "de, tr") is no change.
      if (list.join() !== listOf(base[name] as string).join()) input[name] = list;
      continue;
    }
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
