import { describe, expect, it } from 'vitest';
import { balance, peopleWaiting } from '../../shared/speaker-queue/balance.js';
import {
  enqueue,
  insertionIndex,
  isPaused,
  lastSpeakers,
  positionOf,
  readdLast,
} from '../../shared/speaker-queue/queue.js';
import * as queue from '../../shared/speaker-queue/queue.js';
import { countdown, elapsedMs, formatClock, pausedMs, timeSignal } from '../../shared/speaker-queue/timing.js';
import { interruptedSpeech } from '../../shared/meeting/selectors.js';
import { buildMeeting, emptyTopic, HOUR, MIN, SEC, speech, T0, type Person } from './fixtures.js';

/** An open meeting on its first topic with four participants (A..D). */
function openMeeting() {
  const built = buildMeeting();
  const [a, b, c, d] = built.participants as [Person, Person, Person, Person];
  const { session, chair, moderator } = built;
  const request = (who: Person, kind: 'intervention' | 'reply' | 'point_of_order' = 'intervention') =>
    session.advance(SEC).run(who.actor, { type: 'queue:request', kind })!;
  const give = (entryId?: string) =>
    session.run(chair, entryId === undefined ? { type: 'floor:give' } : { type: 'floor:give', entryId });
  const queued = () => session.topic.queue.map((entry) => [entry.participantId, entry.kind]);
  return { ...built, a, b, c, d, session, chair, moderator, request, give, queued };
}



describe('ordering of requests', () => {
  it('interventions join the end of the queue in the order they were requested', () => {
    const { a, b, c, request, queued, session } = openMeeting();
    const first = request(a);
    request(b);
    request(c);
    expect(queued()).toEqual([
      [a.id, 'intervention'],
      [b.id, 'intervention'],
      [c.id, 'intervention'],
    ]);
    expect(session.topic.queue[0]).toEqual({
      id: first,
      participantId: a.id,
      kind: 'intervention',
      requestedAt: T0 + SEC,
      replyTo: null,
    });
  });

  it('a point of order goes to the top, behind earlier points of order', () => {
    const { a, b, c, d, request, queued } = openMeeting();
    request(a);
    request(b);
    request(c, 'point_of_order');
    expect(queued()).toEqual([
      [c.id, 'point_of_order'],
      [a.id, 'intervention'],
      [b.id, 'intervention'],
    ]);
    request(d, 'point_of_order');
    expect(queued()).toEqual([
      [c.id, 'point_of_order'],
      [d.id, 'point_of_order'],
      [a.id, 'intervention'],
      [b.id, 'intervention'],
    ]);
  });

  it('a reply goes ahead of interventions, behind earlier replies and points of order', () => {
    const { a, b, c, d, session, chair, request, give, queued } = openMeeting();
    const extra = session.run(chair, {
      type: 'participant:register',
      details: { displayName: 'Extra', affiliation: '', country: '', stakeholderGroup: 'international', attendance: 'room', publishName: false },
    })!;
    request(a);
    give(); // A speaks
    request(b);
    request(c, 'reply');
    expect(queued()).toEqual([
      [c.id, 'reply'],
      [b.id, 'intervention'],
    ]);
    request(d, 'reply');
    expect(queued()).toEqual([
      [c.id, 'reply'],
      [d.id, 'reply'],
      [b.id, 'intervention'],
    ]);
    session.run(chair, { type: 'queue:add', participantId: extra, kind: 'point_of_order' });
    expect(queued()).toEqual([
      [extra, 'point_of_order'],
      [c.id, 'reply'],
      [d.id, 'reply'],
      [b.id, 'intervention'],
    ]);
  });

  it('a reply records the speech it replies to, and keeps it when given the floor', () => {
    const { a, b, session, request, give } = openMeeting();
    const aEntry = request(a);
    give();
    const reply = request(b, 'reply');
    expect(session.topic.queue[0]).toMatchObject({ id: reply, kind: 'reply', replyTo: aEntry });
    give();
    expect(session.topic.floor).toMatchObject({ id: reply, participantId: b.id, kind: 'reply', replyTo: aEntry });
  });

  it('a reply needs a current speaker', () => {
    const { a, b, session, chair, request, give } = openMeeting();
    expect(session.refuse(b.actor, { type: 'queue:request', kind: 'reply' })).toBe('NOTHING_TO_REPLY_TO');
    expect(session.refuse(chair, { type: 'queue:add', participantId: b.id, kind: 'reply' })).toBe(
      'NOTHING_TO_REPLY_TO',
    );
    request(a);
    give();
    session.run(chair, { type: 'floor:end' });
    // Once the speech is over there is nothing left to reply to.
    expect(session.refuse(b.actor, { type: 'queue:request', kind: 'reply' })).toBe('NOTHING_TO_REPLY_TO');
    expect(session.topic.queue).toEqual([]);
  });

  it('insertionIndex ranks points of order, then replies, then interventions', () => {
    const entry = (id: string, kind: 'intervention' | 'reply' | 'point_of_order') => ({
      id,
      participantId: `p${id}`,
      kind,
      requestedAt: T0,
      replyTo: null,
    });
    const queue = [entry('1', 'point_of_order'), entry('2', 'reply'), entry('3', 'reply'), entry('4', 'intervention')];
    expect(insertionIndex(queue, 'point_of_order')).toBe(1);
    expect(insertionIndex(queue, 'reply')).toBe(3);
    expect(insertionIndex(queue, 'intervention')).toBe(4);
    expect(insertionIndex([], 'point_of_order')).toBe(0);
  });
});

describe('closing the list of speakers', () => {
  it("a closed list refuses participants' requests but the chair can still add", () => {
    const { a, b, c, session, chair, moderator, request, queued } = openMeeting();
    request(a);
    session.run(chair, { type: 'queue:close' });
    expect(session.topic.listClosed).toBe(true);
    expect(session.refuse(b.actor, { type: 'queue:request', kind: 'intervention' })).toBe('LIST_CLOSED');
    session.run(chair, { type: 'queue:add', participantId: b.id, kind: 'intervention' });
    session.run(moderator, { type: 'queue:add', participantId: c.id, kind: 'intervention' });
    expect(queued()).toEqual([
      [a.id, 'intervention'],
      [b.id, 'intervention'],
      [c.id, 'intervention'],
    ]);
  });

  it('reopening the list accepts requests again', () => {
    const { b, session, chair, request } = openMeeting();
    session.run(chair, { type: 'queue:close' });
    session.run(chair, { type: 'queue:reopen' });
    expect(session.topic.listClosed).toBe(false);
    request(b);
    expect(positionOf(session.topic, b.id)).toBe(1);
  });

  it('the list is closed per topic', () => {
    const { b, session, chair, topicIds, request } = openMeeting();
    session.run(chair, { type: 'queue:close' });
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    request(b);
    expect(session.topic.listClosed).toBe(false);
    expect(session.topicById(topicIds[0]!).listClosed).toBe(true);
  });
});

