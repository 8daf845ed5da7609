import { classifyError, type AppError } from '../../../shared/errors.js';
import type { Language } from '../../../shared/meeting/model.js';
import { CAPTION_EVENTS_RETRY_MS, CAPTION_LINES_PATH, EVENT_STREAM_KEEP_ALIVE_MS, type CaptionCatchUp, type CaptionChanged, type CaptionLinesPage } from '../../../shared/protocol/captions.js';
import type { MediaPresenceView } from '../../../shared/protocol/media.js';
import { MEETING_EVENTS, MEETING_EVENTS_PATH, meetingEventsQuery } from '../../../shared/protocol/meeting-events.js';
import type { Ack, CatchUp, MeetingChange, SelfChanged } from '../../../shared/protocol/socket.js';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version.js';
import type { CaptionStatus } from '../captions/follow.js';
import { CaptionMirror, type CaptionOutcome } from '../captions/mirror.js';
import { MissedLines } from '../captions/missedLines.js';
import { comeBackDelay } from './backoff.js';
import { asAppError, errorOfAnswer } from '../failures.js';
import type { MeetingClientView } from './MeetingClient.js';
import { MeetingReplica, type Outcome } from './replica.js';
import { readServerSentEvents } from './serverSentEvents.js';

export interface MeetingEventClientOptions {
  token: string;
  /** The meeting the page is about: a snapshot of another is refused. */
  meetingId?: string;
  /** The server; the page's own origin by default. */
  url?: string;
  /**
   * The page's caption preferences, for the first opening, before any caption hook could name
   * a language (it needs the meeting): the stream follows the first the meeting has (`prefer`).
   */
  preferCaptions?: readonly (string | null | undefined)[];
}

type StatusListener = (status: CaptionStatus, error: AppError | null) => void;

/** One language's captions as the page follows them on the stream. */
interface FollowedLanguage {
  mirror: CaptionMirror;
  /** The page's caption hooks following it; one with none is left out of the next opening. */
  hooks: number;
  status: CaptionStatus;
  error: AppError | null;
  listeners: Set<StatusListener>;
  /** Pages with a transcript fill the lines a long absence left out. */
  missed: MissedLines | null;
}

/** A language followed by one of the page's caption hooks. */
export interface CaptionFollowing {
  mirror: CaptionMirror;
  retrySkipped: () => void;
  stop: () => void;
}

/** A language tag as the stream's `prefer` takes it; anything else a preference holds is left out. */
const PREFERENCE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/;

/** A stream silent for this long, keep-alives included, is dead, whatever the browser thinks. */
const SILENCE_MS = 2 * EVENT_STREAM_KEEP_ALIVE_MS;
/**
 * An opening with no answer for this long went out on a connection that is dead (the browser
 * reuses idle ones, which a network that dropped them without a word leaves hanging): it is
 * dropped, which closes that connection, and tried again. Long enough for a node answering a
 * hall's reload storm.
 */
const ANSWER_TIMEOUT_MS = 10_000;

/**
 * A reading page's connection to its meeting (the room screen, a webcast viewer): the meeting
 * event stream (`GET /api/meetings/events`, Server-Sent Events) instead of a Socket.IO session.
 * It keeps the same copy of the meeting as `MeetingClient` (snapshot, patches in seq order,
 * catch-up after a gap), the presence view and the live languages, and the captions of the
 * languages the page's caption hooks follow, all on one response.
 *
 * The stream is read with fetch: a refusal comes with its status and coded error (an
 * EventSource sees neither), and the page comes back by itself, with what it has in the address
 * (its seq, and each language's), after the stream's delay, spread over up to half as long
 * again and doubled with each failure, so a hall that lost the network together does not come
 * back in the same second. A change of the languages followed opens the stream again the same way.
 */
export class MeetingEventClient {
  readonly replica = new MeetingReplica();
  private view: MeetingClientView;
  private readonly listeners = new Set<() => void>();
  private readonly followed = new Map<Language, FollowedLanguage>();
  /** Bumped by every opening: what an earlier one reads is ignored. */
  private connection = 0;
  private abort: AbortController | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Drops the opening or stream that was silent too long. */
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  /** When the open stream last carried anything. */
  private heardAt = 0;
  private retryMs = CAPTION_EVENTS_RETRY_MS;
  private failures = 0;
  /** The next opening asks for a whole snapshot. */
  private fresh = false;
  /** The seq an opening came back from, to tell a catch-up that moved nothing forward. */
  private resumedFrom: number | null = null;
  private reopening = false;
  private closed = false;
  /** Whether any caption hook followed a language yet: until then the page's preferences stand for them. */
  private hooked = false;
  /** The languages the open stream carries. */
  private streamed = new Set<Language>();

