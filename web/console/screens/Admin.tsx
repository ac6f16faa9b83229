// Administration: coordinators verify organisations; coordinators and ADMIN keys manage API keys
// (a new key's secret is shown once, right after creating it, and never again), the key's own
// feed tokens, and webhooks.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { formatDateTime, kindLabel, placeProblems, problemsOf, wordLabel, type ApiProblem } from '../format';
import { graphql } from '../graphql';
import { href } from '../state';
import { Field, Heading, Link, Loading, Problems, useApp } from '../ui';

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
  const [hook, setHook] = useState({ url: '', description: '' });
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
          <Field label={t('label')} problem={keyFields.fields.label}>
            {(p) => (
              <input {...p} required value={keyForm.label} onChange={(e) => setKeyForm({ ...keyForm, label: e.target.value })} />
            )}
          </Field>
          {viewer.coordinator && (
            <label className="check">
              <input
                type="checkbox"
                checked={keyForm.coordinator}
                onChange={(e) => setKeyForm({ ...keyForm, coordinator: e.target.checked })}
              />{' '}
              {t('coordinator')}
            </label>
          )}
          {!keyForm.coordinator && (
            <>
              <Field label={t('organisation')} problem={keyFields.fields.organisationId}>
                {(p) => (
                  <select
                    {...p}
                    value={keyForm.organisationId}
                    onChange={(e) => setKeyForm({ ...keyForm, organisationId: e.target.value })}
                  >
                    {viewer.coordinator ? (
                      <>
                        <option value="">{t('none')}</option>
                        {data?.all?.edges.map(({ node: o }) => (
                          <option key={o.id} value={o.id}>
                            {o.name}
                          </option>
                        ))}
                      </>
                    ) : (
                      <option value={admin!.organisation.id}>{admin!.organisation.name}</option>
                    )}
                  </select>
                )}
              </Field>
              <Field label={t('role')} problem={keyFields.fields.role}>
                {(p) => (
                  <select {...p} value={keyForm.role} onChange={(e) => setKeyForm({ ...keyForm, role: e.target.value as Role })}>
                    {(['VIEWER', 'EDITOR', 'ADMIN'] as const).map((r) => (
                      <option key={r} value={r}>
                        {wordLabel(r, lang)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
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
          <Field label={t('label')} problem={placeProblems(problems.feed ?? []).fields.label}>
            {(p) => <input {...p} required value={feedLabel} onChange={(e) => setFeedLabel(e.target.value)} />}
          </Field>
          <button type="submit">{t('createFeedToken')}</button>
          <Problems problems={placeProblems(problems.feed ?? []).general} />
        </form>
      </section>
      <section className="card" aria-labelledby="hooks-heading">
        <h2 id="hooks-heading">{t('webhooks')}</h2>
        <ul className="plain">
          {data?.webhooks.map((w) => (
            <li key={w.id}>
              <code>{w.url}</code> {w.description}{' '}
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
            const result = await createHook({ input: { url: hook.url, description: hook.description || null } });
            if (done('hook', result.error)) {
              setSecret({ what: hook.url, value: result.data!.createWebhook.secret });
              setHook({ url: '', description: '' });
            }
          }}
        >
          <Field label={t('url')} problem={hookFields.fields.url}>
            {(p) => <input {...p} required value={hook.url} onChange={(e) => setHook({ ...hook, url: e.target.value })} />}
          </Field>
          <Field label={t('description')} problem={hookFields.fields.description}>
            {(p) => <input {...p} value={hook.description} onChange={(e) => setHook({ ...hook, description: e.target.value })} />}
          </Field>
          <button type="submit">{t('createWebhook')}</button>
          <Problems problems={hookFields.general} />
        </form>
      </section>
    </>
  );
}
