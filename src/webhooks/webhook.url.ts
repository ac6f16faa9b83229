import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { badInput } from '../shared/errors';

/**
 * Where a webhook may point: http(s) URLs on public addresses. Private,
 * loopback, link-local and other special ranges are refused unless
 * WEBHOOK_ALLOW_PRIVATE_URLS is set, both when the URL is given (literal
 * addresses, "localhost") and at every connection (the address DNS answers
 * then, so a name that later resolves inwards is refused too).
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for addresses a webhook may not reach by default. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (!family) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export const MAX_URL_LENGTH = 2_000;

/** The URL, checked; BAD_USER_INPUT naming `field` otherwise. */
export function checkWebhookUrl(value: string, allowPrivate: boolean, field = 'input.url'): string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH)
    throw badInput(field, `must be a URL of at most ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput(field, 'is not a URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput(field, 'must be an http:// or https:// URL.');
  if (url.username || url.password) throw badInput(field, 'must not contain a user name or password.');
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))
      throw badInput(field, 'points to a private, loopback or link-local address; webhooks must reach a public address.');
  }
  return url.toString();
}

/** A `lookup` for http.request that refuses private addresses (unless allowed). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const allowed = allowPrivate ? addresses : addresses.filter((entry) => !isPrivateAddress(entry.address));
      if (!allowed.length) {
        return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), '', 4);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
