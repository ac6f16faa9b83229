import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import wsTransport from '@graphql-mesh/transport-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

/**
 * The headers the gateway passes on from a client's request to one subgraph:
 * `Accept-Language` to every subgraph, `Authorization` (the client's hub API
 * key) only to the trusted ones — the hub — so a partner's subgraph never
 * learns our keys. Over graphql-ws there is no request: the headers come as
 * the connection params (`socketHeaders`).
 */
export function forwardedHeaders(
  subgraph: string,
  trusted: ReadonlySet<string>,
  request: { headers: { get(name: string): string | null } } | undefined,
  socketHeaders: Record<string, unknown> = {},
): Record<string, string | null> {
  const value = (name: string) => {
    const found = request?.headers.get(name) ?? socketHeaders[name];
    return typeof found === 'string' && found ? found : null;
  };
  return {
    'accept-language': value('accept-language'),
    authorization: trusted.has(subgraph) ? value('authorization') : null,
  };
}

export interface GatewayOptions {
  /** The supergraph SDL (schema/supergraph.graphql). */
  supergraph: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * Subgraph URLs that replace the routing URLs in the supergraph, by subgraph
   * name (e.g. `{ hub: "http://127.0.0.1:4000/graphql" }`): the same supergraph
   * then runs in docker-compose, on a laptop and in tests.
   */
  subgraphUrls?: Readonly<Record<string, string>>;
  /** Subgraphs that receive the client's `Authorization` header (its hub API key); default `["hub"]`. */
  trustedSubgraphs?: readonly string[];
  /** Hive Gateway's log level (default "warn"); false for none. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | false;
}

/** A running gateway: HTTP (and SSE) and graphql-ws on `/graphql`. */
export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts Hive Gateway (MIT) in this process over a supergraph. Queries and
 * mutations go to the subgraphs over HTTP with the client's `Accept-Language`,
 * and to the hub with its `Authorization` too (see {@link forwardedHeaders});
 * subscriptions are accepted from clients over
 * graphql-ws (and SSE) and passed to the subgraph that owns them over
 * graphql-ws, with the client's key as `connectionParams.authorization` — the
 * hub's own convention — so each viewer gets its own upstream connection and
 * sees exactly what it would see at the hub. Fields from other subgraphs are
 * joined into every subscription event.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const trusted = new Set(options.trustedSubgraphs ?? ['hub']);
  const entries: Record<string, { location?: string; options?: Record<string, unknown> }> = {};
  for (const [name, location] of Object.entries(options.subgraphUrls ?? {})) entries[name] = { location };
  for (const name of trusted) {
    // The hub's convention for websocket clients: the key as connection param `authorization`.
    entries[name] = {
      ...entries[name],
      options: { subscriptions: { options: { connectionParams: { authorization: '{context.headers.authorization}' } } } },
    };
  }
  const runtime = createGatewayRuntime({
    supergraph: options.supergraph,
    logging: options.logLevel ?? 'warn',
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    transports: { http: httpTransport, ws: wsTransport },
    transportEntries: {
      ...entries,
      // Subscriptions go to the subgraph that owns them over graphql-ws, queries and mutations over HTTP.
      '*.http': { options: { subscriptions: { kind: 'ws' } } },
    },
    propagateHeaders: {
      fromClientToSubgraphs: ({ request, context, subgraphName }) =>
        forwardedHeaders(subgraphName, trusted, request, (context as { headers?: Record<string, unknown> }).headers),
    },
  });

  const server = http.createServer(runtime);
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const ws = useServer(
    getGraphQLWSOptions<Record<string, unknown>, { request: http.IncomingMessage; socket: unknown }>(runtime, (ctx) => ({
      req: ctx.extra.request,
      socket: ctx.extra.socket,
    })),
    wss,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : (options.host ?? '127.0.0.1');
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    stop() {
      stopping ??= (async () => {
        await ws.dispose();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await runtime.dispose();
      })();
      return stopping;
    },
  };
}
