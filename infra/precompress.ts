import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { compressedCopies, SUFFIX } from '../server/http/encodings.js';

/** Text the client's pages load; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map)$/;

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside each text file of the build, at the
 * highest levels, once: a full hall and its webcast load the same 1.2 MB of JavaScript at the
 * start of a meeting, and the server sends the copy a browser accepts (server/http/client.ts)
 * without compressing anything per request.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'openfloor-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
        .map((entry) => join(entry.parentPath, entry.name));
      await Promise.all(
        files.map(async (file) => {
          const copies = await compressedCopies(await readFile(file), true);
          await Promise.all(copies.map(({ encoding, bytes }) => writeFile(file + SUFFIX[encoding], bytes)));
        }),
      );
    },
  };
}
