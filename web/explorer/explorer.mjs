// The hub's GraphQL explorer: GraphiQL from npm, bundled by web/build.mjs and served by the hub
// itself (src/web), so it works offline and behind firewalls. Queries and mutations go over HTTP to
// the same origin, subscriptions over graphql-ws on the same path.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const root = document.getElementById('graphiql');
const endpoint = new URL(root.dataset.endpoint || '/graphql', location.href);
const socket = new URL(endpoint);
socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({
  url: endpoint.href,
  wsClient: createClient({ url: socket.href, lazy: true, retryAttempts: 5 }),
});

createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: root.dataset.defaultQuery,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  }),
);
