// One urql client per session: queries over HTTP (GET, cacheable), mutations POST, subscriptions
// over graphql-ws on the same path. The key goes in the Authorization header and the socket's
// connection parameters, nowhere else.
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import type { Lang } from './i18n';

/** The socket's state as graphql-ws reports it (and the browser's own offline signal). */
export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** The client, `dispose` closing its socket (on sign-out or a change of language), and the socket's state. */
export type ConsoleClient = Client & {
  dispose: () => void;
  connection: () => Connection;
  onConnection: (listener: () => void) => () => void;
};

export function createConsoleClient(key: string | undefined, lang: Lang, origin = location.origin): ConsoleClient {
  const endpoint = `${origin}/graphql`;
  const ws = createWsClient({
    url: endpoint.replace(/^http/, 'ws'),
    lazy: true,
    retryAttempts: Infinity,
    connectionParams: () => ({ ...(key ? { authorization: `Bearer ${key}` } : {}), acceptLanguage: lang }),
  });
  // The state follows graphql-ws's own events, so the "live" note says what the socket really does:
  // a close after a connection means graphql-ws is retrying; the browser going offline wins over both.
  let socket: Exclude<Connection, 'offline'> = 'connecting';
  let everConnected = false;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  const set = (next: typeof socket) => {
    if (next === socket) return;
    socket = next;
    notify();
  };
  ws.on('connecting', () => set(everConnected ? 'reconnecting' : 'connecting'));
  ws.on('connected', () => {
    everConnected = true;
    set('connected');
  });
  ws.on('closed', () => set(everConnected ? 'reconnecting' : 'connecting'));
  window.addEventListener('offline', notify);
  window.addEventListener('online', notify);
  const client = new Client({
    url: endpoint,
    preferGetMethod: 'within-url-limit',
    fetchOptions: () => ({
      headers: {
        accept: 'application/graphql-response+json, application/json',
        'accept-language': lang,
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
    }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
        },
      }),
    ],
  });
  return Object.assign(client, {
    dispose: () => {
      window.removeEventListener('offline', notify);
      window.removeEventListener('online', notify);
      void ws.dispose();
    },
    connection: (): Connection => (navigator.onLine ? socket : 'offline'),
    onConnection: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
}
