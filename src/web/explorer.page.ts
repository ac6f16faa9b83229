import { html, page, raw } from './html';

const DEFAULT_QUERY = `# Willkommen im Explorer des wir-hub. Strg+Enter führt die Abfrage aus.
# Welcome to the wir-hub explorer. Press Ctrl+Enter to run the query.
{
  municipalities {
    name
    slug
  }
}
`;

/**
 * The GraphiQL page (`/explorer`, and `/graphql` for browsers): every script and style comes from
 * the hub itself (web/explorer, bundled at build time), so it works with no internet access.
 * `?query=` opens with that document.
 */
export function explorerPage(query: unknown): string {
  const document = typeof query === 'string' && query.length <= 10_000 ? query : DEFAULT_QUERY;
  return page({
    lang: 'de',
    title: 'wir-hub – Explorer',
    head: raw(`<link rel="stylesheet" href="/explorer/assets/explorer.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>`),
    body: html`<div id="graphiql" data-endpoint="/graphql" data-default-query="${document}">
        <p>Der Explorer wird geladen …</p>
      </div>
      <script type="module" src="/explorer/assets/explorer.js"></script>`,
  });
}
