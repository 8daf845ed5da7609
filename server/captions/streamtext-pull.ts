import { z } from 'zod';
import { PullConfig, type DeskMessage, type PullHealth } from '../../shared/captions/desk.js';
import { ingestWrite } from '../../shared/captions/stream.js';
import type { Language } from '../../shared/meeting/model.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { RoomExtension } from '../meetings/extensions.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { LogStore } from '../storage/log.js';
import { soleNodeLease, type WorkLease } from '../storage/work-lease.js';
import type { CaptionDesk } from './desk.js';
import type { CaptionHub } from './hub.js';
import { logger } from '../observability/log.js';
import { writeFailureCode } from '../storage/health.js';

export interface StreamTextPullOptions {
  /** StreamText's host (STREAMTEXT_URL); tests point it at a local server. */
  baseUrl: string;
  /** Pause between two polls while text flows. */
  pollMs: number;
  /** A reply slower than this is abandoned and the same position asked again. */
  timeoutMs: number;
}

const CONFIG_PREFIX = 'captionpulls:';

const ConfigEntry = z.object({
  seq: z.number().int().positive(),
  at: z.number(),
  language: z.string(),
  config: PullConfig.nullable(),
});
type ConfigEntry = z.infer<typeof ConfigEntry>;

/** StreamText's pull reply (support.streamtext.net article 4633531262989). */
const PullReply = z.object({ content: z.string(), lastPosition: z.number().int() });

/** The writer id of a pulled StreamText event: one per meeting language. */
export const streamTextFeedId = (language: Language) => `streamtext-${language}`;

const MAX_BACK_OFF_MS = 5000;

interface Puller {
  config: PullConfig;
  health: PullHealth;
  timer: NodeJS.Timeout | null;
  abort: AbortController | null;
  stopped: boolean;
}

/**
 * Pulls the StreamText events the secretariat configured, one per meeting language, through
 * StreamText's Realtime Caption Pull API (`/captions?event=&last=&length=&language=`), and
 * writes their text into the meeting's caption stream like a seat. The position StreamText
 * returns is stored with the text, as that post's seq: after an outage, a slow reply or a
 * restart of either side, the next request asks again from the last position applied, so
 * nothing is skipped and nothing written twice.
 */
export class StreamTextPulls {
  private readonly configs = new Map<string, Map<Language, { entries: ConfigEntry[]; config: PullConfig | null }>>();
  private readonly pullers = new Map<string, Puller>();
  private writing: Promise<unknown> = Promise.resolve();
  private readonly unfollow: Array<() => void> = [];

  private constructor(
    private readonly store: LogStore,
    private readonly registry: MeetingRegistry,
    private readonly captions: CaptionHub,
    private readonly desk: CaptionDesk,
    private readonly clock: () => number,
    private readonly options: StreamTextPullOptions,
    private readonly lease: WorkLease,
  ) {}

  /**
   * Reads the configured pulls and starts those of open meetings. With several nodes, the one
   * that holds `lease` pulls, and every node follows the settings the others save.
   */
  static async load(
    store: LogStore,
    registry: MeetingRegistry,
    captions: CaptionHub,
    desk: CaptionDesk,
    clock: () => number,
    options: StreamTextPullOptions,
    lease: WorkLease = soleNodeLease,
  ): Promise<StreamTextPulls> {
    const pulls = new StreamTextPulls(store, registry, captions, desk, clock, options, lease);
    for (const name of await store.streams(CONFIG_PREFIX)) await pulls.readSettings(name.slice(CONFIG_PREFIX.length));
    for (const meetingId of pulls.configs.keys()) pulls.reconcile(meetingId);
    pulls.unfollow.push(lease.onChange(() => pulls.reconcileAll()));
    const followed = store.watch?.({
      appended: (stream) => {
        if (stream.startsWith(CONFIG_PREFIX)) void pulls.followSettings(stream.slice(CONFIG_PREFIX.length));
      },
      resync: () => {
        void (async () => {
          for (const name of await store.streams(CONFIG_PREFIX)) await pulls.followSettings(name.slice(CONFIG_PREFIX.length));
        })().catch((error: unknown) => logger.error({ err: error }, 'could not read the StreamText pull settings again'));
      },
    });
    if (followed) pulls.unfollow.push(followed);
    return pulls;
  }

  /** The settings saved after those this node holds. */
  private async readSettings(meetingId: string): Promise<void> {
    const after = this.lastSeq(meetingId);
    for (const raw of await this.store.readNewer(`${CONFIG_PREFIX}${meetingId}`, after)) this.remember(meetingId, ConfigEntry.parse(raw));
  }

