// Editing an organisation's entry and its contacts (its EDITOR/ADMIN keys, coordinators). Saves
// send the version the form was loaded at: when someone else saved first, the API answers
// CONFLICT and nothing is changed; the console then offers to load the current version while
// keeping what the user typed, and shows which fields differ.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { Check, labelled, SaveControls, SelectField, TextField, TopicChecks } from '../fields';
import { placeProblems, problemsOf, wordLabel, type ApiProblem } from '../format';
import { graphql } from '../graphql';
import { changes, entryOf, listOf, rebase, type EntryForm } from '../edit';
import { href } from '../state';
import { Heading, Link, Loading, Problems, canEdit, useApp } from '../ui';

const EditQuery = graphql(`
  query ConsoleEditOrganisation($slug: String!) {
    organisation(slug: $slug) {
      id
      slug
      name
      shortName
      website
      email
      phone
      lookingForPartners
      topics
      languages
      version
      lastConfirmedAt
      contacts {
        id
        name
        role
        email
        phone
        visibility
      }
    }
  }
`);

const UpdateOrganisation = graphql(`
  mutation ConsoleUpdateOrganisation($id: ID!, $expectedVersion: Int!, $input: UpdateOrganisationInput!) {
    updateOrganisation(id: $id, expectedVersion: $expectedVersion, input: $input) {
      id
      version
      name
      shortName
      website
      email
      phone
      lookingForPartners
      topics
      languages
    }
  }
`);

const ConfirmDetails = graphql(`
  mutation ConsoleConfirmDetails($id: ID!) {
    confirmOrganisationDetails(id: $id) {
      id
      lastConfirmedAt
    }
  }
`);

const AddContact = graphql(`
  mutation ConsoleAddContact($organisationId: ID!, $input: ContactInput!) {
    addContact(organisationId: $organisationId, input: $input) {
      id
    }
  }
`);

const UpdateContact = graphql(`
  mutation ConsoleUpdateContact($id: ID!, $input: ContactInput!) {
    updateContact(id: $id, input: $input) {
      id
      name
      role
      email
      phone
      visibility
    }
  }
`);

const RemoveContact = graphql(`
  mutation ConsoleRemoveContact($id: ID!) {
    removeContact(id: $id)
  }
`);

type Visibility = 'PUBLIC' | 'PARTNERS' | 'COORDINATORS';
interface ContactForm {
  name: string;
  role: string;
  email: string;
  phone: string;
  visibility: Visibility;
}

const VISIBILITIES: Visibility[] = ['PUBLIC', 'PARTNERS', 'COORDINATORS'];

