import { html, page, raw } from './html';

/**
 * The console's Content-Security-Policy: only the hub's own scripts, styles and connections (its
 * GraphQL endpoint over HTTP and websocket; CSP 3's 'self' covers ws/wss to the same host), no
 * inline script, no framing (the API key is typed here).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The coordinators' console (`/console` and every path under it: the single page routes in the
 * browser): a shell that loads web/console's bundle from the hub itself, so it works offline.
 * Without JavaScript it says what it needs.
 */
export function consolePage(): string {
  return page({
    lang: 'de',
    title: 'wir-hub – Konsole',
    head: raw(`<link rel="stylesheet" href="/console/assets/console.css">
<script type="module" src="/console/assets/console.js"></script>`),
    body: html`<div id="console">
      <noscript>
        <p>Die Konsole braucht JavaScript. / The console needs JavaScript.</p>
      </noscript>
    </div>`,
  });
}
