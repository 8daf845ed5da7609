import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import type { CaptionLogEntry, CaptionStream } from '../../shared/captions/model.js';
import type { SocketCommandType } from '../../shared/meeting/commands.js';
import type { CaptionCatchUp } from '../../shared/protocol/captions.js';
import type { MediaPresenceView } from '../../shared/protocol/media.js';
import type { Language, MeetingState } from '../../shared/meeting/model.js';
import type {
  Ack,
  ClientToServerEvents,
  CommandAccepted,
  MeetingChange,
  SelfChanged,
  ServerToClientEvents,
  Snapshot,
} from '../../shared/protocol/socket.js';
import { CaptionMirror, type CaptionOutcome } from '../../client/src/captions/mirror.js';
import { MeetingClient } from '../../client/src/realtime/MeetingClient.js';
import { createApp, type App } from '../../server/app.js';
import { edgeSettings, parseConfig } from '../../server/config.js';
import { createLogger, useLogger } from '../../server/observability/log.js';
import type { LevelWithSilent } from 'pino';
import type { LogStore } from '../../server/storage/log.js';
import type { Timers } from '../../server/timers.js';
import { PostgresLogStore } from '../../server/storage/postgres-log.js';
import { SqliteLogStore } from '../../server/storage/sqlite-log.js';
import { connectCluster } from '../../server/realtime/cluster.js';
import { smtpMailer } from '../../server/mail/mailer.js';
import { LiveKitBridge } from '../../server/livekit/bridge.js';
import { startLocalLiveKit, type LocalLiveKit } from '../../server/livekit/local-server.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * Tests drive one server from one address far faster than any person: the rate limits are
 * lifted unless a test sets them (the limit tests do).
 */
const TEST_LIMITS = {
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_CREDENTIAL_PER_MINUTE: '1000000',
  INGEST_RATE_LIMIT_PER_MINUTE: '1000000',
  REGISTRATION_PER_ADDRESS_PER_HOUR: '100000',
  REGISTRATION_PER_MEETING_PER_MINUTE: '100000',
  MAX_CONNECTIONS_PER_ADDRESS: '100000',
  SOCKET_COMMANDS_PER_LINK_PER_MINUTE: '1000000',
  STAFF_SOCKET_COMMANDS_PER_LINK_PER_MINUTE: '1000000',
  SOCKET_COMMANDS_PER_ADDRESS_PER_MINUTE: '1000000',
  MAX_CONNECTIONS_PER_LINK: '100000',
};
const LINK_SECRET = 'test-link-secret-0123456789abcdef0123456789';

/** The same settings for a server run as its own process (server/main.ts), without audio/video, demo or printing. */
export const PROCESS_ENV = {
  ...TEST_LIMITS,
  ADMIN_TOKEN,
  LINK_SECRET,
  HOST: '127.0.0.1',
  LIVEKIT_LOCAL: 'off',
  DEMO: 'off',
  FLOOR_RECORDER: 'off',
  ARCHIVE_PDF: 'off',
};

export interface RunningServer {
  app: App;
  url: string;
  dataDir: string;
  /** The real livekit-server started for this server, when asked for. */
  liveKit: LocalLiveKit | null;
  stop(): Promise<void>;
}

let meetingCounter = 0;