describe('the floor', () => {
  it('giving the floor takes the first in the queue and removes it from the queue', () => {
    const { a, b, session, request, give } = openMeeting();
    const first = request(a);
    request(b);
    session.advance(5 * SEC);
    give();
    expect(session.topic.floor).toEqual({
      id: first,
      participantId: a.id,
      kind: 'intervention',
      replyTo: null,
      requestedAt: T0 + SEC,
      startedAt: T0 + 7 * SEC,
      endedAt: null,
      pauses: [],
      timeLimitSec: 180,
      attendance: 'room',
    });
    expect(session.topic.queue.map((entry) => entry.participantId)).toEqual([b.id]);
  });

  it('giving the floor to a named entry leaves the others waiting in order', () => {
    const { a, b, c, session, request, give } = openMeeting();
    request(a);
    const second = request(b);
    request(c);
    give(second);
    expect(session.topic.floor?.participantId).toBe(b.id);
    expect(session.topic.queue.map((entry) => entry.participantId)).toEqual([a.id, c.id]);
  });

  it('giving the floor with nobody waiting or to an unknown entry is refused', () => {
    const { session, chair } = openMeeting();
    expect(session.refuse(chair, { type: 'floor:give' })).toBe('QUEUE_EMPTY');
    expect(session.refuse(chair, { type: 'floor:give', entryId: 'e999' })).toBe('ENTRY_NOT_FOUND');
  });

  it('giving the floor ends the speech in progress at the same instant', () => {
    const { a, b, session, request, give } = openMeeting();
    const first = request(a);
    request(b);
    give();
    session.advance(90 * SEC);
    const handover = session.now;
    give();
    expect(session.topic.history).toHaveLength(1);
    expect(session.topic.history[0]).toMatchObject({ id: first, participantId: a.id, endedAt: handover });
    expect(session.topic.floor).toMatchObject({ participantId: b.id, startedAt: handover, endedAt: null });
    expect(elapsedMs(session.topic.history[0]!, handover + MIN)).toBe(90 * SEC);
  });

  it('ending the floor moves the speech to the history', () => {
    const { a, session, chair, request, give } = openMeeting();
    request(a);
    give();
    session.advance(42 * SEC);
    session.run(chair, { type: 'floor:end' });
    expect(session.topic.floor).toBeNull();
    expect(session.topic.history.map((s) => [s.participantId, s.endedAt! - s.startedAt])).toEqual([[a.id, 42 * SEC]]);
    expect(session.refuse(chair, { type: 'floor:end' })).toBe('NO_CURRENT_SPEAKER');
  });

  it('the speech keeps the limit in force when the floor was given; the topic limit overrides the meeting', () => {
    const { a, b, session, chair, topicIds, request, give } = openMeeting();
    session.run(chair, { type: 'topic:setSpeakingTime', topicId: topicIds[0]!, seconds: 120 });
    request(a);
    request(b);
    give();
    expect(session.topic.floor?.timeLimitSec).toBe(120);
    session.run(chair, { type: 'topic:setSpeakingTime', topicId: topicIds[0]!, seconds: 60 });
    expect(session.topic.floor?.timeLimitSec).toBe(120);
    session.run(chair, { type: 'topic:setSpeakingTime', topicId: topicIds[0]!, seconds: null });
    session.run(chair, { type: 'meeting:setSpeakingTime', seconds: null });
    give();
    expect(session.topic.floor?.timeLimitSec).toBeNull();
    expect(session.topic.history[0]?.timeLimitSec).toBe(120);
  });

  it('pausing and resuming excludes the pause from the speaking time', () => {
    const { a, session, chair, request, give } = openMeeting();
    request(a);
    give();
    const start = session.now;
    session.advance(30 * SEC).run(chair, { type: 'floor:pause' });
    expect(isPaused(session.topic.floor!)).toBe(true);
    // While paused the clock stands still.
    expect(elapsedMs(session.topic.floor!, session.now + 20 * SEC)).toBe(30 * SEC);
    session.advance(20 * SEC).run(chair, { type: 'floor:resume' });
    expect(isPaused(session.topic.floor!)).toBe(false);
    session.advance(10 * SEC).run(chair, { type: 'floor:pause' });
    session.advance(5 * SEC).run(chair, { type: 'floor:resume' });
    session.advance(15 * SEC).run(chair, { type: 'floor:end' });
    const done = session.topic.history[0]!;
    expect(done.pauses).toEqual([
      { startedAt: start + 30 * SEC, endedAt: start + 50 * SEC },
      { startedAt: start + 60 * SEC, endedAt: start + 65 * SEC },
    ]);
    expect(pausedMs(done, session.now)).toBe(25 * SEC);
    expect(elapsedMs(done, session.now + HOUR)).toBe(55 * SEC);
  });

  it('ending a paused speech closes the pause at the end', () => {
    const { a, session, chair, request, give } = openMeeting();
    request(a);
    give();
    session.advance(10 * SEC).run(chair, { type: 'floor:pause' });
    session.advance(7 * SEC).run(chair, { type: 'floor:end' });
    const done = session.topic.history[0]!;
    expect(done.pauses).toEqual([{ startedAt: done.startedAt + 10 * SEC, endedAt: done.endedAt }]);
    expect(elapsedMs(done, session.now + MIN)).toBe(10 * SEC);
  });

  it('pausing twice, resuming a running speech and pausing nobody are refused', () => {
    const { a, session, chair, request, give } = openMeeting();
    expect(session.refuse(chair, { type: 'floor:pause' })).toBe('NO_CURRENT_SPEAKER');
    expect(session.refuse(chair, { type: 'floor:resume' })).toBe('NO_CURRENT_SPEAKER');
    request(a);
    give();
    expect(session.refuse(chair, { type: 'floor:resume' })).toBe('NOT_PAUSED');
    session.run(chair, { type: 'floor:pause' });
    expect(session.refuse(chair, { type: 'floor:pause' })).toBe('ALREADY_PAUSED');
  });
});

describe('who may be in the queue', () => {
  it('no one is twice in the queue', () => {
    const { a, session, chair, moderator, request } = openMeeting();
    request(a);
    expect(session.refuse(a.actor, { type: 'queue:request', kind: 'intervention' })).toBe('ALREADY_IN_QUEUE');
    expect(session.refuse(a.actor, { type: 'queue:request', kind: 'reply' })).toBe('ALREADY_IN_QUEUE');
    expect(session.refuse(chair, { type: 'queue:add', participantId: a.id, kind: 'intervention' })).toBe(
      'ALREADY_IN_QUEUE',
    );
    // A point of order is the one exception (see "points of order" below), but only once.
    request(a, 'point_of_order');
    expect(session.refuse(moderator, { type: 'queue:add', participantId: a.id, kind: 'point_of_order' })).toBe(
      'ALREADY_IN_QUEUE',
    );
    expect(session.topic.queue).toHaveLength(2);
  });

  it('the floor holder cannot queue again', () => {
    const { a, session, chair, request, give } = openMeeting();
    request(a);
    give();
    expect(session.refuse(a.actor, { type: 'queue:request', kind: 'intervention' })).toBe('ALREADY_SPEAKING');
    expect(session.refuse(a.actor, { type: 'queue:request', kind: 'reply' })).toBe('ALREADY_SPEAKING');
    expect(session.refuse(chair, { type: 'queue:add', participantId: a.id, kind: 'point_of_order' })).toBe(
      'ALREADY_SPEAKING',
    );
    session.run(chair, { type: 'floor:end' });
    // Once their speech is over they may ask again.
    request(a);
    expect(positionOf(session.topic, a.id)).toBe(1);
  });

  it('a request for an unregistered participant is refused', () => {
    const { session, chair } = openMeeting();
    expect(session.refuse(chair, { type: 'queue:add', participantId: 'p999', kind: 'intervention' })).toBe(
      'PARTICIPANT_NOT_FOUND',
    );
  });

  it('a participant may be waiting on several topics at once', () => {
    const { a, session, chair, topicIds, request } = openMeeting();
    request(a);
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    request(a);
    expect(positionOf(session.topicById(topicIds[0]!), a.id)).toBe(1);
    expect(positionOf(session.topicById(topicIds[1]!), a.id)).toBe(1);
  });
});

