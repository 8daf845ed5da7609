import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadSecrets } from './access/secrets.js';
import { createApp } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import { demoLinkLines, ensureDemoMeeting } from './demo.js';
import { SqliteLogStore } from './storage/sqlite-log.js';

const newMeetingId = () => randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');

/** Composition root: the only place that reads the environment and picks real implementations. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const secrets = loadSecrets(config.DATA_DIR, { adminToken: config.ADMIN_TOKEN, linkSecret: config.LINK_SECRET });
  const clock = () => Date.now();
  const app = createApp({
    store: new SqliteLogStore(config.DATA_DIR),
    clock,
    adminToken: secrets.adminToken,
    linkSecret: secrets.linkSecret,
    publicUrl: config.PUBLIC_URL,
    roleLinkDays: config.ROLE_LINK_DAYS,
    captionQuietMs: config.CAPTION_QUIET_MS,
    newMeetingId,
    clientDistDir: fileURLToPath(new URL('../client/dist', import.meta.url)),
  });
  const demoId = app.registry.get('demo') ? newMeetingId() : 'demo';
  const demo = config.DEMO === 'on' ? ensureDemoMeeting(app.registry, demoId, clock()) : null;
  const publicUrl = await app.listen(config.PORT, config.HOST);
  console.log(`OpenFloor is running at ${publicUrl}`);
  const lines = demo
    ? demoLinkLines(demo, publicUrl, app.signer, secrets.adminToken)
    : [`setup: ${publicUrl}/setup#admin=${secrets.adminToken}`];
  for (const line of lines) console.log(line);

  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
