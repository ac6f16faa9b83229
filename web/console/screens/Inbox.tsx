// An organisation's invitations: the events it is invited to (it sees them as soon as it is
// invited), updated live by invitationChanged, each answered with accept or decline and a message.
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { formatSpan, problemsOf, wordLabel, type ApiProblem } from '../format';
import { graphql } from '../graphql';
import { href } from '../state';
import { Field, Heading, Link, Loading, Problems, useApp } from '../ui';

const InboxQuery = graphql(`
  query ConsoleInbox {
    events(first: 100, filter: { statuses: [DRAFT, PLANNING] }, orderBy: STARTS_AT) {
      edges {
        node {
          id
          title
          status
          startsAt
          endsAt
          municipality {
            name
          }
          leadOrganisation {
            name
          }
          organisers {
            role
            status
            message
            responseMessage
            organisation {
              id
            }
          }
        }
      }
    }
  }
`);

const InvitationChanged = graphql(`
  subscription ConsoleInvitationChanged($organisationId: ID!) {
    invitationChanged(organisationId: $organisationId) {
      cursor
      kind
      eventId
    }
  }
`);

const Respond = graphql(`
  mutation ConsoleRespond($eventId: ID!, $organisationId: ID!, $accept: Boolean!, $message: String) {
    respondToInvitation(eventId: $eventId, organisationId: $organisationId, accept: $accept, message: $message) {
      id
      version
    }
  }
`);

export function Inbox() {
  const { t, viewer } = useApp();
  const memberships = viewer.memberships;
  if (!memberships.length) return <Heading>{t('notFound')}</Heading>;
  return (
    <>
      <Heading>{t('inbox')}</Heading>
      {memberships.map((m) => (
        <OrganisationInbox key={m.organisation.id} organisation={m.organisation} canAnswer={m.role !== 'VIEWER'} />
      ))}
    </>
  );
}

function OrganisationInbox({ organisation, canAnswer }: { organisation: { id: string; name: string }; canAnswer: boolean }) {
  const { t, lang } = useApp();
  const [{ data, error, fetching }, refetch] = useQuery({ query: InboxQuery, requestPolicy: 'cache-and-network' });
  const [live] = useSubscription({ query: InvitationChanged, variables: { organisationId: organisation.id } });
  useEffect(() => {
    if (live.data) refetch({ requestPolicy: 'network-only' });
  }, [live.data]);
  const [, respond] = useMutation(Respond);
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, ApiProblem[]>>({});
  const invitations =
    data?.events.edges
      .map((e) => e.node)
      .flatMap((event) => {
        const mine = event.organisers.find((o) => o.organisation.id === organisation.id && o.role !== 'LEAD');
        return mine ? [{ event, mine }] : [];
      }) ?? [];
  const open = invitations.filter((i) => i.mine.status === 'INVITED');
  const answered = invitations.filter((i) => i.mine.status !== 'INVITED');
  const answer = async (eventId: string, accept: boolean) => {
    const result = await respond({
      eventId,
      organisationId: organisation.id,
      accept,
      message: messages[eventId]?.trim() || null,
    });
    setProblems((p) => ({ ...p, [eventId]: problemsOf(result.error) }));
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <section aria-labelledby={`inbox-${organisation.id}`}>
      <h2 id={`inbox-${organisation.id}`}>{t('invitationsTitle', { name: organisation.name })}</h2>
      <p className="muted" data-testid="inbox-live">
        {live.error ? <Problems problems={problemsOf(live.error)} /> : t('live')}
      </p>
      {fetching && !data && <Loading />}
      <Problems problems={problemsOf(error)} />
      {data && !open.length && <p data-testid="no-invitations">{t('noInvitations')}</p>}
      <ul className="plain" data-testid="invitations" aria-live="polite">
        {open.map(({ event, mine }) => (
          <li key={event.id} className="card" data-event-id={event.id} data-testid="invitation">
            <h3>
              <Link to={href('events', event.id)}>{event.title}</Link>
            </h3>
            <p className="muted">
              {formatSpan(event.startsAt, event.endsAt, lang)}
              {event.municipality ? ` · ${event.municipality.name}` : ''} · {event.leadOrganisation.name} ·{' '}
              {wordLabel(mine.role, lang)}
            </p>
            {mine.message && <blockquote>{mine.message}</blockquote>}
            {canAnswer && (
              <>
                <Field label={t('message')}>
                  {(p) => (
                    <textarea
                      {...p}
                      rows={2}
                      maxLength={1000}
                      value={messages[event.id] ?? ''}
                      onChange={(e) => setMessages((m) => ({ ...m, [event.id]: e.target.value }))}
                    />
                  )}
                </Field>
                <button type="button" onClick={() => answer(event.id, true)}>
                  {t('accept')}
                </button>{' '}
                <button type="button" className="secondary" onClick={() => answer(event.id, false)}>
                  {t('decline')}
                </button>
              </>
            )}
            <Problems problems={problems[event.id] ?? []} />
          </li>
        ))}
      </ul>
      {answered.length > 0 && (
        <>
          <h3>{t('answered')}</h3>
          <ul className="plain">
            {answered.map(({ event, mine }) => (
              <li key={event.id} data-event-id={event.id} data-status={mine.status}>
                <Link to={href('events', event.id)}>{event.title}</Link> – {wordLabel(mine.status, lang)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
