// Planning a joint event: a draft (title, time, place, topics, languages) with the clashes in
// its time window shown as it is picked; then, on the event's page, ranked partner suggestions
// with their reasons, one-click invitations, the answers arriving live (eventChanged), publishing.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import {
  CATEGORY_VALUES,
  formatSpan,
  localInputToIso,
  placeProblems,
  problemsOf,
  topicLabel,
  wordLabel,
  type ApiProblem,
} from '../format';
import { graphql } from '../graphql';
import { href } from '../state';
import { AnswerInvitation } from './Inbox';
import { EditEvent } from './EditEvent';
import { labelled, named, SelectField, SpanFields, TextField, TopicChecks } from '../fields';
import { Heading, Link, LiveNote, Loading, Problems, Reasons, canEdit, useApp } from '../ui';
import { MunicipalitiesQuery } from './Directory';

const PlanOptionsQuery = graphql(`
  query ConsolePlanOptions($coordinator: Boolean!) {
    campaigns(first: 50) {
      id
      slug
      name
      startsOn
    }
    organisations(first: 100) @include(if: $coordinator) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const ConflictsQuery = graphql(`
  query ConsoleConflicts($startsAt: DateTime!, $endsAt: DateTime!, $municipalityId: ID) {
    conflicts(startsAt: $startsAt, endsAt: $endsAt, municipalityId: $municipalityId) {
      id
      title
      startsAt
      endsAt
      municipality {
        name
      }
      leadOrganisation {
        name
      }
    }
  }
`);

const CreateEvent = graphql(`
  mutation ConsoleCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
    }
  }
