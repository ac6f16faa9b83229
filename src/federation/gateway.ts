import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import wsTransport from '@graphql-mesh/transport-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

/** Request headers the gateway passes on to every subgraph, so the viewer and language are the same behind it. */
export const FORWARDED_HEADERS = ['authorization', 'accept-language'] as const;

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
 * mutations go to the subgraphs over HTTP with the client's `Authorization`
 * and `Accept-Language` headers; subscriptions are accepted from clients over
 * graphql-ws (and SSE) and passed to the subgraph that owns them over
 * graphql-ws, with the client's key as `connectionParams.authorization` — the
 * hub's own convention — so each viewer gets its own upstream connection and
 * sees exactly what it would see at the hub. Fields from other subgraphs are
 * joined into every subscription event.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const overrides = Object.fromEntries(
    Object.entries(options.subgraphUrls ?? {}).map(([name, location]) => [name, { location }]),
  );
  const runtime = createGatewayRuntime({
    supergraph: options.supergraph,
    logging: options.logLevel ?? 'warn',
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    transports: { http: httpTransport, ws: wsTransport },
    transportEntries: {
      ...overrides,
      '*.http': {
        options: {
          subscriptions: {
            kind: 'ws',
            options: { connectionParams: { authorization: '{context.headers.authorization}' } },
          },
        },
      },
    },
    propagateHeaders: {
      fromClientToSubgraphs: ({ request, context }) => {
        // Over graphql-ws there is no request with the client's headers: they come as connection params.
        const fromSocket = (context as { headers?: Record<string, unknown> }).headers ?? {};
        const headers: Record<string, string | null> = {};
        for (const name of FORWARDED_HEADERS) {
          const value = request?.headers.get(name) ?? fromSocket[name];
          headers[name] = typeof value === 'string' && value ? value : null;
        }
        return headers;
      },
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
