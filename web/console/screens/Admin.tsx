// Administration: coordinators verify organisations; coordinators and ADMIN keys manage API keys
// (a new key's secret is shown once, right after creating it, and never again), the key's own
// feed tokens, and webhooks.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  EVENT_CHANGES,
  ORGANISATION_CHANGES,
  changeLabel,
  formatDateTime,
  kindLabel,
  placeProblems,
  problemsOf,
  wordLabel,
  type ApiProblem,
} from '../format';
import { graphql, type VariablesOf } from '../graphql';
import { href } from '../state';
import { Check, Checks, labelled, named, SelectField, TextField } from '../fields';
import { Heading, Link, Loading, Problems, useApp } from '../ui';

const AdminQuery = graphql(`
  query ConsoleAdmin($coordinator: Boolean!) {
    unverified: organisations(first: 100, filter: { verified: false }) @include(if: $coordinator) {
      edges {
        node {
          id
          slug
          name
          kind
          municipality {
            name
          }
        }
      }
    }
    all: organisations(first: 100) @include(if: $coordinator) {
      edges {
        node {
          id
          name
        }
      }
    }
    apiKeys {
      id
      label
      prefix
      role
      coordinator
      createdAt
      lastUsedAt
      expiresAt
      organisation {
        id
        name
      }
    }
    feedTokens {
      id
      label
      prefix
      createdAt
      revokedAt
    }
    webhooks {
      id
      url
      description
      enabled
      createdAt
      filter {
        eventKinds
        organisationKinds
        municipalityIds
        organisationIds
        campaignIds
      }
    }
    municipalities {
      id
      name
    }
    campaigns(first: 50) {
      id
      name
    }
  }
`);

const Verify = graphql(`
  mutation ConsoleVerify($id: ID!) {
    verifyOrganisation(id: $id) {
      id
      verified
    }
  }
`);
const CreateKey = graphql(`
  mutation ConsoleCreateKey($input: ApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        id
        label
      }
    }
  }
`);
const RevokeKey = graphql(`
  mutation ConsoleRevokeKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);
const CreateFeedToken = graphql(`
  mutation ConsoleCreateFeedToken($label: String!) {
    createFeedToken(label: $label) {
      secret
      icsUrl
      feedToken {
        id
      }
    }
  }
`);
const RevokeFeedToken = graphql(`
  mutation ConsoleRevokeFeedToken($id: ID!) {
    revokeFeedToken(id: $id) {
      id
      revokedAt
    }
  }
`);
const CreateWebhook = graphql(`
  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        id
      }
    }
  }
`);
const DeleteWebhook = graphql(`
  mutation ConsoleDeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

type Role = 'ADMIN' | 'EDITOR' | 'VIEWER';

