import type http from 'node:http';
import net from 'node:net';
import type { RequestHandler } from 'express';
import { ErrorCode } from '../shared/errors';
import type { Logger } from '../shared/logger';

/**
 * A clean drain of the HTTP server on SIGTERM, in this order:
 *
 * 1. `/readyz` fails (load balancers stop sending) and every answer carries
 *    `Connection: close`, so kept-alive clients open their next request on a
 *    new connection (to another instance) instead of reusing this one;
 * 2. for `SHUTDOWN_DELAY_MS` the hub keeps serving as before (time for a
 *    load balancer to notice the failed readiness check);
 * 3. new connections are refused: first by answering their requests 503
 *    SERVICE_UNAVAILABLE with `Retry-After` and `Connection: close`, then,
 *    once no new connection has come for {@link LISTENER_QUIET_MS}, by closing
 *    the listener. (Closing a listener resets the connections still waiting in
 *    the kernel's accept queue, requests already sent on them included; with
 *    clients still arriving that would be a reset, not a refusal.)
 * 4. requests already received are answered; a connection with nothing in
 *    flight is closed once it has been quiet for {@link IDLE_GRACE_MS}
 *    (a client in the middle of sending on it gets its answer instead of a
 *    reset), and after `SHUTDOWN_TIMEOUT_MS` whatever is left is cut.
 *
 * Node's own `server.close()` closes idle kept-alive connections at once, which
 * resets a request a client is sending at that moment; hence this module.
 */
export const IDLE_GRACE_MS = 300;
/** The listener closes when no connection has arrived for this long (or at the drain's deadline). */
export const LISTENER_QUIET_MS = 200;
/** `Retry-After` of the 503 answers during a drain: another instance is usually there at once. */
const DRAIN_RETRY_AFTER_S = 1;

interface Connection {
  active: number;
  quietSince: number;
  /** Accepted after the listener stopped taking clients: its requests are refused with 503. */
  late: boolean;
  /** Whether it has carried a request (a new connection that has not is still sending its first). */
  used: boolean;
}

export interface Drain {
  /** True from the start of the drain: `/readyz` answers 503. */
  readonly draining: boolean;
  /** Express middleware: `Connection: close` on answers during the drain, 503 on connections accepted too late. */
  readonly middleware: RequestHandler;
  /** Runs steps 1–4; resolves when no HTTP connection is left (websockets are closed by their own server). */
  run(options: { delayMs: number; timeoutMs: number }): Promise<void>;
}

export function trackDrain(server: http.Server, log: Logger): Drain {
  const connections = new Map<net.Socket, Connection>();
  let draining = false;
  let refusing = false;
  let lastArrival = 0;
  server.on('connection', (socket: net.Socket) => {
    lastArrival = Date.now();
    connections.set(socket, { active: 0, quietSince: lastArrival, late: refusing, used: false });
    socket.once('close', () => connections.delete(socket));
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const connection = connections.get(req.socket);
    if (!connection) return;
    connection.active++;
    connection.used = true;
    res.once('close', () => {
      connection.active--;
      connection.quietSince = Date.now();
    });
  });
  // Upgraded sockets (websockets) belong to the websocket server from then on.
  server.on('upgrade', (req: http.IncomingMessage) => connections.delete(req.socket));

  return {
    get draining() {
      return draining;
    },
    middleware(req, res, next) {
      if (!draining) return next();
      res.setHeader('Connection', 'close');
      if (!connections.get(req.socket)?.late) return next();
      res.setHeader('Retry-After', String(DRAIN_RETRY_AFTER_S));
      res.status(503).json({
        errors: [
          {
            message: 'This hub instance is shutting down; send the request again (to another instance).',
            extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfter: DRAIN_RETRY_AFTER_S, requestId: res.locals.requestId },
          },
        ],
      });
    },
    async run({ delayMs, timeoutMs }) {
      draining = true;
      const started = Date.now();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const deadline = started + delayMs + timeoutMs;
      refusing = true;
      lastArrival = Date.now();
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        // Decide in the check phase, right after the poll phase has accepted every connection waiting in the
        // kernel's queue (a busy event loop leaves them there): only then is "no new connection" true.
        await new Promise((resolve) => setImmediate(resolve));
        if (Date.now() - lastArrival >= LISTENER_QUIET_MS || Date.now() >= deadline) break;
      }
      // net.Server's close: stop listening, without http.Server's closing of idle connections.
      net.Server.prototype.close.call(server);
      log.debug({ connections: connections.size }, 'listener closed; draining connections');
      // The listener is closed, so this settles when every tracked connection has ended.
      while (connections.size > 0) {
        const now = Date.now();
        if (now >= deadline) {
          log.warn({ connections: connections.size }, 'drain timed out; closing the remaining connections');
          for (const socket of connections.keys()) socket.destroy();
          break;
        }
        for (const [socket, connection] of connections) {
          const quiet = now - connection.quietSince;
          // A connection that never carried a request may be sending its first: it gets the longer grace.
          const grace = connection.used ? IDLE_GRACE_MS : 5 * IDLE_GRACE_MS;
          if (connection.active === 0 && quiet >= grace) socket.end();
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      server.closeAllConnections();
    },
  };
}