describe('re-adding the last speaker', () => {
  it('re-add last speaker puts them at the top', () => {
    const { a, b, c, d, session, chair, request, give } = openMeeting();
    const first = request(a);
    give();
    request(b);
    request(c);
    request(d, 'point_of_order');
    session.advance(SEC).run(chair, { type: 'floor:end' });
    const readded = session.advance(SEC).run(chair, { type: 'queue:readdLast' })!;
    expect(readded).not.toBe(first);
    expect(session.topic.queue[0]).toEqual({
      id: readded,
      participantId: a.id,
      kind: 'intervention',
      requestedAt: session.now,
      replyTo: null,
    });
    expect(session.topic.queue.map((entry) => entry.participantId)).toEqual([a.id, d.id, b.id, c.id]);
  });

  it('re-adding needs a finished speech and someone not already waiting or speaking', () => {
    const { a, b, session, chair, request, give } = openMeeting();
    expect(session.refuse(chair, { type: 'queue:readdLast' })).toBe('NO_LAST_SPEAKER');
    request(a);
    give();
    // A is speaking, not finished: still nobody to re-add.
    expect(session.refuse(chair, { type: 'queue:readdLast' })).toBe('NO_LAST_SPEAKER');
    session.run(chair, { type: 'floor:end' });
    request(a);
    expect(session.refuse(chair, { type: 'queue:readdLast' })).toBe('ALREADY_IN_QUEUE');
    request(b);
    give(); // A again
    give(); // B; A's second speech is the last finished one, and A is not waiting
    session.run(chair, { type: 'queue:readdLast' });
    expect(session.topic.queue.map((entry) => entry.participantId)).toEqual([a.id]);
  });

  it('re-adding the last speaker while they hold the floor again is refused', () => {
    const { a, session, chair, request, give } = openMeeting();
    request(a);
    give();
    session.run(chair, { type: 'floor:end' });
    session.run(chair, { type: 'queue:readdLast' });
    give();
    expect(session.topic.floor?.participantId).toBe(a.id);
    expect(session.refuse(chair, { type: 'queue:readdLast' })).toBe('ALREADY_SPEAKING');
  });

  it('readdLast keeps the kind and the reply target of the last speech', () => {
    const topic = emptyTopic({
      history: [speech({ id: 'e7', participantId: 'p3', kind: 'reply', replyTo: 'e5', endedAt: T0 + MIN })],
    });
    const result = readdLast(topic, { now: T0 + 2 * MIN, newId: 'e9' });
    expect(result).toEqual({
      ok: true,
      value: {
        ...topic,
        queue: [{ id: 'e9', participantId: 'p3', kind: 'reply', requestedAt: T0 + 2 * MIN, replyTo: 'e5' }],
      },
    });
  });
});

describe('withdrawing and moving requests', () => {
  it('a participant withdraws their own request; the others move up', () => {
    const { a, b, c, session, request } = openMeeting();
    const aEntry = request(a);
    request(b);
    request(c);
    expect(positionOf(session.topic, c.id)).toBe(3);
    session.run(a.actor, { type: 'queue:withdraw', entryId: aEntry });
    expect(session.topic.queue.map((entry) => entry.participantId)).toEqual([b.id, c.id]);
    expect(positionOf(session.topic, c.id)).toBe(2);
    expect(session.refuse(a.actor, { type: 'queue:withdraw', entryId: aEntry })).toBe('ENTRY_NOT_FOUND');
  });

  it("a participant cannot withdraw someone else's request; the chair and moderator can", () => {
    const { a, b, c, session, chair, moderator, request } = openMeeting();
    const aEntry = request(a);
    const bEntry = request(b);
    expect(session.refuse(c.actor, { type: 'queue:withdraw', entryId: aEntry })).toBe('FORBIDDEN');
    session.run(chair, { type: 'queue:withdraw', entryId: aEntry });
    session.run(moderator, { type: 'queue:withdraw', entryId: bEntry });
    expect(session.topic.queue).toEqual([]);
  });

  it('a request on a topic other than the current one can be withdrawn', () => {
    const { a, session, chair, topicIds, request } = openMeeting();
    const entry = request(a);
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    session.run(a.actor, { type: 'queue:withdraw', entryId: entry });
    expect(session.topicById(topicIds[0]!).queue).toEqual([]);
  });

  it('a request that was given the floor can no longer be withdrawn: its speaker and the chair are told it has the floor, naming the speaker; anyone else, and anyone once the speech ended, that it is gone', () => {
    const { a, b, session, chair, request, give } = openMeeting();
    const entry = request(a);
    give();
    const refused = session.try(a.actor, { type: 'queue:withdraw', entryId: entry });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'REQUEST_GIVEN_FLOOR', detail: a.id });
    expect(session.refuse(chair, { type: 'queue:withdraw', entryId: entry })).toBe('REQUEST_GIVEN_FLOOR');
    expect(session.refuse(b.actor, { type: 'queue:withdraw', entryId: entry })).toBe('ENTRY_NOT_FOUND');
    session.advance(60_000).run(chair, { type: 'floor:end' });
    expect(session.refuse(a.actor, { type: 'queue:withdraw', entryId: entry })).toBe('ENTRY_NOT_FOUND');
  });

  it('moving an entry puts it at the given index; beyond the end puts it last', () => {
    const { a, b, c, d, session, chair, request } = openMeeting();
    request(a);
    request(b);
    const cEntry = request(c);
    request(d);
    const order = () => session.topic.queue.map((entry) => entry.participantId);
    session.run(chair, { type: 'queue:move', entryId: cEntry, toIndex: 0 });
    expect(order()).toEqual([c.id, a.id, b.id, d.id]);
    session.run(chair, { type: 'queue:move', entryId: cEntry, toIndex: 2 });
    expect(order()).toEqual([a.id, b.id, c.id, d.id]);
    session.run(chair, { type: 'queue:move', entryId: cEntry, toIndex: 99 });
    expect(order()).toEqual([a.id, b.id, d.id, c.id]);
    expect(session.refuse(chair, { type: 'queue:move', entryId: 'e999', toIndex: 0 })).toBe('ENTRY_NOT_FOUND');
  });

  it('a moved entry keeps its id, kind and request time', () => {
    const { a, b, session, chair, request } = openMeeting();
    request(a);
    const bEntry = request(b);
    const before = session.topic.queue[1];
    session.run(chair, { type: 'queue:move', entryId: bEntry, toIndex: 0 });
    expect(session.topic.queue[0]).toEqual(before);
  });
});

