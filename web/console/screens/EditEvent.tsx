// Editing an event after the draft (title, time, place, description, topics, languages) for those
// the API lets edit it. Optimistic concurrency as for an organisation's entry: a save sends only the
// changed fields with the version the form was loaded at; a CONFLICT offers to load the current
// version, keeping what the user typed (edit.ts's rebase, shared with the organisation form).
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { changedFields, listOf, rebase, type EventForm } from '../edit';
import { named, SaveControls, SelectField, SpanFields, TextAreaField, TextField, TopicChecks } from '../fields';
import { isoToLocalInput, localInputToIso, placeProblems, problemsOf, type ApiProblem } from '../format';
import { graphql, type VariablesOf } from '../graphql';
import { Loading, Problems, useApp } from '../ui';
import { MunicipalitiesQuery } from './Directory';

const EditEventQuery = graphql(`
  query ConsoleEditEvent($id: ID!, $language: LanguageCode!) {
    event(id: $id) {
      id
      version
      originalLanguage
      titleLanguages
      title(language: $language)
      description(language: $language)
      startsAt
      endsAt
      topics
      languages
      municipality {
        id
      }
    }
  }
`);

const UpdateEvent = graphql(`
  mutation ConsoleUpdateEvent($id: ID!, $expectedVersion: Int!, $input: UpdateEventInput!) {
    updateEvent(id: $id, expectedVersion: $expectedVersion, input: $input) {
      id
      version
    }
  }
`);

type Loaded = NonNullable<NonNullable<ReturnType<typeof useEditQuery>[0]['data']>['event']>;
const useEditQuery = (id: string, language: string) =>
  useQuery({ query: EditEventQuery, variables: { id, language }, requestPolicy: 'network-only' });

function formOf(e: Loaded): EventForm {
  return {
    title: e.title,
    description: e.description ?? '',
    startsAt: isoToLocalInput(e.startsAt),
    endsAt: isoToLocalInput(e.endsAt),
    municipalityId: e.municipality?.id ?? '',
    topics: [...e.topics].sort().join(','),
    languages: e.languages.join(', '),
  };
}

type UpdateInput = VariablesOf<typeof UpdateEvent>['input'];

/** The changed fields as UpdateEventInput; texts in the event's original language (the one edited). */
function inputOf(base: EventForm, form: EventForm, language: string): UpdateInput {
  const input: Record<string, unknown> = {};
  for (const name of changedFields(base, form)) {
    if (name === 'title') input.title = [{ language, text: form.title }];
    else if (name === 'description') input.description = form.description.trim() ? [{ language, text: form.description }] : [];
    else if (name === 'startsAt' || name === 'endsAt') input[name] = localInputToIso(form[name]) ?? form[name];
    else if (name === 'municipalityId') input.address = { municipalityId: form.municipalityId || null };
    else input[name] = listOf(form[name]);
  }
  return input as UpdateInput;
}

export function EditEvent({ id, onSaved }: { id: string; onSaved: () => void }) {
  const { t, lang } = useApp();
  // The texts are edited in the event's original language; with other translations, a new title
  // would replace them all (the API's rule), so then the texts are shown but not editable here.
  const [language, setLanguage] = useState<string>('de');
  const [{ data, error, fetching }, reexecute] = useEditQuery(id, language);
  const [municipalities] = useQuery({ query: MunicipalitiesQuery });
  const [base, setBase] = useState<(EventForm & { version: number }) | null>(null);
  const [form, setForm] = useState<EventForm | null>(null);
  const [rebasing, setRebasing] = useState(false);
  const [problems, setProblems] = useState<ApiProblem[]>([]);
  const [note, setNote] = useState('');
  const [, update] = useMutation(UpdateEvent);
  const e = data?.event;
  useEffect(() => {
    if (!e || fetching) return;
    if (e.originalLanguage !== language) return setLanguage(e.originalLanguage);
    const current = formOf(e);
    if (!base) {
      setBase({ ...current, version: e.version });
      setForm(current);
    } else if (rebasing) {
      setForm((typed) => rebase<EventForm>(base, typed!, current));
      setBase({ ...current, version: e.version });
      setRebasing(false);
    }
  }, [e, fetching]);
  if (error) return <Problems problems={problemsOf(error)} />;
  if (!e || !form || !base) return <Loading />;
  const translated = e.titleLanguages.length > 1;
  const { fields, general } = placeProblems(problems);
  const set = (name: keyof EventForm, value: string) => setForm({ ...form, [name]: value });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setNote('');
    const result = await update({ id, expectedVersion: base.version, input: inputOf(base, form, e.originalLanguage) });
    setProblems(problemsOf(result.error));
    if (result.error) return;
    const saved = { ...form, version: result.data!.updateEvent.version };
    setBase(saved);
    setNote(t('saved'));
    onSaved();
  };
  const reload = () => {
    setRebasing(true);
    setProblems([]);
    reexecute({ requestPolicy: 'network-only' });
  };
  return (
    <form onSubmit={save} data-testid="edit-event" aria-describedby={general.length ? 'event-save-problem' : undefined}>
      <TextField
        label={t('title')}
        problem={fields.title}
        required
        readOnly={translated}
        value={form.title}
        onChange={(v) => set('title', v)}
      />
      <TextAreaField
        label={t('description')}
        problem={fields.description}
        rows={3}
        readOnly={translated}
        value={form.description}
        onChange={(v) => set('description', v)}
      />
      {translated && (
        <p className="muted">
          {lang === 'de'
            ? 'Titel und Beschreibung haben Übersetzungen; sie werden über die API gepflegt.'
            : 'Title and description have translations; they are kept through the API.'}
        </p>
      )}
      <SpanFields value={form} problems={fields} required onChange={set} />
      <SelectField
        label={t('municipality')}
        problem={fields.municipalityId}
        value={form.municipalityId}
        onChange={(v) => set('municipalityId', v)}
        empty={t('anyMunicipality')}
        options={named(municipalities.data?.municipalities)}
      />
      <TopicChecks
        className="checks"
        chosen={listOf(form.topics)}
        onChange={(topics) => set('topics', topics.sort().join(','))}
      />
      <TextField label={t('languages')} problem={fields.languages} value={form.languages} onChange={(v) => set('languages', v)} />
      <SaveControls problems={general} problemsId="event-save-problem" onReload={reload} note={note} />
    </form>
  );
}
