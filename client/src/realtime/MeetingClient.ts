import { io, type Socket } from 'socket.io-client';
import { classifyError, type AppError } from '../../../shared/errors.js';
import type { SocketCommandType } from '../../../shared/meeting/commands.js';
import type { Language } from '../../../shared/meeting/model.js';
import type { MediaPresenceView } from '../../../shared/protocol/media.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/socket.js';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version.js';
import { asAppError, CommandNotDelivered } from '../failures.js';
import { comeBackDelay } from './backoff.js';
import { engineTransports, type TransportName } from './engineTransports.js';
import { MeetingReplica, type Outcome, type ReplicaView } from './replica.js';

export type MeetingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'refused';

/** The events that are requests: their last argument is the server's answer. */
export type RequestEvent = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]> extends [unknown, (answer: never) => void] ? E : never;
}[keyof ClientToServerEvents];
export type RequestPayload<E extends RequestEvent> = Parameters<ClientToServerEvents[E]>[0];
export type RequestAnswer<E extends RequestEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
export type CommandPayload<T extends SocketCommandType> = RequestPayload<T>;

export const ACK_TIMEOUT_MS = 10_000;
const RETRY_AFTER_MS = 3_000;

export interface MeetingClientOptions {
  token: string;
  /** The meeting the page is about: a snapshot of another is refused. */
  meetingId?: string;
  /** The server; the page's own origin by default. */
  url?: string;
  transports?: TransportName[];
  /** Socket.IO's own reconnection (the browser's default); tests reconnect by hand. */
  reconnection?: boolean;
  /** Only to test the server's refusal of other versions. */
  protocolVersion?: number;
  /** Only to test the server's Origin check from node: a browser always sends its page's own. */
  origin?: string;
  ackTimeoutMs?: number;
}

export interface MeetingClientView extends ReplicaView {
  status: ConnectionStatus;
  /** Why the server refused this link; set only with status `refused`. */
  refusal: AppError | null;
  /** Who is on the meeting's audio/video, as the server last said; null until it has. */
  presence: MediaPresenceView | null;
  /** The languages being captioned now, as the server last said (told again on each connection). */
  captionsLive: readonly Language[];
}

/**
 * One connection to a meeting: the socket, the copy of the meeting as this link's role sees it
 * (kept in step from snapshots and patches, catching up after gaps and reconnections), and
 * requests answered within a bound. The pages use it through `useMeeting`; the tests use it
 * as it is, so they exercise the same client the browser runs.
 */