`);

export function PlanEvent({ query }: { query: URLSearchParams }) {
  const { t, lang, viewer, navigate } = useApp();
  const [options] = useQuery({ query: PlanOptionsQuery, variables: { coordinator: viewer.coordinator } });
  const [municipalities] = useQuery({ query: MunicipalitiesQuery });
  const editable = viewer.memberships.filter((m) => m.role !== 'VIEWER').map((m) => m.organisation);
  const leads = viewer.coordinator ? (options.data?.organisations?.edges.map((e) => e.node) ?? []) : editable;
  const [form, setForm] = useState({
    title: '',
    startsAt: '',
    endsAt: '',
    municipalityId: query.get('municipality') ?? '',
    category: 'DIALOGUE',
    topics: [] as string[],
    languages: 'de',
    leadOrganisationId: query.get('lead') ?? '',
    campaignSlug: query.get('campaign') ?? '',
  });
  const campaign = options.data?.campaigns.find((c) => c.slug === form.campaignSlug);
  // A campaign's day is the natural default: 14:00–17:00 on its first day.
  useEffect(() => {
    if (campaign && !form.startsAt) {
      setForm((f) => ({ ...f, startsAt: `${campaign.startsOn}T14:00`, endsAt: `${campaign.startsOn}T17:00` }));
    }
  }, [campaign?.id]);
  useEffect(() => {
    if (!form.leadOrganisationId && leads.length === 1) setForm((f) => ({ ...f, leadOrganisationId: leads[0]!.id }));
  }, [leads.length]);
  const startsAt = localInputToIso(form.startsAt);
  const endsAt = localInputToIso(form.endsAt);
  const window = startsAt && endsAt && startsAt < endsAt ? { startsAt, endsAt } : null;
  const [clashes] = useQuery({
    query: ConflictsQuery,
    variables: { startsAt: window?.startsAt ?? '', endsAt: window?.endsAt ?? '', municipalityId: form.municipalityId || null },
    pause: !window,
  });
  const [problems, setProblems] = useState<ApiProblem[]>([]);
  const [{ fetching: creating }, create] = useMutation(CreateEvent);
  const { fields, general } = placeProblems(problems);
  const set = (name: keyof typeof form, value: string | string[]) => setForm((f) => ({ ...f, [name]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: ApiProblem[] = [];
    if (!startsAt)
      local.push({
        code: 'BAD_USER_INPUT',
        field: 'input.startsAt',
        message: lang === 'de' ? 'Bitte Beginn angeben.' : 'Please give a start.',
      });
    if (!endsAt)
      local.push({
        code: 'BAD_USER_INPUT',
        field: 'input.endsAt',
        message: lang === 'de' ? 'Bitte Ende angeben.' : 'Please give an end.',
      });
    if (local.length) return setProblems(local);
    const result = await create({
      input: {
        title: [{ language: 'de', text: form.title }],
        startsAt: startsAt!,
        endsAt: endsAt!,
        category: form.category as never,
        topics: form.topics as never[],
        languages: form.languages.split(/[\s,]+/).filter(Boolean),
        ...(form.municipalityId ? { address: { municipalityId: form.municipalityId } } : {}),
        ...(form.leadOrganisationId ? { leadOrganisationId: form.leadOrganisationId } : {}),
        ...(campaign ? { campaignId: campaign.id } : {}),
        visibility: 'PUBLIC',
      },
    });
    if (result.error) return setProblems(problemsOf(result.error));
    navigate(href('events', result.data!.createEvent.id));
  };
  return (
    <>
      <Heading>{t('plan')}</Heading>
      <div className="split">
        <form className="card" onSubmit={submit} data-testid="plan-form">
          <h2>{t('draftTitle')}</h2>
          <TextField
            label={t('title')}
            problem={fields.title ?? fields.text}
            required
            value={form.title}
            onChange={(v) => set('title', v)}
          />
          <SelectField
            label={t('campaign')}
            problem={fields.campaignId}
            value={form.campaignSlug}
            onChange={(v) => set('campaignSlug', v)}
            empty={t('none')}
            options={(options.data?.campaigns ?? []).map((c) => ({ value: c.slug, label: c.name }))}
          />
          <SpanFields value={form} problems={fields} onChange={set} />
          <SelectField
            label={t('municipality')}
            problem={fields.municipalityId}
            value={form.municipalityId}
            onChange={(v) => set('municipalityId', v)}
            empty={t('none')}
            options={named(municipalities.data?.municipalities)}
          />
          <SelectField
            label={t('lead')}
            problem={fields.leadOrganisationId}
            value={form.leadOrganisationId}
            onChange={(v) => set('leadOrganisationId', v)}
            empty={t('none')}
            options={named(leads)}
          />
          <SelectField
            label={t('category')}
            problem={fields.category}
            value={form.category}
            onChange={(v) => set('category', v)}
            options={labelled(CATEGORY_VALUES, (c) => wordLabel(c, lang))}
          />
          <TopicChecks className="topics" chosen={form.topics} onChange={(topics) => set('topics', topics)} />
          <TextField
            label={`${t('languages')} (de, tr, ar …)`}
            problem={fields.languages}
            value={form.languages}
            onChange={(v) => set('languages', v)}
          />
          <Problems problems={general} />
          <button type="submit" disabled={creating}>
            {t('create')}
          </button>
        </form>
        <section className="card" aria-labelledby="clashes-heading" aria-live="polite">
          <h2 id="clashes-heading">{t('clashes')}</h2>
          {!window && <p className="muted">{t('pickTime')}</p>}
          {window && clashes.fetching && <Loading />}
          <Problems problems={problemsOf(clashes.error)} />
          {window && clashes.data && !clashes.data.conflicts.length && <p>{t('noClashes')}</p>}
          <ul className="plain" data-testid="clashes">
            {window &&
              clashes.data?.conflicts.map((e) => (
                <li key={e.id}>
                  <Link to={href('events', e.id)}>{e.title}</Link>
                  <br />
                  <span className="muted">
                    {formatSpan(e.startsAt, e.endsAt, lang)} · {e.leadOrganisation.name}
                    {e.municipality ? ` · ${e.municipality.name}` : ''}
                  </span>
                </li>
              ))}
          </ul>
        </section>
      </div>
    </>
  );
}

const EventQuery = graphql(`
  query ConsoleEvent($id: ID!) {
    event(id: $id) {
      id
      title
      summary
      status
      version
      visibility
      startsAt
      endsAt
      topics
      languages
      municipality {
        id
        name
      }
      campaign {
        slug
        name
      }
      leadOrganisation {
        id
        slug
        name
      }
      organisers {
        role
        status
        message
        responseMessage
        organisation {
          id
          slug
          name
        }
      }
      conflicts {
        id
        title
        startsAt
        endsAt
      }
    }
  }
