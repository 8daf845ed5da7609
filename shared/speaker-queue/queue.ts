import type { AttendanceMode, QueueEntry, SpeechKind, Speech, Topic } from '../meeting/model.js';
import { fail, ok, type Result } from '../result.js';
import { elapsedMs } from './timing.js';

/** What a queue transition needs from outside the topic. */
export interface FloorContext {
  now: number;
  /** Used when the transition creates an entry. */
  newId: string;
}

/**
 * Points of order go to the top (behind earlier points of order); replies go ahead of
 * interventions (behind earlier replies); interventions join the end.
 */
export function insertionIndex(queue: readonly QueueEntry[], kind: SpeechKind): number {
  const outranks = (waiting: QueueEntry) =>
    kind === 'point_of_order' ? waiting.kind !== 'point_of_order' : kind === 'reply' && waiting.kind === 'intervention';
  const index = queue.findIndex(outranks);
  return index === -1 ? queue.length : index;
}

function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

export function holdsFloor(topic: Topic, participantId: string): boolean {
  return topic.floor?.participantId === participantId;
}

/** Every request of the participant on this topic, in queue order (at most two, see below). */
export function entriesOf(topic: Topic, participantId: string): QueueEntry[] {
  return topic.queue.filter((entry) => entry.participantId === participantId);
}

/**
 * A point of order may be raised at any time (UN and ITU practice), so a participant may wait
 * with one ordinary request (intervention or reply) and one point of order at once.
 */
function sameClass(a: SpeechKind, b: SpeechKind): boolean {
  return (a === 'point_of_order') === (b === 'point_of_order');
}

function waitsFor(topic: Topic, participantId: string, kind: SpeechKind): boolean {
  return topic.queue.some((entry) => entry.participantId === participantId && sameClass(entry.kind, kind));
}

/**
 * The speech in progress must be the one the issuer saw (null: nobody speaking); undefined
 * checks nothing. The refusal names whoever holds the floor now.
 */
export function expectFloor(topic: Topic, expectedSpeechId: string | null | undefined): Result<Topic> {
  if (expectedSpeechId === undefined || (topic.floor?.id ?? null) === expectedSpeechId) return ok(topic);
  return fail('FLOOR_CHANGED', topic.floor?.participantId ?? '');
}

/** A participant, or the chair on their behalf, asks for the floor on this topic. */
export function enqueue(
  topic: Topic,
  request: { participantId: string; kind: SpeechKind; byChair: boolean },
  ctx: FloorContext,
): Result<Topic> {
  if (topic.listClosed && !request.byChair && request.kind !== 'point_of_order') return fail('LIST_CLOSED');
  if (waitsFor(topic, request.participantId, request.kind)) return fail('ALREADY_IN_QUEUE', request.participantId);
  if (holdsFloor(topic, request.participantId)) return fail('ALREADY_SPEAKING', request.participantId);
  if (request.kind === 'reply' && !topic.floor) return fail('NOTHING_TO_REPLY_TO');
  const entry: QueueEntry = {
    id: ctx.newId,
    participantId: request.participantId,
    kind: request.kind,
    requestedAt: ctx.now,
    replyTo: request.kind === 'reply' ? (topic.floor?.id ?? null) : null,
  };
  return ok({ ...topic, queue: insertAt(topic.queue, insertionIndex(topic.queue, entry.kind), entry) });
}

export function withdraw(topic: Topic, entryId: string): Result<Topic> {
  if (!topic.queue.some((entry) => entry.id === entryId)) return fail('ENTRY_NOT_FOUND');
  return ok({ ...topic, queue: topic.queue.filter((entry) => entry.id !== entryId) });
}

/** Moves an entry; when `expectedIndex` is given, only if it is still where the issuer saw it. */
export function move(topic: Topic, entryId: string, toIndex: number, expectedIndex?: number): Result<Topic> {
  const entry = topic.queue.find((candidate) => candidate.id === entryId);
  if (!entry) return fail('ENTRY_NOT_FOUND');
  if (expectedIndex !== undefined && topic.queue.indexOf(entry) !== expectedIndex) return fail('QUEUE_CHANGED', entryId);
  const rest = topic.queue.filter((candidate) => candidate.id !== entryId);
  return ok({ ...topic, queue: insertAt(rest, Math.min(toIndex, rest.length), entry) });
}