export function Admin() {
  const { t, lang, viewer } = useApp();
  const admin = viewer.memberships.find((m) => m.role === 'ADMIN');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: AdminQuery,
    variables: { coordinator: viewer.coordinator },
    requestPolicy: 'cache-and-network',
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const [problems, setProblems] = useState<Record<string, ApiProblem[]>>({});
  const [secret, setSecret] = useState<{ what: string; value: string } | null>(null);
  const [keyForm, setKeyForm] = useState({
    label: '',
    role: 'EDITOR' as Role,
    organisationId: admin?.organisation.id ?? '',
    coordinator: false,
  });
  const [feedLabel, setFeedLabel] = useState('');
  const emptyHook = {
    url: '',
    description: '',
    eventKinds: [] as string[],
    organisationKinds: [] as string[],
    municipalityId: '',
    organisationId: '',
    campaignId: '',
  };
  const [hook, setHook] = useState(emptyHook);
  const [, verify] = useMutation(Verify);
  const [, createKey] = useMutation(CreateKey);
  const [, revokeKey] = useMutation(RevokeKey);
  const [, createFeed] = useMutation(CreateFeedToken);
  const [, revokeFeed] = useMutation(RevokeFeedToken);
  const [, createHook] = useMutation(CreateWebhook);
  const [, deleteHook] = useMutation(DeleteWebhook);
  if (!viewer.coordinator && !admin) return <Heading>{t('notFound')}</Heading>;
  if (fetching && !data) return <Loading />;
  const done = (name: string, error: unknown) => {
    setProblems((p) => ({ ...p, [name]: problemsOf(error) }));
    if (!error) reload();
    return !error;
  };
  const keyFields = placeProblems(problems.key ?? []);
  const hookFields = placeProblems(problems.hook ?? []);
  // A webhook may be narrowed to any organisation the key sees (coordinators) or the key's own.
  const hookOrganisations = data?.all?.edges.map((e) => e.node) ?? viewer.memberships.map((m) => m.organisation);
  const names = new Map<string, string>(
    [...(data?.municipalities ?? []), ...(data?.campaigns ?? []), ...hookOrganisations].map((x) => [x.id, x.name]),
  );
  const describeFilter = (f: {
    eventKinds?: string[] | null;
    organisationKinds?: string[] | null;
    municipalityIds: string[];
    organisationIds: string[];
    campaignIds: string[];
  }) => {
    const parts = [
      ...(f.eventKinds ? [f.eventKinds.map((k) => changeLabel(EVENT_CHANGES, k, lang)).join(', ') || t('hookNoEvents')] : []),
      ...(f.organisationKinds
        ? [f.organisationKinds.map((k) => changeLabel(ORGANISATION_CHANGES, k, lang)).join(', ') || t('hookNoOrganisations')]
        : []),
      ...[...f.municipalityIds, ...f.organisationIds, ...f.campaignIds].map((id) => names.get(id) ?? id),
    ];
    return parts.length ? t('hookFiltered', { filter: parts.join(' · ') }) : '';
  };
  const submitKey = async (event: FormEvent) => {
    event.preventDefault();
    const result = await createKey({
      input: {
        label: keyForm.label,
        ...(keyForm.coordinator ? { coordinator: true } : { organisationId: keyForm.organisationId || null, role: keyForm.role }),
      },
    });
    if (done('key', result.error)) {
      setSecret({ what: result.data!.createApiKey.apiKey.label, value: result.data!.createApiKey.secret });
      setKeyForm((f) => ({ ...f, label: '' }));
    }
  };
  return (
    <>
      <Heading>{t('admin')}</Heading>
      <Problems problems={problemsOf(error)} />
      {secret && (
        <div className="card secret" role="status" data-testid="secret">
          <p>
            {t('secretOnce')} <strong>{secret.what}</strong>
          </p>
          <code>{secret.value}</code>
          <p>
            <button type="button" onClick={() => setSecret(null)}>
              OK
            </button>
          </p>
        </div>
      )}
      {viewer.coordinator && data?.unverified && (
        <section className="card" aria-labelledby="verify-heading">
          <h2 id="verify-heading">{t('unverified')}</h2>
          {!data.unverified.edges.length && <p>{t('none')}</p>}
          <ul className="plain">
            {data.unverified.edges.map(({ node: o }) => (
              <li key={o.id}>
                <Link to={href('organisations', o.slug)}>{o.name}</Link>{' '}
                <span className="muted">
                  {kindLabel(o.kind, lang)}
                  {o.municipality ? ` · ${o.municipality.name}` : ''}
                </span>{' '}
                <button
                  type="button"
                  aria-label={`${t('verify')}: ${o.name}`}
                  onClick={async () => done(o.id, (await verify({ id: o.id })).error)}
                >
                  {t('verify')}
                </button>
                <Problems problems={problems[o.id] ?? []} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t('apiKeys')}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('apiKeys')}>
          <table data-testid="api-keys">
            <thead>
              <tr>
                <th scope="col">{t('label')}</th>
                <th scope="col">Präfix / prefix</th>
                <th scope="col">{t('organisation')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('lastConfirmed').replace(/.*/, lang === 'de' ? 'Zuletzt benutzt' : 'Last used')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data?.apiKeys.map((k) => (
                <tr key={k.id} data-label={k.label}>
                  <td>{k.label}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.coordinator ? t('coordinator') : (k.organisation?.name ?? t('none'))}</td>
                  <td>{k.role ? wordLabel(k.role, lang) : t('none')}</td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, lang) : t('none')}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`${t('revoke')}: ${k.label}`}
                      onClick={async () => done(`revoke-${k.id}`, (await revokeKey({ id: k.id })).error)}
                    >
                      {t('revoke')}
                    </button>
                    <Problems problems={problems[`revoke-${k.id}`] ?? []} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form onSubmit={submitKey} className="row" data-testid="create-key">
          <TextField
            label={t('label')}
            problem={keyFields.fields.label}
            required
            value={keyForm.label}
            onChange={(v) => setKeyForm({ ...keyForm, label: v })}
          />
          {viewer.coordinator && (
            <Check className="check" checked={keyForm.coordinator} onChange={(on) => setKeyForm({ ...keyForm, coordinator: on })}>
              {t('coordinator')}
            </Check>
          )}
          {!keyForm.coordinator && (
            <>
              <SelectField
                label={t('organisation')}
                problem={keyFields.fields.organisationId}
                value={keyForm.organisationId}
                onChange={(v) => setKeyForm({ ...keyForm, organisationId: v })}
                {...(viewer.coordinator
                  ? { empty: t('none'), options: named(data?.all?.edges.map(({ node }) => node)) }
                  : { options: named([admin!.organisation]) })}
              />
              <SelectField
                label={t('role')}
                problem={keyFields.fields.role}
                value={keyForm.role}
                onChange={(v) => setKeyForm({ ...keyForm, role: v as Role })}
                options={labelled(['VIEWER', 'EDITOR', 'ADMIN'], (r) => wordLabel(r, lang))}
              />
            </>
          )}
          <button type="submit">{t('createKey')}</button>
          <Problems problems={keyFields.general} />
        </form>
      </section>
      <section className="card" aria-labelledby="feeds-heading">
        <h2 id="feeds-heading">{t('feedTokens')}</h2>
        <ul className="plain">
          {data?.feedTokens
            .filter((f) => !f.revokedAt)
            .map((f) => (
              <li key={f.id}>
                {f.label} <code>{f.prefix}…</code>{' '}
                <button
                  type="button"
                  className="secondary"
                  onClick={async () => done(`feed-${f.id}`, (await revokeFeed({ id: f.id })).error)}
                >
                  {t('revoke')}
                </button>
                <Problems problems={problems[`feed-${f.id}`] ?? []} />
              </li>
            ))}
        </ul>
        <form
          className="row"
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await createFeed({ label: feedLabel });
            if (done('feed', result.error)) {
              setSecret({ what: feedLabel, value: result.data!.createFeedToken.icsUrl });
              setFeedLabel('');
            }
          }}
        >
          <TextField
            label={t('label')}
            problem={placeProblems(problems.feed ?? []).fields.label}
            required
            value={feedLabel}
            onChange={setFeedLabel}
          />
          <button type="submit">{t('createFeedToken')}</button>
          <Problems problems={placeProblems(problems.feed ?? []).general} />
        </form>
      </section>
      <section className="card" aria-labelledby="hooks-heading">
        <h2 id="hooks-heading">{t('webhooks')}</h2>
        <ul className="plain">
          {data?.webhooks.map((w) => (
            <li key={w.id} data-testid="webhook" data-url={w.url}>
              <code>{w.url}</code> {w.description}{' '}
              <span className="muted" data-testid="webhook-filter">
                {describeFilter(w.filter)}
              </span>{' '}
              <button
                type="button"
                className="secondary"
                onClick={async () => done(`hook-${w.id}`, (await deleteHook({ id: w.id })).error)}
              >
                {t('delete')}
              </button>
              <Problems problems={problems[`hook-${w.id}`] ?? []} />
            </li>
          ))}
        </ul>
        <form
          className="row"
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await createHook({
              input: { url: hook.url, description: hook.description || null, filter: hookFilter(hook) },
            });
            if (done('hook', result.error)) {
              setSecret({ what: hook.url, value: result.data!.createWebhook.secret });
              setHook(emptyHook);
            }
          }}
        >
          <TextField
            label={t('url')}
            problem={hookFields.fields.url}
            required
            value={hook.url}
            onChange={(v) => setHook({ ...hook, url: v })}
          />
          <TextField
            label={t('description')}
            problem={hookFields.fields.description}
            value={hook.description}
            onChange={(v) => setHook({ ...hook, description: v })}
          />
          <fieldset>
            <legend>{t('hookFilter')}</legend>
            {(
              [
                ['eventKinds', 'hookEventKinds', EVENT_CHANGES],
                ['organisationKinds', 'hookOrganisationKinds', ORGANISATION_CHANGES],
              ] as const
            ).map(([field, legend, table]) => (
              <Checks
                key={field}
                className="checks"
                legend={t(legend)}
                options={labelled(Object.keys(table), (kind) => changeLabel(table, kind, lang))}
                chosen={hook[field]}
                onChange={(kinds) => setHook({ ...hook, [field]: kinds })}
              />
            ))}
            <SelectField
              label={t('municipality')}
              value={hook.municipalityId}
              onChange={(v) => setHook({ ...hook, municipalityId: v })}
              empty={t('anyMunicipality')}
              options={named(data?.municipalities)}
            />
            <SelectField
              label={t('organisation')}
              value={hook.organisationId}
              onChange={(v) => setHook({ ...hook, organisationId: v })}
              empty={t('anyOrganisation')}
              options={named(hookOrganisations)}
            />
            <SelectField
              label={t('campaign')}
              value={hook.campaignId}
              onChange={(v) => setHook({ ...hook, campaignId: v })}
              empty={t('anyCampaign')}
              options={named(data?.campaigns)}
            />
          </fieldset>
          <button type="submit">{t('createWebhook')}</button>
          <Problems problems={hookFields.general} />
        </form>
      </section>
    </>
  );
}

/**
 * The filter the form asks for: ticked kinds narrow that side; when only one side is ticked, the
 * other gets none (a list left out means every kind, so ticking only event kinds would otherwise
 * still deliver every directory change).
 */
type HookFilterInput = NonNullable<VariablesOf<typeof CreateWebhook>['input']['filter']>;

function hookFilter(hook: {
  eventKinds: string[];
  organisationKinds: string[];
  municipalityId: string;
  organisationId: string;
  campaignId: string;
}) {
  const anyKind = hook.eventKinds.length > 0 || hook.organisationKinds.length > 0;
  const filter = {
    ...(anyKind ? { eventKinds: hook.eventKinds, organisationKinds: hook.organisationKinds } : {}),
    ...(hook.municipalityId ? { municipalityIds: [hook.municipalityId] } : {}),
    ...(hook.organisationId ? { organisationIds: [hook.organisationId] } : {}),
    ...(hook.campaignId ? { campaignIds: [hook.campaignId] } : {}),
  };
  return Object.keys(filter).length ? (filter as HookFilterInput) : null;
}
