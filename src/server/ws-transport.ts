import type http from 'node:http';
import { CloseCode, handleProtocols, makeServer, MessageType, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../shared/logger';

/**
 * graphql-ws's server over `ws`, as graphql-ws's own `use/ws` does it
 * (protocol choice, keep-alive pings), with what a public endpoint needs
 * beyond it: a frame only a server may send (`next`, `error`,
 * `connection_ack`) closes the socket with 4400 Bad Request instead of
 * 4500; sockets that break (a client vanishing: ECONNRESET, EPIPE) are
 * logged at debug level; real faults are logged through the hub's logger,
 * never `console.error`.
 */
const SERVER_ONLY: ReadonlySet<string> = new Set([MessageType.Next, MessageType.Error, MessageType.ConnectionAck]);

export interface Extra {
  readonly socket: WebSocket;
  readonly request: http.IncomingMessage;
}

/** The type of a frame, without trusting it to be JSON or an object. */
function frameType(data: string): unknown {
  try {
    return (JSON.parse(data) as { type?: unknown } | null)?.type;
  } catch {
    return undefined; // graphql-ws refuses it with 4400 itself
  }
}

export function serveGraphqlWs<E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<Record<string, unknown> | undefined, E & Extra>,
  wss: WebSocketServer,
  keepAliveMs: number,
  log: Logger,
): { dispose(): Promise<void> } {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;
  wss.on('error', (error) => log.error({ err: error }, 'websocket server error'));
  wss.on('connection', (socket, request) => {
    socket.on('error', (error) => {
      log.debug({ err: error }, 'websocket connection broke');
      socket.terminate();
    });
    let pongWait: NodeJS.Timeout | undefined;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, keepAliveMs);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (raw) => {
            const data = String(raw);
            const type = frameType(data);
            if (typeof type === 'string' && SERVER_ONLY.has(type)) {
              socket.close(CloseCode.BadRequest, `A client may not send "${type}" messages`);
              return;
            }
            try {
              await handle(data);
            } catch (error) {
              log.error({ err: error }, 'unexpected error while handling a websocket message');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request } as E & Extra,
    );
    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(ping);
      void closed(code, String(reason));
    });
  });
  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
    },
  };
}
