import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Fetching a partner's calendar URL, safely: only http(s), a time-out for
 * the whole fetch, a size cap, a redirect limit, and no private, loopback or
 * link-local addresses unless allowed (`CALENDAR_ALLOW_PRIVATE_ADDRESSES`;
 * the tests serve feeds on loopback). The address check runs in the socket's
 * own DNS lookup, so the address connected to is the one checked (no DNS
 * rebinding between check and connect). Conditional GET with the ETag and
 * Last-Modified of the previous fetch.
 */

/** Why a fetch failed, as a message for `CalendarSource.lastError`. */
export class FetchError extends Error {}

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  allowPrivateAddresses: boolean;
}

export interface FetchResult {
  /** 304: unchanged since the previous fetch. */
  notModified: boolean;
  body?: string;
  etag?: string | null;
  lastModified?: string | null;
}

/** True for addresses a server of ours must not reach on a partner's behalf. */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  return ipaddr.process(address).range() !== 'unicast';
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as dns.LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((entry) => isPrivateAddress(entry.address));
      if (refused) {
        return callback(
          Object.assign(new Error(`${hostname} resolves to a private or local address (${refused.address})`), {
            code: 'PRIVATE_ADDRESS',
          }),
          '',
          4,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** The URL if it is an absolute http(s) URL; FetchError otherwise. */
export function checkUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError(`"${url}" is not a URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError(`only http and https URLs can be fetched, not ${parsed.protocol.replace(':', '')}.`);
  }
  if (parsed.username || parsed.password) throw new FetchError('the URL must not contain a user name or password.');
  return parsed;
}

function once(
  url: URL,
  headers: Record<string, string>,
  limits: FetchLimits,
  signal: AbortSignal,
): Promise<{ status: number; location?: string; body?: string; etag?: string; lastModified?: string }> {
  // An address literal is connected to without a lookup: check it here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !limits.allowPrivateAddresses && isPrivateAddress(literal)) {
    return Promise.reject(Object.assign(new Error(`${literal} is a private or local address`), { code: 'PRIVATE_ADDRESS' }));
  }
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.get(url, { headers, lookup: guardedLookup(limits.allowPrivateAddresses), signal }, (response) => {
      const status = response.statusCode ?? 0;
      const meta = {
        status,
        etag: (response.headers.etag as string | undefined) ?? undefined,
        lastModified: (response.headers['last-modified'] as string | undefined) ?? undefined,
      };
      if (status >= 300 && status < 400) {
        response.resume();
        return resolve({ ...meta, location: response.headers.location });
      }
      if (status !== 200) {
        response.resume();
        return resolve(meta);
      }
      const declared = Number(response.headers['content-length'] ?? NaN);
      if (declared > limits.maxBytes) {
        response.destroy();
        return reject(new FetchError(`the calendar is too large (${declared} bytes; at most ${limits.maxBytes}).`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          response.destroy();
          reject(new FetchError(`the calendar is too large (more than ${limits.maxBytes} bytes).`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ ...meta, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Fetches an ICS URL within the limits; FetchError with a clear message on every failure. */
export async function fetchCalendar(
  url: string,
  previous: { etag: string | null; lastModified: string | null },
  limits: FetchLimits,
): Promise<FetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.1', 'user-agent': 'wir-hub calendar import' };
  if (previous.etag) headers['if-none-match'] = previous.etag;
  if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;
  let current = checkUrl(url);
  try {
    for (let redirects = 0; ; redirects++) {
      const answer = await once(current, headers, limits, controller.signal);
      if (answer.location !== undefined) {
        if (redirects >= limits.maxRedirects) throw new FetchError(`more than ${limits.maxRedirects} redirects.`);
        current = checkUrl(new URL(answer.location, current).toString());
        continue;
      }
      if (answer.status === 304) return { notModified: true };
      if (answer.status !== 200) throw new FetchError(`the server answered HTTP ${answer.status}.`);
      return { notModified: false, body: answer.body, etag: answer.etag ?? null, lastModified: answer.lastModified ?? null };
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (controller.signal.aborted) throw new FetchError(`no complete answer within ${limits.timeoutMs / 1000} s.`);
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'PRIVATE_ADDRESS') throw new FetchError(`${err.message}; such addresses are not fetched.`);
    throw new FetchError(`unreachable (${err.code ?? err.message}).`);
  } finally {
    clearTimeout(timer);
  }
}