export class MeetingClient {
  readonly socket: MeetingSocket;
  readonly replica = new MeetingReplica();
  private view: MeetingClientView;
  private readonly listeners = new Set<() => void>();
  private readonly ackTimeoutMs: number;
  private fresh = false;
  private syncing = false;
  /** Bumped on every disconnection, so an answer meant for an earlier connection is ignored. */
  private connection = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Attempts the server's middleware refused since the last connection: each waits longer. */
  private refusedAttempts = 0;
  private catchUpRetry: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly options: MeetingClientOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    this.view = { ...this.replica.getView(), status: 'connecting', refusal: null, presence: null, captionsLive: [] };
    this.replica.subscribe(() => this.update({}));
    const socketOptions = {
      auth: (send: (auth: object) => void) => {
        const { state, seq } = this.replica.getView();
        const lastSeq = this.fresh || !state ? undefined : seq;
        this.fresh = false;
        send({ protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION, token: options.token, ...(lastSeq ? { lastSeq } : {}) });
      },
      transports: engineTransports(options.transports),
      // Once a WebSocket worked, reconnections open one straight away: a WebSocket has a TCP
      // connection of its own, where the polling handshake goes through the browser's pool of
      // idle connections, all dead when the network dropped them without a word (a phone
      // roaming between access points), each holding an attempt for the 20 s connect timeout.
      // A WebSocket that fails once sends the next attempt through polling again.
      rememberUpgrade: true,
      ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
      ...(options.reconnection === false ? { reconnection: false, forceNew: true } : {}),
    };
    this.socket = options.url ? io(options.url, socketOptions) : io(socketOptions);
    this.listen();
    if (typeof window !== 'undefined' && options.reconnection !== false) window.addEventListener('online', this.retryNow);
  }

  /**
   * The browser is back on a network (a phone found its Wi-Fi again): try now. Socket.IO's own
   * next attempt may be seconds away, its waits having grown with each attempt that failed
   * while the network was gone.
   */
  private readonly retryNow = () => {
    if (this.closed || this.socket.connected || this.view.status === 'refused') return;
    clearTimeout(this.retry);
    // Ends the waiting reconnection, its timer included, and opens a new attempt at once.
    this.socket.disconnect().connect();
  };

  readonly getView = (): MeetingClientView => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * The one way to ask the server something: refused at once when offline (Socket.IO would
   * send it on reconnection, long after the person gave up on it), and given up after the
   * timeout; both throw `CommandNotDelivered`.
   */
  async request<E extends RequestEvent>(event: E, payload: RequestPayload<E>): Promise<RequestAnswer<E>> {
    if (!this.socket.connected) throw new CommandNotDelivered('offline');
    const timed = this.socket.timeout(this.ackTimeoutMs);
    // Socket.IO's typings cannot follow a generic event name; the event map ties E to its payload.
    const emitWithAck = timed.emitWithAck.bind(timed) as unknown as (event: E, payload: RequestPayload<E>) => Promise<RequestAnswer<E>>;
    try {
      return await emitWithAck(event, payload);
    } catch {
      throw new CommandNotDelivered('timeout');
    }
  }

  /** A meeting command, as the pages send them. */
  send<T extends SocketCommandType>(type: T, payload: CommandPayload<T>): Promise<RequestAnswer<T>> {
    return this.request(type, payload);
  }

  close(): void {
    this.closed = true;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.retryNow);
    clearTimeout(this.retry);
    clearTimeout(this.catchUpRetry);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private update(change: Partial<MeetingClientView>): void {
    this.view = { ...this.view, ...this.replica.getView(), ...change };
    for (const listener of this.listeners) listener();
  }

  private refuse(error: AppError): void {
    this.update({ refusal: error, status: 'refused' });
    this.socket.disconnect();
  }

  /** A fresh handshake without lastSeq makes the server send a whole snapshot. */
  private startOver(): void {
    this.fresh = true;
    this.socket.disconnect().connect();
  }

  private async requestCatchUp(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    const asked = this.connection;
    const before = this.replica.getView().seq;
    const ack = await this.request('meeting:sync', { lastSeq: before }).catch(() => null);
    if (asked !== this.connection || this.closed) return;
    this.syncing = false;
    if (!ack) return this.startOver();
    if (!ack.ok) {
      const kind = classifyError(ack.error.code);
      if (kind === 'ends-session') return this.refuse(ack.error);
      if (kind === 'refused') return this.startOver();
      // Transient (the catch-up shares the page's command budget, which a burst of commands
      // spends; the node's storage may be away): asked again after the wait, on the same
      // connection. Starting over would drop the commands in flight and cost a whole snapshot.
      // Still syncing meanwhile: a further gap seen while waiting waits for the same catch-up.
      this.syncing = true;
      this.catchUpRetry = setTimeout(() => {
        if (asked !== this.connection || this.closed) return;
        this.syncing = false;
        void this.requestCatchUp();
      }, ack.error.retryAfterMs ?? RETRY_AFTER_MS);
      return;
    }
    const outcome = this.replica.applyCatchUp(ack.value);
    // A catch-up that moved nothing forward would be asked for again and again.
    const stuck = outcome === 'needs-catch-up' && this.replica.getView().seq === before;
    this.follow(stuck ? 'diverged' : outcome);
  }

  private follow(outcome: Outcome): void {
    if (outcome === 'needs-catch-up') void this.requestCatchUp();
    else if (outcome === 'diverged') this.startOver();
  }

  private listen(): void {
    const { socket } = this;
    socket.on('connect', () => {
      clearTimeout(this.retry);
      this.refusedAttempts = 0;
      // The server tells this connection what is live right after; what was before may be over.
      this.update({ status: 'online', captionsLive: [] });
    });
    socket.on('disconnect', (reason) => {
      this.connection += 1;
      this.syncing = false;
      if (!socket.active && reason === 'io server disconnect') {
        // The server closed this session (for example its link was revoked): reconnecting
        // either resumes or brings back the refusal with its reason.
        socket.connect();
      }
      if (this.view.status !== 'refused') this.update({ status: 'offline' });
    });
    socket.on('connect_error', (error) => {
      const reason = asAppError((error as Error & { data?: unknown }).data);
      if (reason && classifyError(reason.code) === 'ends-session') return this.refuse(reason);
      this.update({ status: 'offline' });
      // After a refusal by the server's middleware Socket.IO does not retry on its own. Every page
      // refused together (storage failing at a restart) must not come back in step, every 3 s.
      if (!socket.active && this.options.reconnection !== false) {
        this.retry = setTimeout(() => socket.connect(), comeBackDelay(reason?.retryAfterMs ?? RETRY_AFTER_MS, this.refusedAttempts++));
      }
    });
    socket.on('meeting:snapshot', (snapshot) => {
      if (this.options.meetingId !== undefined && snapshot.you.meetingId !== this.options.meetingId) {
        return this.refuse({ code: 'UNAUTHORIZED', message: '' });
      }
      this.follow(this.replica.applySnapshot(snapshot));
    });
    socket.on('meeting:changed', (change) => this.follow(this.replica.receive(change)));
    socket.on('self:changed', (self) => this.follow(this.replica.applySelf(self)));
    // Told before the server closes the connection: no reconnection is needed to learn why.
    socket.on('session:ended', (reason) => {
      const error = asAppError(reason);
      if (error) this.refuse(error);
    });
    // Registered before the socket connects: the server sends presence once on connection.
    socket.on('media:presence', (presence) => this.update({ presence }));
    socket.on('caption:liveChanged', ({ languages }) => this.update({ captionsLive: languages }));
  }
}
