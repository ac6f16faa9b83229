// Campaigns: the list, and one campaign's coverage as a map and a table (municipalities coloured
// by participating organisations and events, the gaps marked), each gap with the hub's
// suggestions and their reasons (coordinators only: the API answers gaps to them alone), and the
// campaign's events over time.
import { useQuery } from 'urql';
import { DistrictMap } from '../DistrictMap';
import { formatDate, formatSpan, problemsOf, wordLabel } from '../format';
import { graphql } from '../graphql';
import { href, withQuery } from '../state';
import { Heading, Link, Loading, Problems, Reasons, useApp } from '../ui';
import { MunicipalitiesQuery } from './Directory';
import { groupByMonth } from '../timeline';

const CampaignsQuery = graphql(`
  query ConsoleCampaigns {
    campaigns(first: 50) {
      id
      slug
      name
      kind
      startsOn
      endsOn
    }
  }
`);

export function Campaigns() {
  const { t, lang } = useApp();
  const [{ data, error, fetching }] = useQuery({ query: CampaignsQuery });
  return (
    <>
      <Heading>{t('campaigns')}</Heading>
      {fetching && !data && <Loading />}
      <Problems problems={problemsOf(error)} />
      <ul className="results">
        {data?.campaigns.map((c) => (
          <li key={c.id}>
            <Link to={href('campaigns', c.slug)}>{c.name}</Link>
            <span className="muted">
              {' '}
              · {formatDate(c.startsOn, lang)}
              {c.endsOn !== c.startsOn ? ` – ${formatDate(c.endsOn, lang)}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

const CampaignQuery = graphql(`
  query ConsoleCampaign($slug: String!, $coordinator: Boolean!, $language: LanguageCode!) {
    campaign(slug: $slug) {
      id
      slug
      name
      startsOn
      endsOn
      participationDeadline
      description
      coverage {
        organisationCount
        participatingOrganisationCount
        eventCount
        municipality {
          id
          name
        }
      }
      gaps(suggestionsPerMunicipality: 3) @include(if: $coordinator) {
        organisationCount
        municipality {
          id
          slug
          name
        }
        suggestions {
          score
          organisation {
            id
            slug
            name
          }
          reasons {
            code
            description(language: $language)
          }
        }
      }
      events(first: 50) {
        edges {
          node {
            id
            title
            startsAt
            endsAt
            status
            municipality {
              name
            }
          }
        }
      }
    }
  }
`);

export function CampaignPage({ slug }: { slug: string }) {
  const { t, lang, viewer } = useApp();
  const [{ data, error, fetching }] = useQuery({
    query: CampaignQuery,
    variables: { slug, coordinator: viewer.coordinator, language: lang },
  });
  const [municipalities] = useQuery({ query: MunicipalitiesQuery });
  if (fetching && !data) return <Loading />;
  if (error) return <Problems problems={problemsOf(error)} />;
  const c = data?.campaign;
  if (!c) return <Heading>{t('notFound')}</Heading>;
  const gapIds = new Set(c.gaps?.map((g) => g.municipality.id));
  // A gap (per the API) shows as one; elsewhere the colour counts participants and events.
  const coverage = new Map(
    c.coverage.map((row) => [
      row.municipality.id,
      gapIds.has(row.municipality.id) ? 0 : row.participatingOrganisationCount + row.eventCount,
    ]),
  );
  const events = c.events.edges.map((e) => e.node);
  return (
    <>
      <Heading>{c.name}</Heading>
      <p className="muted">
        {formatDate(c.startsOn, lang)}
        {c.endsOn !== c.startsOn ? ` – ${formatDate(c.endsOn, lang)}` : ''}
      </p>
      {c.description && <p>{c.description}</p>}
      {(viewer.coordinator || viewer.memberships.some((m) => m.role !== 'VIEWER')) && (
        <p>
          <Link className="button" to={withQuery(href('plan'), { campaign: c.slug })}>
            {t('planForCampaign')}
          </Link>
        </p>
      )}
      <div className="split">
        <section aria-labelledby="coverage-heading">
          <h2 id="coverage-heading">{t('coverage')}</h2>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('coverage')}>
            <table data-testid="coverage">
              <thead>
                <tr>
                  <th scope="col">{t('municipality')}</th>
                  <th scope="col">{t('participating')}</th>
                  <th scope="col">{t('eventsCount')}</th>
                  <th scope="col">{t('organisationsHere')}</th>
                </tr>
              </thead>
              <tbody>
                {c.coverage.map((row) => (
                  <tr key={row.municipality.id} className={coverage.get(row.municipality.id) === 0 ? 'gap-row' : undefined}>
                    <th scope="row">
                      {row.municipality.name}
                      {gapIds.has(row.municipality.id) ? ` (${t('legendGap')})` : ''}
                    </th>
                    <td>{row.participatingOrganisationCount}</td>
                    <td>{row.eventCount}</td>
                    <td>{row.organisationCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        {municipalities.data && (
          <DistrictMap
            title={`${t('coverage')}: ${c.name}`}
            municipalities={municipalities.data.municipalities}
            coverage={coverage}
          />
        )}
      </div>
      {c.gaps && (
        <section aria-labelledby="gaps-heading">
          <h2 id="gaps-heading">{t('gaps')}</h2>
          <p className="muted">{t('gapsHelp')}</p>
          {!c.gaps.length && <p>{t('noGaps')}</p>}
          <ul className="gaps">
            {c.gaps.map((gap) => (
              <li key={gap.municipality.id} className="card" data-testid="gap" data-municipality={gap.municipality.name}>
                <h3>{gap.municipality.name}</h3>
                {gap.suggestions.length > 0 && (
                  <ol>
                    {gap.suggestions.map((s) => (
                      <li key={s.organisation.id}>
                        <Link to={href('organisations', s.organisation.slug)}>{s.organisation.name}</Link>
                        <span className="muted"> ({s.score.toFixed(2)})</span>
                        <Reasons reasons={s.reasons} />
                      </li>
                    ))}
                  </ol>
                )}
                <Link
                  className="button"
                  to={withQuery(href('plan'), {
                    campaign: c.slug,
                    municipality: gap.municipality.id,
                    lead: gap.suggestions[0]?.organisation.id,
                  })}
                >
                  {t('planHere')}: {gap.municipality.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('timeline')}</h2>
        {!events.length && <p>{t('noEvents')}</p>}
        {groupByMonth(events, lang).map((month) => (
          <div key={month.key} className="month">
            <h3>{month.label}</h3>
            <ul className="plain">
              {month.items.map((e) => (
                <li key={e.id}>
                  <Link to={href('events', e.id)}>{e.title}</Link>
                  <span className="muted">
                    {' '}
                    · {formatSpan(e.startsAt, e.endsAt, lang)}
                    {e.municipality ? ` · ${e.municipality.name}` : ''} · {wordLabel(e.status, lang)}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </>
  );
}
