import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of several nodes, as the reverse proxy of infra/compose.yaml is: each new
 * connection goes to the first node in the list that accepts it, so every client is on the
 * first node while it lives, and on the next one once it is gone. A connection to a node that
 * dies is closed with it, and the client reconnects through the proxy.
 */
export interface FailoverProxy {
  url: string;
  close(): Promise<void>;
}

export async function startFailoverProxy(backends: readonly string[]): Promise<FailoverProxy> {
  const open = new Set<Socket>();
  const toBackend = (client: Socket, index: number) => {
    if (index >= backends.length) return client.destroy();
    const { hostname, port } = new URL(backends[index]!);
    const upstream = connect(Number(port), hostname);
    let connected = false;
    upstream.on('error', () => {
      // Refused: the node is down, and the next one gets the connection.
      if (!connected) toBackend(client, index + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      connected = true;
      open.add(upstream);
      upstream.once('close', () => open.delete(upstream));
      upstream.pipe(client);
      client.pipe(upstream);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
  };
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => {});
    // Paused until a node took it: piping resumes it, and nothing the client sent is dropped.
    toBackend(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy did not get a port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