/** A real server on a free loopback port, with its SQLite log in a fresh (or given) folder. */
export async function startServer(
  options: {
    dataDir?: string;
    captionQuietMs?: number;
    /** Caption entries kept for reconnecting pages; a small tail makes a long absence quick to reach. */
    captionTailSize?: number;
    liveKit?: boolean;
    clock?: () => number;
    /** Timers that follow `clock` (a MeetingClock's): link expiry and the attendance grace then jump with it. */
    timers?: Timers;
    linkGraceHours?: number;
    /** A real SMTP server (started by the test) that personal links are sent through. */
    smtpUrl?: string;
    /** Print archive PDFs with Chromium (only the tests that check them). */
    pdf?: boolean;
    /**
     * A participant back within this is not recorded as leaving and joining again; 0 (the
     * default here) records each departure at once, as the tests that read attendance expect.
     */
    attendanceGraceMs?: number;
    /** How often the LiveKit room is compared with the meeting (2 s by default here). */
    mediaReconcileMs?: number;
    /** Wraps the server's SQLite store: a test may watch or fail its appends. */
    wrapStore?: (store: LogStore) => LogStore;
    /** The log in this PostgreSQL database instead of SQLite in the data folder. */
    databaseUrl?: string;
    /** A local StreamText-compatible pull server, and how long a reply may take. */
    streamText?: { baseUrl: string; pollMs?: number; timeoutMs?: number };
    /** Ports for captioners' TCP realtime listeners (loopback); off when absent. */
    captionTcpPorts?: { from: number; to: number };
    /** A given loopback port (a restarted server where the pages expect it); a free one unless told. */
    port?: number;
    /** Record the floor with the recorder built by infra/recorder/install.sh (needs liveKit). */
    recorder?: boolean;
    /** Configuration of limits, proxies and origins, over the defaults of an empty environment. */
    env?: Record<string, string>;
    /** A Redis shared with other servers (test/support/redis.ts): broadcasts then reach them all. */
    redisUrl?: string;
    /** NODE_NAME: this server among others on one database. */
    nodeName?: string;
  } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'openfloor-test-'));
  // A test run shows warnings and errors, not an access-log line per request.
  useLogger(createLogger({ level: (process.env.LOG_LEVEL as LevelWithSilent | undefined) ?? 'warn' }));
  const cluster = options.redisUrl ? await connectCluster(options.redisUrl, { clock: options.clock ?? (() => Date.now()) }) : undefined;
  const base = options.databaseUrl ? await PostgresLogStore.open({ connectionString: options.databaseUrl, connectionTimeoutMs: 1000 }) : new SqliteLogStore(dataDir);
  const app = await createApp({
    cluster,
    store: options.wrapStore?.(base) ?? base,
    clock: options.clock ?? (() => Date.now()),
    ...(options.timers ? { timers: options.timers } : {}),
    adminToken: ADMIN_TOKEN,
    linkSecret: LINK_SECRET,
    linkGraceHours: options.linkGraceHours ?? 24,
    mailer: options.smtpUrl ? smtpMailer(options.smtpUrl, 'OpenFloor <openfloor@test.invalid>') : null,
    captionQuietMs: options.captionQuietMs ?? 3000,
    ...(options.nodeName ? { nodeName: options.nodeName } : {}),
    ...(options.captionTailSize === undefined ? {} : { captionTailSize: options.captionTailSize }),
    attendanceGraceMs: options.attendanceGraceMs ?? 0,
    mediaReconcileMs: options.mediaReconcileMs ?? 2000,
    newMeetingId: () => `m${++meetingCounter}x${process.pid}`,
    clientDistDir: join(import.meta.dirname, '../../client/dist'),
    streamText: {
      baseUrl: options.streamText?.baseUrl ?? 'http://127.0.0.1:9',
      pollMs: options.streamText?.pollMs ?? 100,
      timeoutMs: options.streamText?.timeoutMs ?? 1000,
    },
    captionTcp: { host: '127.0.0.1', ports: options.captionTcpPorts ?? null },
    // Chromium prints archived records only in the tests that ask: it is slow on a busy machine.
    archiveDir: join(dataDir, 'archive-files'),
    ...(options.pdf ? { pdf: { chromiumPath: '/usr/bin/chromium', cacheDir: join(dataDir, 'archive-pdf') } } : {}),
    ...(options.recorder ? { floor: { dataDir, ffmpegPath: '/usr/bin/ffmpeg', restartDelaysMs: [500] } } : {}),
    edge: edgeSettings(parseConfig({ ...TEST_LIMITS, ...options.env })),
  });
  if (options.recorder) {
    // Built once by the project's script (cached under .cache/), as npm start does.
    const script = join(import.meta.dirname, '../../infra/recorder/install.sh');
    app.recorder!.setBinary(execFileSync('bash', [script], { encoding: 'utf8' }).trim().split('\n').at(-1)!);
  }
  const url = await app.listen(options.port ?? 0, '127.0.0.1');
  const liveKit = options.liveKit ? await startLocalLiveKit({ webhookUrl: `${url}/api/livekit/webhook` }) : null;
  if (liveKit) await app.media.connect(new LiveKitBridge(liveKit.settings));
  return {
    app,
    url,
    dataDir,
    liveKit,
    stop: async () => {
      await app.close();
      await liveKit?.stop();
    },
  };
}

/** Polls until `condition` holds; fails after `timeoutMs` naming what it waited for. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The first non-null answer of `probe`, asked every `everyMs` (a server process or a database
 * coming back); fails after `timeoutMs` naming what it waited for.
 */