export function setListClosed(topic: Topic, listClosed: boolean): Topic {
  return topic.listClosed === listClosed ? topic : { ...topic, listClosed };
}

/** Closes the open pause, if any, and moves the speech to the history. */
function finish(topic: Topic, speech: Speech, now: number): Topic {
  const ended: Speech = {
    ...speech,
    endedAt: now,
    pauses: speech.pauses.map((pause) => (pause.endedAt === null ? { ...pause, endedAt: now } : pause)),
  };
  return { ...topic, floor: null, history: [...topic.history, ended] };
}

/**
 * Gives the floor to the named entry, or to the first in the queue. A speech in progress
 * ends at the same instant, as when a chair calls the next speaker.
 */
export function giveFloor(
  topic: Topic,
  entryId: string | undefined,
  speaker: { timeLimitSec: number | null; attendanceOf: (participantId: string) => AttendanceMode },
  now: number,
): Result<Topic> {
  const entry = entryId === undefined ? topic.queue[0] : topic.queue.find((candidate) => candidate.id === entryId);
  if (!entry) return entryId === undefined ? fail('QUEUE_EMPTY') : fail('ENTRY_NOT_FOUND');
  const before = topic.floor ? finish(topic, topic.floor, now) : topic;
  const speech: Speech = {
    id: entry.id,
    participantId: entry.participantId,
    kind: entry.kind,
    replyTo: entry.replyTo,
    requestedAt: entry.requestedAt,
    startedAt: now,
    endedAt: null,
    pauses: [],
    timeLimitSec: speaker.timeLimitSec,
    attendance: speaker.attendanceOf(entry.participantId),
  };
  return ok({ ...before, queue: before.queue.filter((waiting) => waiting.id !== entry.id), floor: speech });
}

export function endFloor(topic: Topic, now: number): Result<Topic> {
  if (!topic.floor) return fail('NO_CURRENT_SPEAKER');
  return ok(finish(topic, topic.floor, now));
}

export function isPaused(speech: Speech): boolean {
  return speech.pauses.at(-1)?.endedAt === null;
}

export function pauseFloor(topic: Topic, now: number): Result<Topic> {
  const speech = topic.floor;
  if (!speech) return fail('NO_CURRENT_SPEAKER');
  if (isPaused(speech)) return fail('ALREADY_PAUSED');
  return ok({ ...topic, floor: { ...speech, pauses: [...speech.pauses, { startedAt: now, endedAt: null }] } });
}

export function resumeFloor(topic: Topic, now: number): Result<Topic> {
  const speech = topic.floor;
  if (!speech) return fail('NO_CURRENT_SPEAKER');
  if (!isPaused(speech)) return fail('NOT_PAUSED');
  const pauses = speech.pauses.map((pause, index) =>
    index === speech.pauses.length - 1 ? { ...pause, endedAt: now } : pause,
  );
  return ok({ ...topic, floor: { ...speech, pauses } });
}

/**
 * Puts the last finished speaker back at the top, as when they were cut off by mistake;
 * `expectedSpeechId` is the finished speech the issuer saw last, when given.
 */
export function readdLast(topic: Topic, ctx: FloorContext, expectedSpeechId?: string): Result<Topic> {
  const last = topic.history.at(-1);
  if (!last) return fail('NO_LAST_SPEAKER');
  if (expectedSpeechId !== undefined && last.id !== expectedSpeechId) return fail('LAST_SPEAKER_CHANGED', last.participantId);
  if (waitsFor(topic, last.participantId, last.kind)) return fail('ALREADY_IN_QUEUE', last.participantId);
  if (holdsFloor(topic, last.participantId)) return fail('ALREADY_SPEAKING', last.participantId);
  const entry: QueueEntry = {
    id: ctx.newId,
    participantId: last.participantId,
    kind: last.kind,
    requestedAt: ctx.now,
    replyTo: last.replyTo,
  };
  return ok({ ...topic, queue: [entry, ...topic.queue] });
}

