import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { MeetingClient } from '../../client/src/realtime/MeetingClient.js';
import { seedMeeting, useMeetingServer, waitFor } from '../support/harness.js';

const suite = useMeetingServer();

/**
 * A node's address that can play the node dying. Up, each connection is piped to the real
 * server. Down, a WebSocket upgrade is accepted (101) and its connection dropped at once, before
 * Engine.IO's open packet, as when the process is killed just after taking the connection; any
 * other request has its connection dropped unanswered.
 */
async function startDyingNode(target: string) {
  const { hostname, port } = new URL(target);
  const piped = new Set<Socket>();
  let down = false;
  let droppedUpgrades = 0;
  const upgrades = new WebSocketServer({ noServer: true });
  const dead = createHttpServer((request) => request.socket.destroy());
  dead.on('upgrade', (request, socket, head) =>
    upgrades.handleUpgrade(request, socket, head, (webSocket) => {
      droppedUpgrades += 1;
      webSocket.terminate();
    }),
  );
  const front = createServer((client) => {
    client.on('error', () => {});
    if (down) return void dead.emit('connection', client);
    const upstream = connect(Number(port), hostname);
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    piped.add(client);
    client.once('close', () => piped.delete(client));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    droppedUpgrades: () => droppedUpgrades,
    die() {
      down = true;
      for (const client of piped) client.destroy();
    },
    revive() {
      down = false;
    },
    close: () => new Promise<void>((resolve) => {
      for (const client of piped) client.destroy();
      upgrades.close();
      front.close(() => resolve());
    }),
  };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

it('an attempt to come back whose WebSocket is dropped before the server says a word fails at once, and the next one, once the node is back, gets in', async () => {
  const meeting = await seedMeeting(suite.server.url);
  const node = await startDyingNode(suite.server.url);
  cleanups.push(node.close);
  // As in the browser: Socket.IO's own reconnection, polling first, then the upgrade.
  const client = new MeetingClient({ url: node.url, token: meeting.tokens.viewer });
  cleanups.push(() => client.close());
  await waitFor(() => client.getView().status === 'online', 'the client is online');
  await waitFor(() => client.socket.io.engine.transport.name === 'websocket', 'the client upgraded to a WebSocket');

  node.die();
  await waitFor(() => client.getView().status === 'offline', 'the client saw the node go');
  // Having had a WebSocket, the client comes back by one first; it is dropped unanswered.
  await waitFor(() => node.droppedUpgrades() > 0, 'an attempt was dropped after its upgrade', 10_000);
  node.revive();
  // Socket.IO's waits between attempts are 5 s at most (with its jitter); its connect timeout
  // is 20 s, which an attempt left pending would sit out.
  await waitFor(() => client.getView().status === 'online', 'the client is back online', 12_000);
});
