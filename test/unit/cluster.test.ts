import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ClusterError, connectCluster } from '../../server/realtime/cluster.js';

/** A loopback port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('joining the cluster', () => {
  it('a Redis that does not answer stops start-up with a ClusterError naming REDIS_URL and the address, never the password', async () => {
    const port = await closedPort();
    const attempt = connectCluster(`redis://user:s3cret-password@127.0.0.1:${port}`, { clock: () => 0, connectTimeoutMs: 1000 });
    await expect(attempt).rejects.toThrow(ClusterError);
    const error = (await attempt.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(new RegExp(`^REDIS_URL: .*redis://user:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
    expect(error.message).not.toContain('s3cret-password');
  });
});
