import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/** One request a test receiver got. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver answers to a request: a status (and headers), or `'hang'` (never answers). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/**
 * A webhook receiver on loopback, started by a test: it records every
 * request and answers from a queue of scripted answers (then 200). Tests wait
 * for the next request with a bound; nothing sleeps.
 */
export class Receiver {
  readonly received: Received[] = [];
  private readonly answers: Answer[] = [];
  private waiters: Array<() => void> = [];
  private readonly open = new Set<http.ServerResponse>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<Receiver> {
    const server = http.createServer();
    const receiver = new Receiver(server);
    server.on('request', (request, response) => receiver.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Answers the next requests with these, in order. */
  script(...answers: Answer[]): void {
    this.answers.push(...answers);
  }

  /** Waits until `count` requests have arrived in all; answers them. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${this.received.length} of ${count} webhook requests arrived`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received.slice(0, count);
  }

  /** The first request (so far or to come) that satisfies `predicate`; woken by each request, not by a timer. */
  async waitForRequest(predicate: (request: Received, index: number) => boolean, timeoutMs = 15_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      await this.waitFor(this.received.length + 1, Math.max(0, deadline - Date.now()));
    }
  }

  /** The parsed bodies received so far. */
  bodies(): any[] {
    return this.received.map((r) => JSON.parse(r.body));
  }

  async close(): Promise<void> {
    for (const response of this.open) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const waiters = this.waiters.splice(0);
      waiters.forEach((wake) => wake());
      const answer = this.answers.shift() ?? { status: 200, body: 'ok' };
      if (answer === 'hang') {
        this.open.add(response);
        return;
      }
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? '');
    });
  }
}

/** Settings for a hub that delivers webhooks to loopback receivers quickly. */
export function webhookSettings(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    WEBHOOKS_ENABLED: 'true',
    // Generous for a loaded machine: an answer slower than this is retried (same webhook-id), which would read as a duplicate.
    WEBHOOK_TIMEOUT_MS: '2000',
    WEBHOOK_RETRY_SCHEDULE: '0.05,0.05,0.05',
    WEBHOOK_POLL_INTERVAL_MS: '50',
    CHANGE_POLL_INTERVAL_MS: '100',
    ...overrides,
  };
}
