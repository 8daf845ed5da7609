import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Metrics } from '../observability/metrics.js';

export interface ConnectionLimitOptions {
  /** Open connections one address may hold; more are closed as they arrive. */
  maxPerAddress: number;
  /** How long a request's body may pause before it is answered 408 and the connection closed. */
  bodyIdleTimeoutMs: number;
  /** Addresses not counted: the trusted proxies, whose own limits protect the server. */
  trusted: (address: string) => boolean;
}

/** Options for `http.createServer`: deadlines for headers and for a whole request, checked every second. */
export function serverTimeouts({ headersTimeoutMs, requestTimeoutMs }: { headersTimeoutMs: number; requestTimeoutMs: number }) {
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: Math.max(requestTimeoutMs, headersTimeoutMs),
    // Node checks those deadlines every 30 s unless told: a slow-header flood would hold its sockets that long.
    connectionsCheckingInterval: 1000,
  };
}

/**
 * Keeps slow or many connections from one place from making the server unreachable: each
 * address holds at most `maxPerAddress` connections (a slow-header flood is closed as it
 * arrives, before it uses up the open-file limit), and a request body that stops arriving is
 * answered 408 after `bodyIdleTimeoutMs` instead of holding its connection for minutes.
 */
export function guardConnections(server: HttpServer, options: ConnectionLimitOptions, metrics: Metrics): void {
  const open = new Map<string, number>();
  // Shared by every connection (each is `this`), with its address kept aside: a closure per
  // connection weighed more than the entry (thousands of webcast viewers hold one each).
  const addresses = new WeakMap<Socket, string>();
  function closed(this: Socket) {
    const address = addresses.get(this);
    if (address === undefined) return;
    const left = (open.get(address) ?? 1) - 1;
    if (left > 0) open.set(address, left);
    else open.delete(address);
  }
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!address || options.trusted(address)) return;
    const count = open.get(address) ?? 0;
    if (count >= options.maxPerAddress) {
      metrics.connectionRefused('per-address');
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    addresses.set(socket, address);
    socket.on('close', closed);
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || req.complete) return;
    const socket = req.socket;
    // The socket's idle timer is refreshed by every byte the parser reads, even unread by the app.
    const stalled = () => {
      metrics.connectionRefused('body-timeout');
      if (res.headersSent) return socket.destroy();
      res.writeHead(408, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('The request body stopped arriving.', () => socket.destroy());
    };
    // On the request, not the socket: Node destroys a timed-out socket nobody answers for, unheard.
    req.setTimeout(options.bodyIdleTimeoutMs, stalled);
    const done = () => {
      socket.setTimeout(0);
      req.off('timeout', stalled);
    };
    req.once('end', done);
    res.once('finish', done);
    res.once('close', done);
  });
}
