// One urql client per session: queries over HTTP (GET, cacheable), mutations POST, subscriptions
// over graphql-ws on the same path. The key goes in the Authorization header and the socket's
// connection parameters, nowhere else.
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import type { Lang } from './i18n';

/** The client, and `dispose` closing its socket (on sign-out or a change of language). */
export type ConsoleClient = Client & { dispose: () => void };

export function createConsoleClient(key: string | undefined, lang: Lang, origin = location.origin): ConsoleClient {
  const endpoint = `${origin}/graphql`;
  const ws = createWsClient({
    url: endpoint.replace(/^http/, 'ws'),
    lazy: true,
    retryAttempts: Infinity,
    connectionParams: () => ({ ...(key ? { authorization: `Bearer ${key}` } : {}), acceptLanguage: lang }),
  });
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
  return Object.assign(client, { dispose: () => void ws.dispose() });
}
