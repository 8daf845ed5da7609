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

/** How often the addresses whose connections have all closed are forgotten. */
const SWEEP_INTERVAL_MS = 10_000;

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
  // Each address's connections, held weakly and counted when it reaches its limit (a closed one
  // is destroyed by then) or at the sweep. A `close` listener per connection cost about 140
  // bytes for every webcast viewer: Engine.IO and `ws` already listen, and a third listener
  // turns the socket's pair of them into a grown array.
  const open = new Map<string, Set<WeakRef<Socket>>>();
  const stillOpen = (connections: Set<WeakRef<Socket>>) => {
    for (const held of connections) {
      const socket = held.deref();
      if (!socket || socket.destroyed) connections.delete(held);
    }
    return connections.size;
  };
  const sweep = setInterval(() => {
    for (const [address, connections] of open) if (stillOpen(connections) === 0) open.delete(address);
  }, SWEEP_INTERVAL_MS).unref();
  server.once('close', () => clearInterval(sweep));
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!address || options.trusted(address)) return;
    let connections = open.get(address);
    if (!connections) open.set(address, (connections = new Set()));
    if (connections.size >= options.maxPerAddress && stillOpen(connections) >= options.maxPerAddress) {
      metrics.connectionRefused('per-address');
      socket.destroy();
      return;
    }
    connections.add(new WeakRef(socket));
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
