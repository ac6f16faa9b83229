// An organisation's invitations: the events it is invited to (it sees them as soon as it is
// invited, drafts and published events alike), open ones first, updated live by invitationChanged,
// each answered with accept or decline and a message — here or on the event's page (AnswerInvitation).
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { formatSpan, problemsOf, wordLabel, type ApiProblem } from '../format';
import { graphql } from '../graphql';
import { href } from '../state';
import { TextAreaField } from '../fields';
import { Heading, Link, LiveNote, Loading, Problems, useApp } from '../ui';

const InboxQuery = graphql(`
  query ConsoleInbox {
    events(first: 100, filter: { statuses: [DRAFT, PLANNING, PUBLISHED] }, orderBy: STARTS_AT) {
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
  const invitations =
    data?.events.edges
      .map((e) => e.node)
      .flatMap((event) => {
        const mine = event.organisers.find((o) => o.organisation.id === organisation.id && o.role !== 'LEAD');
        return mine ? [{ event, mine }] : [];
      }) ?? [];
  const open = invitations.filter((i) => i.mine.status === 'INVITED');
  const answered = invitations.filter((i) => i.mine.status !== 'INVITED');
  return (
    <section aria-labelledby={`inbox-${organisation.id}`}>
      <h2 id={`inbox-${organisation.id}`}>{t('invitationsTitle', { name: organisation.name })}</h2>
      <LiveNote testId="inbox-live" />
      <Problems problems={problemsOf(live.error)} />
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
            <p>
              <span className={`badge ${event.status.toLowerCase()}`}>{wordLabel(event.status, lang)}</span>
            </p>
            {canAnswer && (
              <AnswerInvitation
                eventId={event.id}
                organisationId={organisation.id}
                onAnswered={() => refetch({ requestPolicy: 'network-only' })}
              />
            )}
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

/** Accept or decline one organisation's invitation to one event, with an optional message. */
export function AnswerInvitation({
  eventId,
  organisationId,
  onAnswered,
}: {
  eventId: string;
  organisationId: string;
  onAnswered: () => void;
}) {
  const { t } = useApp();
  const [, respond] = useMutation(Respond);
  const [message, setMessage] = useState('');
  const [problems, setProblems] = useState<ApiProblem[]>([]);
  const answer = async (accept: boolean) => {
    const result = await respond({ eventId, organisationId, accept, message: message.trim() || null });
    setProblems(problemsOf(result.error));
    onAnswered();
  };
  return (
    <div data-testid="answer">
      <TextAreaField label={t('message')} rows={2} maxLength={1000} value={message} onChange={setMessage} />
      <button type="button" onClick={() => answer(true)}>
        {t('accept')}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => answer(false)}>
        {t('decline')}
      </button>
      <Problems problems={problems} />
    </div>
  );
}
