import type { WidgetBundle } from './assets';

/** One copy-paste snippet for the how-to (landing page and README). */
export interface Snippet {
  id: string;
  title: string;
  lead: string;
  code: string;
}

/** The attributes of `<wir-events>`, explained (German first: the partners' language). */
export const WIDGET_ATTRIBUTES: ReadonlyArray<{ name: string; example: string; meaning: string }> = [
  {
    name: 'municipality',
    example: 'baunatal',
    meaning:
      'Nur Veranstaltungen dieser Gemeinde (Kurzname/Slug, z. B. baunatal, vellmar, hofgeismar). Ohne: der ganze Landkreis.',
  },
  { name: 'campaign', example: 'interkulturelle-woche-2027', meaning: 'Nur Veranstaltungen dieser Aktion (Slug der Aktion).' },
  {
    name: 'topics',
    example: 'language-support, culture',
    meaning: 'Nur diese Themen (mit Komma getrennt; Werte des Topic-Enums, klein oder groß geschrieben).',
  },
  {
    name: 'lang',
    example: 'de',
    meaning:
      'Sprache: de (Standard), en, tr oder ar (von rechts nach links). Titel erscheinen übersetzt, wo es eine Übersetzung gibt.',
  },
  { name: 'limit', example: '10', meaning: 'Höchstens so viele Termine (1–100, Standard 10).' },
  { name: 'days', example: '180', meaning: 'So viele Tage im Voraus (1–366, Standard 180).' },
  { name: 'theme', example: 'auto', meaning: 'light (Standard), dark, oder auto (folgt der Einstellung des Geräts).' },
  { name: 'heading', example: 'Termine in Baunatal', meaning: 'Eigene Überschrift statt „Veranstaltungen in …“.' },
  {
    name: 'heading-level',
    example: '2',
    meaning: 'Ebene der Überschrift (2–6, Standard 2), passend zur Gliederung Ihrer Seite.',
  },
  {
    name: 'details-url',
    example: 'https://www.verein.de/termin?id={id}',
    meaning:
      'Adresse Ihrer eigenen Seite zu einem Termin; {id} wird durch die ID der Veranstaltung ersetzt. Der Titel wird dann ein Link dorthin.',
  },
  {
    name: 'hub',
    example: 'https://hub.example.org',
    meaning: 'Adresse des Hubs; nur nötig, wenn das Skript nicht vom Hub selbst geladen wird.',
  },
];

/** The snippets for a hub at `base` (e.g. "https://hub.example.org"). */
export function widgetSnippets(base: string, widget: WidgetBundle | undefined): Snippet[] {
  const pinned = widget
    ? `<script type="module" src="${base}/widget/${widget.version}.js"\n        integrity="${widget.integrity}" crossorigin="anonymous"></script>`
    : `<script type="module" src="${base}/widget.js"></script>`;
  const element = `<wir-events municipality="baunatal" lang="de" limit="10"></wir-events>`;
  return [
    {
      id: 'snippet-page',
      title: 'Eine einfache Web-Seite',
      lead: 'Diese zwei Zeilen an die Stelle der Seite kopieren, an der die Termine stehen sollen. Die Liste bleibt von selbst aktuell.',
      code: `<script type="module" src="${base}/widget.js"></script>\n${element}`,
    },
    {
      id: 'snippet-pinned',
      title: 'Mit fester Version und Integritätsprüfung',
      lead: 'Lädt genau diese Version des Widgets (ein Jahr lang zwischengespeichert); der Browser prüft den Hash. Nach einem Update des Hubs hier den neuen Ausschnitt holen.',
      code: `${pinned}\n${element}`,
    },
    {
      id: 'snippet-wordpress',
      title: 'WordPress (Block „Individuelles HTML“)',
      lead: 'Im Block-Editor „+“ → „Individuelles HTML“ (Custom HTML) wählen, den Ausschnitt einfügen, speichern. Jimdo: Element „Widget/HTML“.',
      code: `<!-- wp:html -->\n<script type="module" src="${base}/widget.js"></script>\n<wir-events municipality="baunatal" campaign="interkulturelle-woche-2027" lang="de" limit="5" theme="auto"></wir-events>\n<!-- /wp:html -->`,
    },
    {
      id: 'snippet-iframe',
      title: 'Ohne Skripte: als iframe',
      lead: 'Für Baukästen, die keine Skripte erlauben. Die Attribute werden zu URL-Parametern. Das kleine Skript darunter (optional) passt die Höhe an den Inhalt an.',
      code: `<iframe src="${base}/embed/events?municipality=baunatal&amp;lang=de&amp;limit=10"\n        title="Veranstaltungen" loading="lazy" style="width:100%;min-height:480px;border:0"></iframe>\n<script>\n  addEventListener('message', (e) => {\n    if (e.origin !== '${base}' || e.data?.type !== 'wir-events:resize') return;\n    for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';\n  });\n</script>`,
    },
  ];
}
