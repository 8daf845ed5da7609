import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSecrets, SecretsError } from './access/secrets.js';
import { createApp, type App } from './app.js';
import { ConfigError, edgeSettings, parseConfig, type Config } from './config.js';
import { loadEnvFile } from './env-file.js';
import { createLogger, useLogger } from './observability/log.js';
import { liveKitReachable } from './observability/readiness.js';
import { drainConnections } from './http/drain.js';
import { LiveKitBridge } from './livekit/bridge.js';
import { startLocalLiveKit, type LocalLiveKit } from './livekit/local-server.js';
import { provisionBinary } from './livekit/provision.js';
import { RECORDER_INSTALL_SCRIPT } from './recorder/provision.js';
import { demoLinkLines, ensureDemoCycle, ensureDemoMeeting } from './demo.js';
import { consultPath } from './cycle/pages.js';
import { defaultSender, smtpMailer } from './mail/mailer.js';
import { ClusterError, connectCluster, redactedUrl, type Cluster } from './realtime/cluster.js';
import { openFileLimit, openFilesNotice } from './http/open-files.js';
import { FanOutError } from './realtime/fan-out.js';
import { DataDirError, prepareDataDir } from './storage/data-dir.js';
import { LogIntegrityError } from './storage/log.js';
import { LOG_FILE, SqliteLogStore, StoreOpenError } from './storage/sqlite-log.js';
import { DatabaseOpenError, DatabaseUnavailableError, PostgresLogStore } from './storage/postgres-log.js';
import type { LogStore } from './storage/log.js';

/**
 * LiveKit as configured, else a local livekit-server on loopback, built with Go on the first
 * start (the meeting runs meanwhile and the pages say audio/video is on its way); without
 * either the meeting runs and the pages say that audio/video is unavailable.
 */
