import { accessSync, chmodSync, constants, mkdirSync, readdirSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** DATA_DIR cannot be used: what is wrong with it, and what the operator can do. */
export class DataDirError extends Error {}

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EEXIST: 'a file of that name is in the way',
  EROFS: 'it is on a read-only file system',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

/**
 * Makes sure DATA_DIR is a folder this process can write, owner-only (0700) as every meeting's
 * log and the secrets are in it: a folder left 0755 by an older version, and its files, are
 * narrowed. Anything else stops start-up naming the folder and what to do.
 */
export function prepareDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  const advice = `Create it as a folder the server's user can write (or set DATA_DIR to one), then start again.`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'EEXIST' });
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new DataDirError(`DATA_DIR ${dir} cannot be used: ${WHY[code] ?? (error as Error).message}${code ? ` (${code})` : ''}. ${advice}`);
  }
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isFile() && (stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
  }
}

/** Writes `file` whole or not at all: under another name, then renamed, so a crash never leaves half a file to be served. */
export async function writeWhole(file: string, data: string | Uint8Array): Promise<void> {
  await writeFile(`${file}.partial`, data);
  await rename(`${file}.partial`, file);
}
