import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOG_FILE } from './sqlite-log.js';

/** A backup that cannot be made: what is wrong, for the operator. */
export class BackupError extends Error {}

/**
 * Copies the data directory's SQLite log into `target` with SQLite's online backup, which is
 * safe while the server runs and writes: the copy is one consistent state of the log, every
 * change acknowledged before it began included. The copy is written under another name and
 * renamed, so an interrupted backup never leaves a file that looks complete; an existing
 * `target` is left alone.
 */
export async function backupLog(dataDir: string, target: string): Promise<{ file: string; pages: number }> {
  const source = join(resolve(dataDir), LOG_FILE);
  const file = resolve(target);
  if (!existsSync(source)) throw new BackupError(`there is no log to back up at ${source} (is DATA_DIR the server's?)`);
  if (existsSync(file)) throw new BackupError(`${file} already exists: give the backup a new name`);
  const partial = `${file}.partial-${process.pid}`;
  const db = new Database(source, { fileMustExist: true });
  try {
    // The server writes in small transactions; SQLite restarts a backup that a write overtakes,
    // so after the first step everything left is copied in one step, under one read lock.
    const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
    renameSync(partial, file);
    return { file, pages: totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
