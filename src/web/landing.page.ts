import type { WebAssets } from './assets';
import { html, page, raw } from './html';
import { WIDGET_ATTRIBUTES, widgetSnippets } from './snippets';

/** What the landing page links to; each only when the hub serves it. */
export interface LandingOptions {
  base: string;
  assets: WebAssets;
  explorer: boolean;
  schema: boolean;
  metrics: boolean;
}

const FIRST_QUERY = '{ municipalities { name } }';

/** `GET /`: what the hub is, where to go next, and the widget's how-to with a live example. German first. */
export function landingPage({ base, assets, explorer, schema, metrics }: LandingOptions): string {
  const snippets = widgetSnippets(base, assets.widget);
  const curl = `curl -s ${base}/graphql \\\n  -H 'content-type: application/json' \\\n  -d '{"query":"${FIRST_QUERY}"}'`;
  const body = html` <header>
      <p class="brand">wir-hub</p>
      <h1>Die gemeinsame Schnittstelle des Integrationsnetzwerks im Landkreis Kassel</h1>
      <p>
        Der Hub hält das <strong>Verzeichnis</strong> der Partner (Gemeinden, Vereine, Moscheegemeinden, Initiativen,
        Beratungsstellen) und den <strong>Kalender der gemeinsamen Veranstaltungen</strong>. Jede Software im Netzwerk liest und
        pflegt sie über eine GraphQL-API, mit Live-Aktualisierung.
      </p>
      <nav aria-label="Einstiege">
        <ul>
          ${assets.console ? html`<li><a href="/console">Konsole</a> – Verzeichnis, Kampagnen, gemeinsame Planung, Einladungen (console)</li>` : ''}
          ${explorer ? html`<li><a href="/explorer">Explorer (GraphiQL)</a> – Abfragen im Browser ausprobieren</li>` : ''}
          ${schema ? html`<li><a href="/schema.graphql">Schema</a> – alle Typen und Felder, beschrieben</li>` : ''}
          <li><a href="#widget">Veranstaltungs-Widget</a> – Termine auf Ihrer Website, mit Anleitung</li>
          <li><a href="/embed/events">Widget als iframe</a> – für Seiten ohne Skripte</li>
          <li><a href="#erste-abfrage">Erste Abfrage</a></li>
          <li><a href="/healthz">Status</a>${metrics ? html` · <a href="/metrics">Metriken</a>` : ''}</li>
        </ul>
      </nav>
    </header>
    <main>
      <section aria-labelledby="erste-abfrage">
        <h2 id="erste-abfrage">Erste Abfrage</h2>
        <p>Die 28 Gemeinden des Landkreises, ohne Schlüssel (öffentliche Daten):</p>
        <pre><code>${curl}</code></pre>
        ${explorer ? html`<p><a href="/explorer?query=${encodeURIComponent(FIRST_QUERY)}">Im Explorer öffnen</a></p>` : ''}
      </section>

      <section aria-labelledby="widget">
        <h2 id="widget">Veranstaltungen auf Ihrer Website</h2>
        <p>
          Das Widget <code>&lt;wir-events&gt;</code> zeigt die kommenden öffentlichen Termine – für eine Gemeinde, eine Aktion
          oder Themen – und bleibt ohne Neuladen aktuell. Es lädt nichts von Dritten, setzt keine Cookies und sieht nur
          öffentliche
          Veranstaltungen.${assets.widget ? html` Größe: ${(assets.widget.gzipBytes / 1024).toFixed(1)} kB (gzip).` : ''}
        </p>
        <h3>So sieht es aus</h3>
        <div class="demo">
          <wir-events lang="de" limit="3" heading="Die nächsten Termine im Landkreis" heading-level="4"></wir-events>
        </div>
        ${snippets.map(
          (s) =>
            html`<h3 id="${s.id}">${s.title}</h3>
              <p>${s.lead}</p>
              <pre><code>${s.code}</code></pre>`,
        )}
        <h3 id="attribute">Attribute</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">Attribut</th>
              <th scope="col">Beispiel</th>
              <th scope="col">Bedeutung</th>
            </tr>
          </thead>
          <tbody>
            ${WIDGET_ATTRIBUTES.map(
              (a) =>
                html`<tr>
                  <th scope="row"><code>${a.name}</code></th>
                  <td><code>${a.example}</code></td>
                  <td>${a.meaning}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <p>
          Gestaltung: CSS-Variablen wie <code>--wir-events-accent</code>, <code>--wir-events-bg</code>,
          <code>--wir-events-fg</code>, <code>--wir-events-font</code> am Element setzen, oder einzelne Teile mit
          <code>wir-events::part(item)</code>, <code>::part(title)</code>, <code>::part(badge)</code>,
          <code>::part(link)</code> gestalten.
        </p>
      </section>

      <section lang="en" aria-labelledby="english">
        <h2 id="english">In English</h2>
        <p>
          wir-hub is the GraphQL API of the integration network of the district of Kassel: a shared directory of partners and a
          calendar of joint events, with live updates over graphql-ws. Point any GraphQL client (Apollo Client, urql, Relay,
          graphql-request) at <code>${base}/graphql</code>; browsers on other origins may call it (CORS). Embed upcoming events
          with the two lines under “Eine einfache Web-Seite” above; the attributes are explained in the table.
        </p>
      </section>
    </main>
    <footer><p>wir-hub – WIR: Wegweisende Integrationsansätze Realisieren</p></footer>
    <script type="module" src="/widget.js"></script>`;
  return page({
    lang: 'de',
    title: 'wir-hub – Integrationsnetzwerk Landkreis Kassel',
    head: raw(`<style>${LANDING_CSS}</style>`),
    body,
  });
}

const LANDING_CSS = `
:root { color-scheme: light dark; --fg: #1c1c1e; --bg: #ffffff; --muted: #52525b; --accent: #0b5cad; --code: #f4f4f5; }
@media (prefers-color-scheme: dark) { :root { --fg: #f4f4f5; --bg: #18181b; --muted: #c4c4cc; --accent: #8cc4ff; --code: #27272a; } }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; font: 1rem/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
.brand { font-weight: 700; color: var(--muted); margin: 0; }
h1 { font-size: 1.6rem; line-height: 1.25; }
pre { background: var(--code); padding: 0.75rem; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font-family: ui-monospace, monospace; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: start; vertical-align: top; border-bottom: 1px solid #a1a1aa; padding: 0.4rem; }
.demo { border: 1px dashed #a1a1aa; border-radius: 8px; padding: 0.5rem; }
wir-events { --wir-events-bg: var(--bg); }
@media (prefers-color-scheme: dark) { wir-events { --wir-events-fg: #f4f4f5; --wir-events-muted: #c4c4cc; --wir-events-accent: #8cc4ff; --wir-events-border: #3f3f46; --wir-events-badge-bg: #1e3a5f; --wir-events-badge-fg: #dbeafe; } }
`;