  /** Another node saved a setting: a changed pull starts again with it (on the node that pulls). */
  private async followSettings(meetingId: string): Promise<void> {
    const before = new Map([...(this.configs.get(meetingId) ?? [])].map(([language, { config }]) => [language, config]));
    try {
      await this.readSettings(meetingId);
    } catch (error) {
      logger.error({ err: error, meetingId }, 'could not read the StreamText pull settings another node saved');
      return;
    }
    for (const [language, { config }] of this.configs.get(meetingId) ?? []) if (before.get(language) !== config) this.stop(`${meetingId}:${language}`);
    this.reconcile(meetingId);
  }

  private reconcileAll(): void {
    for (const meetingId of this.configs.keys()) this.reconcile(meetingId);
  }

  /** The room extension: a pull runs while its meeting is open, whichever node changed the meeting. */
  extension(): RoomExtension {
    const reconcile = ({ meetingId }: { meetingId: string }) => this.reconcile(meetingId);
    return { name: 'caption-pulls', committed: reconcile, followed: reconcile };
  }

  private remember(meetingId: string, entry: ConfigEntry): void {
    let meeting = this.configs.get(meetingId);
    if (!meeting) this.configs.set(meetingId, (meeting = new Map()));
    const language = entry.language as Language;
    const previous = meeting.get(language);
    meeting.set(language, { entries: [...(previous?.entries ?? []), entry], config: entry.config });
  }

  private lastSeq(meetingId: string): number {
    return [...(this.configs.get(meetingId)?.values() ?? [])].reduce((max, { entries }) => Math.max(max, entries.at(-1)?.seq ?? 0), 0);
  }

  /** Sets (or with null, removes) the StreamText event pulled for a meeting language; saved before it takes effect. */
  configure(meetingId: string, language: Language, config: PullConfig | null): Promise<Result<null>> {
    // One at a time: each entry is numbered after the one before it was written.
    const done = this.writing.then(() => this.saveConfig(meetingId, language, config));
    this.writing = done.catch(() => undefined);
    return done;
  }

  private async saveConfig(meetingId: string, language: Language, config: PullConfig | null): Promise<Result<null>> {
    const meeting = await this.registry.open(meetingId);
    if (!meeting?.state) return fail('MEETING_NOT_FOUND');
    if (!meeting.state.languages.includes(language)) return fail('UNKNOWN_LANGUAGE');
    if (config && config.language !== language) return fail('BAD_REQUEST', 'language');
    const entry: ConfigEntry = { seq: this.lastSeq(meetingId) + 1, at: this.clock(), language, config };
    try {
      await this.store.append(`${CONFIG_PREFIX}${meetingId}`, entry.seq, entry);
    } catch (error) {
      logger.error({ err: error, meetingId }, 'could not persist the StreamText pull');
      return fail(writeFailureCode(error));
    }
    this.remember(meetingId, entry);
    this.stop(`${meetingId}:${language}`);
    this.reconcile(meetingId);
    return ok(null);
  }

  configsOf(meetingId: string): PullConfig[] {
    return [...(this.configs.get(meetingId)?.values() ?? [])].flatMap(({ config }) => (config ? [config] : []));
  }

  healthOf(meetingId: string): PullHealth[] {
    return [...this.pullers.entries()].filter(([key]) => key.startsWith(`${meetingId}:`)).map(([, puller]) => ({ ...puller.health }));
  }

  /** Feed ids that may be handed the stream in this meeting. */
  feedsOf(meetingId: string): string[] {
    return this.configsOf(meetingId).map((config) => streamTextFeedId(config.language));
  }

  close(): void {
    for (const unfollow of this.unfollow.splice(0)) unfollow();
    for (const key of [...this.pullers.keys()]) this.stop(key);
  }

  /** A pull runs while its meeting is open and its event configured, on the node that holds the lease. */
  private reconcile(meetingId: string): void {
    // A meeting that is not open is not loaded to learn so (archived ones are never loaded at start).
    const meeting = this.registry.summary(meetingId)?.status === 'open' ? this.registry.get(meetingId) : undefined;
    for (const [language, { config }] of this.configs.get(meetingId) ?? []) {
      const key = `${meetingId}:${language}`;
      const wanted = this.lease.held && config !== null && meeting?.state.status === 'open' && meeting.state.languages.includes(language);
      if (!wanted) this.stop(key);
      else if (!this.pullers.has(key)) this.start(meetingId, key, config);
    }
  }

