import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SECRETARIAT, type Actor } from '../../shared/access/actor.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { execute, replay } from '../../shared/meeting/execute.js';
import {
  speechKinds,
  stakeholderGroups,
  type MeetingState,
  type MeetingStatus,
  type QueueEntry,
  type Speech,
  type SpeechKind,
  type Topic,
} from '../../shared/meeting/model.js';
import { currentTopic } from '../../shared/meeting/selectors.js';
import type { LogEntry } from '../../shared/protocol/socket.js';
import { enqueue, insertionIndex } from '../../shared/speaker-queue/queue.js';
import { elapsedMs } from '../../shared/speaker-queue/timing.js';
import {
  buildMeeting,
  deepFreeze,
  emptyTopic,
  speech,
  participantDetails,
  personalLinkActor,
  REGISTRANT,
  T0,
  type ParticipantSpec,
} from './fixtures.js';

const NUM_RUNS = 200;
const MAX_COMMANDS = 60;

const rank: Record<SpeechKind, number> = { point_of_order: 0, reply: 1, intervention: 2 };

// ---------------------------------------------------------------------------------------------
// Abstract operations, resolved against the state at the moment they run so that they hit
// real ids most of the time and stale or unknown ids some of the time.

type Presider = 'chair' | 'moderator';
const simpleCommands = [
  'queue:close',
  'queue:reopen',
  'queue:readdLast',
  'floor:end',
  'floor:pause',
  'floor:resume',
] as const;
type SimpleCommand = (typeof simpleCommands)[number];
type Op =
  | { op: 'request'; who: number; kind: SpeechKind }
  | { op: 'add'; by: Presider; who: number; kind: SpeechKind }
  | { op: 'withdraw'; by: Presider | number; pick: number; own: boolean }
  | { op: 'move'; by: Presider; pick: number; to: number }
  | { op: 'give'; by: Presider; pick: number | null }
  | { op: 'carryOver'; by: Presider; topic: number; pick: number }
  // `view`: the added time the console saw: none sent (the HTTP API), the time as it is, or an older one.
  | { op: 'addTime'; by: Presider; restart: boolean; seconds: number; view: 'none' | 'current' | 'stale' }
  | { op: 'simple'; by: Presider; type: SimpleCommand }
  | { op: 'select'; by: Presider | 'secretariat'; topic: number }
  | { op: 'transition'; by: Presider; to: MeetingStatus }
  | { op: 'speakingTime'; by: Presider; topic: number | null; seconds: number | null }
  | { op: 'update'; who: number; whose: number; attendance: 'room' | 'remote' }
  | { op: 'register'; group: number; attendance: 'room' | 'remote' };

const presider = fc.constantFrom<Presider>('chair', 'moderator');
const kind = fc.constantFrom(...speechKinds);
const person = fc.nat({ max: 7 }); // beyond the registered participants now and then
const pick = fc.nat({ max: 12 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('request' as const), who: person, kind }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('add' as const), by: presider, who: person, kind }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('withdraw' as const),
      by: fc.oneof(presider, person),
      pick,
      own: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), by: presider, pick, to: fc.nat({ max: 6 }) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('give' as const), by: presider, pick: fc.option(pick) }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('carryOver' as const), by: presider, topic: fc.nat({ max: 3 }), pick }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('addTime' as const),
      by: presider,
      restart: fc.boolean(),
      seconds: fc.integer({ min: 1, max: 600 }),
      view: fc.constantFrom('none' as const, 'current' as const, 'stale' as const),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('simple' as const),
      by: presider,
      type: fc.constantFrom(...simpleCommands),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('select' as const),
      by: fc.constantFrom<Presider | 'secretariat'>('chair', 'moderator', 'secretariat'),
      topic: fc.nat({ max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('transition' as const),
      by: presider,
      to: fc.constantFrom<MeetingStatus>('draft', 'scheduled', 'open', 'adjourned'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('speakingTime' as const),
      by: presider,
      topic: fc.option(fc.nat({ max: 3 })),
      seconds: fc.constantFrom(null, 10, 60, 180),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('update' as const),
      who: person,
      whose: person,
      attendance: fc.constantFrom<'room' | 'remote'>('room', 'remote'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('register' as const),
      group: fc.nat({ max: 5 }),
      attendance: fc.constantFrom<'room' | 'remote'>('room', 'remote'),
    }),
  },
);