`);

const SuggestionsQuery = graphql(`
  query ConsoleSuggestions($eventId: ID!, $language: LanguageCode!) {
    suggestPartners(input: { eventId: $eventId }, first: 5) {
      score
      organisation {
        id
        slug
        name
        municipality {
          name
        }
      }
      reasons {
        code
        description(language: $language)
      }
      conflicts {
        id
        title
      }
    }
  }
`);

const EventChanged = graphql(`
  subscription ConsoleEventChanged($filter: ChangeFilter) {
    eventChanged(filter: $filter) {
      cursor
      kind
      eventId
    }
  }
`);

const Invite = graphql(`
  mutation ConsoleInvite($eventId: ID!, $invitations: [InvitationInput!]!) {
    inviteOrganisers(eventId: $eventId, invitations: $invitations) {
      id
      status
      version
    }
  }
`);

const Publish = graphql(`
  mutation ConsolePublish($id: ID!, $expectedVersion: Int!) {
    publishEvent(id: $id, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);

export function EventPage({ id }: { id: string }) {
  const { t, lang, viewer } = useApp();
  const [{ data, error, fetching }, refetch] = useQuery({ query: EventQuery, variables: { id } });
  const e = data?.event;
  const planner = !!e && canEdit(viewer, e.leadOrganisation.id) && (e.status === 'DRAFT' || e.status === 'PLANNING');
  const [suggestions, refetchSuggestions] = useQuery({
    query: SuggestionsQuery,
    variables: { eventId: id, language: lang },
    pause: !planner,
  });
  const filter = useMemo(() => ({ eventIds: [id] }), [id]);
  // Every committed change to this event (an answer, an invitation, publishing) reloads it.
  const [live] = useSubscription({ query: EventChanged, variables: { filter }, pause: !viewer.authenticated });
  useEffect(() => {
    if (!live.data) return;
    refetch({ requestPolicy: 'network-only' });
    if (planner) refetchSuggestions({ requestPolicy: 'network-only' });
  }, [live.data]);
  const [problems, setProblems] = useState<Record<string, ApiProblem[]>>({});
  const [editing, setEditing] = useState(false);
  const [, invite] = useMutation(Invite);
  const [, publish] = useMutation(Publish);
  if (fetching && !data) return <Loading />;
  if (error) return <Problems problems={problemsOf(error)} />;
  if (!e) return <Heading>{t('notFound')}</Heading>;
  const onEvent = new Set(e.organisers.map((o) => o.organisation.id));
  return (
    <article data-status={e.status}>
      <Heading>{e.title}</Heading>
      <p>
        <span className={`badge ${e.status.toLowerCase()}`} data-testid="event-status">
          {wordLabel(e.status, lang)}
        </span>{' '}
        {formatSpan(e.startsAt, e.endsAt, lang)}
        {e.municipality ? ` · ${e.municipality.name}` : ''}
        {e.campaign && (
          <>
            {' · '}
            <Link to={href('campaigns', e.campaign.slug)}>{e.campaign.name}</Link>
          </>
        )}
      </p>
      {e.summary && <p>{e.summary}</p>}
      {viewer.authenticated && (
        <>
          <LiveNote testId="live" />
          <Problems problems={problemsOf(live.error)} />
        </>
      )}
      {canEdit(viewer, e.leadOrganisation.id) && e.status !== 'CANCELLED' && (
        <section className="card" aria-labelledby="edit-event-heading">
          <h2 id="edit-event-heading">{t('edit')}</h2>
          {editing ? (
            <EditEvent id={e.id} onSaved={() => refetch({ requestPolicy: 'network-only' })} />
          ) : (
            <button type="button" aria-expanded={false} onClick={() => setEditing(true)}>
              {t('edit')}
            </button>
          )}
        </section>
      )}
      <div className="grid">
        <section className="card" aria-labelledby="organisers-heading">
          <h2 id="organisers-heading">{t('organisers')}</h2>
          <ul className="plain" data-testid="organisers" aria-live="polite">
            {e.organisers.map((o) => (
              <li key={o.organisation.id} data-organisation={o.organisation.name} data-status={o.status}>
                <Link to={href('organisations', o.organisation.slug)}>{o.organisation.name}</Link> – {wordLabel(o.role, lang)},{' '}
                <strong>{wordLabel(o.status, lang)}</strong>
                {o.responseMessage ? <q> {o.responseMessage}</q> : null}
                {o.status === 'INVITED' &&
                  viewer.memberships.some((m) => m.organisation.id === o.organisation.id && m.role !== 'VIEWER') && (
                    <AnswerInvitation
                      eventId={e.id}
                      organisationId={o.organisation.id}
                      onAnswered={() => refetch({ requestPolicy: 'network-only' })}
                    />
                  )}
              </li>
            ))}
          </ul>
          {planner && (
            <>
              <button
                type="button"
                onClick={async () => {
                  const result = await publish({ id: e.id, expectedVersion: e.version });
                  setProblems((p) => ({ ...p, publish: problemsOf(result.error) }));
                  if (result.error?.graphQLErrors.some((g) => g.extensions?.code === 'CONFLICT'))
                    refetch({ requestPolicy: 'network-only' });
                }}
              >
                {t('publish')}
              </button>
              <Problems problems={problems.publish ?? []} />
            </>
          )}
        </section>
        <section className="card" aria-labelledby="event-clashes">
          <h2 id="event-clashes">{t('clashes')}</h2>
          {e.conflicts.length ? (
            <ul className="plain">
              {e.conflicts.map((c) => (
                <li key={c.id}>
                  <Link to={href('events', c.id)}>{c.title}</Link>{' '}
                  <span className="muted">{formatSpan(c.startsAt, c.endsAt, lang)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('noClashes')}</p>
          )}
        </section>
        {planner && (
          <section className="card wide" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">{t('partnerSuggestions')}</h2>
            {suggestions.fetching && !suggestions.data && <Loading />}
            <Problems problems={problemsOf(suggestions.error)} />
            <ol className="suggestions" data-testid="suggestions">
              {suggestions.data?.suggestPartners.map((s) => {
                const invited = onEvent.has(s.organisation.id);
                // The button's accessible name starts with its visible text (WCAG 2.5.3), so it changes with it.
                const action = invited ? t('invited') : t('invite');
                return (
                  <li key={s.organisation.id} data-organisation={s.organisation.name}>
                    <Link to={href('organisations', s.organisation.slug)}>{s.organisation.name}</Link>
                    <span className="muted">
                      {s.organisation.municipality ? ` · ${s.organisation.municipality.name}` : ''} · {s.score.toFixed(2)}
                    </span>
                    <Reasons reasons={s.reasons} />
                    <button
                      type="button"
                      disabled={invited}
                      aria-label={`${action}: ${s.organisation.name}`}
                      onClick={async () => {
                        const result = await invite({
                          eventId: e.id,
                          invitations: [{ organisationId: s.organisation.id, role: 'CO_HOST' }],
                        });
                        setProblems((p) => ({ ...p, [s.organisation.id]: problemsOf(result.error) }));
                        refetch({ requestPolicy: 'network-only' });
                        refetchSuggestions({ requestPolicy: 'network-only' });
                      }}
                    >
                      {action}
                    </button>
                    <Problems problems={problems[s.organisation.id] ?? []} />
                  </li>
                );
              })}
            </ol>
          </section>
        )}
      </div>
      <p className="muted">
        {t('lead')}: <Link to={href('organisations', e.leadOrganisation.slug)}>{e.leadOrganisation.name}</Link> · {t('topics')}:{' '}
        {e.topics.map((x) => topicLabel(x, lang)).join(', ') || t('none')} · {t('languages')}:{' '}
        {e.languages.join(', ') || t('none')}
      </p>
    </article>
  );
}