describe('position and last speakers', () => {
  it('position is 1-based ("You are 3rd") and null when not waiting', () => {
    const { a, b, c, d, session, request, give } = openMeeting();
    request(a);
    request(b);
    request(c);
    expect(positionOf(session.topic, a.id)).toBe(1);
    expect(positionOf(session.topic, b.id)).toBe(2);
    expect(positionOf(session.topic, c.id)).toBe(3);
    expect(positionOf(session.topic, d.id)).toBeNull();
    request(d, 'point_of_order');
    expect(positionOf(session.topic, c.id)).toBe(4);
    give();
    expect(positionOf(session.topic, d.id)).toBeNull(); // speaking, no longer waiting
    expect(positionOf(session.topic, c.id)).toBe(3);
  });

  it('lastSpeakers lists the finished speeches, most recent first', () => {
    const { a, b, c, session, chair, request, give } = openMeeting();
    request(a);
    request(b);
    request(c);
    give();
    give();
    give();
    session.run(chair, { type: 'floor:end' });
    const names = (count: number) => lastSpeakers(session.topic, count).map((s) => s.participantId);
    expect(names(2)).toEqual([c.id, b.id]);
    expect(names(3)).toEqual([c.id, b.id, a.id]);
    expect(names(10)).toEqual([c.id, b.id, a.id]);
    expect(names(1)).toEqual([c.id]);
    expect(names(0)).toEqual([]);
    // The history itself is not reordered.
    expect(session.topic.history.map((s) => s.participantId)).toEqual([a.id, b.id, c.id]);
  });

  it('lastSpeakers leaves out the speech in progress', () => {
    const { a, b, session, request, give } = openMeeting();
    request(a);
    request(b);
    give();
    give();
    expect(lastSpeakers(session.topic, 5).map((s) => s.participantId)).toEqual([a.id]);
  });
});

describe('countdown', () => {
  const limited = speech({ startedAt: T0, timeLimitSec: 120 });

  it('runs while more than the warning time is left', () => {
    expect(countdown(limited, T0 + 30 * SEC, 30)).toEqual({
      phase: 'running',
      remainingMs: 90 * SEC,
      elapsedMs: 30 * SEC,
      paused: false,
    });
    expect(countdown(limited, T0 + 89_999, 30).phase).toBe('running');
  });

  it('turns to warning at the warning time and stays there until the limit', () => {
    expect(countdown(limited, T0 + 90 * SEC, 30)).toMatchObject({ phase: 'warning', remainingMs: 30 * SEC });
    expect(countdown(limited, T0 + 120 * SEC, 30)).toMatchObject({ phase: 'warning', remainingMs: 0 });
  });

  it('goes over time with a negative remaining time past the limit', () => {
    expect(countdown(limited, T0 + 127 * SEC, 30)).toEqual({
      phase: 'overtime',
      remainingMs: -7 * SEC,
      elapsedMs: 127 * SEC,
      paused: false,
    });
    expect(countdown(limited, T0 + 120 * SEC + 1, 30).phase).toBe('overtime');
  });

  it('is unlimited without a limit', () => {
    expect(countdown(speech({ timeLimitSec: null }), T0 + 10 * MIN, 30)).toEqual({
      phase: 'unlimited',
      remainingMs: null,
      elapsedMs: 10 * MIN,
      paused: false,
    });
  });

  it('stands still while paused', () => {
    const paused = speech({ startedAt: T0, timeLimitSec: 120, pauses: [{ startedAt: T0 + 100 * SEC, endedAt: null }] });
    const later = countdown(paused, T0 + 10 * MIN, 30);
    expect(later).toEqual({ phase: 'warning', remainingMs: 20 * SEC, elapsedMs: 100 * SEC, paused: true });
    expect(countdown(paused, T0 + 20 * MIN, 30)).toEqual(later);
  });

  it('counts down again after a resume, minus the pause', () => {
    const resumed = speech({ startedAt: T0, timeLimitSec: 120, pauses: [{ startedAt: T0 + 60 * SEC, endedAt: T0 + 5 * MIN }] });
    expect(countdown(resumed, T0 + 5 * MIN + 30 * SEC, 30)).toEqual({
      phase: 'warning',
      remainingMs: 30 * SEC,
      elapsedMs: 90 * SEC,
      paused: false,
    });
  });

  it('freezes when the speech has ended', () => {
    const ended = speech({ startedAt: T0, endedAt: T0 + 50 * SEC, timeLimitSec: 60 });
    expect(countdown(ended, T0 + HOUR, 30)).toMatchObject({ phase: 'warning', remainingMs: 10 * SEC });
  });
});