export function EditOrganisation({ slug }: { slug: string }) {
  const { t, lang, viewer } = useApp();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: EditQuery,
    variables: { slug },
    requestPolicy: 'network-only',
  });
  // `base` is the version the form was loaded at (what a save sends as expectedVersion, and what
  // tells typed fields from untouched ones); `form` is what the user sees and types.
  const [base, setBase] = useState<(EntryForm & { version: number }) | null>(null);
  const [form, setForm] = useState<EntryForm | null>(null);
  const [rebasing, setRebasing] = useState(false);
  const [reloaded, setReloaded] = useState<number | null>(null);
  const [problems, setProblems] = useState<ApiProblem[]>([]);
  const [note, setNote] = useState('');
  const [, update] = useMutation(UpdateOrganisation);
  const [, confirm] = useMutation(ConfirmDetails);
  const o = data?.organisation;
  useEffect(() => {
    if (!o) return;
    const current = { ...entryOf(o), version: o.version };
    if (!base) {
      setBase(current);
      setForm(entryOf(o));
    } else if (rebasing && !fetching) {
      // After a CONFLICT: fields the user changed keep their input, the others take the current values.
      setForm((typed) => rebase(base, typed!, current));
      setBase(current);
      setRebasing(false);
      setReloaded(current.version);
    }
  }, [o, fetching]);
  if (fetching && !data) return <Loading />;
  if (error) return <Problems problems={problemsOf(error)} />;
  if (!o || !canEdit(viewer, o.id)) return <Heading>{t('notFound')}</Heading>;
  if (!form || !base) return <Loading />;
  const { fields, general } = placeProblems(problems);
  const set = (name: keyof EntryForm, value: string | boolean) => setForm({ ...form, [name]: value });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setNote('');
    const result = await update({ id: o.id, expectedVersion: base.version, input: changes(base, form) });
    if (result.error) {
      setProblems(problemsOf(result.error));
      return;
    }
    setProblems([]);
    setReloaded(null);
    const saved = result.data!.updateOrganisation;
    // The saved entry as the hub keeps it (e.g. a normalised URL) becomes the form and its base.
    setBase({ ...entryOf(saved), version: saved.version });
    setForm(entryOf(saved));
    setNote(t('saved'));
  };
  const reload = () => {
    setProblems([]);
    setRebasing(true);
    reexecute({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <Heading>
        {t('edit')}: {o.name}
      </Heading>
      <p>
        <Link to={href('organisations', o.slug)}>← {o.name}</Link>
      </p>
      <form className="card" onSubmit={save} aria-labelledby="entry-heading" data-testid="edit-organisation">
        <h2 id="entry-heading">{t('facts')}</h2>
        <TextField label={t('name')} problem={fields.name} required value={form.name} onChange={(v) => set('name', v)} />
        <TextField
          label="Kurzname / short name"
          problem={fields.shortName}
          value={form.shortName}
          onChange={(v) => set('shortName', v)}
        />
        <TextField
          label={t('website')}
          problem={fields.website}
          type="url"
          value={form.website}
          onChange={(v) => set('website', v)}
        />
        <TextField label={t('email')} problem={fields.email} type="email" value={form.email} onChange={(v) => set('email', v)} />
        <TextField label={t('phone')} problem={fields.phone} type="tel" value={form.phone} onChange={(v) => set('phone', v)} />
        <TopicChecks
          className="topics"
          chosen={listOf(form.topics)}
          onChange={(topics) => set('topics', topics.sort().join(','))}
        />
        {fields.topics && <Problems problems={[fields.topics]} />}
        <TextField
          label={`${t('languages')} (de, tr, ar …)`}
          problem={fields.languages}
          value={form.languages}
          onChange={(v) => set('languages', v)}
        />
        <Check className="check" checked={form.lookingForPartners} onChange={(on) => set('lookingForPartners', on)}>
          {t('lookingForPartners')}
        </Check>
        <SaveControls problems={general} problemsId="save-problem" onReload={reload} note={note}>
          {reloaded !== null && (
            <p className="note" role="status" data-testid="reloaded">
              {lang === 'de'
                ? `Aktuelle Fassung ${reloaded} geladen; Ihre Änderungen sind erhalten. Prüfen und erneut speichern.`
                : `Current version ${reloaded} loaded; your changes are kept. Check and save again.`}
            </p>
          )}
        </SaveControls>
      </form>
      <section className="card" aria-labelledby="confirm-heading">
        <h2 id="confirm-heading">{t('lastConfirmed')}</h2>
        <p>{o.lastConfirmedAt ?? t('none')}</p>
        <button
          type="button"
          onClick={async () => {
            const result = await confirm({ id: o.id });
            setProblems(problemsOf(result.error));
            if (!result.error) reexecute({ requestPolicy: 'network-only' });
          }}
        >
          {t('confirmDetails')}
        </button>
      </section>
      <Contacts
        organisationId={o.id}
        contacts={o.contacts}
        refresh={() => reexecute({ requestPolicy: 'network-only' })}
        lang={lang}
      />
    </>
  );
}

function Contacts({
  organisationId,
  contacts,
  refresh,
  lang,
}: {
  organisationId: string;
  contacts: ReadonlyArray<{
    id: string;
    name: string;
    role: string | null;
    email: string | null;
    phone: string | null;
    visibility: string;
  }>;
  refresh: () => void;
  lang: 'de' | 'en';
}) {
  const { t } = useApp();
  const empty: ContactForm = { name: '', role: '', email: '', phone: '', visibility: 'PARTNERS' };
  const [added, setAdded] = useState<ContactForm>(empty);
  const [problems, setProblems] = useState<Record<string, ApiProblem[]>>({});
  const [, add] = useMutation(AddContact);
  const [, change] = useMutation(UpdateContact);
  const [, remove] = useMutation(RemoveContact);
  const input = (c: ContactForm) => ({
    name: c.name,
    role: c.role.trim() || null,
    email: c.email.trim() || null,
    phone: c.phone.trim() || null,
    visibility: c.visibility,
  });
  const after = (key: string, error: unknown) => {
    setProblems((all) => ({ ...all, [key]: problemsOf(error) }));
    if (!error) refresh();
    return !error;
  };
  return (
    <section className="card" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t('contacts')}</h2>
      {contacts.map((c) => (
        <ContactRow
          key={c.id}
          initial={{
            name: c.name,
            role: c.role ?? '',
            email: c.email ?? '',
            phone: c.phone ?? '',
            visibility: c.visibility as Visibility,
          }}
          problems={problems[c.id] ?? []}
          lang={lang}
          onSave={async (value) => after(c.id, (await change({ id: c.id, input: input(value) })).error)}
          onRemove={async () => after(c.id, (await remove({ id: c.id })).error)}
        />
      ))}
      <form
        className="contact new"
        onSubmit={async (event) => {
          event.preventDefault();
          if (after('new', (await add({ organisationId, input: input(added) })).error)) setAdded(empty);
        }}
      >
        <h3>{t('addContact')}</h3>
        <ContactFields value={added} onChange={setAdded} problems={problems.new ?? []} lang={lang} />
        <button type="submit">{t('addContact')}</button>
      </form>
    </section>
  );
}

