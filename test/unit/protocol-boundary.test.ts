import { describe, expect, it } from 'vitest';
import { emptyStream } from '../../shared/captions/stream.js';
import { roles } from '../../shared/meeting/model.js';
import {
  CaptionCatchUp,
  CaptionChanged,
  CaptionFetchLines,
  CaptionLinesPage,
  CaptionSubscribe,
  CaptionTakeOver,
  CaptionUnsubscribe,
  CaptionWrite,
  LINES_PAGE_MAX,
} from '../../shared/protocol/captions.js';
import { MediaJoin, MediaMicCheck, MediaMute, MediaPresenceView } from '../../shared/protocol/media.js';
import { CatchUp, HandshakeAuth, LogEntry, MeetingChange, pageOfRole, SessionIdentity, SyncRequest } from '../../shared/protocol/socket.js';

/**
 * Every message that crosses the socket is parsed at the boundary with these schemas: what they
 * refuse never reaches the domain, and what they accept is what the domain was written for.
 * Written from the protocol's rules (sizes, counts, the caption writer's limits), not from the
 * schemas' text.
 */
const accepts = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe('the handshake', () => {
  it('carries the protocol version, the link token and, when reconnecting, the last seq applied', () => {
    expect(accepts(HandshakeAuth, { protocolVersion: 2, token: 'abc' })).toBe(true);
    expect(accepts(HandshakeAuth, { protocolVersion: 2, token: 'abc', lastSeq: 0 })).toBe(true);
    expect(accepts(HandshakeAuth, { protocolVersion: 2, token: 'abc', lastSeq: 41 })).toBe(true);
  });

  it('is refused without a whole protocol version, without a token, or with a token longer than any link’s', () => {
    expect(accepts(HandshakeAuth, { token: 'abc' })).toBe(false);
    expect(accepts(HandshakeAuth, { protocolVersion: 2.5, token: 'abc' })).toBe(false);
    expect(accepts(HandshakeAuth, { protocolVersion: 2, token: '' })).toBe(false);
    expect(accepts(HandshakeAuth, { protocolVersion: 2, token: 'x'.repeat(2000) })).toBe(true);
    expect(accepts(HandshakeAuth, { protocolVersion: 2, token: 'x'.repeat(2001) })).toBe(false);
  });

  it('a last seq must be a place in the log: a whole number, not below zero', () => {
    expect(accepts(HandshakeAuth, { protocolVersion: 2, token: 'abc', lastSeq: -1 })).toBe(false);
    expect(accepts(HandshakeAuth, { protocolVersion: 2, token: 'abc', lastSeq: 1.5 })).toBe(false);
    expect(accepts(SyncRequest, { lastSeq: 0 })).toBe(true);
    expect(accepts(SyncRequest, { lastSeq: -1 })).toBe(false);
    expect(accepts(SyncRequest, {})).toBe(false);
  });
});

describe('the meeting log as connections get it', () => {
  const actor = { kind: 'link', linkId: 'l1', role: 'chair', participantId: null };
  it('a stored entry and a change start at seq 1; a change names its command in at most 64 characters', () => {
    const command = { type: 'topic:select', topicId: 't1' };
    expect(accepts(LogEntry, { seq: 1, at: 1000, actor, command })).toBe(true);
    expect(accepts(LogEntry, { seq: 0, at: 1000, actor, command })).toBe(false);
    expect(accepts(LogEntry, { seq: 1, at: 1000, actor, command: { type: 'topic:explode', topicId: 't1' } })).toBe(false);
    expect(accepts(MeetingChange, { seq: 1, at: 1000, type: 'meeting:open', patch: [] })).toBe(true);
    expect(accepts(MeetingChange, { seq: 0, at: 1000, type: 'meeting:open', patch: [] })).toBe(false);
    expect(accepts(MeetingChange, { seq: 1, at: 1000, type: 'x'.repeat(64), patch: [] })).toBe(true);
    expect(accepts(MeetingChange, { seq: 1, at: 1000, type: 'x'.repeat(65), patch: [] })).toBe(false);
  });

  it('a catch-up is either the missed changes with the server’s clock and the connection’s own registration, or a snapshot; nothing else', () => {
    expect(accepts(CatchUp, { kind: 'changes', changes: [{ seq: 3, at: 1000, type: 'meeting:open', patch: [] }], serverNow: 2000, self: null })).toBe(true);
    expect(accepts(CatchUp, { kind: 'changes', changes: [{ seq: 3, at: 1000, type: 'meeting:open', patch: [] }], serverNow: 2000 })).toBe(false);
    expect(accepts(CatchUp, { kind: 'changes', changes: [] })).toBe(false);
    expect(accepts(CatchUp, { kind: 'snapshot' })).toBe(false);
    expect(accepts(CatchUp, { kind: 'patch', changes: [], serverNow: 2000 })).toBe(false);
  });

  it('who a connection is: its meeting, its link, its role, and the participant it speaks for if any', () => {
    expect(accepts(SessionIdentity, { meetingId: 'm1', linkId: 'l1', role: 'participant', participantId: 'p1' })).toBe(true);
    expect(accepts(SessionIdentity, { meetingId: 'm1', linkId: 'l1', role: 'viewer', participantId: null })).toBe(true);
    expect(accepts(SessionIdentity, { meetingId: 'm1', linkId: 'l1', role: 'secretariat', participantId: null })).toBe(false);
  });

  it('each role’s link opens its own page; a moderator works from the chair’s', () => {
    expect(Object.keys(pageOfRole).sort()).toEqual([...roles].sort());
    expect(pageOfRole).toEqual({
      chair: 'chair',
      moderator: 'chair',
      captioner: 'captioner',
      participant: 'participant',
      screen: 'screen',
      venue: 'venue',
      viewer: 'viewer',
      interpreter: 'interpreter',
    });
  });
});

