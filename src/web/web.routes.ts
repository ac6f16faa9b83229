import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import { printSchema, type GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import { loadWebAssets, type WebAssets } from './assets';
import { CONSOLE_CSP, consolePage } from './console.page';
import { anyOrigin } from './cross-origin';
import { embedPage } from './embed.page';
import { explorerPage } from './explorer.page';
import { landingPage } from './landing.page';

export interface WebOptions {
  config: Config;
  schema: GraphQLSchema;
  /** The built assets (default: dist/web). */
  assets?: WebAssets;
}

const YEAR_S = 31_536_000;
const NOT_BUILT = 'The browser assets are not built: run `npm run build` (npm install and npm start do it).';

/** `X-Content-Type-Options: nosniff` on everything the hub serves (pages, assets, /graphql). */
export const noSniff: RequestHandler = (_req, res, next) => {
  res.setHeader('x-content-type-options', 'nosniff');
  next();
};

/**
 * The pages for people and partners' pages: `/` (landing page and how-to), `/widget.js` and
 * `/widget/<version>.js` (the events widget), `/embed/events` (the widget in an iframe),
 * `/explorer` (GraphiQL, offline), `/console` (the coordinators' console, offline) and
 * `/schema.graphql`. Mounted after `/graphql` (which GraphQL requests need not walk past these routes).
 */
export function webRouter({ config, schema, assets = loadWebAssets() }: WebOptions): Router {
  const router = express.Router();
  router.use(noSniff);
  const base = (req: express.Request) => config.PUBLIC_URL ?? `${req.protocol}://${req.get('host')}`;
  const htmlPage = (res: express.Response, body: string) =>
    res.status(200).type('html').setHeader('cache-control', 'no-cache').send(body);

  router.get('/', (req, res) => {
    htmlPage(
      res,
      landingPage({
        base: base(req),
        assets,
        explorer: config.EXPLORER_ENABLED && assets.explorer,
        schema: config.GRAPHQL_INTROSPECTION,
        metrics: config.METRICS_ENABLED,
      }),
    );
  });

  const widget = assets.widget;
  // The latest widget: cached an hour, so pages pick up a new hub version the same day.
  router.get('/widget.js', anyOrigin, (_req, res) => {
    if (!widget) return void res.status(503).type('text/plain').send(NOT_BUILT);
    res
      .type('text/javascript')
      .setHeader('cache-control', 'public, max-age=3600, stale-while-revalidate=86400')
      .setHeader('etag', `"${widget.version}"`);
    if (_req.headers['if-none-match'] === `"${widget.version}"`) return void res.status(304).end();
    res.send(widget.body);
  });
  // One version, forever (the how-to's snippet with its integrity hash).
  router.get('/widget/:file', anyOrigin, (req, res) => {
    if (!widget || req.params.file !== `${widget.version}.js`) {
      return void res
        .status(404)
        .type('text/plain')
        .send('No such widget version: use /widget.js or the snippet on the landing page.');
    }
    res.type('text/javascript').setHeader('cache-control', `public, max-age=${YEAR_S}, immutable`).send(widget.body);
  });

  router.get('/embed/events', (req, res) => {
    htmlPage(res, embedPage(req.query as Record<string, unknown>, '/widget.js'));
  });

  if (config.GRAPHQL_INTROSPECTION) {
    const sdl = printSchema(schema);
    router.get('/schema.graphql', (_req, res) => {
      res.type('text/plain; charset=utf-8').setHeader('cache-control', 'no-cache').send(sdl);
    });
  }

  if (config.EXPLORER_ENABLED) {
    router.get('/explorer', (req, res) => {
      if (!assets.explorer) return void res.status(503).type('text/plain').send(NOT_BUILT);
      htmlPage(res, explorerPage(req.query.query));
    });
    router.use(
      '/explorer/assets',
      express.static(path.join(assets.dir, 'explorer', 'assets'), {
        index: false,
        fallthrough: false,
        setHeaders: (res, file) => {
          // Chunks carry a content hash in their names; the two entry files do not.
          const hashed = /-[\w-]{8}\.\w+$/.test(path.basename(file));
          res.setHeader('cache-control', hashed ? `public, max-age=${YEAR_S}, immutable` : 'no-cache');
        },
      }),
    );
  }

  // The console: its assets (content-hashed chunks forever, the entry files revalidated), then the
  // page for /console and every path below it, which the single page routes in the browser.
  router.use(
    '/console/assets',
    express.static(path.join(assets.dir, 'console', 'assets'), {
      index: false,
      fallthrough: false,
      setHeaders: (res, file) => {
        const hashed = /-[\w-]{8}\.\w+$/.test(path.basename(file));
        res.setHeader('cache-control', hashed ? `public, max-age=${YEAR_S}, immutable` : 'no-cache');
      },
    }),
  );
  router.get(['/console', '/console/{*rest}'], (_req, res) => {
    if (!assets.console) return void res.status(503).type('text/plain').send(NOT_BUILT);
    res
      .setHeader('content-security-policy', CONSOLE_CSP)
      .setHeader('referrer-policy', 'no-referrer')
      .setHeader('x-frame-options', 'DENY');
    htmlPage(res, consolePage());
  });
  return router;
}

/**
 * GET /graphql from a browser's address bar (it asks for text/html and sends no query): the
 * explorer instead of an error. GraphQL clients never ask for HTML, so they pass through.
 */
export function explorerForBrowsers(config: Config, assets: WebAssets = loadWebAssets()): RequestHandler {
  return (req, res, next) => {
    if (
      !config.EXPLORER_ENABLED ||
      !assets.explorer ||
      req.method !== 'GET' ||
      req.query.query !== undefined ||
      req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html'
    ) {
      return next();
    }
    res.status(200).type('html').setHeader('cache-control', 'no-cache').send(explorerPage(undefined));
  };
}