describe('what the speaker is told as the countdown changes phase', () => {
  it('nearly up on entering the warning from running time, up on running out from anywhere; nothing on the first look, while the phase holds, or when time is added', () => {
    expect(timeSignal('running', 'warning')).toBe('nearlyUp');
    expect(timeSignal('running', 'overtime')).toBe('up');
    expect(timeSignal('warning', 'overtime')).toBe('up');
    expect(timeSignal(null, 'warning')).toBeNull();
    expect(timeSignal(null, 'overtime')).toBeNull();
    expect(timeSignal('warning', 'warning')).toBeNull();
    expect(timeSignal('warning', 'running')).toBeNull();
    expect(timeSignal('overtime', 'running')).toBeNull();
    expect(timeSignal('overtime', 'warning')).toBeNull();
    expect(timeSignal('unlimited', 'unlimited')).toBeNull();
    expect(timeSignal('overtime', 'overtime')).toBeNull();
    // The chair takes the limit away: nothing left to signal.
    expect(timeSignal('running', 'unlimited')).toBeNull();
    expect(timeSignal('warning', 'unlimited')).toBeNull();
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [125_000, '2:05'],
    [59_000, '0:59'],
    [59_001, '1:00'],
    [500, '0:01'],
    [180_000, '3:00'],
    [3_723_000, '1:02:03'],
    [3_600_000, '1:00:00'],
    [36_000_000 + 61_000, '10:01:01'],
    [-7_000, '-0:07'],
    [-7_999, '-0:07'],
    [-500, '0:00'],
    [-65_000, '-1:05'],
    [-3_723_000, '-1:02:03'],
  ])('formatClock(%d) is %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});

describe('balance', () => {
  it('counts speeches and speaking time per stakeholder group and per room/remote, with the speech in progress', () => {
    const { a, b, c, d, session, request, give } = openMeeting();
    request(a); // government, room
    request(b); // private sector, remote
    give(); // A speaks 60 s
    session.advance(60 * SEC);
    give(); // B speaks, still in progress
    request(c); // civil society, remote, waiting
    request(d); // academic, room, waiting
    session.advance(30 * SEC);
    const now = session.now;
    const result = balance(session.meeting, session.meeting.topics, now + 10 * SEC);
    const group = (key: string) => result.byGroup.find((row) => row.key === key);
    const mode = (key: string) => result.byAttendance.find((row) => row.key === key);
    expect(result.speeches).toBe(2);
    expect(result.speakingMs).toBe(60 * SEC + 42 * SEC);
    expect(group('government')).toEqual({ key: 'government', speeches: 1, speakingMs: 60 * SEC, waiting: 0, requests: 0 });
    expect(group('private_sector')).toEqual({ key: 'private_sector', speeches: 1, speakingMs: 42 * SEC, waiting: 0, requests: 0 });
    expect(group('civil_society')).toEqual({ key: 'civil_society', speeches: 0, speakingMs: 0, waiting: 1, requests: 1 });
    expect(group('academic_technical')).toEqual({ key: 'academic_technical', speeches: 0, speakingMs: 0, waiting: 1, requests: 1 });
    expect(group('intergovernmental')).toEqual({ key: 'intergovernmental', speeches: 0, speakingMs: 0, waiting: 0, requests: 0 });
    expect(result.byGroup.map((row) => row.key)).toEqual([
      'government',
      'private_sector',
      'civil_society',
      'academic_technical',
      'intergovernmental',
      'international',
    ]);
    expect(mode('room')).toEqual({ key: 'room', speeches: 1, speakingMs: 60 * SEC, waiting: 1, requests: 1 });
    expect(mode('remote')).toEqual({ key: 'remote', speeches: 1, speakingMs: 42 * SEC, waiting: 1, requests: 1 });
  });

  it('uses the attendance captured when the floor was given, not the current one', () => {
    const { a, b, session, request, give } = openMeeting();
    request(b); // remote when given the floor
    give();
    session.advance(20 * SEC);
    // B walks into the room while speaking; A goes remote while waiting.
    session.run(b.actor, { type: 'participant:update', participantId: b.id, details: { attendance: 'room' } });
    request(a);
    session.run(a.actor, { type: 'participant:update', participantId: a.id, details: { attendance: 'remote' } });
    expect(session.topic.floor?.attendance).toBe('remote');
    const result = balance(session.meeting, session.meeting.topics, session.now + SEC);
    expect(result.byAttendance).toEqual([
      { key: 'room', speeches: 0, speakingMs: 0, waiting: 0, requests: 0 },
      { key: 'remote', speeches: 1, speakingMs: 22 * SEC, waiting: 1, requests: 1 },
    ]);
  });

  it('excludes pauses and counts only the topics asked for', () => {
    const { a, b, session, chair, topicIds, request, give } = openMeeting();
    request(a);
    give();
    session.advance(10 * SEC).run(chair, { type: 'floor:pause' });
    session.advance(50 * SEC).run(chair, { type: 'floor:resume' });
    session.advance(5 * SEC).run(chair, { type: 'floor:end' });
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    request(b);
    give();
    session.advance(7 * SEC);
    const first = balance(session.meeting, [session.topicById(topicIds[0]!)], session.now);
    expect(first.speeches).toBe(1);
    expect(first.speakingMs).toBe(15 * SEC);
    const all = balance(session.meeting, session.meeting.topics, session.now);
    expect(all.speeches).toBe(2);
    expect(all.speakingMs).toBe(22 * SEC);
    expect(all.byGroup.find((row) => row.key === 'private_sector')?.speakingMs).toBe(7 * SEC);
  });

  it('counts a person waiting once, however many requests and topics: an intervention and a point of order are one person, two requests', () => {
    const { a, b, c, session, chair, topicIds, request } = openMeeting();
    request(a); // government, room
    request(a, 'point_of_order');
    request(c); // civil society, remote
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    request(a); // the same person waits on the next topic too
    request(b); // private sector, remote
    const group = (figures: ReturnType<typeof balance>, key: string) => figures.byGroup.find((row) => row.key === key);
    const mode = (figures: ReturnType<typeof balance>, key: string) => figures.byAttendance.find((row) => row.key === key);

    const first = balance(session.meeting, [session.topicById(topicIds[0]!)], session.now);
    expect(group(first, 'government')).toMatchObject({ waiting: 1, requests: 2 });
    expect(mode(first, 'room')).toMatchObject({ waiting: 1, requests: 2 });
    expect(mode(first, 'remote')).toMatchObject({ waiting: 1, requests: 1 });
    expect(first).toMatchObject({ waiting: 2, requests: 3 });

    const all = balance(session.meeting, session.meeting.topics, session.now);
    expect(group(all, 'government')).toMatchObject({ waiting: 1, requests: 3 });
    expect(group(all, 'civil_society')).toMatchObject({ waiting: 1, requests: 1 });
    expect(group(all, 'private_sector')).toMatchObject({ waiting: 1, requests: 1 });
    expect(mode(all, 'room')).toMatchObject({ waiting: 1, requests: 3 });
    expect(mode(all, 'remote')).toMatchObject({ waiting: 2, requests: 2 });
    expect(all).toMatchObject({ waiting: 3, requests: 5 });
    // The agenda's "N waiting" follows the same rule.
    expect(peopleWaiting(session.topicById(topicIds[0]!))).toBe(2);
    expect(session.topicById(topicIds[0]!).queue).toHaveLength(3);
  });
});

describe('the pure queue functions', () => {
  it('enqueue refuses a closed list before anything else for a participant', () => {
    const topic = emptyTopic({ listClosed: true });
    const result = enqueue(topic, { participantId: 'p1', kind: 'reply', byChair: false }, { now: T0, newId: 'e1' });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'LIST_CLOSED' }) });
    const byChair = enqueue(topic, { participantId: 'p1', kind: 'intervention', byChair: true }, { now: T0, newId: 'e1' });
    expect(byChair.ok && byChair.value.queue.map((entry) => entry.id)).toEqual(['e1']);
  });
});

describe('points of order', () => {
  it('a point of order may be raised when the list of speakers is closed (UN and ITU practice)', () => {
    const { a, b, session, chair, request, queued } = openMeeting();
    request(a);
    session.run(chair, { type: 'queue:close' });
    request(b, 'point_of_order');
    expect(queued()).toEqual([
      [b.id, 'point_of_order'],
      [a.id, 'intervention'],
    ]);
  });

  it('a participant already waiting may still raise a point of order, once; each request is withdrawn on its own', () => {
    const { a, b, session, request, queued } = openMeeting();
    const intervention = request(a);
    request(b);
    const point = request(a, 'point_of_order');
    expect(queued()).toEqual([
      [a.id, 'point_of_order'],
      [a.id, 'intervention'],
      [b.id, 'intervention'],
    ]);
    expect(session.refuse(a.actor, { type: 'queue:request', kind: 'point_of_order' })).toBe('ALREADY_IN_QUEUE');
    session.run(a.actor, { type: 'queue:withdraw', entryId: point });
    expect(session.topic.queue.map((entry) => entry.id)).toEqual([intervention, expect.any(String)]);
  });

  it('the point of order is heard first and the intervention keeps its place', () => {
    const { a, b, session, request, give, queued } = openMeeting();
    request(a);
    request(b);
    request(b, 'point_of_order');
    give();
    expect(session.topic.floor).toMatchObject({ participantId: b.id, kind: 'point_of_order' });
    expect(queued()).toEqual([
      [a.id, 'intervention'],
      [b.id, 'intervention'],
    ]);
  });

  it('the speaker holding the floor cannot raise a point of order on themselves', () => {
    const { a, session, request, give } = openMeeting();
    request(a);
    give();
    expect(session.refuse(a.actor, { type: 'queue:request', kind: 'point_of_order' })).toBe('ALREADY_SPEAKING');
  });
});