/** Time steps: often simultaneous, sometimes long speeches. */
const stepArb = fc.record({
  op: opArb,
  dt: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 2001, max: 240_000 })),
});

const specs: ParticipantSpec[] = [
  { displayName: 'Amina Diallo', stakeholderGroup: 'government', attendance: 'room' },
  { displayName: 'Li Wei', stakeholderGroup: 'private_sector', attendance: 'remote' },
  { displayName: 'Olga Petrova', stakeholderGroup: 'civil_society', attendance: 'remote' },
  { displayName: 'Carlos Ruiz', stakeholderGroup: 'academic_technical', attendance: 'room' },
  { displayName: 'Kofi Mensah', stakeholderGroup: 'intergovernmental', attendance: 'remote' },
];


interface World {
  chair: Actor;
  moderator: Actor;
  topicIds: string[];
}

function allSpeeches(topic: Topic): Speech[] {
  return topic.floor ? [...topic.history, topic.floor] : topic.history;
}

function resolve(op: Op, state: MeetingState, world: World): { actor: Actor; command: MeetingCommand } {
  const presiding = (by: Presider) => world[by];
  const participants = state.participants;
  const participantAt = (index: number) => participants[index % participants.length]!;
  const participantActor = (index: number) => personalLinkActor(state, participantAt(index).id);
  const current = currentTopic(state);
  // Current topic's entries first, then other topics', then finished speeches, then unknown.
  const pool = [
    ...(current?.queue ?? []).map((entry) => entry.id),
    ...state.topics.filter((topic) => topic !== current).flatMap((topic) => topic.queue.map((entry) => entry.id)),
    ...state.topics.flatMap((topic) => allSpeeches(topic).map((speech) => speech.id)),
    'e99999',
  ];
  const entryAt = (index: number) => pool[index % pool.length]!;
  const topicAt = (index: number) => world.topicIds[index] ?? 't99999';
  switch (op.op) {
    case 'request':
      return { actor: participantActor(op.who), command: { type: 'queue:request', kind: op.kind } };
    case 'add': {
      const participantId = op.who < participants.length + 1 ? participantAt(op.who).id : 'p99999';
      return { actor: presiding(op.by), command: { type: 'queue:add', participantId, kind: op.kind } };
    }
    case 'withdraw': {
      if (typeof op.by === 'number') {
        const actor = participantActor(op.by);
        const mine = state.topics
          .flatMap((topic) => topic.queue)
          .find((entry) => entry.participantId === participantAt(op.by as number).id);
        const entryId = op.own && mine ? mine.id : entryAt(op.pick);
        return { actor, command: { type: 'queue:withdraw', entryId } };
      }
      return { actor: presiding(op.by), command: { type: 'queue:withdraw', entryId: entryAt(op.pick) } };
    }
    case 'move':
      return { actor: presiding(op.by), command: { type: 'queue:move', entryId: entryAt(op.pick), toIndex: op.to } };
    case 'give':
      return {
        actor: presiding(op.by),
        command: op.pick === null ? { type: 'floor:give' } : { type: 'floor:give', entryId: entryAt(op.pick) },
      };
    case 'carryOver': {
      const from = state.topics.find((topic) => topic.id === topicAt(op.topic));
      const waiting = from?.queue ?? [];
      // Everything waiting there, or one request, or one that is no longer there.
      const entryIds = op.pick % 3 === 0 ? waiting.map((entry) => entry.id) : [entryAt(op.pick)];
      return {
        actor: presiding(op.by),
        command: { type: 'queue:carryOver', fromTopicId: topicAt(op.topic), entryIds: entryIds.length > 0 ? entryIds : ['e99999'] },
      };
    }
    case 'addTime': {
      const speechId = current?.floor?.id ?? entryAt(op.seconds);
      const added = current?.floor?.addedMs ?? 0;
      const expectedAddedMs = op.view === 'none' ? undefined : op.view === 'current' ? added : added + 1000;
      return {
        actor: presiding(op.by),
        command: op.restart ? { type: 'floor:restart', speechId, expectedAddedMs } : { type: 'floor:addTime', speechId, seconds: op.seconds, expectedAddedMs },
      };
    }
    case 'simple':
      return { actor: presiding(op.by), command: { type: op.type } };
    case 'select':
      return {
        actor: op.by === 'secretariat' ? SECRETARIAT : presiding(op.by),
        command: { type: 'topic:select', topicId: topicAt(op.topic) },
      };
    case 'transition':
      return { actor: presiding(op.by), command: { type: 'meeting:transition', to: op.to } };
    case 'speakingTime':
      return {
        actor: presiding(op.by),
        command:
          op.topic === null
            ? { type: 'meeting:setSpeakingTime', seconds: op.seconds }
            : { type: 'topic:setSpeakingTime', topicId: topicAt(op.topic), seconds: op.seconds },
      };
    case 'update':
      return {
        actor: participantActor(op.who),
        command: {
          type: 'participant:update',
          participantId: participantAt(op.whose).id,
          details: { attendance: op.attendance },
        },
      };
    case 'register':
      return {
        actor: REGISTRANT,
        command: {
          type: 'participant:register',
          details: participantDetails({
            displayName: `Newcomer ${state.nextId}`,
            stakeholderGroup: stakeholderGroups[op.group]!,
            attendance: op.attendance,
          }),
        },
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Invariants.

function fail(message: string, detail?: unknown): never {
  throw new Error(detail === undefined ? message : `${message}: ${JSON.stringify(detail)}`);
}

function checkSpeech(speech: Speech, now: number, where: string): void {
  if (speech.startedAt > now) fail(`${where}: speech starts in the future`, speech);
  if (speech.requestedAt > speech.startedAt) fail(`${where}: speech started before it was requested`, speech);
  if (speech.endedAt !== null && (speech.endedAt < speech.startedAt || speech.endedAt > now)) {
    fail(`${where}: speech ends before it starts or in the future`, speech);
  }
  let previousEnd = speech.startedAt;
  speech.pauses.forEach((pause, index) => {
    const last = index === speech.pauses.length - 1;
    if (pause.startedAt < previousEnd) fail(`${where}: pause overlaps or precedes the speech`, speech);
    if (pause.endedAt === null) {
      if (!last || speech.endedAt !== null) fail(`${where}: open pause that is not the last of a running speech`, speech);
      if (pause.startedAt > now) fail(`${where}: pause in the future`, speech);
      return;
    }
    if (pause.endedAt < pause.startedAt) fail(`${where}: pause ends before it starts`, speech);
    if (pause.endedAt > (speech.endedAt ?? now)) fail(`${where}: pause outlasts the speech`, speech);
    previousEnd = pause.endedAt;
  });
}

function checkInvariants(state: MeetingState, previous: MeetingState, now: number): void {
  // At most one speech in progress in the whole meeting, and only on the current topic.
  const holding = state.topics.filter((topic) => topic.floor !== null);
  if (holding.length > 1) fail('more than one speech in progress', holding.map((topic) => topic.id));
  if (holding[0] && holding[0].id !== state.currentTopicId) fail('a speech in progress off the current topic');
  if (state.status !== 'open' && holding.length > 0) fail('a speech in progress while the meeting is not open');

  const ids: string[] = [
    ...state.topics.map((topic) => topic.id),
    ...state.participants.map((participant) => participant.id),
    ...state.links.map((link) => link.id),
  ];
  const participantIds = new Set(state.participants.map((participant) => participant.id));

  for (const topic of state.topics) {
    // One ordinary request (intervention or reply) and one point of order per person at most.
    const waiting = topic.queue.map((entry) => `${entry.participantId} ${entry.kind === 'point_of_order'}`);
    if (new Set(waiting).size !== waiting.length) fail(`participant twice in the queue of ${topic.id}`, waiting);
    const floor = topic.floor;
    if (floor && waiting.includes(`${floor.participantId} ${floor.kind === 'point_of_order'}`)) {
      fail(`the floor holder is waiting on ${topic.id} for the same kind of request`);
    }
    const speechIds = new Set(allSpeeches(topic).map((speech) => speech.id));
    for (const entry of topic.queue) {
      if (!participantIds.has(entry.participantId)) fail('unknown participant in the queue', entry);
      if (entry.requestedAt > now) fail('entry requested in the future', entry);
      if ((entry.kind === 'reply') !== (entry.replyTo !== null)) fail('replyTo set for a non-reply or missing', entry);
      if (entry.replyTo !== null && !speechIds.has(entry.replyTo)) fail('reply to a speech not on this topic', entry);
      ids.push(entry.id);
    }
    if (topic.floor) {
      if (topic.floor.endedAt !== null) fail('the floor holds an ended speech', topic.floor);
      checkSpeech(topic.floor, now, `${topic.id} floor`);
    }
    topic.history.forEach((speech, index) => {
      if (speech.endedAt === null) fail('unfinished speech in the history', speech);
      checkSpeech(speech, now, `${topic.id} history[${index}]`);
      const next = topic.history[index + 1] ?? topic.floor;
      if (next && next.startedAt < speech.endedAt) fail('speeches overlap or are out of order', [speech, next]);
    });
    for (const speech of allSpeeches(topic)) ids.push(speech.id);

    // Times never decrease: what happened stays as it was.
    const before = previous.topics.find((candidate) => candidate.id === topic.id);
    if (before) {
      if (!isDeepStrictEqual(topic.history.slice(0, before.history.length), before.history)) {
        fail(`history of ${topic.id} was rewritten`);
      }
      if (before.floor && topic.floor && topic.floor.id === before.floor.id) {
        if (topic.floor.startedAt !== before.floor.startedAt) fail('the speech in progress moved its start');
        const closed = before.floor.pauses.filter((pause) => pause.endedAt !== null);
        if (!isDeepStrictEqual(topic.floor.pauses.slice(0, closed.length), closed)) {
          fail('closed pauses were rewritten');
        }
      }
    }
  }
  if (new Set(ids).size !== ids.length) fail('duplicate ids', ids);
  if (state.nextId < previous.nextId) fail('nextId went back');
  for (const id of ids) {
    const serial = Number(id.slice(1));
    if (Number.isInteger(serial) && serial >= state.nextId) fail(`id ${id} not below nextId ${state.nextId}`);
  }
}

/** Topics whose queue was reordered by hand (move or re-add) since their last empty queue. */
function updateReordered(reordered: Set<string>, state: MeetingState, command: MeetingCommand): void {
  const current = state.currentTopicId;
  const byHand = command.type === 'queue:move' || command.type === 'queue:readdLast' || command.type === 'queue:carryOver';
  if (byHand && current) reordered.add(current);
  for (const topic of state.topics) if (topic.queue.length === 0) reordered.delete(topic.id);
}

function checkRankOrder(topic: Topic): void {
  for (let index = 1; index < topic.queue.length; index += 1) {
    const [before, after] = [topic.queue[index - 1]!, topic.queue[index]!];
    if (rank[before.kind] > rank[after.kind]) fail(`queue of ${topic.id} out of rank order`, topic.queue);
    if (rank[before.kind] === rank[after.kind] && before.requestedAt > after.requestedAt) {
      fail(`queue of ${topic.id} not first come, first served within a kind`, topic.queue);
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe('random command sequences', () => {
  it('keep every invariant, refuse without changing anything, and replay to the same state', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: MAX_COMMANDS, size: 'max' }), (steps) => {
        const built = buildMeeting({ participants: specs });
        const world: World = { chair: built.chair, moderator: built.moderator, topicIds: built.topicIds };
        const log: LogEntry[] = [...built.session.log];
        let state = deepFreeze(built.state);
        let now = built.session.now;
        const reordered = new Set<string>();
        const stats = { accepted: 0, refused: 0 };

        for (const { op, dt } of steps) {
          now += dt;
          const { actor, command } = resolve(op, state, world);
          const snapshot = structuredClone(state);
          const result = execute(state, command, { actor, now });
          const topic = currentTopic(state);

          // A closed list refuses participants' requests, whatever else is true, but for a point
          // of order, which may be raised at any time.
          if (
            command.type === 'queue:request' &&
            command.kind !== 'point_of_order' &&
            state.status === 'open' &&
            topic?.listClosed
          ) {
            expect(result.ok ? 'accepted' : result.error.code).toBe('LIST_CLOSED');
          }
          // Participants act only for themselves.
          const outcome = result.ok ? 'accepted' : result.error.code;
          if (actor.kind === 'link' && actor.role === 'participant') {
            if (command.type === 'queue:withdraw') {
              const owner = state.topics
                .flatMap((candidate) => candidate.queue)
                .find((entry) => entry.id === command.entryId)?.participantId;
              const speaker = state.topics.find((candidate) => candidate.floor?.id === command.entryId)?.floor?.participantId;
              const expected =
                state.status !== 'open'
                  ? 'MEETING_NOT_OPEN'
                  : owner === undefined
                    ? speaker === actor.participantId
                      ? 'REQUEST_GIVEN_FLOOR'
                      : 'ENTRY_NOT_FOUND'
                    : owner === actor.participantId
                      ? 'accepted'
                      : 'FORBIDDEN';
              expect(outcome).toBe(expected);
            }
            if (command.type === 'participant:update') {
              expect(outcome).toBe(command.participantId === actor.participantId ? 'accepted' : 'FORBIDDEN');
            }
          }
          // Time is granted, or the countdown restarted, only on top of the added time its console saw.
          if ((command.type === 'floor:addTime' || command.type === 'floor:restart') && command.expectedAddedMs !== undefined && result.ok) {
            const before = topic?.floor?.addedMs ?? 0;
            if (before !== command.expectedAddedMs) fail('speaking time changed on a view the console no longer had', { before, command });
            if (command.type === 'floor:addTime') expect(currentTopic(result.value.state)?.floor?.addedMs).toBe(before + command.seconds * 1000);
          }
          // The input is never changed, accepted or not.
          if (!isDeepStrictEqual(state, snapshot)) fail(`${command.type} changed its input state`);

          if (!result.ok) {
            stats.refused += 1;
            expect(result).not.toHaveProperty('value');
            continue;
          }
          stats.accepted += 1;
          const next = deepFreeze(result.value.state);
          checkInvariants(next, state, now);
          updateReordered(reordered, next, command);
          for (const candidate of next.topics) if (!reordered.has(candidate.id)) checkRankOrder(candidate);

          // Speaking time never runs backwards for the speech in progress.
          const floor = currentTopic(next)?.floor;
          const previousFloor = topic?.floor;
          if (floor && previousFloor && floor.id === previousFloor.id) {
            const [earlier, later] = [elapsedMs(previousFloor, now - dt), elapsedMs(floor, now)];
            if (later < earlier) fail('speaking time went backwards', { earlier, later, floor });
          }

          log.push({ seq: log.length + 1, at: now, actor, command });
          state = next;

          const rebuilt = replay(log);
          if (!isDeepStrictEqual(rebuilt, state)) {
            expect(rebuilt).toEqual(state);
          }
        }

        // With the list closed, every participant's request is refused with LIST_CLOSED.
        const last = currentTopic(state);
        if (state.status === 'open' && last?.listClosed) {
          for (const participant of state.participants) {
            const probe = execute(state, { type: 'queue:request', kind: 'intervention' }, {
              actor: personalLinkActor(state, participant.id),
              now,
            });
            expect(probe.ok ? 'accepted' : probe.error.code).toBe('LIST_CLOSED');
          }
        }
        return stats.accepted + stats.refused === steps.length;
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the generator reaches the interesting situations', () => {
    // Guards against a generator that only ever produces refusals.
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 30, maxLength: MAX_COMMANDS, size: 'max' }), (steps) => {
        const built = buildMeeting({ participants: specs });
        const world: World = { chair: built.chair, moderator: built.moderator, topicIds: built.topicIds };
        let state = built.state;
        let now = built.session.now;
        for (const { op, dt } of steps) {
          now += dt;
          const { actor, command } = resolve(op, state, world);
          const result = execute(state, command, { actor, now });
          seen.add(result.ok ? `ok ${command.type}` : result.error.code);
          if (result.ok) state = result.value.state;
        }
      }),
      { numRuns: 100, seed: 42 },
    );
    for (const outcome of [
      'ok queue:request',
      'ok queue:withdraw',
      'ok queue:move',
      'ok queue:readdLast',
      'ok floor:give',
      'ok floor:pause',
      'ok floor:resume',
      'ok floor:end',
      'ok queue:carryOver',
      'ok floor:addTime',
      'SPEAKING_TIME_CHANGED',
      'ok floor:restart',
      'ok topic:select',
      'ok meeting:transition',
      'LIST_CLOSED',
      'ALREADY_IN_QUEUE',
      'ALREADY_SPEAKING',
      'NOTHING_TO_REPLY_TO',
      'ENTRY_NOT_FOUND',
      'FORBIDDEN',
      'FLOOR_IN_USE',
      'MEETING_NOT_OPEN',
      'INVALID_TRANSITION',
      'TOPIC_NOT_FOUND',
      'PARTICIPANT_NOT_FOUND',
    ]) {
      expect(seen).toContain(outcome);
    }
  });
});

