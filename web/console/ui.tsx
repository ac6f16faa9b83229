// Shared pieces: the app context (language, session, viewer, navigation), links that stay in the
// single page, and problems shown where they belong.
import { createContext, useContext, useEffect, useId, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useClient } from 'urql';
import type { ConsoleClient } from './client';
import { plainWords, reasonLabel, type ApiProblem } from './format';
import { translate, type Key, type Lang } from './i18n';

export interface ViewerInfo {
  authenticated: boolean;
  coordinator: boolean;
  name: string | null;
  memberships: Array<{ role: string; organisation: { id: string; slug: string; name: string } }>;
}

export interface AppState {
  lang: Lang;
  t: (key: Key, vars?: Record<string, string | number>) => string;
  viewer: ViewerInfo;
  navigate: (to: string, options?: { replace?: boolean }) => void;
}

export const AppContext = createContext<AppState>({
  lang: 'de',
  t: (key, vars) => translate('de', key, vars),
  viewer: { authenticated: false, coordinator: false, name: null, memberships: [] },
  navigate: () => undefined,
});
export const useApp = () => useContext(AppContext);

/** Whether the viewer may edit this organisation's entry (what the API allows: its EDITOR/ADMIN keys, coordinators). */
export function canEdit(viewer: ViewerInfo, organisationId: string): boolean {
  return viewer.coordinator || viewer.memberships.some((m) => m.organisation.id === organisationId && m.role !== 'VIEWER');
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const { navigate } = useApp();
  return (
    <a
      href={to}
      className={className}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** Problems of an action, in plain words, announced to screen readers. */
export function Problems({ problems, id }: { problems: ApiProblem[]; id?: string }) {
  const { lang } = useApp();
  if (!problems.length) return null;
  return (
    <div role="alert" className="problem" id={id}>
      {problems.map((p, i) => (
        <p key={i} data-code={p.code}>
          {plainWords(p, lang)}
        </p>
      ))}
    </div>
  );
}

/** Why the hub suggests a partner: each reason named in the UI language, with the detail the API wrote in that language (queries ask `description(language:)`). */
export function Reasons({ reasons }: { reasons: ReadonlyArray<{ code: string; description: string }> }) {
  const { lang } = useApp();
  return (
    <ul className="reasons">
      {reasons.map((r) => (
        <li key={r.code}>
          <strong>{reasonLabel(r.code, lang)}</strong>: {r.description}
        </li>
      ))}
    </ul>
  );
}

/** A labelled form field with its own problem under it (tied by aria-describedby); `id` when the page names it. */
export function Field({
  label,
  problem,
  id: fixed,
  children,
}: {
  label: string;
  problem?: ApiProblem | undefined;
  id?: string | undefined;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const generated = useId();
  const id = fixed ?? generated;
  const { lang } = useApp();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(problem ? { 'aria-invalid': true, 'aria-describedby': `${id}-problem` } : {}) })}
      {problem && (
        <p className="problem" id={`${id}-problem`} role="alert" data-code={problem.code}>
          {plainWords(problem, lang)}
        </p>
      )}
    </div>
  );
}

/** The screen's heading, focused when the screen opens (keyboard and screen reader users land on it). */
export function Heading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
    if (ref.current) document.title = `${ref.current.textContent} – wir-hub`;
  }, [children]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Loading() {
  const { t } = useApp();
  return (
    <p aria-busy="true" className="muted">
      {t('loading')}
    </p>
  );
}

/**
 * The live note: the websocket's real state from graphql-ws's events (connected, connecting,
 * reconnecting, offline), announced politely when it changes.
 */
export function LiveNote({ testId }: { testId: string }) {
  const { t } = useApp();
  const client = useClient() as ConsoleClient;
  const state = useSyncExternalStore(client.onConnection, client.connection);
  return (
    <p className="muted live" data-testid={testId} data-connection={state} role="status" aria-live="polite">
      {t(`live_${state}`)}
    </p>
  );
}