/** Two consoles (chair and moderator) that saw the same meeting, pressing at the same moment. */
describe('commands carry what their issuer saw', () => {
  it('"Next speaker" pressed on two consoles: the second is refused naming who has the floor; no ghost speech', () => {
    const { a, b, session, chair, moderator, request } = openMeeting();
    const aEntry = request(a);
    request(b);
    // Both consoles show A first and nobody speaking.
    session.run(chair, { type: 'floor:give', entryId: aEntry, expectedSpeechId: null });
    const refusal = session.try(moderator, { type: 'floor:give', entryId: aEntry, expectedSpeechId: null });
    expect(refusal).toEqual({ ok: false, error: expect.objectContaining({ code: 'FLOOR_CHANGED', detail: a.id }) });
    expect(session.topic.floor).toMatchObject({ id: aEntry, participantId: a.id });
    expect(session.topic.history).toEqual([]);
  });

  it('giving the floor to the next entry ends the speech only if the console saw that speech', () => {
    const { a, b, c, session, chair, moderator, request } = openMeeting();
    const aEntry = request(a);
    const bEntry = request(b);
    const cEntry = request(c);
    session.run(chair, { type: 'floor:give', entryId: aEntry, expectedSpeechId: null });
    session.advance(30 * SEC).run(chair, { type: 'floor:give', entryId: bEntry, expectedSpeechId: aEntry });
    // The moderator still shows A speaking and B next.
    expect(session.refuse(moderator, { type: 'floor:give', entryId: cEntry, expectedSpeechId: aEntry })).toBe(
      'FLOOR_CHANGED',
    );
    expect(session.topic.floor?.participantId).toBe(b.id);
    expect(session.topic.history.map((done) => done.participantId)).toEqual([a.id]);
  });

  it('end, pause and resume are refused for a speech that is no longer the one in progress', () => {
    const { a, b, session, chair, moderator, request } = openMeeting();
    const aEntry = request(a);
    const bEntry = request(b);
    session.run(chair, { type: 'floor:give', entryId: aEntry, expectedSpeechId: null });
    session.run(chair, { type: 'floor:end', expectedSpeechId: aEntry });
    expect(session.try(moderator, { type: 'floor:end', expectedSpeechId: aEntry })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'FLOOR_CHANGED', detail: '' }),
    });
    session.run(chair, { type: 'floor:give', entryId: bEntry, expectedSpeechId: null });
    expect(session.refuse(moderator, { type: 'floor:end', expectedSpeechId: aEntry })).toBe('FLOOR_CHANGED');
    expect(session.refuse(moderator, { type: 'floor:pause', expectedSpeechId: aEntry })).toBe('FLOOR_CHANGED');
    session.run(chair, { type: 'floor:pause', expectedSpeechId: bEntry });
    expect(session.refuse(moderator, { type: 'floor:resume', expectedSpeechId: aEntry })).toBe('FLOOR_CHANGED');
    session.run(moderator, { type: 'floor:resume', expectedSpeechId: bEntry });
    expect(session.topic.floor).toMatchObject({ id: bEntry, endedAt: null });
  });

  it('commands without what their issuer saw (older logs, other clients) still apply as before', () => {
    const { a, b, session, chair, request } = openMeeting();
    request(a);
    request(b);
    session.run(chair, { type: 'floor:give' });
    session.run(chair, { type: 'floor:give' });
    session.run(chair, { type: 'floor:pause' });
    session.run(chair, { type: 'floor:resume' });
    session.run(chair, { type: 'floor:end' });
    session.run(chair, { type: 'queue:readdLast' });
    expect(session.topic.history.map((done) => done.participantId)).toEqual([a.id, b.id]);
    expect(session.topic.queue.map((entry) => entry.participantId)).toEqual([b.id]);
  });

  it('re-adding names the speech it re-adds: a newer last speech refuses it with LAST_SPEAKER_CHANGED', () => {
    const { a, b, session, chair, moderator, request } = openMeeting();
    const aEntry = request(a);
    const bEntry = request(b);
    session.run(chair, { type: 'floor:give', entryId: aEntry, expectedSpeechId: null });
    session.run(chair, { type: 'floor:give', entryId: bEntry, expectedSpeechId: aEntry });
    session.run(chair, { type: 'floor:end', expectedSpeechId: bEntry });
    expect(session.try(moderator, { type: 'queue:readdLast', expectedSpeechId: aEntry })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'LAST_SPEAKER_CHANGED', detail: b.id }),
    });
    session.run(moderator, { type: 'queue:readdLast', expectedSpeechId: bEntry });
    expect(session.topic.queue.map((entry) => entry.participantId)).toEqual([b.id]);
  });

  it('moving an entry that is no longer where the console showed it is refused with QUEUE_CHANGED', () => {
    const { a, b, c, session, chair, moderator, request } = openMeeting();
    const aEntry = request(a);
    request(b);
    const cEntry = request(c);
    session.run(chair, { type: 'queue:move', entryId: cEntry, toIndex: 0, expectedIndex: 2 });
    expect(session.refuse(moderator, { type: 'queue:move', entryId: cEntry, toIndex: 1, expectedIndex: 2 })).toBe(
      'QUEUE_CHANGED',
    );
    session.run(moderator, { type: 'queue:move', entryId: aEntry, toIndex: 2, expectedIndex: 1 });
    expect(session.topic.queue.map((entry) => entry.participantId)).toEqual([c.id, b.id, a.id]);
  });

  it('a participant joining the queue does not refuse the chair’s command', () => {
    const { a, b, c, session, chair, request } = openMeeting();
    const aEntry = request(a);
    request(b);
    request(c); // joins after the chair's console last refreshed
    session.run(chair, { type: 'floor:give', entryId: aEntry, expectedSpeechId: null });
    expect(session.topic.floor?.participantId).toBe(a.id);
  });

  it('the speech the adjournment cut short is offered back on resuming, and only that one', () => {
    const { a, b, session, chair, request, give } = openMeeting();
    request(a);
    const bEntry = request(b);
    give();
    session.advance(MIN).run(chair, { type: 'floor:end' });
    expect(interruptedSpeech(session.meeting)).toBeNull();
    give();
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: bEntry });
    expect(interruptedSpeech(session.meeting)).toMatchObject({ id: bEntry, participantId: b.id });
    // Giving it back: re-add the speaker that speech named, then give the floor.
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'open', expectedSpeechId: null });
    expect(interruptedSpeech(session.meeting)).toBeNull();
    const again = session.run(chair, { type: 'queue:readdLast', expectedSpeechId: bEntry })!;
    session.run(chair, { type: 'floor:give', entryId: again, expectedSpeechId: null });
    expect(session.topic.floor?.participantId).toBe(b.id);
    // Adjourning with nobody speaking cuts nobody short.
    session.run(chair, { type: 'floor:end' });
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(interruptedSpeech(session.meeting)).toBeNull();
  });

  it('adjourning ends only the speech the confirmation named', () => {
    const { a, b, session, chair, moderator, request } = openMeeting();
    const aEntry = request(a);
    const bEntry = request(b);
    session.run(chair, { type: 'floor:give', entryId: aEntry, expectedSpeechId: null });
    session.run(moderator, { type: 'floor:give', entryId: bEntry, expectedSpeechId: aEntry });
    expect(session.refuse(chair, { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: aEntry })).toBe(
      'FLOOR_CHANGED',
    );
    session.run(chair, { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: bEntry });
    expect(session.meeting.status).toBe('adjourned');
  });
});