  private stop(key: string): void {
    const puller = this.pullers.get(key);
    if (!puller) return;
    puller.stopped = true;
    if (puller.timer) clearTimeout(puller.timer);
    puller.abort?.abort();
    this.pullers.delete(key);
  }

  private start(meetingId: string, key: string, config: PullConfig): void {
    const feedId = streamTextFeedId(config.language);
    const puller: Puller = {
      config,
      health: { feedId, language: config.language, event: config.event, lastReplyAt: null, lastTextAt: null, lagMs: null, failingSince: null, error: null },
      timer: null,
      abort: null,
      stopped: false,
    };
    this.pullers.set(key, puller);
    let backOff = this.options.pollMs;
    const next = (delay: number) => {
      if (!puller.stopped) puller.timer = setTimeout(() => void poll().catch(failedUnexpectedly), delay).unref();
    };
    // Not StreamText's doing (those are answered in `poll`): the pull goes on, later.
    const failedUnexpectedly = (error: unknown) => {
      logger.error({ err: error, meetingId, language: config.language }, 'the StreamText pull failed');
      next(MAX_BACK_OFF_MS);
    };
    const failing = (message: DeskMessage) => {
      puller.health.failingSince ??= this.clock();
      puller.health.error = message;
      this.desk.failed(meetingId, feedId, 'streamtext-pull', config.language, message);
      backOff = Math.min(MAX_BACK_OFF_MS, backOff * 2);
      next(backOff);
    };
    const poll = async () => {
      puller.timer = null;
      const stream = this.captions.current(meetingId, config.language);
      const last = stream?.ingest[feedId]?.seq ?? 0;
      const url = new URL('/captions', this.options.baseUrl);
      url.searchParams.set('event', config.event);
      url.searchParams.set('last', String(last));
      if (config.streamTextLanguage) url.searchParams.set('language', config.streamTextLanguage);
      const started = this.clock();
      puller.abort = new AbortController();
      const timeout = setTimeout(() => puller.abort?.abort(), this.options.timeoutMs);
      let reply: z.infer<typeof PullReply>;
      try {
        const response = await fetch(url, { signal: puller.abort.signal, headers: { accept: 'application/json' } });
        if (!response.ok) {
          return failing({
            code: 'pullStatus',
            params: { status: response.status, event: config.event },
            message: `StreamText answered ${response.status} for event “${config.event}”.`,
          });
        }
        const parsed = PullReply.safeParse(await response.json().catch(() => null));
        if (!parsed.success) return failing({ code: 'pullFormat', params: {}, message: 'StreamText’s reply is not in the caption pull format.' });
        reply = parsed.data;
      } catch {
        if (puller.stopped) return;
        const seconds = Math.round(this.options.timeoutMs / 1000);
        return failing(
          this.clock() - started >= this.options.timeoutMs
            ? { code: 'pullTimeout', params: { seconds }, message: `StreamText did not answer within ${seconds} s; asking again.` }
            : { code: 'pullUnreachable', params: {}, message: 'StreamText cannot be reached; retrying.' },
        );
      } finally {
        clearTimeout(timeout);
        puller.abort = null;
      }
      if (puller.stopped) return;
      const now = this.clock();
      puller.health = { ...puller.health, lastReplyAt: now, lagMs: now - started, failingSince: null, error: null };
      backOff = this.options.pollMs;
      if (reply.content && reply.lastPosition > last) {
        const { command } = ingestWrite(this.captions.latest(meetingId, config.language), feedId, reply.lastPosition, reply.content, 'realtime');
        const result = await this.captions.write(meetingId, config.language, { kind: 'feed', feedId }, command);
        if (!result.ok) {
          // The position is not advanced: the same text is asked for again.
          const message: DeskMessage =
            result.error.code === 'CAPTION_NOT_WRITER'
              ? {
                  code: 'pullNotWriter',
                  params: {},
                  message: 'A captioner seat is writing this language: the StreamText text waits until it has been silent for the quiet period, or a switch of provider.',
                }
              : { code: `errors.${result.error.code}`, params: {}, message: result.error.message };
          puller.health.error = message;
          this.desk.failed(meetingId, feedId, 'streamtext-pull', config.language, message);
          return next(this.options.pollMs);
        }
        puller.health.lastTextAt = now;
        this.desk.heard(meetingId, feedId, 'streamtext-pull', config.language, command.text);
      }
      next(this.options.pollMs);
    };
    next(0);
  }
}