describe('caption messages', () => {
  it('a captioner’s delta erases at most 4,000 characters and writes at most 4,000, without control characters', () => {
    expect(accepts(CaptionWrite, { language: 'en', erase: 0, text: 'Good morning' })).toBe(true);
    expect(accepts(CaptionWrite, { language: 'ar', erase: 4000, text: 'x'.repeat(4000) })).toBe(true);
    expect(accepts(CaptionWrite, { language: 'en', erase: 4001, text: '' })).toBe(false);
    expect(accepts(CaptionWrite, { language: 'en', erase: -1, text: '' })).toBe(false);
    expect(accepts(CaptionWrite, { language: 'en', erase: 1.5, text: '' })).toBe(false);
    expect(accepts(CaptionWrite, { language: 'en', erase: 0, text: 'x'.repeat(4001) })).toBe(false);
    expect(accepts(CaptionWrite, { language: 'en', erase: 0, text: 'bell\u0007' })).toBe(false);
    expect(accepts(CaptionWrite, { language: 'en', erase: 0, text: 'two\nlines' })).toBe(true);
  });

  it('only the meeting’s six languages are caption languages', () => {
    for (const language of ['ar', 'zh', 'en', 'fr', 'ru', 'es']) expect(accepts(CaptionTakeOver, { language }), language).toBe(true);
    expect(accepts(CaptionTakeOver, { language: 'de' })).toBe(false);
    expect(accepts(CaptionUnsubscribe, { language: 'EN' })).toBe(false);
    expect(accepts(CaptionUnsubscribe, { language: 'ar' })).toBe(true);
    expect(accepts(CaptionUnsubscribe, {})).toBe(false);
    expect(accepts(CaptionTakeOver, {})).toBe(false);
  });

  it('client requests carry nothing but their fields: an unknown field is refused, not ignored', () => {
    expect(accepts(CaptionWrite, { language: 'en', erase: 0, text: 'a', seq: 4 })).toBe(false);
    expect(accepts(CaptionSubscribe, { language: 'en', lastSeq: 3, from: 0 })).toBe(false);
    expect(accepts(CaptionUnsubscribe, { language: 'en', all: true })).toBe(false);
    expect(accepts(CaptionTakeOver, { language: 'en', force: true })).toBe(false);
    expect(accepts(CaptionFetchLines, { language: 'en', fromLine: 1, to: 9 })).toBe(false);
  });

  it('a subscription resumes after a seq at or above zero, or starts afresh without one', () => {
    expect(accepts(CaptionSubscribe, { language: 'fr' })).toBe(true);
    expect(accepts(CaptionSubscribe, { language: 'fr', lastSeq: 0 })).toBe(true);
    expect(accepts(CaptionSubscribe, { language: 'fr', lastSeq: -1 })).toBe(false);
    expect(accepts(CaptionSubscribe, { language: 'fr', lastSeq: 2.5 })).toBe(false);
  });

  it('a page of lines starts at line 1 or later and holds at most 200; without a limit, 200', () => {
    expect(LINES_PAGE_MAX).toBe(200);
    expect(CaptionFetchLines.parse({ language: 'en', fromLine: 1 })).toEqual({ language: 'en', fromLine: 1, limit: 200 });
    expect(CaptionFetchLines.parse({ language: 'en', fromLine: 7, limit: 1 })).toEqual({ language: 'en', fromLine: 7, limit: 1 });
    expect(accepts(CaptionFetchLines, { language: 'en', fromLine: 1, limit: 200 })).toBe(true);
    expect(accepts(CaptionFetchLines, { language: 'en', fromLine: 1, limit: 201 })).toBe(false);
    expect(accepts(CaptionFetchLines, { language: 'en', fromLine: 1, limit: 0 })).toBe(false);
    expect(accepts(CaptionFetchLines, { language: 'en', fromLine: 0 })).toBe(false);
    expect(accepts(CaptionFetchLines, { language: 'en', fromLine: 1.5 })).toBe(false);
    expect(accepts(CaptionLinesPage, { language: 'en', fromLine: 1, lines: [], lineCount: 0 })).toBe(true);
    expect(accepts(CaptionLinesPage, { language: 'en', fromLine: 0, lines: [], lineCount: 0 })).toBe(false);
    expect(accepts(CaptionLinesPage, { language: 'en', fromLine: 1, lines: [], lineCount: -1 })).toBe(false);
  });

  it('a caption catch-up is the missed entries of one language, or a snapshot from seq 0 on', () => {
    const entry = { seq: 1, at: 1000, actor: { kind: 'system' }, command: { type: 'caption:write', erase: 0, text: 'Hello' } };
    expect(accepts(CaptionCatchUp, { kind: 'entries', language: 'en', entries: [entry] })).toBe(true);
    expect(accepts(CaptionCatchUp, { kind: 'entries', language: 'en', entries: [{ ...entry, seq: 0 }] })).toBe(false);
    expect(accepts(CaptionCatchUp, { kind: 'snapshot', snapshot: { language: 'en', seq: 0, stream: emptyStream('en') } })).toBe(true);
    expect(accepts(CaptionCatchUp, { kind: 'snapshot', snapshot: { language: 'en', seq: -1, stream: emptyStream('en') } })).toBe(false);
    expect(accepts(CaptionCatchUp, { kind: 'lines', language: 'en', entries: [entry] })).toBe(false);
    expect(accepts(CaptionChanged, { language: 'en', entry })).toBe(true);
    expect(accepts(CaptionChanged, { language: 'en' })).toBe(false);
  });
});

