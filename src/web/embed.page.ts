import { html, page, raw } from './html';

/** The widget attributes a URL parameter of /embed/events may set. */
const EMBED_ATTRIBUTES = [
  'municipality',
  'campaign',
  'topics',
  'lang',
  'limit',
  'days',
  'theme',
  'heading',
  'heading-level',
  'details-url',
] as const;

/**
 * `GET /embed/events?municipality=...`: the widget alone on a page, for sites that can only place
 * an `<iframe>`. It reports its height to the embedding page (`postMessage` of
 * `{ type: "wir-events:resize", height }`), which may resize the iframe to fit.
 */
export function embedPage(query: Record<string, unknown>, widgetSrc: string): string {
  const attributes = EMBED_ATTRIBUTES.flatMap((name) => {
    const value = query[name];
    return typeof value === 'string' && value.length <= 200 ? [html` ${name}="${value}"`] : [];
  });
  const lang = typeof query.lang === 'string' && /^(de|en|tr|ar)$/.test(query.lang) ? query.lang : 'de';
  const body = html`<main><wir-events${attributes}></wir-events></main>
<script type="module" src="${widgetSrc}"></script>
<script>
  // Tell the embedding page how tall the content is, so it can size the iframe (no scroll bars).
  new ResizeObserver(() => {
    parent.postMessage({ type: 'wir-events:resize', height: Math.ceil(document.documentElement.scrollHeight) }, '*');
  }).observe(document.body);
</script>`;
  return page({
    lang,
    title: lang === 'de' ? 'Veranstaltungen' : 'Events',
    head: raw('<style>html,body{margin:0;background:transparent}main{padding:0}</style>'),
    body,
  });
}
