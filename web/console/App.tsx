// The console's frame: sign in (or the public view), the navigation the viewer's rights call for,
// and the screen for the current address. What a screen shows is what the API answers for the
// key: the console hides nothing the API would show and shows nothing it would not.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Provider, useQuery } from 'urql';
import { createConsoleClient } from './client';
import { graphql } from './graphql';
import { problemsOf, type ApiProblem } from './format';
import { translate, type Key, type Lang } from './i18n';
import { BASE, clearSession, href, loadLang, loadSession, parseRoute, saveLang, saveSession, type Session } from './state';
import { TextField } from './fields';
import { AppContext, Heading, Link, Loading, Problems, useApp as useAppState, type AppState } from './ui';
import { Directory } from './screens/Directory';
import { OrganisationPage } from './screens/Organisation';
import { EditOrganisation } from './screens/EditOrganisation';
import { Campaigns, CampaignPage } from './screens/Campaigns';
import { PlanEvent, EventPage } from './screens/Planning';
import { Inbox } from './screens/Inbox';
import { Admin } from './screens/Admin';

const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      authenticated
      coordinator
      name
      memberships {
        role
        organisation {
          id
          slug
          name
        }
      }
    }
  }
`);

export function App() {
  const [lang, setLang] = useState<Lang>(loadLang);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [location, setLocation] = useState(() => ({ pathname: window.location.pathname, search: window.location.search }));
  const client = useMemo(() => (session ? createConsoleClient(session.key, lang) : null), [session, lang]);
  // The socket of a client no longer used (signed out, language switched) is closed.
  useEffect(() => () => client?.dispose(), [client]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    const onPop = () => setLocation({ pathname: window.location.pathname, search: window.location.search });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    if (options.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    setLocation({ pathname: window.location.pathname, search: window.location.search });
    window.scrollTo(0, 0);
  }, []);
  const t = useCallback((key: Key, vars?: Record<string, string | number>) => translate(lang, key, vars), [lang]);
  const switchLang = () => {
    const next = lang === 'de' ? 'en' : 'de';
    saveLang(next);
    setLang(next);
  };
  const signOut = () => {
    clearSession();
    setSession(null);
  };
  const base: AppState = {
    lang,
    t,
    navigate,
    viewer: { authenticated: false, coordinator: false, name: null, memberships: [] },
  };
  if (!session || !client) {
    return (
      <AppContext.Provider value={base}>
        <SignIn
          switchLang={switchLang}
          onSignedIn={(next) => {
            saveSession(next);
            setSession(next);
          }}
        />
      </AppContext.Provider>
    );
  }
  return (
    <Provider value={client}>
      <Shell base={base} location={location} switchLang={switchLang} signOut={signOut} />
    </Provider>
  );
}

function Shell({
  base,
  location,
  switchLang,
  signOut,
}: {
  base: AppState;
  location: { pathname: string; search: string };
  switchLang: () => void;
  signOut: () => void;
}) {
  const [{ data, error, fetching }] = useQuery({ query: ViewerQuery });
  const { t } = base;
  if (fetching && !data) return <Loading />;
  if (error || !data) {
    return (
      <main id="main" className="narrow">
        <Problems problems={problemsOf(error)} />
        <button type="button" onClick={signOut}>
          {t('signOut')}
        </button>
      </main>
    );
  }
  const viewer = data.viewer;
  const state: AppState = { ...base, viewer };
  const route = parseRoute(location.pathname, location.search);
  const editorOf = viewer.memberships.filter((m) => m.role !== 'VIEWER');
  const nav: Array<[string, Key, boolean]> = [
    [href('directory'), 'directory', true],
    [href('campaigns'), 'campaigns', true],
    [href('plan'), 'plan', viewer.coordinator || editorOf.length > 0],
    [href('inbox'), 'inbox', viewer.memberships.length > 0],
    [href('admin'), 'admin', viewer.coordinator || viewer.memberships.some((m) => m.role === 'ADMIN')],
  ];
  const current = (path: string) => location.pathname === path || (path === href('directory') && location.pathname === BASE);
  return (
    <AppContext.Provider value={state}>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="top">
        <Link to={href('directory')} className="brand">
          {t('appName')}
        </Link>
        <nav aria-label={t('nav')}>
          <ul>
            {nav
              .filter(([, , shown]) => shown)
              .map(([path, key]) => (
                <li key={key}>
                  <a
                    href={path}
                    aria-current={current(path) ? 'page' : undefined}
                    onClick={(event) => {
                      event.preventDefault();
                      base.navigate(path);
                    }}
                  >
                    {t(key)}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <div className="who">
          <span data-testid="viewer">
            {viewer.authenticated ? t('signedInAs', { name: viewer.name ?? '' }) : t('anonymous')}
            {viewer.coordinator ? ` · ${t('coordinator')}` : ''}
          </span>
          <button type="button" onClick={switchLang} lang={base.lang === 'de' ? 'en' : 'de'}>
            {t('otherLanguage')}
          </button>
          <button type="button" onClick={signOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <main id="main">
        <Screen route={route} />
      </main>
    </AppContext.Provider>
  );
}

function Screen({ route }: { route: ReturnType<typeof parseRoute> }) {
  const { t } = useAppState();
  switch (route.name) {
    case 'directory':
      return <Directory query={route.query} />;
    case 'organisation':
      return <OrganisationPage slug={route.slug} />;
    case 'editOrganisation':
      return <EditOrganisation slug={route.slug} />;
    case 'campaigns':
      return <Campaigns />;
    case 'campaign':
      return <CampaignPage slug={route.slug} />;
    case 'plan':
      return <PlanEvent query={route.query} />;
    case 'event':
      return <EventPage id={route.id} />;
    case 'inbox':
      return <Inbox />;
    case 'admin':
      return <Admin />;
    default:
      return <Heading>{t('notFound')}</Heading>;
  }
}

const SignInQuery = graphql(`
  query ConsoleSignIn {
    viewer {
      authenticated
    }
  }
`);

/** Checks the key against the hub before keeping it: a wrong key is said so at the field. */
function SignIn({ onSignedIn, switchLang }: { onSignedIn: (session: Session) => void; switchLang: () => void }) {
  const { t, lang } = useAppState();
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const check = createConsoleClient(key.trim(), lang);
    const result = await check.query(SignInQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    check.dispose();
    setBusy(false);
    if (result.error || !result.data?.viewer.authenticated) {
      setProblem(problemsOf(result.error)[0] ?? { code: 'UNAUTHENTICATED', message: '' });
      return;
    }
    onSignedIn({ key: key.trim() });
  };
  return (
    <main id="main" className="narrow">
      <p className="lang-switch">
        <button type="button" onClick={switchLang} lang={lang === 'de' ? 'en' : 'de'}>
          {t('otherLanguage')}
        </button>
      </p>
      <Heading>{t('signInTitle')}</Heading>
      <form onSubmit={submit} className="card">
        <TextField
          label={t('apiKey')}
          problem={problem}
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={key}
          onChange={setKey}
          name="apiKey"
        />
        <p className="muted">{t('signInHelp')}</p>
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
      <p>
        <button type="button" className="link" onClick={() => onSignedIn({})}>
          {t('continueAnonymous')}
        </button>
      </p>
    </main>
  );
}
