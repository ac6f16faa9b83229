import { createHash } from 'node:crypto';
import express from 'express';
import { authenticate } from '../access';
import { feedTokenViewer } from '../access';
import type { Viewer } from '../access';
import type { AppServices } from '../access';
import { parseAcceptLanguage } from '../shared/translations';
import { renderAtom } from './feed.atom';
import { renderIcs, type CalendarInfo } from './feed.ics';
import { FeedParameterError, parseFeedQuery, parseReference, type FeedQuery } from './feed.params';
import { loadFeedEvents, loadFeedValidator, loadIcsRows, type FeedScope } from './feed.query';
import { eventFeedPath, feedUrl } from './feed.urls';

/**
 * The calendar feeds over plain HTTP, under /feeds/:
 *
 *   /feeds/events.ics                      every event, filtered by query parameters
 *   /feeds/municipalities/{slug or id}.ics the events in a municipality
 *   /feeds/organisations/{slug or id}.ics  the events an organisation leads or co-hosts
 *   /feeds/campaigns/{slug or id}.ics      the events of a campaign
 *   /feeds/events/{id}.ics                 one event ("add to my calendar")
 *
 * each also as `.atom`. Anonymous feeds hold published public events;
 * `?token=` (a feed token) or an Authorization header adds what that key may
 * see. Answers carry ETag, Last-Modified and Cache-Control, and 304 to a
 * matching If-None-Match / If-Modified-Since; bodies are rendered once per
 * ETag and kept in a small cache.
 */

type Format = 'ics' | 'atom';

class FeedHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Rendered bodies by ETag; small, so a busy district feed is rendered once per change. */
class BodyCache {
  private readonly entries = new Map<string, string>();
  private size = 0;
  constructor(private readonly maxChars: number) {}

  get(key: string): string | undefined {
    const body = this.entries.get(key);
    if (body !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, body);
    }
    return body;
  }

  set(key: string, body: string): void {
    if (body.length > this.maxChars / 4) return;
    this.entries.set(key, body);
    this.size += body.length;
    for (const [oldest, value] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= value.length;
    }
  }
}

const CONTENT_TYPES: Record<Format, string> = {
  ics: 'text/calendar; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/** "baunatal.ics" → { ref: "baunatal", format: "ics" }. */
function splitFile(file: string): { ref: string; format: Format } {
  const match = /^(.+)\.(ics|atom)$/.exec(file);
  if (!match) throw new FeedHttpError(404, 'Feeds end in .ics (iCalendar) or .atom (Atom).');
  return { ref: match[1]!, format: match[2] as Format };
}

async function viewerOf(services: AppServices, req: express.Request): Promise<Viewer> {
  const token = req.query.token;
  if (token !== undefined) {
    if (typeof token !== 'string') throw new FeedHttpError(400, 'token: give it once.');
    const viewer = await feedTokenViewer(services.db, token);
    // A revoked token (or one whose key was revoked or expired) stops at once.
    if (!viewer) throw new FeedHttpError(401, 'This feed token is not valid (unknown or revoked); ask for a new feed URL.');
    return viewer;
  }
  try {
    return await authenticate(services.db, req.headers.authorization);
  } catch (error) {
    throw new FeedHttpError(401, (error as Error).message);
  }
}

/** What a path form adds: the criteria, the scope whose name the feed takes, how to name it. */
interface Scoped {
  feed: FeedQuery;
  scope: FeedScope | null;
  name: (scopeName: string | null, firstTitle: string | null) => string;
  missing: string;
}

const DISTRICT = 'Veranstaltungen im Landkreis Kassel';

const PATH_FORMS: Record<string, { table: FeedScope['table']; type: string; name: (n: string) => string; key: keyof FeedQuery }> =
  {
    municipalities: {
      table: 'municipality',
      type: 'Municipality',
      name: (n) => `Veranstaltungen in ${n}`,
      key: 'municipalities',
    },
    organisations: { table: 'organisation', type: 'Organisation', name: (n) => `Veranstaltungen: ${n}`, key: 'organisations' },
    campaigns: { table: 'campaign', type: 'Campaign', name: (n) => n, key: 'campaigns' },
  };

/**
 * The criteria a path form adds and how the calendar is named, without a
 * statement: whether the municipality, organisation or campaign exists is
 * asked by the validator (404 when it does not).
 */
function scope(kind: string | undefined, ref: string | undefined, feed: FeedQuery): Scoped {
  if (!kind) return { feed, scope: null, name: () => DISTRICT, missing: '' };
  if (kind === 'events') {
    const id = parseEventRef(ref!);
    // One event: whenever it takes place, not only in the default window.
    return {
      feed: { ...feed, eventId: id, from: null, to: null },
      scope: null,
      name: (_, title) => title ?? 'Veranstaltung',
      missing: 'No event you may see has this ID.',
    };
  }
  const spec = PATH_FORMS[kind];
  if (!spec) throw new FeedHttpError(404, 'No such feed; see /feeds/events.ics.');
  const missing = `No ${spec.type.toLowerCase()} has the slug or ID "${ref}".`;
  let reference;
  try {
    reference = parseReference(ref!, spec.type, kind);
  } catch {
    throw new FeedHttpError(404, missing);
  }
  return {
    feed: { ...feed, [spec.key]: reference },
    scope: { table: spec.table, reference },
    name: (scopeName) => spec.name(scopeName ?? ''),
    missing,
  };
}

function parseEventRef(ref: string): string {
  try {
    const reference = parseReference(ref, 'Event', 'id');
    if (reference.ids.length) return reference.ids[0]!;
  } catch {
    // fall through
  }
  throw new FeedHttpError(404, `"${ref}" is not the ID of an event.`);
}

/** True when the client's cached copy is current (If-None-Match first, else If-Modified-Since). */
function notModified(req: express.Request, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch) {
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === etag || tag === '*');
  }
  const since = req.headers['if-modified-since'];
  if (since && lastModified) {
    const time = Date.parse(since);
    return Number.isFinite(time) && Math.floor(lastModified.getTime() / 1000) * 1000 <= time;
  }
  return false;
}

