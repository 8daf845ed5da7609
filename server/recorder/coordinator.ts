import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { MeetingState } from '../../shared/meeting/model.js';
import { isFloorRecorded } from '../../shared/meeting/recording.js';
import type { MediaBridge } from '../livekit/bridge.js';
import { RECORDER_PERMISSION, recorderIdentity } from '../livekit/grants.js';
import type { RoomExtension } from '../meetings/extensions.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import { recordingsDir } from './archive-audio.js';
import { logger } from '../observability/log.js';

export interface RecorderOptions {
  dataDir: string;
  clock: () => number;
  /** Waits before restarting a recorder that stopped by itself, one after the other; the last repeats. */
  restartDelaysMs?: number[];
}

interface Running {
  session: string;
  startedAt: number;
  child: ChildProcess;
  exited: Promise<void>;
  stopping: boolean;
}

const shouldRecord = isFloorRecorded;

/**
 * Runs one floor recorder (server/recorder/go) per meeting whose floor is recorded: it starts
 * when the meeting opens, stops when it adjourns or the setting is turned off, and is started
 * again when it stops by itself (a crash, the media server restarting), each time as a new
 * session with a fresh token, so the journals show the gap. Like MediaCoordinator, it only
 * follows the meeting's commits.
 */
export class RecorderCoordinator {
  private readonly running = new Map<string, Running>();
  private readonly restarts = new Map<string, { timer: NodeJS.Timeout; attempt: number }>();
  private readonly failures = new Map<string, number>();
  private bridge: MediaBridge | null = null;
  private binary: string | null = null;
  private closed = false;
  private sessionCounter = 0;

  constructor(
    private readonly registry: MeetingRegistry,
    private readonly options: RecorderOptions,
  ) {}

  /** The room extension: each committed change may start or stop the meeting's recorder. */
  extension(): RoomExtension {
    return { name: 'recorder', committed: ({ meetingId, state }) => this.follow(meetingId, state) };
  }

  /** Media is attached after the app listens (see MediaCoordinator.connect). */
  attachMedia(bridge: MediaBridge): void {
    this.bridge = bridge;
    this.followAll();
  }

  /** The recorder binary, once infra/recorder/install.sh has built it. */
  setBinary(binary: string): void {
    this.binary = binary;
    this.followAll();
  }

  get available(): boolean {
    return this.bridge !== null && this.binary !== null;
  }

  /** The process id of a meeting's running recorder (for operators and the crash test). */
  pidOf(meetingId: string): number | null {
    return this.running.get(meetingId)?.child.pid ?? null;
  }

  /** Resolves once no recorder runs for the meeting (its files closed and hashed). */
  async stopped(meetingId: string): Promise<void> {
    await this.running.get(meetingId)?.exited;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { timer } of this.restarts.values()) clearTimeout(timer);
    this.restarts.clear();
    await Promise.all([...this.running.keys()].map((meetingId) => this.stop(meetingId)));
  }

  private followAll(): void {
    // Only open meetings record, and open meetings are always in memory.
    for (const room of this.registry.loaded()) this.follow(room.meetingId, room.state!);
  }

  private follow(meetingId: string, state: MeetingState): void {
    if (shouldRecord(state)) {
      if (!this.running.has(meetingId) && !this.restarts.has(meetingId)) void this.start(meetingId);
    } else {
      const pending = this.restarts.get(meetingId);
      if (pending) clearTimeout(pending.timer);
      this.restarts.delete(meetingId);
      void this.stop(meetingId);
    }
  }

  private async start(meetingId: string): Promise<void> {
    if (this.closed || !this.bridge || !this.binary || this.running.has(meetingId)) return;
    const session = `${this.options.clock().toString(36)}${(++this.sessionCounter).toString(36)}`;
    const out = recordingsDir(this.options.dataDir, meetingId);
    try {
      mkdirSync(out, { recursive: true });
    } catch (error) {
      // A full or read-only disk: the meeting goes on, and recording is tried again later.
      logger.error({ err: error, meetingId }, 'floor recorder: no folder for the recording');
      return this.scheduleRestart(meetingId);
    }
    let token: string;
    try {
      token = await this.bridge.mintToken(meetingId, recorderIdentity(session), 'Floor recorder', RECORDER_PERMISSION);
    } catch (error) {
      logger.error({ err: error, meetingId }, 'floor recorder: no token');
      return this.scheduleRestart(meetingId);
    }
    const state = this.registry.get(meetingId)?.state;
    if (this.closed || !state || !shouldRecord(state) || this.running.has(meetingId)) return;
    const child = spawn(
      this.binary,
      ['record', '-url', this.bridge.clientUrl, '-out', out, '-session', session, '-watch-stdin'],
      { env: { ...process.env, OPENFLOOR_RECORDER_TOKEN: token }, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const running: Running = {
      session,
      startedAt: this.options.clock(),
      child,
      stopping: false,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          if (this.running.get(meetingId) === running) this.running.delete(meetingId);
          // A recorder that ran a while before stopping starts again after the shortest wait.
          if (this.options.clock() - running.startedAt > 60_000) this.failures.delete(meetingId);
          if (!running.stopping) {
            logger.error(
              { meetingId, exit: signal ?? code, stderr: stderr.trim().split('\n').at(-1) },
              'floor recorder stopped by itself; restarting',
            );
            this.scheduleRestart(meetingId);
          }
          resolve();
        });
        child.once('error', (error) => {
          logger.error({ meetingId, error: error.message }, 'floor recorder could not start');
        });
      }),
    };
    this.running.set(meetingId, running);
  }

  private scheduleRestart(meetingId: string): void {
    const state = this.registry.get(meetingId)?.state;
    if (this.closed || !state || !shouldRecord(state) || this.restarts.has(meetingId)) return;
    const delays = this.options.restartDelaysMs ?? [1000, 2000, 5000, 10_000];
    const attempt = this.failures.get(meetingId) ?? 0;
    this.failures.set(meetingId, attempt + 1);
    const timer = setTimeout(() => {
      this.restarts.delete(meetingId);
      void this.start(meetingId);
    }, delays[Math.min(attempt, delays.length - 1)]);
    timer.unref();
    this.restarts.set(meetingId, { timer, attempt });
  }

  private async stop(meetingId: string): Promise<void> {
    const running = this.running.get(meetingId);
    if (!running) return;
    running.stopping = true;
    this.failures.delete(meetingId);
    running.child.kill('SIGTERM');
    const killed = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
    await running.exited;
    clearTimeout(killed);
  }
}