describe('media messages', () => {
  it('the chair mutes a named participant; a participant reports its microphone check as passed or not', () => {
    expect(accepts(MediaMute, { participantId: 'p1' })).toBe(true);
    expect(accepts(MediaMute, {})).toBe(false);
    expect(accepts(MediaMute, { participantId: 'p1', all: true })).toBe(false);
    expect(accepts(MediaMicCheck, { ok: false })).toBe(true);
    expect(accepts(MediaMicCheck, { ok: 'yes' })).toBe(false);
    expect(accepts(MediaMicCheck, {})).toBe(false);
  });

  it("joining media names the server, the token and the identity, and whether the device is on the venue's network; ICE servers give one URL or several, or none on loopback", () => {
    const join = { url: 'wss://media.example', token: 't', identity: 'participant.p1', venueNetwork: false };
    expect(accepts(MediaJoin, { ...join, iceServers: null })).toBe(true);
    expect(accepts(MediaJoin, { ...join, iceServers: [{ urls: 'turn:turn.example' }, { urls: ['stun:a', 'stun:b'] }] })).toBe(true);
    expect(accepts(MediaJoin, { ...join, iceServers: [{ urls: 7 }] })).toBe(false);
    expect(accepts(MediaJoin, { ...join, iceServers: [{}] })).toBe(false);
    expect(accepts(MediaJoin, { url: 'wss://media.example', iceServers: null })).toBe(false);
    expect(accepts(MediaJoin, { ...join, venueNetwork: undefined, iceServers: null })).toBe(false);
  });

  it('presence says whether media is available, and per participant its microphone as none, published or muted', () => {
    const presence = { identity: 'participant.p1', role: 'participant', participantId: 'p1', connected: true, camera: false, micChecked: true };
    for (const microphone of ['none', 'published', 'muted']) {
      expect(accepts(MediaPresenceView, { available: true, preparing: false, participants: [{ ...presence, microphone }] }), microphone).toBe(true);
    }
    expect(accepts(MediaPresenceView, { available: true, preparing: false, participants: [{ ...presence, microphone: 'loud' }] })).toBe(false);
    expect(accepts(MediaPresenceView, { available: true, preparing: false, participants: [{ ...presence, microphone: 'none', connected: undefined }] })).toBe(false);
    expect(accepts(MediaPresenceView, { available: false, participants: [] })).toBe(false);
  });
});