describe('timing properties', () => {
  /** A well-formed speech: pauses in order inside it, only the last one possibly open. */
  const speechArb = fc
    .record({
      startedAt: fc.integer({ min: T0, max: T0 + 1_000_000 }),
      gaps: fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 10 }),
      ended: fc.boolean(),
      tail: fc.integer({ min: 0, max: 100_000 }),
      limit: fc.option(fc.integer({ min: 10, max: 3600 })),
    })
    .map(({ startedAt, gaps, ended, tail, limit }): Speech => {
      let at = startedAt;
      const pauses: Speech['pauses'] = [];
      for (let index = 0; index + 1 < gaps.length; index += 2) {
        const pauseStart = at + gaps[index]!;
        at = pauseStart + gaps[index + 1]!;
        pauses.push({ startedAt: pauseStart, endedAt: at });
      }
      // An odd gap left over: a pause still open on a running speech.
      if (gaps.length % 2 === 1 && !ended) pauses.push({ startedAt: at + gaps.at(-1)!, endedAt: null });
      return {
        id: 'e1',
        participantId: 'p1',
        kind: 'intervention',
        replyTo: null,
        requestedAt: startedAt,
        startedAt,
        endedAt: ended ? at + tail : null,
        pauses,
        timeLimitSec: limit,
        attendance: 'room',
      };
    });

  it('elapsedMs is monotone non-decreasing in now and never negative', () => {
    fc.assert(
      fc.property(
        speechArb,
        fc.integer({ min: 0, max: T0 + 3_000_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (speech, earlier, step) => {
          const later = earlier + step;
          const [a, b] = [elapsedMs(speech, earlier), elapsedMs(speech, later)];
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeGreaterThanOrEqual(a);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('after the last event, elapsedMs is the wall time minus the pauses', () => {
    fc.assert(
      fc.property(speechArb, fc.integer({ min: 0, max: 1_000_000 }), (speech, extra) => {
        const lastEvent = Math.max(
          speech.startedAt,
          speech.endedAt ?? 0,
          ...speech.pauses.flatMap((pause) => [pause.startedAt, pause.endedAt ?? 0]),
        );
        const now = lastEvent + extra;
        const open = speech.pauses.at(-1)?.endedAt === null ? speech.pauses.at(-1)! : null;
        const closedPauses = speech.pauses
          .filter((pause) => pause.endedAt !== null)
          .reduce((sum, pause) => sum + pause.endedAt! - pause.startedAt, 0);
        const end = speech.endedAt ?? open?.startedAt ?? now;
        expect(elapsedMs(speech, now)).toBe(end - speech.startedAt - closedPauses);
      }),
      { numRuns: 300 },
    );
  });
});

describe('insertion order', () => {
  it('insertionIndex keeps points of order before replies before interventions, first come first served', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...speechKinds), { maxLength: 40 }), (kinds) => {
        let topic: Topic = emptyTopic({ floor: speech({ id: 'e0', participantId: 'p0' }) });
        kinds.forEach((kind, index) => {
          const expectedIndex = insertionIndex(topic.queue, kind);
          const result = enqueue(
            topic,
            { participantId: `p${index + 1}`, kind, byChair: false },
            { now: T0 + index, newId: `e${index + 1}` },
          );
          if (!result.ok) throw new Error(result.error.code);
          expect(result.value.queue[expectedIndex]?.id).toBe(`e${index + 1}`);
          topic = result.value;
        });
        checkRankOrder(topic);
        // Exactly a stable sort of the requests by rank.
        const expected = kinds
          .map((kind, index) => ({ kind, id: `e${index + 1}` }))
          .sort((x, y) => rank[x.kind] - rank[y.kind])
          .map((entry) => entry.id);
        expect(topic.queue.map((entry: QueueEntry) => entry.id)).toEqual(expected);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
