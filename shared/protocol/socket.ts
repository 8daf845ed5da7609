import { z } from 'zod';
import { Actor } from '../access/actor.js';
import type { AppError } from '../errors.js';
import { MeetingCommand, type CommandOf, type SocketCommandType } from '../meeting/commands.js';
import { Id, MeetingState, OwnStatement, Participant, Role, SetAsideStatement, Timestamp } from '../meeting/model.js';
import type {
  CaptionAccepted,
  CaptionCatchUp,
  CaptionChanged,
  CaptionLiveChanged,
  CaptionFetchLines,
  CaptionLinesPage,
  CaptionSubscribe,
  CaptionTakeOver,
  CaptionUnsubscribe,
  CaptionWrite,
} from './captions.js';
import type { MediaMicCheck, MediaMute, MediaPresenceView, MediaRecheck } from './media.js';
import { Patch } from './patch.js';

/** One accepted command, as stored in the meeting's log (connections get `MeetingChange`s). */
export const LogEntry = z.object({
  seq: z.number().int().positive(),
  at: Timestamp,
  actor: Actor,
  command: MeetingCommand,
});
export type LogEntry = z.infer<typeof LogEntry>;

/**
 * One accepted command as a connection sees it, broadcast as `meeting:changed`: the patch that
 * turns the connection's projection of the meeting (see projection.ts) at `seq - 1` into its
 * projection at `seq`. Every connection gets every seq, with an empty patch when the command
 * changed nothing it may see, so a gap always means something was missed.
 */
export const MeetingChange = z.object({
  seq: z.number().int().positive(),
  at: Timestamp,
  /** The command's type, for pages that announce what happened. */
  type: z.string().max(64),
  patch: Patch,
});
export type MeetingChange = z.infer<typeof MeetingChange>;

/** Sent by the client in the Socket.IO handshake (`auth`). */
export const HandshakeAuth = z.object({
  protocolVersion: z.number().int(),
  token: z.string().min(1).max(2000),
  /** The last seq the client applied; lets a reconnecting client receive only what it missed. */
  lastSeq: z.number().int().nonnegative().optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

/** Who this connection is, as the server established from the link. */
export const SessionIdentity = z.object({
  meetingId: Id,
  linkId: Id,
  role: Role,
  participantId: Id.nullable(),
});
export type SessionIdentity = z.infer<typeof SessionIdentity>;

/**
 * What a participant's page is sent of its own beside its projection, which withholds both:
 * their registration, whole (the projection names only the people on the speakers' list, and
 * their page shows their own name, attendance and choices whether they are on it or not), and
 * their written statements with their text (delegates' pages get a statement only while it is
 * read out; its author reads and corrects it on any of their devices before, and keeps it after).
 */
export const Own = z.object({
  participant: Participant,
  statements: z.array(OwnStatement),
  /** Their statements the chair set aside, for requests still open: their page says so. */
  setAside: z.array(SetAsideStatement).default([]),
});
export type Own = z.infer<typeof Own>;

export const Snapshot = z.object({
  seq: z.number().int().nonnegative(),
  /** Server clock when the snapshot was taken; clients use it to correct their countdowns. */
  serverNow: Timestamp,
  /** The meeting as this connection's role sees it (projection.ts). */
  state: MeetingState,
  you: SessionIdentity,
  /** What is the connection's own, for a participant's link (null for any other). Kept current by `self:changed`. */
  self: Own.nullable(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/**
 * A participant's own registration as of a log entry, with their statements. The seq orders
 * copies that reach a page by different ways (the writing node's broadcast, the serving node's
 * catch-up): the page keeps the newest.
 */
export const SelfChanged = Own.extend({ seq: z.number().int().nonnegative() });
export type SelfChanged = z.infer<typeof SelfChanged>;

/** How a client that missed changes catches up: the changes when the server still has them. */
export const CatchUp = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('changes'), changes: z.array(MeetingChange), serverNow: Timestamp, self: Own.nullable() }),
  z.object({ kind: z.literal('snapshot'), snapshot: Snapshot }),
]);
export type CatchUp = z.infer<typeof CatchUp>;

export const SyncRequest = z.object({ lastSeq: z.number().int().nonnegative() });

export type Ack<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** What an accepted command answers: its place in the log and the id of what it created. */
export interface CommandAccepted {
  seq: number;
  createdId: string | null;
}

type CommandPayload<T extends SocketCommandType> = Omit<CommandOf<T>, 'type'>;

/** Typed from the command schemas: the socket event name is the command type. */
export type ClientToServerEvents = {
  [T in SocketCommandType]: (payload: CommandPayload<T>, ack: (result: Ack<CommandAccepted>) => void) => void;
} & {
  'meeting:sync': (request: z.infer<typeof SyncRequest>, ack: (result: Ack<CatchUp>) => void) => void;
  'caption:subscribe': (
    request: z.infer<typeof CaptionSubscribe>,
    ack: (result: Ack<CaptionCatchUp>) => void,
  ) => void;
  'caption:unsubscribe': (request: z.infer<typeof CaptionUnsubscribe>) => void;
  'caption:fetchLines': (request: z.input<typeof CaptionFetchLines>, ack: (result: Ack<CaptionLinesPage>) => void) => void;
  'caption:write': (delta: z.infer<typeof CaptionWrite>, ack: (result: Ack<CaptionAccepted>) => void) => void;
  'caption:takeOver': (request: z.infer<typeof CaptionTakeOver>, ack: (result: Ack<CaptionAccepted>) => void) => void;
  'media:mute': (request: z.infer<typeof MediaMute>, ack: (result: Ack<null>) => void) => void;
  'media:micCheck': (request: z.infer<typeof MediaMicCheck>, ack: (result: Ack<null>) => void) => void;
  'media:recheck': (request: z.infer<typeof MediaRecheck>, ack: (result: Ack<null>) => void) => void;
};

export interface ServerToClientEvents {
  'meeting:snapshot': (snapshot: Snapshot) => void;
  /** The link stopped opening the meeting (revoked, expired): the connection closes right after. */
  'session:ended': (reason: AppError) => void;
  'meeting:changed': (change: MeetingChange) => void;
  'caption:changed': (change: CaptionChanged) => void;
  'caption:liveChanged': (live: CaptionLiveChanged) => void;
  'media:presence': (view: MediaPresenceView) => void;
  /** A participant's own registration changed (their attendance, their choice to publish their name), or one of their statements. */
  'self:changed': (change: SelfChanged) => void;
}

/** Which page each role's link opens. */
export const pageOfRole = {
  chair: 'chair',
  moderator: 'chair',
  captioner: 'captioner',
  participant: 'participant',
  screen: 'screen',
  venue: 'venue',
  viewer: 'viewer',
  interpreter: 'interpreter',
} as const satisfies Record<z.infer<typeof Role>, string>;