describe('requests stay with their topic; the chair may carry them over', () => {
  it('carry over moves the chosen waiting requests into the current topic, after those already waiting of their kind', () => {
    const { a, b, c, d, session, chair, topicIds, request } = openMeeting();
    const aEntry = request(a);
    const bEntry = request(b);
    request(c, 'point_of_order');
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    request(d);
    session.advance(SEC).run(chair, { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [aEntry, bEntry] });
    expect(session.topic.queue.map((entry) => [entry.participantId, entry.kind])).toEqual([
      [d.id, 'intervention'],
      [a.id, 'intervention'],
      [b.id, 'intervention'],
    ]);
    // Carried requests keep their id and when they were made; what was not chosen stays behind.
    expect(session.topic.queue[1]).toMatchObject({ id: aEntry, requestedAt: T0 + SEC });
    expect(session.topicById(topicIds[0]!).queue.map((entry) => entry.participantId)).toEqual([c.id]);
  });

  it('a reply carried over becomes an intervention: what it replied to was said on another topic', () => {
    const { a, b, session, chair, topicIds, request, give } = openMeeting();
    request(a);
    give();
    const reply = request(b, 'reply');
    session.run(chair, { type: 'floor:end' });
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    session.run(chair, { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [reply] });
    expect(session.topic.queue).toEqual([expect.objectContaining({ id: reply, kind: 'intervention', replyTo: null })]);
  });

  it('someone already waiting on the current topic keeps that request and the other stays behind', () => {
    const { a, b, session, chair, topicIds, request } = openMeeting();
    const aEntry = request(a);
    const bEntry = request(b);
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    const aHere = request(a);
    session.run(chair, { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [aEntry, bEntry] });
    expect(session.topic.queue.map((entry) => entry.id)).toEqual([aHere, bEntry]);
    expect(session.topicById(topicIds[0]!).queue.map((entry) => entry.id)).toEqual([aEntry]);
    expect(session.refuse(chair, { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [aEntry] })).toBe(
      'ALREADY_IN_QUEUE',
    );
  });

  it('carrying over nothing that still waits, or from the current topic, is refused', () => {
    const { a, session, chair, topicIds, request } = openMeeting();
    const aEntry = request(a);
    expect(session.refuse(chair, { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [aEntry] })).toBe(
      'BAD_REQUEST',
    );
    session.run(a.actor, { type: 'queue:withdraw', entryId: aEntry });
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    expect(session.refuse(chair, { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [aEntry] })).toBe(
      'ENTRY_NOT_FOUND',
    );
    expect(session.refuse(chair, { type: 'queue:carryOver', fromTopicId: 't999', entryIds: [aEntry] })).toBe(
      'TOPIC_NOT_FOUND',
    );
    expect(session.refuse(a.actor, { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [aEntry] })).toBe(
      'FORBIDDEN',
    );
  });
});

