// The console's state outside React: the signed-in key (sessionStorage only: it never goes into a
// URL, a log or localStorage, and signing out removes it), the language, and the routes.
import type { Lang } from './i18n';

export const BASE = '/console';
const KEY_ITEM = 'wirhub.console.key';
const ANONYMOUS_ITEM = 'wirhub.console.anonymous';
const LANG_ITEM = 'wirhub.console.lang';

export interface Session {
  /** The API key's secret; undefined for the public view. */
  key?: string;
}

export function loadSession(storage: Storage = sessionStorage): Session | null {
  const key = storage.getItem(KEY_ITEM);
  if (key) return { key };
  return storage.getItem(ANONYMOUS_ITEM) ? {} : null;
}

export function saveSession(session: Session, storage: Storage = sessionStorage): void {
  storage.removeItem(KEY_ITEM);
  storage.removeItem(ANONYMOUS_ITEM);
  if (session.key) storage.setItem(KEY_ITEM, session.key);
  else storage.setItem(ANONYMOUS_ITEM, '1');
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(KEY_ITEM);
  storage.removeItem(ANONYMOUS_ITEM);
}

/** The language: the one chosen before (not secret, so localStorage), else German. */
export function loadLang(storage: Storage = localStorage): Lang {
  return storage.getItem(LANG_ITEM) === 'en' ? 'en' : 'de';
}
export function saveLang(lang: Lang, storage: Storage = localStorage): void {
  storage.setItem(LANG_ITEM, lang);
}

export type Route =
  | { name: 'directory'; query: URLSearchParams }
  | { name: 'organisation'; slug: string }
  | { name: 'editOrganisation'; slug: string }
  | { name: 'campaigns' }
  | { name: 'campaign'; slug: string }
  | { name: 'plan'; query: URLSearchParams }
  | { name: 'event'; id: string }
  | { name: 'inbox' }
  | { name: 'admin' }
  | { name: 'notFound' };

/** The route of a path under /console (with its search string). */
export function parseRoute(pathname: string, search = ''): Route {
  const query = new URLSearchParams(search);
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const [first, second, third] = parts;
  if (!first || (first === 'directory' && !second)) return { name: 'directory', query };
  if (first === 'organisations' && second && !third) return { name: 'organisation', slug: second };
  if (first === 'organisations' && second && third === 'edit' && parts.length === 3)
    return { name: 'editOrganisation', slug: second };
  if (first === 'campaigns' && !second) return { name: 'campaigns' };
  if (first === 'campaigns' && second && !third) return { name: 'campaign', slug: second };
  if (first === 'plan' && !second) return { name: 'plan', query };
  if (first === 'events' && second && !third) return { name: 'event', id: second };
  if (first === 'inbox' && !second) return { name: 'inbox' };
  if (first === 'admin' && !second) return { name: 'admin' };
  return { name: 'notFound' };
}

/** A console URL: `href('organisations', slug)` → "/console/organisations/<slug>". */
export function href(...parts: string[]): string {
  const path = parts.map(encodeURIComponent).join('/');
  return path ? `${BASE}/${path}` : BASE;
}

/** A query string from the set values of `params` (for filters kept in the URL: never the key). */
export function withQuery(path: string, params: Record<string, string | boolean | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === false || value === '') continue;
    query.set(name, value === true ? '1' : value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
