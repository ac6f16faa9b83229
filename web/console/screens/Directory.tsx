// The directory: the hub's German full-text search and filters (kept in the address, so a search
// can be shared; never the key), results as a list and on the district map.
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { DistrictMap } from '../DistrictMap';
import { KIND_VALUES, TOPIC_VALUES, kindLabel, problemsOf, topicLabel } from '../format';
import { graphql } from '../graphql';
import { href, withQuery } from '../state';
import { Check, labelled, named, SelectField } from '../fields';
import { Heading, Link, Loading, Problems, useApp } from '../ui';

export const MunicipalitiesQuery = graphql(`
  query ConsoleMunicipalities {
    municipalities {
      id
      name
      slug
      location {
        latitude
        longitude
      }
    }
  }
`);

const OrganisationsQuery = graphql(`
  query ConsoleOrganisations($filter: OrganisationFilter, $after: String) {
    organisations(first: 50, filter: $filter, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          slug
          name
          kind
          verified
          lookingForPartners
          municipality {
            id
            name
          }
          address {
            location {
              latitude
              longitude
            }
          }
        }
      }
    }
  }
`);

type Kind = (typeof KIND_VALUES)[number];

/** The search the address holds (the form's fields). */
function filtersOf(query: URLSearchParams) {
  return {
    search: query.get('search') ?? '',
    kind: query.get('kind') ?? '',
    municipality: query.get('municipality') ?? '',
    topic: query.get('topic') ?? '',
    language: query.get('language') ?? '',
    partners: query.get('partners') === '1',
    verified: query.get('verified') === '1',
  };
}

export function Directory({ query }: { query: URLSearchParams }) {
  const { t, lang, navigate } = useApp();
  // The form starts as the address's search; `applied` is that search (what the results show).
  const [form, setForm] = useState(() => filtersOf(query));
  const applied = filtersOf(query);
  const [municipalities] = useQuery({ query: MunicipalitiesQuery });
  const filter = {
    ...(applied.search ? { search: applied.search } : {}),
    ...(applied.kind ? { kinds: [applied.kind as never] } : {}),
    ...(applied.municipality ? { municipalityIds: [applied.municipality] } : {}),
    ...(applied.topic ? { topics: [applied.topic as never] } : {}),
    ...(applied.language ? { languages: [applied.language.trim().toLowerCase()] } : {}),
    ...(applied.partners ? { lookingForPartners: true } : {}),
    ...(applied.verified ? { verified: true } : {}),
  };
  // 50 a page: a page with locations costs about 3,800 of an anonymous viewer's 20,000 points a minute.
  const after = query.get('after');
  const [result] = useQuery({ query: OrganisationsQuery, variables: { filter, after } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(withQuery(href('directory'), form), { replace: true });
  };
  const set = (name: keyof typeof form, value: string | boolean) => setForm((f) => ({ ...f, [name]: value }));
  const organisations = result.data?.organisations.edges.map((e) => e.node) ?? [];
  return (
    <>
      <Heading>{t('directory')}</Heading>
      <form className="filters card" onSubmit={submit} role="search">
        <div className="field grow">
          <label htmlFor="f-search">{t('search')}</label>
          <input
            id="f-search"
            type="search"
            value={form.search}
            placeholder={t('searchPlaceholder')}
            onChange={(e) => set('search', e.target.value)}
          />
        </div>
        <SelectField
          id="f-kind"
          label={t('kind')}
          value={form.kind}
          onChange={(v) => set('kind', v as Kind)}
          empty={t('anyKind')}
          options={labelled(KIND_VALUES, (k) => kindLabel(k, lang))}
        />
        <SelectField
          id="f-municipality"
          label={t('municipality')}
          value={form.municipality}
          onChange={(v) => set('municipality', v)}
          empty={t('anyMunicipality')}
          options={named(municipalities.data?.municipalities)}
        />
        <SelectField
          id="f-topic"
          label={t('topic')}
          value={form.topic}
          onChange={(v) => set('topic', v)}
          empty={t('anyTopic')}
          options={labelled(TOPIC_VALUES, (k) => topicLabel(k, lang))}
        />
        <div className="field small">
          <label htmlFor="f-language">{t('languageFilter')}</label>
          <input id="f-language" value={form.language} maxLength={8} onChange={(e) => set('language', e.target.value)} />
        </div>
        <div className="checks">
          <Check checked={form.partners} onChange={(on) => set('partners', on)}>
            {t('lookingForPartners')}
          </Check>
          <Check checked={form.verified} onChange={(on) => set('verified', on)}>
            {t('verifiedOnly')}
          </Check>
        </div>
        <button type="submit">{t('search')}</button>
      </form>
      <Problems problems={problemsOf(result.error)} />
      <div className="split">
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">
            {result.data ? t('results', { count: result.data.organisations.totalCount }) : t('loading')}
          </h2>
          {result.fetching && !result.data && <Loading />}
          {result.data && !organisations.length && <p>{t('noResults')}</p>}
          <ul className="results">
            {organisations.map((o) => (
              <li key={o.id} data-testid="organisation">
                <Link to={href('organisations', o.slug)}>{o.name}</Link>
                <span className="muted">
                  {' '}
                  · {kindLabel(o.kind, lang)}
                  {o.municipality ? ` · ${o.municipality.name}` : ''}
                  {o.verified ? ` · ✓ ${t('verified')}` : ''}
                  {o.lookingForPartners ? ` · ${t('lookingForPartners')}` : ''}
                </span>
              </li>
            ))}
          </ul>
          {(after || result.data?.organisations.pageInfo.hasNextPage) && (
            <p className="row">
              {after && (
                <Link className="button secondary" to={withQuery(href('directory'), applied)}>
                  {t('firstPage')}
                </Link>
              )}
              {result.data?.organisations.pageInfo.hasNextPage && (
                <Link
                  className="button"
                  to={withQuery(href('directory'), {
                    ...applied,
                    after: result.data.organisations.pageInfo.endCursor ?? undefined,
                  })}
                >
                  {t('nextPage')}
                </Link>
              )}
            </p>
          )}
        </section>
        {municipalities.data && (
          <DistrictMap
            title={t('map')}
            municipalities={municipalities.data.municipalities}
            markers={organisations.map((o) => ({
              id: o.id,
              name: o.name,
              location: o.address?.location ?? null,
              municipalityId: o.municipality?.id ?? null,
              href: href('organisations', o.slug),
            }))}
          />
        )}
      </div>
    </>
  );
}
