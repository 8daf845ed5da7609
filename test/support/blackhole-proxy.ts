import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy that can cut chosen connections off without closing them, as a network does when
 * a NAT or firewall forgets a flow, or a link drops packets: from then on what either side sends
 * is read and thrown away, no reset and no FIN reach anyone, and both ends still see an open
 * connection. New connections pass as before.
 */
export interface BlackholeProxy {
  url: string;
  /** Cuts off every open connection whose client has sent bytes matching `sent` so far; returns how many. */
  blackhole(sent: RegExp): number;
  /**
   * Cuts off the first connection whose client next sends bytes matching `sending`, just after
   * passing them on (`passed`: the server gets them, the client never hears back) or just
   * before (the server never gets them); resolves when it has.
   */
  cutWhen(sending: RegExp, passed: boolean): Promise<void>;
  /** From now on new connections are cut off too, as soon as they are made: the client's network is gone. */
  isolate(): void;
  close(): Promise<void>;
}

interface Flow {
  client: Socket;
  upstream: Socket;
  /** What the client sent, kept up to a few KB: enough to recognise a connection by its first commands. */
  sent: string;
  cut: boolean;
}

const KEPT_BYTES = 4096;

export async function startBlackholeProxy(target: string): Promise<BlackholeProxy> {
  const { hostname, port } = new URL(target);
  const flows = new Set<Flow>();
  let armed: { sending: RegExp; passed: boolean; done: () => void } | null = null;
  let isolated = false;
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    const flow: Flow = { client, upstream, sent: '', cut: isolated };
    flows.add(flow);
    client.on('data', (data) => {
      if (flow.sent.length < KEPT_BYTES) flow.sent += data.toString('latin1');
      const trigger = armed && !flow.cut && armed.sending.test(data.toString('latin1')) ? armed : null;
      if (trigger) {
        armed = null;
        if (trigger.passed) upstream.write(data);
        flow.cut = true;
        trigger.done();
        return;
      }
      if (!flow.cut) upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (!flow.cut) client.write(data);
    });
    // Once cut, neither end hears of the other closing, as behind a dead NAT entry; close() ends what is left.
    const end = () => {
      if (flow.cut) return;
      flows.delete(flow);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', () => {});
    upstream.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy did not get a port');
  // The target's URL with the proxy's address: its user, password, database and options kept.
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    // Without the slash URL adds to an empty path, so `${proxy.url}/path` is what it says.
    url: url.pathname === '/' ? url.toString().replace(/\/$/, '') : url.toString(),
    blackhole(sent) {
      let count = 0;
      for (const flow of flows) {
        if (flow.cut || !sent.test(flow.sent)) continue;
        flow.cut = true;
        count++;
      }
      return count;
    },
    isolate() {
      isolated = true;
    },
    cutWhen: (sending, passed) => new Promise<void>((done) => (armed = { sending, passed, done })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const flow of flows) {
          flow.client.destroy();
          flow.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
