import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { guardedLookup } from './webhook.url';

/** Bytes of a response body kept (as text) with the delivery; the rest is read and dropped. */
export const RESPONSE_EXCERPT_BYTES = 512;
/** Most bytes read from a response at all. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** The outcome of one attempt. */
export interface AttemptResult {
  /** HTTP status; undefined when no response came (time-out, refused, private address). */
  status?: number;
  /** Seconds the receiver asked to wait (Retry-After with 429 or 503). */
  retryAfterSeconds?: number;
  excerpt?: string;
  error?: string;
  durationMs: number;
}

/**
 * The `webhook-signature` header: one `v1,<signature>` per secret (the
 * current one, and the previous one during a rotation's grace period),
 * separated by spaces, as the Standard Webhooks spec allows.
 */
export function signatureHeader(secrets: readonly string[], messageId: string, timestamp: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' ');
}

function retryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * POSTs one signed delivery. Redirects are not followed (a 3xx is a failed
 * attempt), the whole attempt is bounded by `timeoutMs`, and only a short
 * excerpt of the response is kept.
 */
export function sendWebhook(options: {
  url: string;
  messageId: string;
  body: string;
  secrets: readonly string[];
  timeoutMs: number;
  allowPrivate: boolean;
}): Promise<AttemptResult> {
  const started = performance.now();
  const timestamp = new Date();
  const url = new URL(options.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: Math.round(performance.now() - started) });
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.allowPrivate),
        agent: false,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'wir-hub-webhooks/1',
          'webhook-id': options.messageId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signatureHeader(options.secrets, options.messageId, timestamp, options.body),
          'content-length': Buffer.byteLength(options.body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () =>
          finish({
            status: response.statusCode,
            retryAfterSeconds: retryAfter(response.headers['retry-after']),
            excerpt: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8'),
          });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    request.end(options.body);
  });
}
