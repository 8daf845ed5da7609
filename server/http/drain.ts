import type { Server as HttpServer } from 'node:http';
import type { EventStreams } from '../realtime/event-streams.js';
import type { RealtimeServer } from '../realtime/socket.js';
import type { Readiness } from '../observability/readiness.js';

/**
 * The first half of a graceful shutdown, before the app closes (which writes what is pending
 * and closes the store): `/readyz` turns 503 and the listener closes, so a proxy sends new
 * connections to the other nodes; every realtime client is disconnected by the server, on
 * which the client reconnects at once (client/src/realtime/MeetingClient.ts), through the
 * proxy, to another node (a caption event stream's reader after the stream's retry delay), and catches up from its last seq. Requests still running (a long
 * upload) get `graceMs`, then their connections are cut.
 */
export async function drainConnections(
  node: { httpServer: HttpServer; io: RealtimeServer; eventStreams: EventStreams; readiness: Readiness },
  now: number,
  graceMs: number,
): Promise<void> {
  const { httpServer, io, eventStreams, readiness } = node;
  readiness.drain(now);
  const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  // This node's own connections only: with the Redis adapter, io.disconnectSockets reaches every node.
  io.local.disconnectSockets(true);
  // Readers of the caption event stream come back after its retry delay, through the proxy.
  eventStreams.endAll();
  httpServer.closeIdleConnections();
  const cut = setTimeout(() => httpServer.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(cut);
}
