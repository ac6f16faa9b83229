/**
 * How the widget talks to the hub: queries as plain GET requests (CORS "simple" requests: no
 * preflight, cacheable, anonymous) and live changes over graphql-ws, resuming after a network drop
 * from the cursor of the last change it saw, so nothing committed meanwhile is missed.
 */
import { createClient, type Client } from 'graphql-ws';

export interface GraphQLError {
  message: string;
  extensions?: { code?: string; reason?: string; field?: string };
}

export class HubError extends Error {
  constructor(
    message: string,
    readonly errors: GraphQLError[] = [],
  ) {
    super(message);
  }
}

/** Runs a query with GET (anonymous: the widget never sends credentials). */
export async function query<T>(endpoint: string, document: string, variables: Record<string, unknown>, lang: string): Promise<T> {
  const url = new URL(endpoint);
  url.searchParams.set('query', document);
  url.searchParams.set('variables', JSON.stringify(variables));
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/graphql-response+json, application/json', 'accept-language': lang },
      credentials: 'omit',
    });
  } catch (error) {
    throw new HubError(`The hub at ${url.origin} could not be reached: ${(error as Error).message}`);
  }
  let body: { data?: T; errors?: GraphQLError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new HubError(`The hub answered HTTP ${response.status} without GraphQL.`);
  }
  if (body.errors?.length) throw new HubError(body.errors.map((e) => e.message).join(' '), body.errors);
  if (!body.data) throw new HubError(`The hub answered HTTP ${response.status} without data.`);
  return body.data;
}

export interface LiveOptions {
  /** The GraphQL endpoint (http/https); the socket is the same path over ws/wss. */
  endpoint: string;
  /** `ChangeFilter` for `eventChanged`. */
  filter: Record<string, unknown>;
  /** Called after every change (debounce in the caller). */
  onChange: () => void;
  /** Called when the connection is up (`true`; `first` on the first one) and when it drops (`false`). */
  onConnection: (connected: boolean, first?: boolean) => void;
  /** The cursor was refused (expired or unknown): reload everything; the feed continues from now. */
  onReset: () => void;
}

const SUBSCRIPTION = /* GraphQL */ `
  subscription WidgetChanges($filter: ChangeFilter, $since: String) {
    eventChanged(filter: $filter, since: $since) {
      cursor
      eventId
      kind
    }
  }
`;

/** A live connection to the hub's change feed; `close()` ends it. */
export class LiveChanges {
  /** The cursor of the last change received: where a new subscription resumes. */
  cursor: string | undefined;
  private readonly client: Client;
  private unsubscribe: (() => void) | undefined;
  private everConnected = false;
  private closed = false;

  constructor(private readonly options: LiveOptions) {
    const url = new URL(options.endpoint);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.client = createClient({
      url: url.href,
      lazy: false,
      // A partner's page stays open for days: always try again, backing off to 30 s.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: async (retries) => {
        const ms = Math.min(30_000, 500 * 2 ** Math.min(retries, 6)) * (0.5 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
      // Pings find a dead connection (a laptop waking up, a proxy dropping idle sockets).
      keepAlive: 15_000,
      on: {
        connected: () => {
          if (this.closed) return;
          // Subscribe anew on every connection, from the last cursor: graphql-ws would otherwise
          // repeat the first subscription with its original (stale) arguments.
          this.subscribe();
          options.onConnection(true, !this.everConnected);
          this.everConnected = true;
        },
        closed: () => {
          this.unsubscribe?.();
          this.unsubscribe = undefined;
          if (this.everConnected && !this.closed) options.onConnection(false);
        },
      },
    });
  }

  private subscribe(): void {
    this.unsubscribe?.();
    this.unsubscribe = this.client.subscribe<{ eventChanged: { cursor: string } }>(
      { query: SUBSCRIPTION, variables: { filter: this.options.filter, since: this.cursor ?? null } },
      {
        next: (result) => {
          const cursor = result.data?.eventChanged?.cursor;
          if (cursor) this.cursor = cursor;
          this.options.onChange();
        },
        error: (error) => {
          const errors = Array.isArray(error) ? (error as GraphQLError[]) : [];
          const reason = errors[0]?.extensions?.reason;
          if (reason === 'CURSOR_EXPIRED' || reason === 'CURSOR_INVALID') {
            this.cursor = undefined;
            this.options.onReset();
            this.subscribe();
          }
          // Socket errors are retried by the client and resubscribed in `connected`.
        },
        complete: () => undefined,
      },
    );
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    void this.client.dispose();
  }
}