async function connectMedia(app: App, config: Config, publicUrl: string): Promise<LocalLiveKit | null> {
  if (config.LIVEKIT_URL && config.LIVEKIT_API_KEY && config.LIVEKIT_API_SECRET) {
    await app.media.connect(
      new LiveKitBridge({ url: config.LIVEKIT_URL, apiKey: config.LIVEKIT_API_KEY, apiSecret: config.LIVEKIT_API_SECRET }),
    );
    console.log(`audio/video: LiveKit at ${config.LIVEKIT_URL}`);
    return null;
  }
  if (config.LIVEKIT_LOCAL === 'off') {
    console.log('audio/video: unavailable (LIVEKIT_LOCAL=off and no LIVEKIT_URL)');
    return null;
  }
  const provisioned = await provisionBinary({
    onBuilding: (elapsedMs) => {
      app.media.setPreparing(true);
      console.log(
        elapsedMs === 0
          ? 'audio/video: building livekit-server with Go, first start only (a few minutes; the meeting already runs)'
          : `audio/video: still building livekit-server (${Math.round(elapsedMs / 1000)} s)`,
      );
    },
  });
  if (provisioned.kind === 'missing') {
    app.media.setPreparing(false);
    console.log(`audio/video: unavailable: ${provisioned.reason} (or set LIVEKIT_URL)`);
    return null;
  }
  // The local server posts its webhooks to this process on loopback, whatever PUBLIC_URL says.
  const port = new URL(publicUrl).port;
  const local = await startLocalLiveKit({ binary: provisioned.binary, webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook` });
  await app.media.connect(new LiveKitBridge(local.settings));
  console.log(`audio/video: local livekit-server at ${local.settings.url}`);
  return local;
}

/** Where Chromium prints archived records from, if anywhere. */
function pdfPrinting(config: Config) {
  const chromiumPath = config.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (config.ARCHIVE_PDF === 'off' || !existsSync(chromiumPath)) {
    console.log('archive PDF: off (set CHROMIUM_PATH to a Chromium to print records)');
    return undefined;
  }
  return { chromiumPath, cacheDir: join(config.DATA_DIR, 'archive-pdf') };
}

/**
 * The floor recorder (server/recorder/go), built with Go on the first start like
 * livekit-server; meetings run meanwhile and start recording once it is there.
 */
async function provisionRecorder(app: App): Promise<void> {
  if (!app.recorder) return;
  const provisioned = await provisionBinary({
    script: RECORDER_INSTALL_SCRIPT,
    onBuilding: (elapsedMs) =>
      console.log(
        elapsedMs === 0
          ? 'floor recorder: building it with Go, first start only (a few minutes)'
          : `floor recorder: still building (${Math.round(elapsedMs / 1000)} s)`,
      ),
  });
  if (provisioned.kind === 'missing') {
    console.log(`floor recorder: unavailable: ${provisioned.reason}; meetings are not recorded`);
    return;
  }
  app.recorder.setBinary(provisioned.binary);
  console.log('floor recorder: ready');
}

/** Stands for the log's place in messages when it is in PostgreSQL rather than a file. */
const DATABASE_LOG = 'DATABASE_URL';

/**
 * What an operator can fix (a setting, the data folder, the secrets file, a damaged log, an
 * unreachable database) stops start-up with one message naming the file and what to do, and
 * exit code 1; anything else is a bug and keeps its stack trace.
 */
function stopOnStartupError(error: unknown, logFile: string): never {
  if (
    error instanceof ConfigError ||
    error instanceof SecretsError ||
    error instanceof DataDirError ||
    error instanceof StoreOpenError ||
    error instanceof ClusterError ||
    error instanceof FanOutError ||
    error instanceof DatabaseOpenError
  ) {
    console.error(error.message);
    process.exit(1);
  }
  if (error instanceof DatabaseUnavailableError) {
    console.error(`${error.message}. Check DATABASE_URL and that PostgreSQL is running and reachable, then start again.`);
    process.exit(1);
  }
  if (error instanceof LogIntegrityError && logFile === DATABASE_LOG) {
    console.error(
      `The meeting log in PostgreSQL is damaged: ${error.message}. OpenFloor does not start on a damaged log, so that no meeting is rebuilt without one of its entries: restore the database from a backup (pg_dump), then start again.`,
    );
    process.exit(1);
  }
  if (error instanceof LogIntegrityError) {
    console.error(
      `${logFile} is damaged: ${error.message}. OpenFloor does not start on a damaged log, so that no meeting is rebuilt without one of its entries: restore the file (with its -wal file) from a backup, then start again.`,
    );
    process.exit(1);
  }
  throw error;
}

/** Requests still running when a shutdown begins (an upload) get this long before their connections are cut. */
const DRAIN_GRACE_MS = 5000;
const SHUTDOWN_LIMIT_MS = 20_000;

const newMeetingId = () => randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');

/** Composition root: the only place that reads the environment and picks real implementations. */
async function main(): Promise<void> {
  // The data directory holds every meeting's log and the secrets: owner-only, files and folders.
  process.umask(0o077);
  loadEnvFile();
  let config;
  let secrets;
  try {
    config = parseConfig(process.env);
    prepareDataDir(config.DATA_DIR);
    secrets = loadSecrets(config.DATA_DIR, { adminToken: config.ADMIN_TOKEN, linkSecret: config.LINK_SECRET });
  } catch (error) {
    stopOnStartupError(error, '');
  }
  useLogger(createLogger({ level: config.LOG_LEVEL }));
  const openFiles = openFilesNotice(openFileLimit());
  if (openFiles) (openFiles.warning ? console.warn : console.log)(openFiles.text);
  const clock = () => Date.now();
  const logFile = config.DATABASE_URL ? DATABASE_LOG : join(config.DATA_DIR, LOG_FILE);
  let cluster: Cluster | undefined;
  try {
    cluster = config.REDIS_URL ? await connectCluster(config.REDIS_URL, { clock }) : undefined;
  } catch (error) {
    stopOnStartupError(error, logFile);
  }
  if (config.REDIS_URL) console.log(`cluster: broadcasts shared with the other nodes through Redis at ${redactedUrl(config.REDIS_URL)}`);
  let store: LogStore | undefined;
  let app: App;
  try {
    // SQLite in DATA_DIR unless DATABASE_URL names a PostgreSQL database (several nodes share it).
    store = config.DATABASE_URL ? await PostgresLogStore.open({ connectionString: config.DATABASE_URL }) : new SqliteLogStore(config.DATA_DIR);
    // Creating the app loads the open meetings: a damaged log stops here, before anyone connects.
    app = await createApp({
      store,
      clock,
      adminToken: secrets.adminToken,
      linkSecret: secrets.linkSecret,
      publicUrl: config.PUBLIC_URL,
      linkGraceHours: config.LINK_GRACE_HOURS,
      mailer: config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.MAIL_FROM ?? defaultSender(config.PUBLIC_URL)) : null,
      captionQuietMs: config.CAPTION_QUIET_MS,
      nodeName: config.NODE_NAME,
      mediaReconcileMs: 10_000,
      newMeetingId,
      clientDistDir: fileURLToPath(new URL('../client/dist', import.meta.url)),
      pdf: pdfPrinting(config),
      archiveDir: join(config.DATA_DIR, 'archive-files'),
      streamText: { baseUrl: config.STREAMTEXT_URL, pollMs: config.STREAMTEXT_POLL_MS, timeoutMs: 5000 },
      captionTcp: { host: config.CAPTION_TCP_HOST, ports: config.CAPTION_TCP_PORTS ?? null },
      floor:
        config.FLOOR_RECORDER === 'off'
          ? undefined
          : { dataDir: config.DATA_DIR, ffmpegPath: existsSync(config.FFMPEG_PATH) ? config.FFMPEG_PATH : null },
      edge: edgeSettings(config),
      cluster,
    });
  } catch (error) {
    await store?.close();
    await cluster?.close();
    stopOnStartupError(error, logFile);
  }
  const demoId = app.registry.summary('demo') ? newMeetingId() : 'demo';
  const demo = config.DEMO === 'on' ? await ensureDemoMeeting(app.registry, demoId, clock(), config.LINK_GRACE_HOURS) : null;
  const demoCycle = demo ? await ensureDemoCycle(app.cycles, demo, clock()) : null;
  if (config.LIVEKIT_URL) app.readiness.add(liveKitReachable(config.LIVEKIT_URL));
  let publicUrl: string;
  try {
    publicUrl = await app.listen(config.PORT, config.HOST);
  } catch (error) {
    await app.close();
    stopOnStartupError(error, logFile);
  }
  console.log(`OpenFloor is running at ${publicUrl}`);
  // Audio/video may take minutes on a first start (building livekit-server): links first.
  let localLiveKit: LocalLiveKit | null = null;
  connectMedia(app, config, publicUrl).then(
    (local) => {
      localLiveKit = local;
    },
    (error: unknown) => {
      app.media.setPreparing(false);
      console.error('audio/video: unavailable:', error instanceof Error ? error.message : error);
    },
  );
  console.log(config.SMTP_URL ? 'e-mail: personal links are sent by SMTP' : 'e-mail: off (set SMTP_URL to send personal links)');
  const setupLine = secrets.adminTokenIsNew
    ? `setup: ${publicUrl}/setup#admin=${secrets.adminToken} (shown this once: keep it)`
    : `setup: ${publicUrl}/setup (sign in with the admin token: ADMIN_TOKEN, or secrets.json in ${config.DATA_DIR})`;
  const lines = demo ? demoLinkLines(demo, publicUrl, app.signer, setupLine) : [setupLine];
  void provisionRecorder(app).catch((error: unknown) => console.error('floor recorder: unavailable:', error));
  for (const line of lines) console.log(line);
  console.log(`consultation cycles: ${publicUrl}/cycles (opened from the setup page, with its admin token)`);
  if (demoCycle) console.log(`consultation page (demo): ${publicUrl}${consultPath(demoCycle.id)}`);

  // Drain to the other nodes, write what is pending, close the store; bounded, as an orchestrator
  // waits for a stopped node only so long before it kills it.
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: draining connections to the other nodes, then stopping`);
    setTimeout(() => {
      console.error(`stopping took more than ${SHUTDOWN_LIMIT_MS / 1000} s: exiting now`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    drainConnections(app, clock(), DRAIN_GRACE_MS)
      .then(() => Promise.all([app.close(), localLiveKit?.stop()]))
      .then(
        () => {
          console.log('stopped: every change is written');
          process.exit(0);
        },
        (error: unknown) => {
          console.error('stopping failed:', error);
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
