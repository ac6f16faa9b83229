// An organisation's page: its facts, the contacts the viewer may see (the API decides), the
// networks it belongs to, its events and its history (empty unless the viewer may read it).
import { useQuery } from 'urql';
import { formatDateTime, formatSpan, kindLabel, problemsOf, topicLabel, wordLabel } from '../format';
import { graphql } from '../graphql';
import { href } from '../state';
import { Heading, Link, Loading, Problems, canEdit, useApp } from '../ui';

const OrganisationQuery = graphql(`
  query ConsoleOrganisation($slug: String!) {
    organisation(slug: $slug) {
      id
      slug
      name
      shortName
      kind
      verified
      lookingForPartners
      lastConfirmedAt
      description
      website
      email
      phone
      topics
      languages
      municipality {
        id
        name
      }
      address {
        street
        postalCode
        locality
      }
      contacts {
        id
        name
        role
        email
        phone
        languages
        visibility
      }
      memberOf {
        id
        slug
        name
      }
      events(first: 10) {
        edges {
          node {
            id
            title
            status
            startsAt
            endsAt
          }
        }
      }
      history(first: 20) {
        edges {
          node {
            kind
            occurredAt
            changedFields
            actor {
              label
              coordinator
            }
          }
        }
      }
    }
  }
`);

export function OrganisationPage({ slug }: { slug: string }) {
  const { t, lang, viewer } = useApp();
  const [{ data, error, fetching }] = useQuery({ query: OrganisationQuery, variables: { slug } });
  if (fetching && !data) return <Loading />;
  if (error) return <Problems problems={problemsOf(error)} />;
  const o = data?.organisation;
  if (!o) return <Heading>{t('notFound')}</Heading>;
  return (
    <article>
      <Heading>{o.name}</Heading>
      <p className="muted">
        {kindLabel(o.kind, lang)}
        {o.municipality ? ` · ${o.municipality.name}` : ''} · {o.verified ? `✓ ${t('verified')}` : t('notVerified')}
        {o.lookingForPartners ? ` · ${t('lookingForPartners')}` : ''}
      </p>
      {canEdit(viewer, o.id) && (
        <p>
          <Link to={href('organisations', o.slug, 'edit')} className="button">
            {t('edit')}
          </Link>
        </p>
      )}
      <div className="grid">
        <section className="card" aria-labelledby="facts">
          <h2 id="facts">{t('facts')}</h2>
          {o.description && <p>{o.description}</p>}
          <dl>
            {o.address && (
              <>
                <dt>{t('address')}</dt>
                <dd>
                  {[o.address.street, [o.address.postalCode, o.address.locality].filter(Boolean).join(' ')]
                    .filter(Boolean)
                    .join(', ')}
                </dd>
              </>
            )}
            {o.website && (
              <>
                <dt>{t('website')}</dt>
                <dd>
                  <a href={o.website} rel="noopener noreferrer">
                    {o.website}
                  </a>
                </dd>
              </>
            )}
            {o.email && (
              <>
                <dt>{t('email')}</dt>
                <dd>{o.email}</dd>
              </>
            )}
            {o.phone && (
              <>
                <dt>{t('phone')}</dt>
                <dd>{o.phone}</dd>
              </>
            )}
            <dt>{t('topics')}</dt>
            <dd>{o.topics.map((x) => topicLabel(x, lang)).join(', ') || t('none')}</dd>
            <dt>{t('languages')}</dt>
            <dd>{o.languages.join(', ') || t('none')}</dd>
            <dt>{t('lastConfirmed')}</dt>
            <dd>{o.lastConfirmedAt ? formatDateTime(o.lastConfirmedAt, lang) : t('none')}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="contacts">
          <h2 id="contacts">{t('contacts')}</h2>
          {o.contacts.length ? (
            <ul className="plain" data-testid="contacts">
              {o.contacts.map((c) => (
                <li key={c.id}>
                  <strong>{c.name}</strong>
                  {c.role ? ` – ${c.role}` : ''}
                  <br />
                  <span className="muted">
                    {[c.email, c.phone, c.languages.join(', ')].filter(Boolean).join(' · ')} · {wordLabel(c.visibility, lang)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('noContacts')}</p>
          )}
          {o.memberOf.length > 0 && (
            <>
              <h2>{t('memberOf')}</h2>
              <ul className="plain">
                {o.memberOf.map((m) => (
                  <li key={m.id}>
                    <Link to={href('organisations', m.slug)}>{m.name}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="card" aria-labelledby="events">
          <h2 id="events">{t('events')}</h2>
          {o.events.edges.length ? (
            <ul className="plain">
              {o.events.edges.map(({ node: e }) => (
                <li key={e.id}>
                  <Link to={href('events', e.id)}>{e.title}</Link>
                  <br />
                  <span className="muted">
                    {formatSpan(e.startsAt, e.endsAt, lang)} · {wordLabel(e.status, lang)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('noEvents')}</p>
          )}
        </section>
        {o.history.edges.length > 0 && (
          <section className="card" aria-labelledby="history">
            <h2 id="history">{t('history')}</h2>
            <ol className="plain">
              {o.history.edges.map(({ node: h }, i) => (
                <li key={i}>
                  {formatDateTime(h.occurredAt, lang)}: {h.kind.toLowerCase().replace(/_/g, ' ')}
                  {h.changedFields.length ? ` (${h.changedFields.join(', ')})` : ''} –{' '}
                  {h.actor.label ?? (h.actor.coordinator ? t('coordinator') : '')}
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>
    </article>
  );
}
