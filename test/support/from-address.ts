import { connect, createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port whose connections reach `url` from `localAddress` (any 127.x address): a page,
 * which cannot choose its address, seen by the server as coming from there.
 */
export async function fromAddress(url: string, localAddress: string): Promise<{ url: string; close: () => void }> {
  const port = Number(new URL(url).port);
  const forwarder = createServer((page) => {
    const upstream = connect({ host: '127.0.0.1', port, localAddress });
    for (const [one, other] of [[page, upstream], [upstream, page]] as const) {
      one.pipe(other);
      one.on('error', () => other.destroy());
      one.on('close', () => other.destroy());
    }
  });
  await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}`, close: () => forwarder.close() };
}