function ContactFields({
  value,
  onChange,
  problems,
  lang,
}: {
  value: ContactForm;
  onChange: (value: ContactForm) => void;
  problems: ApiProblem[];
  lang: 'de' | 'en';
}) {
  const { t } = useApp();
  const { fields, general } = placeProblems(problems);
  const set = (name: keyof ContactForm, v: string) => onChange({ ...value, [name]: v });
  return (
    <>
      <div className="row">
        <TextField label={t('name')} problem={fields.name} required value={value.name} onChange={(v) => set('name', v)} />
        <TextField label={t('role')} problem={fields.role} value={value.role} onChange={(v) => set('role', v)} />
        <TextField label={t('email')} problem={fields.email} type="email" value={value.email} onChange={(v) => set('email', v)} />
        <TextField label={t('phone')} problem={fields.phone} type="tel" value={value.phone} onChange={(v) => set('phone', v)} />
        <SelectField
          label={t('visibility')}
          problem={fields.visibility}
          value={value.visibility}
          onChange={(v) => set('visibility', v)}
          options={labelled(VISIBILITIES, (v) => wordLabel(v, lang))}
        />
      </div>
      <Problems problems={general} />
    </>
  );
}

function ContactRow({
  initial,
  problems,
  lang,
  onSave,
  onRemove,
}: {
  initial: ContactForm;
  problems: ApiProblem[];
  lang: 'de' | 'en';
  onSave: (value: ContactForm) => Promise<boolean>;
  onRemove: () => Promise<boolean>;
}) {
  const { t } = useApp();
  const [value, setValue] = useState(initial);
  return (
    <form
      className="contact"
      data-testid="contact-row"
      onSubmit={async (event) => {
        event.preventDefault();
        await onSave(value);
      }}
    >
      <ContactFields value={value} onChange={setValue} problems={problems} lang={lang} />
      <button type="submit">{t('save')}</button>{' '}
      <button type="button" className="secondary" onClick={() => void onRemove()}>
        {t('remove')}
      </button>
    </form>
  );
}
