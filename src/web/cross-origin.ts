import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';
import { ErrorCode } from '../shared/errors';

/**
 * CORS for /graphql: web pages on the origins in `CORS_ORIGINS` (default: any) may call the hub,
 * preflight included; a preflight from any other origin is answered 403, so the browser blocks
 * the request. No `Access-Control-Allow-Credentials`: the hub never uses cookies.
 */
export function graphqlCors(config: Config): RequestHandler {
  const any = config.CORS_ORIGINS.includes('*');
  const allowed = new Set(config.CORS_ORIGINS);
  const handler = cors({
    origin: any ? '*' : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    // Unset: the headers the preflight asks for are allowed (authorization, content-type, the
    // clients' own such as apollo-require-preflight or x-graphql-client-name).
    allowedHeaders: undefined,
    // Readable by pages: budgets (src/ratelimit), retry hints, the request id for support, idempotent replays.
    exposedHeaders: ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
    maxAge: 86_400,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!any && origin !== undefined && !allowed.has(origin) && req.method === 'OPTIONS') {
      res.status(403).json({
        errors: [
          {
            message: `The origin ${origin} may not call this hub from a browser (CORS_ORIGINS).`,
            extensions: { code: ErrorCode.FORBIDDEN },
          },
        ],
      });
      return;
    }
    handler(req, res, next);
  };
}

/**
 * Whether a websocket from a page on `origin` may connect. Browsers apply no CORS to websockets,
 * so the hub checks their `Origin` itself, by the same `CORS_ORIGINS`. Clients that are not
 * browsers send no Origin and are always let in (as they are over HTTP), and so are the hub's own pages.
 */
export function websocketOriginAllowed(config: Config, origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || config.CORS_ORIGINS.includes('*') || config.CORS_ORIGINS.includes(origin)) return true;
  // The hub's own pages (explorer, landing page, iframe page) are always allowed.
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Static assets any page may load (module scripts are always fetched with CORS). */
export function anyOrigin(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('access-control-allow-origin', '*');
  next();
}

/**
 * Cross-site request forgery, the hub's way. A forged request rides on credentials the browser
 * adds by itself (cookies, HTTP auth, client certificates). The hub has none of those: it
 * authenticates only by an API key in the `Authorization` header, which a browser never adds on
 * its own and which a page can send only when it holds the key. So a forged request runs as
 * anonymous and can read only what is public anyway. That is why Apollo's CSRF prevention (which
 * refuses plain GETs such as urql's) is off. What stays refused: mutations over GET (Apollo
 * answers 405) and POSTs whose body is not JSON, the forms and `text/plain` posts a page can send
 * without a preflight, refused here before anything runs (415).
 */
export function refuseNonJsonPosts(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return next();
  res.status(415).json({
    errors: [
      {
        message: `POST requests must send content-type: application/json (got ${type ? `"${type}"` : 'none'}).`,
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'content-type' },
      },
    ],
  });
}
