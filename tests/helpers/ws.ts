import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse, TestHub } from './hub';

/** How the server closed a websocket (graphql-ws close codes: 4403 forbidden, 4400 bad request, ...). */
export interface WsClose {
  code: number;
  reason: string;
}

export interface WsOptions {
  /** API key secret, sent as `connectionParams.authorization` ("Bearer <secret>"). */
  key?: string;
  /** Extra or replacing connection params (e.g. a malformed `authorization`). */
  connectionParams?: Record<string, unknown>;
}

/** One running subscription: read its results one by one. */
export interface WsSubscription<T = any> {
  /** The next result; rejects after `timeoutMs` or when the operation ends first. */
  next(timeoutMs?: number): Promise<GraphQLResponse<T>>;
  /** Results received and not yet read by `next`. */
  readonly pending: number;
  /** Resolves when the server completes the operation (or it errors). */
  readonly done: Promise<void>;
  unsubscribe(): void;
}

/**
 * A graphql-ws client for tests, connected to a {@link TestHub} on the same
 * port and path as HTTP. It connects at once (not lazily) and never retries,
 * so a refused connection shows up in `connected`/`closed` instead of hanging.
 */
export class WsClient {
  readonly connected: Promise<void>;
  readonly closed: Promise<WsClose>;
  private readonly client: Client;

  private constructor(url: string, options: WsOptions) {
    let onConnected!: () => void;
    let onFailed!: (error: unknown) => void;
    let onClosed!: (close: WsClose) => void;
    this.connected = new Promise<void>((resolve, reject) => {
      onConnected = resolve;
      onFailed = reject;
    });
    // Tests that expect a refusal await `closed`; keep an unobserved rejection quiet.
    this.connected.catch(() => undefined);
    this.closed = new Promise<WsClose>((resolve) => (onClosed = resolve));
    this.client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...options.connectionParams,
      },
      onNonLazyError: (error) => onFailed(error),
      on: {
        connected: () => onConnected(),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          onClosed({ code, reason: String(reason ?? '') });
          onFailed(new Error(`websocket closed (${code} ${reason})`));
        },
      },
    });
  }

  /** Opens a connection to the hub and waits until the server accepted it. */
  static async connect(hub: TestHub, options: WsOptions = {}): Promise<WsClient> {
    const client = WsClient.open(hub, options);
    await client.connected;
    return client;
  }

  /** Opens a connection without waiting (for tests of refused connections: await `closed`). */
  static open(hub: TestHub, options: WsOptions = {}): WsClient {
    return new WsClient(hub.url.replace(/^http/, 'ws'), options);
  }

  /** Runs a query or mutation over the socket and answers its single result. */
  execute<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    return new Promise((resolve, reject) => {
      let result: GraphQLResponse<T> | undefined;
      this.client.subscribe<T>(
        { query, variables },
        {
          next: (value) => (result = toResponse(value)),
          error: (error) => {
            // Operation errors before execution (validation, limits) arrive as an array of GraphQL errors.
            if (Array.isArray(error)) resolve({ status: 0, errors: error as GraphQLResponse['errors'] });
            else reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
          },
          complete: () => (result ? resolve(result) : reject(new Error('the operation completed without a result'))),
        },
      );
    });
  }

  /** Starts a subscription; read its results with `next()`. */
  subscribe<T = any>(query: string, variables?: Record<string, unknown>): WsSubscription<T> {
    const queue: Array<GraphQLResponse<T>> = [];
    const waiters: Array<{ resolve: (value: GraphQLResponse<T>) => void; reject: (error: Error) => void }> = [];
    let ended: Error | undefined;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const end = (error: Error) => {
      ended = error;
      finish();
      for (const waiter of waiters.splice(0)) waiter.reject(error);
    };
    const unsubscribe = this.client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          const response = toResponse(value);
          const waiter = waiters.shift();
          if (waiter) waiter.resolve(response);
          else queue.push(response);
        },
        error: (error) => {
          if (Array.isArray(error)) {
            // Refused before it started: hand the errors to the reader as a result.
            const response: GraphQLResponse<T> = { status: 0, errors: error as GraphQLResponse['errors'] };
            const waiter = waiters.shift();
            if (waiter) waiter.resolve(response);
            else queue.push(response);
            end(new Error('the subscription was refused'));
          } else {
            end(error instanceof Error ? error : new Error(`subscription failed: ${JSON.stringify(error)}`));
          }
        },
        complete: () => end(new Error('the subscription completed')),
      },
    );
    return {
      next(timeoutMs = 5_000) {
        const queued = queue.shift();
        if (queued) return Promise.resolve(queued);
        if (ended) return Promise.reject(ended);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            const index = waiters.indexOf(waiter);
            if (index >= 0) waiters.splice(index, 1);
            reject(new Error(`no subscription result within ${timeoutMs} ms`));
          }, timeoutMs);
          const waiter = {
            resolve: (value: GraphQLResponse<T>) => {
              clearTimeout(timer);
              resolve(value);
            },
            reject: (error: Error) => {
              clearTimeout(timer);
              reject(error);
            },
          };
          waiters.push(waiter);
        });
      },
      get pending() {
        return queue.length;
      },
      done,
      unsubscribe,
    };
  }

  /** Closes the connection (and with it every running operation). */
  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function toResponse<T>(value: FormattedExecutionResult<T, unknown>): GraphQLResponse<T> {
  return {
    status: 0,
    data: (value.data ?? undefined) as T | undefined,
    errors: value.errors as GraphQLResponse['errors'],
  };
}
