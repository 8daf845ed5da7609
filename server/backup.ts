import { backupLog, BackupError } from './storage/backup.js';
import { ConfigError, parseConfig } from './config.js';
import { loadEnvFile } from './env-file.js';

/**
 * `npm run backup -- <file>`: an online backup of the meeting log of DATA_DIR (the same
 * settings as the server, `.env` included), while the server runs. Restore: stop the server,
 * copy the file to DATA_DIR/openfloor.sqlite (removing any -wal and -shm file beside it), start.
 */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) {
    console.error('usage: npm run backup -- <backup file>');
    process.exit(2);
  }
  loadEnvFile();
  process.umask(0o077);
  try {
    const { DATA_DIR } = parseConfig(process.env);
    const { file, pages } = await backupLog(DATA_DIR, target);
    console.log(`backup of ${DATA_DIR} written to ${file} (${pages} pages)`);
    console.log(`keep ${DATA_DIR}/secrets.json too (unless ADMIN_TOKEN and LINK_SECRET are set): the links are signed with it`);
  } catch (error) {
    if (!(error instanceof BackupError || error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

await main();
