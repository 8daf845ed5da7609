import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServer, type RunningServer } from '../support/harness.js';
import { rawRequest } from '../support/raw-http.js';

/**
 * At the start of a meeting a full hall (often on the venue's Wi-Fi) and its webcast load the
 * same client at once. The build compresses it once (infra/precompress.ts); the server sends
 * the copy each browser accepts, as RFC 9110 §12.5.3 reads Accept-Encoding.
 */
const dist = join(import.meta.dirname, '../../client/dist');
let server: RunningServer;
let scripts: string[];

beforeAll(async () => {
  server = await startServer();
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  scripts = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
});
afterAll(async () => {
  await server.stop();
  removeDir(server.dataDir);
});

const raw = (path: string, acceptEncoding: string | null, method: 'GET' | 'HEAD' = 'GET') => rawRequest(server.url, path, acceptEncoding, method);

describe('the client as a browser loads it', () => {
  it('every script and stylesheet the page loads has a Brotli and a gzip copy from the build, each decoding to the file itself', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const path of scripts) {
      const file = readFileSync(join(dist, path));
      expect(brotliDecompressSync(readFileSync(join(dist, `${path}.br`))).equals(file)).toBe(true);
      expect(gunzipSync(readFileSync(join(dist, `${path}.gz`))).equals(file)).toBe(true);
    }
  });

  it('a browser that accepts Brotli gets Brotli, with the type of the file, and the page weighs under a third of its built size', async () => {
    let built = 0;
    let sent = 0;
    for (const path of scripts) {
      const response = await raw(path, 'gzip, deflate, br, zstd');
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers['content-type']).toMatch(path.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(response.headers['content-length'])).toBe(response.body.length);
      const file = readFileSync(join(dist, path));
      expect(brotliDecompressSync(response.body).equals(file)).toBe(true);
      built += file.length;
      sent += response.body.length;
    }
    expect(sent).toBeLessThan(built / 3);
  });

  it('gzip to a browser that takes gzip only, or refuses Brotli by its weight; the file itself to one that accepts neither', async () => {
    const [path] = scripts;
    const file = readFileSync(join(dist, path!));
    for (const accepted of ['gzip', 'br;q=0, gzip', 'gzip;q=1, br;q=0.5']) {
      const response = await raw(path!, accepted);
      expect({ accepted, encoding: response.headers['content-encoding'] }).toEqual({ accepted, encoding: 'gzip' });
      expect(gunzipSync(response.body).equals(file)).toBe(true);
    }
    expect((await raw(path!, '*')).headers['content-encoding']).toBe('br');
    for (const accepted of [null, 'identity', 'deflate', 'br;q=0, gzip;q=0', '*;q=0']) {
      const response = await raw(path!, accepted);
      expect({ accepted, encoding: response.headers['content-encoding'] }).toEqual({ accepted, encoding: undefined });
      expect(response.body.equals(file)).toBe(true);
    }
  });

  it('the content-hashed assets are cached for good, compressed or not; a HEAD request gets the headers of the copy it would get', async () => {
    const [path] = scripts;
    for (const accepted of ['br', null]) expect((await raw(path!, accepted)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const head = await raw(path!, 'br', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(readFileSync(join(dist, `${path}.br`)).length);
    expect(head.body.length).toBe(0);
  });

  it('a page path still gets index.html, never cached without asking again', async () => {
    const response = await raw('/meetings/anything/chair', 'br');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body.toString('utf8')).toContain('<div id="root"');
  });
});