describe('adding time and restarting the speech', () => {
  it('adding time gives the speaker that much more on the countdown, and is logged with the speech', () => {
    const { a, session, chair, request, give } = openMeeting();
    const aEntry = request(a);
    give();
    session.advance(170 * SEC);
    session.run(chair, { type: 'floor:addTime', speechId: aEntry, seconds: 60 });
    expect(countdown(session.topic.floor!, session.now, 30)).toMatchObject({ phase: 'running', remainingMs: 70 * SEC });
    session.run(chair, { type: 'floor:addTime', speechId: aEntry, seconds: 15 });
    expect(session.topic.floor).toMatchObject({ timeLimitSec: 180, addedMs: 75 * SEC });
  });

  it('two consoles granting more time from the same view grant it once: the later is refused, and a grant after a restart must have seen the restart', () => {
    const { a, session, chair, request, give } = openMeeting();
    const aEntry = request(a);
    give();
    session.advance(170 * SEC);
    session.run(chair, { type: 'floor:addTime', speechId: aEntry, seconds: 60, expectedAddedMs: 0 });
    expect(session.refuse(chair, { type: 'floor:addTime', speechId: aEntry, seconds: 60, expectedAddedMs: 0 })).toBe('SPEAKING_TIME_CHANGED');
    expect(session.topic.floor).toMatchObject({ addedMs: 60 * SEC });
    // One console pressing twice, each press built on the view the first left.
    session.run(chair, { type: 'floor:addTime', speechId: aEntry, seconds: 60, expectedAddedMs: 60 * SEC });
    expect(session.topic.floor).toMatchObject({ addedMs: 120 * SEC });
    // A restart changes the added time: a grant built before it is refused.
    session.advance(20 * SEC).run(chair, { type: 'floor:restart', speechId: aEntry });
    const restarted = session.topic.floor!.addedMs!;
    expect(restarted).toBe(190 * SEC);
    expect(session.refuse(chair, { type: 'floor:addTime', speechId: aEntry, seconds: 30, expectedAddedMs: 120 * SEC })).toBe('SPEAKING_TIME_CHANGED');
    expect(session.topic.floor!.addedMs).toBe(restarted);
    // A command without a view (the HTTP API of earlier clients) adds as before.
    session.run(chair, { type: 'floor:addTime', speechId: aEntry, seconds: 30 });
    expect(session.topic.floor!.addedMs).toBe(restarted + 30 * SEC);
  });

  it('two consoles restarting the countdown from the same view restart it once: the later is refused, and the seconds spoken since stay the speaker’s', () => {
    const { a, session, chair, request, give } = openMeeting();
    const aEntry = request(a);
    give();
    session.advance(50 * SEC).run(chair, { type: 'floor:restart', speechId: aEntry, expectedAddedMs: 0 });
    expect(session.topic.floor).toMatchObject({ addedMs: 50 * SEC });
    session.advance(3 * SEC);
    expect(session.refuse(chair, { type: 'floor:restart', speechId: aEntry, expectedAddedMs: 0 })).toBe('SPEAKING_TIME_CHANGED');
    expect(countdown(session.topic.floor!, session.now, 30)).toMatchObject({ phase: 'running', remainingMs: 177 * SEC });
    // Restarted again on the view the first restart left, it counts.
    session.run(chair, { type: 'floor:restart', speechId: aEntry, expectedAddedMs: 50 * SEC });
    expect(countdown(session.topic.floor!, session.now, 30)).toMatchObject({ phase: 'running', remainingMs: 180 * SEC });
  });

  it('restarting sets the countdown back to the full limit without changing the speaking time', () => {
    const { a, session, chair, request, give } = openMeeting();
    const aEntry = request(a);
    give();
    session.advance(40 * SEC).run(chair, { type: 'floor:pause', expectedSpeechId: aEntry });
    session.advance(20 * SEC).run(chair, { type: 'floor:resume', expectedSpeechId: aEntry });
    session.advance(5 * SEC).run(chair, { type: 'floor:restart', speechId: aEntry });
    const clock = countdown(session.topic.floor!, session.now, 30);
    expect(clock).toMatchObject({ remainingMs: 180 * SEC, elapsedMs: 45 * SEC });
    session.advance(10 * SEC);
    expect(countdown(session.topic.floor!, session.now, 30).remainingMs).toBe(170 * SEC);
  });

  it('time is added to the speech the console showed, and only to a speech with a limit', () => {
    const { a, b, session, chair, request, give } = openMeeting();
    const aEntry = request(a);
    request(b);
    give();
    give();
    expect(session.refuse(chair, { type: 'floor:addTime', speechId: aEntry, seconds: 60 })).toBe('FLOOR_CHANGED');
    expect(session.refuse(chair, { type: 'floor:restart', speechId: aEntry })).toBe('FLOOR_CHANGED');
    session.run(chair, { type: 'floor:end' });
    session.run(chair, { type: 'meeting:setSpeakingTime', seconds: null });
    const cEntry = session.run(chair, { type: 'queue:readdLast' })!;
    give();
    expect(session.refuse(chair, { type: 'floor:addTime', speechId: cEntry, seconds: 60 })).toBe('NO_TIME_LIMIT');
  });

  it('a new topic limit applies to the current speech only when the chair asks for it', () => {
    const { a, session, chair, topicIds, request, give } = openMeeting();
    const aEntry = request(a);
    give();
    session.run(chair, { type: 'topic:setSpeakingTime', topicId: topicIds[0]!, seconds: 120 });
    expect(session.topic.floor?.timeLimitSec).toBe(180);
    session.run(chair, { type: 'topic:setSpeakingTime', topicId: topicIds[0]!, seconds: 90, applyToSpeechId: aEntry });
    expect(session.topic.floor?.timeLimitSec).toBe(90);
    expect(session.topic.speakingTimeLimitSec).toBe(90);
    session.run(chair, { type: 'floor:end' });
    expect(
      session.refuse(chair, { type: 'topic:setSpeakingTime', topicId: topicIds[0]!, seconds: 60, applyToSpeechId: aEntry }),
    ).toBe('FLOOR_CHANGED');
    expect(session.topic.speakingTimeLimitSec).toBe(90);
  });

  it('a warning longer than the speaking time limit is refused', () => {
    const { session, chair, secretariat, topicIds } = openMeeting();
    // The fixture warns 30 seconds before the end.
    expect(session.refuse(chair, { type: 'meeting:setSpeakingTime', seconds: 20 })).toBe('WARNING_LONGER_THAN_LIMIT');
    expect(session.refuse(chair, { type: 'topic:setSpeakingTime', topicId: topicIds[0]!, seconds: 15 })).toBe(
      'WARNING_LONGER_THAN_LIMIT',
    );
    expect(session.refuse(secretariat, { type: 'meeting:update', details: { warningSec: 200 } })).toBe(
      'WARNING_LONGER_THAN_LIMIT',
    );
    session.run(chair, { type: 'meeting:setSpeakingTime', seconds: 30 });
    session.run(chair, { type: 'meeting:setSpeakingTime', seconds: null });
    session.run(secretariat, { type: 'meeting:update', details: { warningSec: 200 } });
  });
});

describe('the queue functions on their own (rules the mutation run showed untested)', () => {
  const entry = (id: string, participantId: string, kind: 'intervention' | 'reply' | 'point_of_order' = 'intervention') => ({
    id,
    participantId,
    kind,
    replyTo: kind === 'reply' ? 's9' : null,
    requestedAt: T0,
  });

  it("a participant's requests are theirs alone, in queue order", () => {
    const topic = emptyTopic({ queue: [entry('e1', 'p1'), entry('e2', 'p2'), entry('e3', 'p1', 'point_of_order')] });
    expect(queue.entriesOf(topic, 'p1').map((found) => found.id)).toEqual(['e1', 'e3']);
    expect(queue.entriesOf(topic, 'p3')).toEqual([]);
  });

  it('withdrawing a request that is not in the queue is refused', () => {
    const topic = emptyTopic({ queue: [entry('e1', 'p1')] });
    expect(queue.withdraw(topic, 'e7')).toMatchObject({ ok: false, error: { code: 'ENTRY_NOT_FOUND' } });
    expect(queue.withdraw(topic, 'e1')).toMatchObject({ ok: true, value: { queue: [] } });
  });

  it('closing a closed list (or opening an open one) changes nothing, down to the object', () => {
    const closed = emptyTopic({ listClosed: true });
    expect(queue.setListClosed(closed, true)).toBe(closed);
    const open = emptyTopic();
    expect(queue.setListClosed(open, false)).toBe(open);
    expect(queue.setListClosed(open, true)).toMatchObject({ listClosed: true });
  });

  it('carried over, a reply becomes an intervention; interventions and points of order keep their kind', () => {
    const from = emptyTopic({ id: 't2', queue: [entry('e1', 'p1', 'reply'), entry('e2', 'p2'), entry('e3', 'p3', 'point_of_order')] });
    const carried = queue.carryOver(from, emptyTopic(), ['e1', 'e2', 'e3']);
    if (!carried.ok) throw new Error(carried.error.code);
    const kinds = Object.fromEntries(carried.value.to.queue.map((found) => [found.id, [found.kind, found.replyTo]]));
    expect(kinds).toEqual({ e1: ['intervention', null], e2: ['intervention', null], e3: ['point_of_order', null] });
  });

  it('a command against a speech that is no longer on the floor names who has it, or nobody', () => {
    const speaking = emptyTopic({ floor: speech({ id: 's2', participantId: 'p7' }) });
    expect(queue.addTime(speaking, 's1', 60)).toMatchObject({ ok: false, error: { code: 'FLOOR_CHANGED', detail: 'p7' } });
    const nobody = emptyTopic();
    const refused = queue.addTime(nobody, 's1', 60);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FLOOR_CHANGED' } });
    expect(!refused.ok && refused.error.detail).toBe('');
  });

  it('a speech without a time limit cannot be given more time or restarted', () => {
    const unlimited = emptyTopic({ floor: speech({ id: 's1', timeLimitSec: null }) });
    expect(queue.addTime(unlimited, 's1', 60)).toMatchObject({ ok: false, error: { code: 'NO_TIME_LIMIT' } });
    expect(queue.restart(unlimited, 's1', T0 + MIN)).toMatchObject({ ok: false, error: { code: 'NO_TIME_LIMIT' } });
    expect(queue.restart(emptyTopic({ floor: speech({ id: 's1' }) }), 's1', T0 + MIN)).toMatchObject({
      ok: true,
      value: { floor: { addedMs: MIN } },
    });
  });
});