  constructor(private readonly options: MeetingEventClientOptions) {
    this.view = { ...this.replica.getView(), status: 'connecting', refusal: null, presence: null, captionsLive: [] };
    this.replica.subscribe(() => this.update({}));
    if (typeof window !== 'undefined') window.addEventListener('online', this.retryNow);
    void this.open();
  }

  readonly getView = (): MeetingClientView => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * The copy of a language's captions the stream keeps: the one it started following from the
   * page's preferences, or a new one, followed once a hook asks for it (`followCaptions`).
   */
  captionMirror(language: Language): CaptionMirror {
    // The hook's render asks before its effect follows: nothing is opened yet.
    return this.languageEntry(language).mirror;
  }

  /**
   * Follows a language's captions into `mirror` (from `captionMirror`) until `stop`; with `history`, also fetches the lines a long
   * absence left out of the transcript. The stream is opened again only when it does not carry
   * the language yet.
   */
  followCaptions(mirror: CaptionMirror, history: boolean, onStatus: StatusListener): CaptionFollowing {
    const { language } = mirror;
    let entry = this.languageEntry(language);
    if (entry.mirror !== mirror) {
      // Its copy was let go by an opening between the hook's render and its effect: the hook's own goes on.
      entry = { ...entry, mirror, missed: null, status: 'connecting', error: null };
      this.followed.set(language, entry);
      this.streamed.delete(language);
    }
    entry.hooks += 1;
    this.hooked = true;
    entry.listeners.add(onStatus);
    if (history && !entry.missed) entry.missed = new MissedLines(entry.mirror, (fromLine, limit) => this.fetchLines(language, fromLine, limit), CAPTION_EVENTS_RETRY_MS);
    onStatus(entry.status, entry.error);
    if (!this.streamed.has(language)) this.reopenSoon();
    else this.fill(entry);
    let stopped = false;
    return {
      mirror: entry.mirror,
      retrySkipped: () => {
        entry.mirror.retrySkipped();
        this.fill(entry);
      },
      stop: () => {
        if (stopped) return;
        stopped = true;
        entry.hooks -= 1;
        entry.listeners.delete(onStatus);
        // Still sent until the stream is next opened: a language chosen back meanwhile goes on.
      },
    };
  }

  private languageEntry(language: Language): FollowedLanguage {
    let entry = this.followed.get(language);
    if (!entry) {
      entry = { mirror: new CaptionMirror(language), hooks: 0, status: 'connecting', error: null, listeners: new Set(), missed: null };
      this.followed.set(language, entry);
    }
    return entry;
  }

  private setStatus(entry: FollowedLanguage, status: CaptionStatus, error: AppError | null): void {
    entry.status = status;
    entry.error = error;
    for (const listener of entry.listeners) listener(status, error);
  }

  private fill(entry: FollowedLanguage): void {
    const connection = this.connection;
    if (entry.status === 'live') void entry.missed?.fill(() => (connection === this.connection && !this.closed ? connection : null));
  }