/**
 * Moves waiting requests from another topic to this one, after those already waiting of their
 * kind. A reply becomes an intervention: what it replied to was said on the other topic.
 * Someone already waiting here (or speaking) keeps that request and the other stays behind.
 */
export function carryOver(
  from: Topic,
  to: Topic,
  entryIds: readonly string[],
): Result<{ from: Topic; to: Topic }> {
  const chosen = from.queue.filter((entry) => entryIds.includes(entry.id));
  if (chosen.length === 0) return fail('ENTRY_NOT_FOUND');
  let target = to;
  const moved = new Set<string>();
  for (const entry of chosen) {
    const carried: QueueEntry = entry.kind === 'reply' ? { ...entry, kind: 'intervention', replyTo: null } : entry;
    if (holdsFloor(target, entry.participantId) || waitsFor(target, entry.participantId, carried.kind)) continue;
    target = { ...target, queue: insertAt(target.queue, insertionIndex(target.queue, carried.kind), carried) };
    moved.add(entry.id);
  }
  if (moved.size === 0) return fail('ALREADY_IN_QUEUE');
  // A written statement goes with its request.
  const carried = (statement: { requestId: string }) => moved.has(statement.requestId);
  return ok({
    from: { ...from, queue: from.queue.filter((entry) => !moved.has(entry.id)), statements: from.statements.filter((s) => !carried(s)) },
    to: { ...target, statements: [...target.statements, ...from.statements.filter(carried)] },
  });
}

function withFloor(topic: Topic, speechId: string, change: (speech: Speech) => Result<Speech>): Result<Topic> {
  if (topic.floor?.id !== speechId) return fail('FLOOR_CHANGED', topic.floor?.participantId ?? '');
  const changed = change(topic.floor);
  return changed.ok ? ok({ ...topic, floor: changed.value }) : changed;
}

/**
 * More time for the speech in progress, on top of its limit. With `expectedAddedMs` (the time
 * added that the issuer saw), refused if the added time changed meanwhile, by another console's
 * grant or a restart of the countdown: each saw the speaker short of time, not both together.
 */
export function addTime(topic: Topic, speechId: string, seconds: number, expectedAddedMs?: number): Result<Topic> {
  return withFloor(topic, speechId, (speech) => {
    if (speech.timeLimitSec === null) return fail('NO_TIME_LIMIT');
    const added = speech.addedMs ?? 0;
    if (expectedAddedMs !== undefined && expectedAddedMs !== added) return fail('SPEAKING_TIME_CHANGED');
    return ok({ ...speech, addedMs: added + seconds * 1000 });
  });
}

/**
 * Starts the countdown again from the full limit, as when the microphone was off. The time
 * already spoken stays spoken (the balance panel counts it): the allowance grows by as much,
 * and time added before the restart is used up by it. With `expectedAddedMs`, refused as
 * `addTime` is: a second console restarting a countdown another has just restarted would take
 * the seconds spoken since from the speaker.
 */
export function restart(topic: Topic, speechId: string, now: number, expectedAddedMs?: number): Result<Topic> {
  return withFloor(topic, speechId, (speech) => {
    if (speech.timeLimitSec === null) return fail('NO_TIME_LIMIT');
    if (expectedAddedMs !== undefined && expectedAddedMs !== (speech.addedMs ?? 0)) return fail('SPEAKING_TIME_CHANGED');
    return ok({ ...speech, addedMs: elapsedMs(speech, now) });
  });
}

/** A new limit for the speech in progress, when the chair applies a changed limit to it too. */
export function setSpeechLimit(topic: Topic, speechId: string, seconds: number | null): Result<Topic> {
  return withFloor(topic, speechId, (speech) => ok({ ...speech, timeLimitSec: seconds }));
}

/** 1-based place of the participant in the queue, or null when not waiting. */
export function positionOf(topic: Topic, participantId: string): number | null {
  const index = topic.queue.findIndex((entry) => entry.participantId === participantId);
  return index === -1 ? null : index + 1;
}

/** The finished speeches, most recent first. */
export function lastSpeakers(topic: Topic, count: number): Speech[] {
  // Not slice(-count): slice(-0) is slice(0), which would return the whole history for 0.
  return topic.history.slice(Math.max(0, topic.history.length - count)).reverse();
}