export async function until<T>(probe: () => Promise<T | null>, what: string, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Settles as `promise` does; fails after `timeoutMs` naming what it waited for. */
export function within<T>(promise: Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Stops a server started by startServer and removes its data folder; nothing for one that never started. */
export async function stopServer(server: RunningServer | undefined): Promise<void> {
  if (!server) return;
  await server.stop();
  removeDir(server.dataDir);
}

export async function http(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = ADMIN_TOKEN,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The ack of a command that must be accepted; a refusal fails the test with its error. */
export async function accepted<T extends { ok: boolean }>(result: Promise<T>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(JSON.stringify(settled));
  return settled;
}

export function tokenOf(url: string): string {
  const token = new URL(url).hash.match(/token=([^&]+)/)?.[1];
  if (!token) throw new Error(`No token in ${url}`);
  return token;
}

export interface SeededMeeting {
  meetingId: string;
  topicIds: string[];
  tokens: { chair: string; moderator: string; screen: string; viewer: string; captioner: string };
  participants: { remote: { id: string; token: string }; room: { id: string; token: string } };
}

/** Prepares an open meeting through the public HTTP API, as the secretariat would. */
/** A MirrorClient on `base`, kept in `clients` for the test's clean-up to close, once the server admitted it. */
export async function connectedClient(clients: MirrorClient[], base: string, token: string): Promise<MirrorClient> {
  const client = new MirrorClient(base, token);
  clients.push(client);
  await client.ready();
  return client;
}

export async function seedMeeting(base: string): Promise<SeededMeeting> {
  const now = Date.now();
  const created = await http(base, 'POST', '/meetings', {
    details: {
      title: 'Open consultation on meaningful connectivity',
      venue: 'Geneva',
      timeZone: 'Europe/Zurich',
      startsAt: now,
      endsAt: now + 3 * 3600_000,
      languages: ['en', 'ar'],
      speakingTimeLimitSec: 120,
    },
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const meetingId: string = created.body.meetingId;
  const command = async (body: unknown) => {
    const result = await http(base, 'POST', `/meetings/${meetingId}/commands`, body);
    if (result.status !== 200) throw new Error(JSON.stringify(result.body));
    return result.body as { seq: number; createdId: string | null };
  };
  const topicIds: string[] = [];
  for (const [title, proposedBy] of [
    ['Connectivity', 'Kenya'],
    ['Accessibility', 'Brazil'],
  ] as const) {
    topicIds.push((await command({ type: 'topic:add', details: { title, proposedBy } })).createdId!);
  }
  await command({ type: 'meeting:transition', to: 'scheduled' });
  await command({ type: 'meeting:transition', to: 'open' });
  // The meeting's one captioner seat is its lead captioner's, as in the demo meeting.
  const issue = async (role: string) => {
    const result = await http(base, 'POST', `/meetings/${meetingId}/links`, { role, label: role, ...(role === 'captioner' ? { lead: true } : {}) });
    return tokenOf(result.body.url);
  };
  const tokens = {
    chair: await issue('chair'),
    moderator: await issue('moderator'),
    screen: await issue('screen'),
    viewer: await issue('viewer'),
    captioner: await issue('captioner'),
  };
  const register = async (displayName: string, attendance: 'room' | 'remote', stakeholderGroup: string) => {
    const result = await http(
      base,
      'POST',
      `/meetings/${meetingId}/registrations`,
      { displayName, affiliation: 'Ministry', country: 'Kenya', stakeholderGroup, attendance },
      null,
    );
    if (result.status !== 201) throw new Error(JSON.stringify(result.body));
    return { id: result.body.participantId as string, token: tokenOf(result.body.url) };
  };
  return {
    meetingId,
    topicIds,
    tokens,
    participants: {
      remote: await register('Delegate of Kenya', 'remote', 'government'),
      room: await register('Amina Civil', 'room', 'civil_society'),
    },
  };
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One caption language a test client follows: the browser's mirror, and every entry delivered to it, in order. */
export class FollowedCaptions {
  readonly mirror: CaptionMirror;
  /** Broadcasts and catch-up entries as they arrived (duplicates and gaps included). */
  readonly received: CaptionLogEntry[] = [];

  constructor(language: Language) {
    this.mirror = new CaptionMirror(language);
  }

  /** A subscription is on its way: a gap seen meanwhile waits for its answer. */
  syncing = false;

  /** Seq of the last entry the mirror applied. */
  get seq(): number {
    return this.mirror.getView().seq;
  }
}

/**
 * The browser's `MeetingClient` (socket, mirror of the meeting as the link's role sees it,
 * requests with a bound) in node, with what tests look at: every broadcast received, how many
 * snapshots came, the caption streams it follows, and waits with a bound and a message.
 */
export class MirrorClient {
  readonly client: MeetingClient;
  readonly received: MeetingChange[] = [];
  snapshots = 0;
  /** Caption streams this client follows, each kept by the browser's own mirror. */
  readonly captions = new Map<string, FollowedCaptions>();
  readonly socket: ClientSocket;
  private waiters: Array<() => void> = [];
  /** Why the connection dropped, each time it did (a drop the test did not cause explains a failed request). */
  readonly drops: string[] = [];

  /** `reconnect`: as a page does, connect again (with the seq it holds) when the connection drops. */
  constructor(base: string, token: string, options: { protocolVersion?: number; origin?: string; reconnect?: boolean } = {}) {
    this.client = new MeetingClient({
      url: base,
      token,
      // A browser sends its page's Origin on the WebSocket handshake; other clients send none.
      ...(options.origin ? { origin: options.origin } : {}),
      transports: ['websocket'],
      reconnection: options.reconnect ?? false,
      ackTimeoutMs: 5000,
      ...(options.protocolVersion === undefined ? {} : { protocolVersion: options.protocolVersion }),
    });
    this.socket = this.client.socket;
    this.socket.on('disconnect', (reason, description) => {
      const close = description && 'context' in description ? (description.context as { code?: number } | undefined)?.code : undefined;
      const detail = description instanceof Error ? description.message : description && 'description' in description ? `${String(description.description)}${close ? `, code ${close}` : ''}` : '';
      this.drops.push(`${new Date().toISOString()} ${reason}${detail ? ` (${detail})` : ''}`);
    });
    this.client.subscribe(() => this.notify());
    this.socket.on('meeting:snapshot', () => {
      this.snapshots += 1;
    });
    this.socket.on('meeting:changed', (change) => {
      this.received.push(change);
    });
    this.socket.on('caption:changed', ({ language, entry }) => {
      const followed = this.captions.get(language);
      if (!followed) return;
      followed.received.push(entry);
      this.catchUpIfNeeded(followed, followed.mirror.receive(entry));
      this.notify();
    });
  }

  get state(): MeetingState | null {
    return this.client.getView().state;
  }

  get seq(): number {
    return this.client.getView().seq;
  }

  get you(): Snapshot['you'] | null {
    return this.client.getView().you;
  }

  /** The last presence view the server sent this connection. */
  get presence(): MediaPresenceView | null {
    return this.client.getView().presence;
  }

  /**
   * Subscribes (or resubscribes after a reconnect, from the last seq applied) and hands the
   * answer to the mirror, as the browser's caption hook does; a gap or a divergence is caught up
   * the same way, by asking again.
   */
  async followCaptions(language: string): Promise<Ack<CaptionCatchUp>> {
    const known = this.captions.get(language);
    const followed = known ?? new FollowedCaptions(language as Language);
    // Broadcasts that arrive before the answer wait in the mirror, as in the browser.
    this.captions.set(language, followed);
    const before = followed.seq;
    const lastSeq = followed.mirror.lastSeq();
    followed.syncing = true;
    const result: Ack<CaptionCatchUp> = await this.client
      .request('caption:subscribe', { language: language as Language, ...(lastSeq === undefined ? {} : { lastSeq }) })
      .finally(() => (followed.syncing = false));
    if (!result.ok) {
      if (!known) this.captions.delete(language);
      return result;
    }
    if (result.value.kind === 'entries') followed.received.push(...result.value.entries);
    const outcome = followed.mirror.applyCatchUp(result.value);
    // A catch-up that moved nothing forward would be asked for again and again.
    this.catchUpIfNeeded(followed, outcome === 'needs-catch-up' && followed.seq === before ? 'diverged' : outcome);
    this.notify();
    return result;
  }

  private catchUpIfNeeded(followed: FollowedCaptions, outcome: CaptionOutcome): void {
    if (outcome === 'in-sync') return;
    if (outcome === 'diverged') followed.mirror.startOver();
    if (followed.syncing) return;
    void this.followCaptions(followed.mirror.language).catch(() => {});
  }

  captionsOf(language: string): CaptionStream {
    const stream = this.captions.get(language)?.mirror.getView().stream;
    if (!stream) throw new Error(`not following ${language}`);
    return stream;
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Resolves once the predicate holds on the mirrored state (or rejects after a timeout, naming `what`). */
  until(predicate: (client: MirrorClient) => boolean, timeoutMs = 5000, what = 'the awaited state'): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (at seq ${this.seq})`));
      }, timeoutMs);
      this.waiters.push(check);
    });
  }

  /** Connected, with the meeting (after a reconnection too: requests need the connection). */
  ready(): Promise<void> {
    return this.until((client) => client.state !== null && client.client.getView().status === 'online', 5000, 'the meeting snapshot');
  }

  atSeq(seq: number): Promise<void> {
    return this.until((client) => client.seq >= seq, 5000, `meeting seq ${seq}`);
  }

  /** Any command, payloads the types would refuse included (the server must refuse them too). */
  async send(type: string, payload: unknown): Promise<Ack<CommandAccepted>> {
    const sentAt = new Date().toISOString();
    try {
      return (await this.client.send(type as SocketCommandType, payload as never)) as Ack<CommandAccepted>;
    } catch (error) {
      // The page's message says nothing of why; the test's failure should.
      const drops = this.drops.length ? `; the connection dropped: ${this.drops.join(', ')}` : '';
      throw new Error(`${type} sent at ${sentAt}: ${error instanceof Error ? error.message : String(error)} at ${new Date().toISOString()}${drops}`, { cause: error });
    }
  }

  /**
   * Resolves with the connect_error data (an AppError) when the server refuses the handshake;
   * rejects if the handshake is accepted instead, or nothing happens within the timeout.
   */
  refusal(timeoutMs = 5000): Promise<{ code: string }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no handshake refusal within ${timeoutMs} ms`)), timeoutMs);
      this.socket.once('connect_error', (error: any) => {
        clearTimeout(timer);
        resolve(error.data);
      });
      this.socket.once('connect', () => {
        clearTimeout(timer);
        reject(new Error('the server accepted the handshake that should have been refused'));
      });
    });
  }

  /** Resolves with the reason once the server drops this connection; fails after `timeoutMs`, naming `what`. */
  disconnection(what: string, timeoutMs = 5000): Promise<string> {
    return within(new Promise<string>((resolve) => this.socket.once('disconnect', resolve)), what, timeoutMs);
  }

  close(): void {
    this.client.close();
  }
}

/**
 * The usual shape of an integration test file: one real server for the file, a freshly seeded
 * meeting for each test, and every client closed after it.
 */
export function useMeetingServer(options: Parameters<typeof startServer>[0] = {}) {
  const suite = {
    server: undefined as unknown as RunningServer,
    meeting: undefined as unknown as SeededMeeting,
    clients: [] as MirrorClient[],
    async connect(token: string, connectOptions: { reconnect?: boolean } = {}): Promise<MirrorClient> {
      const client = new MirrorClient(suite.server.url, token, connectOptions);
      suite.clients.push(client);
      await client.ready();
      return client;
    },
    /** A command of the secretariat's on the test's meeting, over the HTTP API; it must be accepted. */
    async command(body: unknown): Promise<{ seq: number; createdId: string | null }> {
      const answer = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, body);
      if (answer.status !== 200) throw new Error(`${JSON.stringify(body)} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body as { seq: number; createdId: string | null };
    },
    /** Captions typed by the meeting's captioner, one delta each; the seq of the last. */
    async writeCaptions(language: Language, texts: readonly string[]): Promise<number> {
      const captioner = await suite.connect(suite.meeting.tokens.captioner);
      let last = 0;
      for (const text of texts) {
        const answer = await accepted(captioner.send('caption:write', { language, erase: 0, text }));
        if (answer.ok) last = answer.value.seq;
      }
      return last;
    },
    /** A participant's page, with every `self:changed` it is sent (their registration and statements). */
    async participantPage(token: string, connectOptions: { reconnect?: boolean } = {}) {
      const client = new MirrorClient(suite.server.url, token, connectOptions);
      suite.clients.push(client);
      const told: SelfChanged[] = [];
      client.socket.on('self:changed', (change) => told.push(change));
      await client.ready();
      return { page: client, told };
    },
  };
  beforeAll(async () => {
    suite.server = await startServer(options);
  });
  afterAll(() => stopServer(suite.server));
  beforeEach(async () => {
    suite.meeting = await seedMeeting(suite.server.url);
  });
  afterEach(() => {
    for (const client of suite.clients.splice(0)) client.close();
  });
  return suite;
}