  close(): void {
    this.closed = true;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.retryNow);
    clearTimeout(this.retry);
    clearTimeout(this.watchdog);
    this.connection += 1;
    this.abort?.abort();
  }

  /** The network is back (a phone found its Wi-Fi again): come back now, not after the wait. */
  private readonly retryNow = () => {
    if (this.closed || this.view.status !== 'offline') return;
    this.failures = 0;
    void this.open();
  };

  private update(change: Partial<MeetingClientView>): void {
    this.view = { ...this.view, ...this.replica.getView(), ...change };
    for (const listener of this.listeners) listener();
  }

  /** Several hooks following or leaving in one render open the stream once. */
  private reopenSoon(): void {
    if (this.reopening) return;
    this.reopening = true;
    queueMicrotask(() => {
      this.reopening = false;
      if (!this.closed && this.view.status !== 'refused') void this.open();
    });
  }

  private async open(): Promise<void> {
    clearTimeout(this.retry);
    this.abort?.abort();
    if (this.closed) return;
    const connection = ++this.connection;
    const abort = new AbortController();
    this.abort = abort;
    const { seq, state } = this.replica.getView();
    const lastSeq = this.fresh || !state ? undefined : seq;
    this.resumedFrom = lastSeq ?? null;
    // Languages no hook follows any more are left out from now on.
    if (this.hooked) for (const [language, entry] of this.followed) if (entry.hooks === 0) this.followed.delete(language);
    this.streamed = new Set(this.followed.keys());
    const query = meetingEventsQuery({
      v: PROTOCOL_VERSION,
      ...(lastSeq === undefined ? {} : { seq: lastSeq }),
      captions: [...this.followed.values()].map(({ mirror }) => {
        const languageSeq = mirror.lastSeq();
        return languageSeq === undefined ? { language: mirror.language } : { language: mirror.language, lastSeq: languageSeq };
      }),
      ...(this.hooked ? {} : { prefer: (this.options.preferCaptions ?? []).filter((preference): preference is string => !!preference && PREFERENCE.test(preference)) }),
    });
    for (const entry of this.followed.values()) this.setStatus(entry, 'connecting', null);
    this.watch(connection, abort, Date.now(), ANSWER_TIMEOUT_MS);
    let response: Response;
    try {
      response = await this.get(MEETING_EVENTS_PATH, query, 'text/event-stream', abort.signal);
    } catch {
      return this.dropped(connection);
    }
    if (connection !== this.connection) return;
    if (!response.ok || !response.body) {
      return this.refused(connection, errorOfAnswer(await response.json().catch(() => null), response));
    }
    // What was live stays shown until the stream says again (its first events): a page that opens
    // its stream again to follow another language would otherwise flicker, and choose again.
    this.update({ status: 'online', refusal: null });
    this.heardAt = Date.now();
    this.watch(connection, abort, this.heardAt, SILENCE_MS);
    try {
      await readServerSentEvents(response.body, {
        onEvent: (type, data) => {
          if (connection === this.connection) this.handle(type, data);
        },
        onRetry: (ms) => {
          this.retryMs = ms;
        },
        onBytes: () => {
          this.heardAt = Date.now();
        },
      });
    } catch {
      // Dropped mid-stream (the network, the node), or aborted by a newer opening.
    }
    this.dropped(connection);
  }

  /**
   * Drops the opening `connection` once nothing came for `limitMs` since `since` (its answer, or
   * then its stream's bytes, which `heardAt` follows: a timer set anew for each caption would cost more).
   */
  private watch(connection: number, abort: AbortController, since: number, limitMs: number): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (connection !== this.connection) return;
      const heard = Math.max(since, this.heardAt);
      if (Date.now() - heard >= limitMs) abort.abort();
      else this.watch(connection, abort, heard, limitMs);
    }, Math.max(0, since + limitMs - Date.now()));
  }

  private handle(type: string, data: string): void {
    const payload = JSON.parse(data) as unknown;
    switch (type) {
      case MEETING_EVENTS.meeting: {
        const catchUp = payload as CatchUp;
        if (catchUp.kind === 'snapshot' && this.options.meetingId !== undefined && catchUp.snapshot.you.meetingId !== this.options.meetingId) {
          return this.refuse({ code: 'UNAUTHORIZED', message: '' });
        }
        this.fresh = false;
        this.failures = 0;
        const outcome = this.replica.applyCatchUp(catchUp);
        // A catch-up that moved nothing forward would be asked for again and again.
        const stuck = outcome === 'needs-catch-up' && this.replica.getView().seq === this.resumedFrom;
        return this.follow(stuck ? 'diverged' : outcome);
      }
      case MEETING_EVENTS.changed:
        return this.follow(this.replica.receive(payload as MeetingChange));
      case MEETING_EVENTS.self:
        return this.follow(this.replica.applySelf(payload as SelfChanged));
      case MEETING_EVENTS.presence:
        return this.update({ presence: payload as MediaPresenceView });
      case MEETING_EVENTS.live:
        return this.update({ captionsLive: (payload as { languages: Language[] }).languages });
      case MEETING_EVENTS.captions: {
        const catchUp = payload as CaptionCatchUp;
        const language = catchUp.kind === 'snapshot' ? catchUp.snapshot.language : catchUp.language;
        // The language the server chose from the page's preferences starts a copy of its own.
        const entry = this.languageEntry(language);
        this.streamed.add(language);
        this.setStatus(entry, 'live', null);
        const before = entry.mirror.getView().seq;
        const outcome = entry.mirror.applyCatchUp(catchUp);
        const stuck = outcome === 'needs-catch-up' && entry.mirror.getView().seq === before;
        this.followCaption(entry, stuck ? 'diverged' : outcome);
        this.fill(entry);
        return;
      }
      case MEETING_EVENTS.caption: {
        const { language, entry } = payload as CaptionChanged;
        const followed = this.followed.get(language);
        if (followed) this.followCaption(followed, followed.mirror.receive(entry));
        return;
      }
      case MEETING_EVENTS.ended: {
        const error = asAppError(payload);
        if (error) this.refuse(error);
        return;
      }
      case MEETING_EVENTS.unavailable:
        // Storage away: the stream ends now, and the page comes back after the delay.
        return;
    }
  }

  /** The meeting missed a change (come back from its seq) or differs from the server's (start over). */
  private follow(outcome: Outcome): void {
    if (outcome === 'in-sync') return;
    if (outcome === 'diverged') this.fresh = true;
    this.reopenSoon();
  }

  private followCaption({ mirror }: FollowedLanguage, outcome: CaptionOutcome): void {
    if (outcome === 'in-sync') return;
    if (outcome === 'diverged') mirror.startOver();
    this.reopenSoon();
  }

  private dropped(connection: number): void {
    if (connection !== this.connection || this.closed || this.view.status === 'refused') return;
    this.update({ status: 'offline' });
    for (const entry of this.followed.values()) this.setStatus(entry, 'offline', null);
    this.comeBackLater(this.retryMs);
  }

  private refused(connection: number, error: AppError): void {
    if (connection !== this.connection || this.closed) return;
    const kind = classifyError(error.code);
    if (kind === 'ends-session') return this.refuse(error);
    if (error.code === 'UNKNOWN_LANGUAGE') {
      // A language taken out of the meeting while the page was away: the others go on without it.
      const languages = this.replica.getView().state?.languages ?? [];
      const gone = [...this.followed.entries()].filter(([language]) => !languages.includes(language));
      for (const [language, entry] of gone.length > 0 ? gone : [...this.followed.entries()]) {
        this.followed.delete(language);
        this.setStatus(entry, 'unavailable', error);
      }
      return void this.open();
    }
    this.update({ status: 'offline' });
    for (const entry of this.followed.values()) this.setStatus(entry, 'connecting', error);
    this.comeBackLater(error.retryAfterMs ?? this.retryMs);
  }

  private refuse(error: AppError): void {
    clearTimeout(this.retry);
    clearTimeout(this.watchdog);
    this.connection += 1;
    this.abort?.abort();
    this.update({ status: 'refused', refusal: error });
    for (const entry of this.followed.values()) this.setStatus(entry, 'unavailable', error);
  }

  private comeBackLater(delayMs: number): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.open(), comeBackDelay(delayMs, this.failures++));
  }

  private get(path: string, query: URLSearchParams, accept: string, signal?: AbortSignal): Promise<Response> {
    return fetch(`${this.options.url ?? ''}${path}?${query.toString()}`, {
      headers: { accept, authorization: `Bearer ${this.options.token}` },
      cache: 'no-store',
      // The link is the credential, never a cookie. Requests without credentials also go over
      // connections of their own in Chromium's pool: coming back after the network dropped every
      // connection without a word, the stream does not wait on the page's idle ones, all dead.
      credentials: 'omit',
      ...(signal ? { signal } : {}),
    });
  }

  private async fetchLines(language: Language, fromLine: number, limit: number): Promise<Ack<CaptionLinesPage> | null> {
    const query = new URLSearchParams({ lang: language, fromLine: String(fromLine), limit: String(limit) });
    let response: Response;
    try {
      response = await this.get(CAPTION_LINES_PATH, query, 'application/json');
    } catch {
      return null;
    }
    const answer = (await response.json().catch(() => null)) as { error?: unknown } | CaptionLinesPage | null;
    if (response.ok && answer) return { ok: true, value: answer as CaptionLinesPage };
    const error = asAppError((answer as { error?: unknown } | null)?.error);
    return error ? { ok: false, error } : null;
  }
}
