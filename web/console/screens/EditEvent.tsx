// Editing an event after the draft (title, time, place, description, topics, languages) for those
// the API lets edit it. Optimistic concurrency as for an organisation's entry: a save sends only the
// changed fields with the version the form was loaded at; a CONFLICT offers to load the current
// version, keeping what the user typed (edit.ts's rebase, shared with the organisation form).
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { changedFields, listOf, rebase, type EventForm } from '../edit';
import {
  TOPIC_VALUES,
  isoToLocalInput,
  localInputToIso,
  placeProblems,
  problemsOf,
  topicLabel,
  type ApiProblem,
} from '../format';
import { graphql, type VariablesOf } from '../graphql';
import { Field, Loading, Problems, useApp } from '../ui';
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
  const conflict = general.some((p) => p.code === 'CONFLICT');
  const set = (name: keyof EventForm, value: string) => setForm({ ...form, [name]: value });
  const topics = new Set(listOf(form.topics));
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
      <Field label={t('title')} problem={fields.title}>
        {(p) => (
          <input {...p} required readOnly={translated} value={form.title} onChange={(ev) => set('title', ev.target.value)} />
        )}
      </Field>
      <Field label={t('description')} problem={fields.description}>
        {(p) => (
          <textarea
            {...p}
            rows={3}
            readOnly={translated}
            value={form.description}
            onChange={(ev) => set('description', ev.target.value)}
          />
        )}
      </Field>
      {translated && (
        <p className="muted">
          {lang === 'de'
            ? 'Titel und Beschreibung haben Übersetzungen; sie werden über die API gepflegt.'
            : 'Title and description have translations; they are kept through the API.'}
        </p>
      )}
      <div className="row">
        <Field label={t('startsAt')} problem={fields.startsAt}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              required
              value={form.startsAt}
              onChange={(ev) => set('startsAt', ev.target.value)}
            />
          )}
        </Field>
        <Field label={t('endsAt')} problem={fields.endsAt}>
          {(p) => (
            <input {...p} type="datetime-local" required value={form.endsAt} onChange={(ev) => set('endsAt', ev.target.value)} />
          )}
        </Field>
      </div>
      <Field label={t('municipality')} problem={fields.municipalityId}>
        {(p) => (
          <select {...p} value={form.municipalityId} onChange={(ev) => set('municipalityId', ev.target.value)}>
            <option value="">{t('anyMunicipality')}</option>
            {municipalities.data?.municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="checks">
        <legend>{t('topics')}</legend>
        {TOPIC_VALUES.map((topic) => (
          <label key={topic}>
            <input
              type="checkbox"
              checked={topics.has(topic)}
              onChange={(ev) => {
                const next = new Set(topics);
                if (ev.target.checked) next.add(topic);
                else next.delete(topic);
                set('topics', [...next].sort().join(','));
              }}
            />{' '}
            {topicLabel(topic, lang)}
          </label>
        ))}
      </fieldset>
      <Field label={t('languages')} problem={fields.languages}>
        {(p) => <input {...p} value={form.languages} onChange={(ev) => set('languages', ev.target.value)} />}
      </Field>
      <Problems problems={general} id="event-save-problem" />
      {conflict && (
        <button type="button" onClick={reload}>
          {t('reload')}
        </button>
      )}
      <button type="submit">{t('save')}</button>
      {note && (
        <p role="status" className="ok">
          {note}
        </p>
      )}
    </form>
  );
}