/** The feeds' router; mount it on the hub's express app. */
export function feedRouter(services: AppServices): express.Router {
  const router = express.Router();
  const cache = new BodyCache(50_000_000);
  const { config, log } = services;

  const handle = async (req: express.Request, res: express.Response, kind: string | undefined, file: string) => {
    try {
      const { ref, format } = splitFile(file);
      if (!kind && ref !== 'events') throw new FeedHttpError(404, 'No such feed; see /feeds/events.ics.');
      const viewer = await viewerOf(services, req);
      const languages = parseAcceptLanguage(req.headers['accept-language']);
      let parsed: FeedQuery;
      try {
        parsed = parseFeedQuery(req.query as Record<string, unknown>, languages, config.FEED_MAX_EVENTS);
      } catch (error) {
        if (error instanceof FeedParameterError) throw new FeedHttpError(400, error.message);
        throw error;
      }
      if (format === 'atom' && !parsed.from && !parsed.eventId) parsed = { ...parsed, from: new Date() };
      const scoped = scope(kind, kind ? ref : undefined, parsed);

      // One cheap statement decides a 304 (and finds a body rendered before): ids, versions and change
      // times of the rows the viewer may see, and the scope's name.
      const validator = await loadFeedValidator(services.db, viewer, scoped.feed, scoped.scope);
      if (scoped.scope && validator.scopeName === null) throw new FeedHttpError(404, scoped.missing);
      if (kind === 'events' && !validator.count) throw new FeedHttpError(404, scoped.missing);
      const name = scoped.name(validator.scopeName, validator.firstTitle);
      const path = kind ? `/feeds/${kind}/${encodeURIComponent(ref)}` : '/feeds/events';
      const info: CalendarInfo = {
        name,
        description: `${name} – aus dem Veranstaltungskalender des WIR-Netzwerks (wir-hub).`,
        url: feedUrl(config, `${path}.${format}`),
      };
      // The ETag: what the body is made of. The key (not only its rows) is in it, so no token's body is
      // handed to another viewer from the cache.
      const fingerprintOf = (digest: string) =>
        createHash('sha256')
          .update(JSON.stringify([format, info, viewer.keyId ?? null, scoped.feed.textLanguages.slice(0, 8), digest]))
          .digest('base64url')
          .slice(0, 27);
      const answerHeaders = (fingerprint: string, lastModified: Date | null) => {
        res.setHeader('ETag', `"${fingerprint}"`);
        if (lastModified) res.setHeader('Last-Modified', lastModified.toUTCString());
        else res.removeHeader('Last-Modified');
      };
      let fingerprint = fingerprintOf(validator.digest);
      answerHeaders(fingerprint, validator.lastModified);
      // Calendar apps poll; a token's feed is for one subscriber only, never for shared caches.
      res.setHeader('Cache-Control', `${viewer.authenticated ? 'private' : 'public'}, max-age=300`);
      res.setHeader('Vary', 'Accept-Language, Authorization');
      if (notModified(req, `"${fingerprint}"`, validator.lastModified)) {
        res.status(304).end();
        return;
      }
      let body = cache.get(fingerprint);
      if (body === undefined) {
        let loaded: { digest: string; lastModified: Date | null };
        if (format === 'ics') {
          const ics = await loadIcsRows(services.db, viewer, scoped.feed, validator.ids);
          body = renderIcs(info, ics.rows);
          loaded = ics;
        } else {
          const atom = await loadFeedEvents(services.db, viewer, scoped.feed, validator.ids);
          body = renderAtom({ ...info, icsUrl: feedUrl(config, `${path}.ics`) }, atom.rows, scoped.feed.textLanguages, {
            eventIcs: (id) => feedUrl(config, `${eventFeedPath(id)}.ics`),
          });
          loaded = atom;
        }
        // A change committed between the two statements: the body is newer than the validator, so it
        // gets the ETag of what it holds (from the same statement as its rows).
        if (loaded.digest !== validator.digest) {
          fingerprint = fingerprintOf(loaded.digest);
          answerHeaders(fingerprint, loaded.lastModified);
        }
        cache.set(fingerprint, body);
      }
      res.status(200).type(CONTENT_TYPES[format]);
      res.setHeader('Content-Disposition', `inline; filename="${kind ? kind.slice(0, -1) : 'events'}.${format}"`);
      res.send(body);
    } catch (error) {
      if (error instanceof FeedHttpError) {
        res.status(error.status).type('text/plain; charset=utf-8').send(`${error.message}\n`);
        return;
      }
      log.error({ err: error }, 'feed failed');
      if (!res.headersSent) res.status(500).type('text/plain; charset=utf-8').send('Internal server error.\n');
    }
  };

  router.get('/feeds/:file', (req, res) => handle(req, res, undefined, String(req.params.file)));
  router.get('/feeds/:kind/:file', (req, res) => handle(req, res, String(req.params.kind), String(req.params.file)));
  return router;
}
