/**
 * The widget's styles, inside its shadow root: the host page's CSS cannot break them, and the host
 * themes them through the custom properties below and the `::part()`s named in the README.
 * Colours meet WCAG 2.2 AA contrast (4.5:1 for text) in light and dark.
 */
export const STYLES = /* css */ `
:host {
  --wir-events-bg: #ffffff;
  --wir-events-fg: #1c1c1e;
  --wir-events-muted: #52525b;
  --wir-events-accent: #0b5cad;
  --wir-events-border: #d4d4d8;
  --wir-events-badge-bg: #e8f1fb;
  --wir-events-badge-fg: #0b3f78;
  --wir-events-cancelled: #a3161b;
  --wir-events-radius: 8px;
  --wir-events-font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif;
  display: block;
  container-type: inline-size;
  color: var(--wir-events-fg);
  background: var(--wir-events-bg);
  font-family: var(--wir-events-font);
  font-size: 1rem;
  line-height: 1.45;
}
:host([theme="dark"]) {
  --wir-events-bg: #18181b;
  --wir-events-fg: #f4f4f5;
  --wir-events-muted: #c4c4cc;
  --wir-events-accent: #8cc4ff;
  --wir-events-border: #3f3f46;
  --wir-events-badge-bg: #1e3a5f;
  --wir-events-badge-fg: #dbeafe;
  --wir-events-cancelled: #ff9b9b;
}
@media (prefers-color-scheme: dark) {
  :host([theme="auto"]) {
    --wir-events-bg: #18181b;
    --wir-events-fg: #f4f4f5;
    --wir-events-muted: #c4c4cc;
    --wir-events-accent: #8cc4ff;
    --wir-events-border: #3f3f46;
    --wir-events-badge-bg: #1e3a5f;
    --wir-events-badge-fg: #dbeafe;
    --wir-events-cancelled: #ff9b9b;
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.root { padding: 0.75rem; min-width: 0; }
h2 { font-size: 1.25rem; margin: 0 0 0.75rem; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
article {
  border: 1px solid var(--wir-events-border);
  border-radius: var(--wir-events-radius);
  padding: 0.75rem;
  display: grid;
  gap: 0.35rem;
  overflow-wrap: anywhere;
}
h3 { font-size: 1.05rem; margin: 0; }
article p { margin: 0; }
.cancelled h3 .title { text-decoration: line-through; }
.status { color: var(--wir-events-cancelled); font-weight: 600; }
.when { font-weight: 600; }
.meta, .organisers { color: var(--wir-events-muted); margin: 0; }
.badges { display: flex; flex-wrap: wrap; gap: 0.35rem; margin: 0; padding: 0; }
.badges li {
  background: var(--wir-events-badge-bg);
  color: var(--wir-events-badge-fg);
  border-radius: 999px;
  padding: 0.05rem 0.6rem;
  font-size: 0.875rem;
}
.links { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
a { color: var(--wir-events-accent); text-underline-offset: 2px; }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--wir-events-accent); outline-offset: 2px; border-radius: 2px; }
summary { cursor: pointer; color: var(--wir-events-accent); }
details p { margin: 0.35rem 0 0; }
.message { border-inline-start: 4px solid var(--wir-events-accent); padding: 0.5rem 0.75rem; margin: 0; }
.message.error { border-color: var(--wir-events-cancelled); }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
@container (min-width: 36rem) {
  article { grid-template-columns: 11rem 1fr; column-gap: 1rem; }
  article > .when { grid-row: span 6; }
}
`;
