import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECRETARIAT, type Actor } from '../../shared/access/actor.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { execute } from '../../shared/meeting/execute.js';
import { defaultCaptionDisplay, type MeetingState } from '../../shared/meeting/model.js';
import { diff, sameJson } from '../../shared/protocol/patch.js';
import { buildMeeting, MIN, type BuiltMeeting } from './fixtures.js';

/**
 * A command that asks for what already is must not cost the log anything: the probe of issue
 * 12 saw 50 sockets on one link append and broadcast 5,096 `participant:update` entries that
 * changed nothing. The transition says so (`unchanged`), and the room then neither logs nor
 * broadcasts it.
 */

type Built = BuiltMeeting & { extra: Actor[] };

function meeting(): Built {
  return buildMeeting({ extraRoles: ['interpreter', 'captioner', 'screen'] });
}

const linkIdOf = (actor: Actor) => (actor.kind === 'link' ? actor.linkId : '');

/** Commands that may be sent twice, and who sends them, on the meeting `meeting()` builds. */
const repeatable: Array<[string, (built: Built) => { actor: Actor; command: MeetingCommand }]> = [
  ['participant:update of one\'s own name, the same', ({ participants: [amina] }) => ({
    actor: amina!.actor,
    command: { type: 'participant:update', participantId: amina!.id, details: { displayName: 'Amina Diallo' } },
  })],
  ['participant:update by the chair, the same attendance', ({ chair, participants: [, li] }) => ({
    actor: chair,
    command: { type: 'participant:update', participantId: li!.id, details: { attendance: 'remote', country: 'China' } },
  })],
  ['participant:review with the decision already taken', ({ participants: [amina] }) => ({
    actor: SECRETARIAT,
    command: { type: 'participant:review', participantId: amina!.id, decision: 'approved' },
  })],
  ['meeting:update with the same title', ({ state }) => ({ actor: SECRETARIAT, command: { type: 'meeting:update', details: { title: state.title } } })],
  ['meeting:transition to the status it has', ({ chair }) => ({ actor: chair, command: { type: 'meeting:transition', to: 'open' } })],
  ['meeting:setSpeakingTime to the same limit', ({ chair }) => ({ actor: chair, command: { type: 'meeting:setSpeakingTime', seconds: 120 } })],
  ['meeting:setCaptionDisplay to the same display', ({ chair }) => ({
    actor: chair,
    command: { type: 'meeting:setCaptionDisplay', display: { ...defaultCaptionDisplay, lines: 6 } },
  })],
  ['topic:update with the same title', ({ state, topicIds }) => ({
    actor: SECRETARIAT,
    command: { type: 'topic:update', topicId: topicIds[1]!, details: { title: state.topics[1]!.title } },
  })],
  ['topic:move to where it is', ({ topicIds }) => ({ actor: SECRETARIAT, command: { type: 'topic:move', topicId: topicIds[2]!, toIndex: 2 } })],
  ['topic:select of the current topic', ({ chair, topicIds }) => ({ actor: chair, command: { type: 'topic:select', topicId: topicIds[0]! } })],
  ['topic:setSpeakingTime to the same limit', ({ chair, topicIds }) => ({
    actor: chair,
    command: { type: 'topic:setSpeakingTime', topicId: topicIds[1]!, seconds: 90 },
  })],
  ['queue:close of a closed list', ({ chair }) => ({ actor: chair, command: { type: 'queue:close' } })],
  ['queue:reopen of an open list', ({ moderator }) => ({ actor: moderator, command: { type: 'queue:reopen' } })],
  ['link:revoke of a revoked link', ({ extra: [, , screen] }) => ({ actor: SECRETARIAT, command: { type: 'link:revoke', linkId: linkIdOf(screen!) } })],
  ['link:setLead as it is', ({ extra: [, captioner] }) => ({ actor: SECRETARIAT, command: { type: 'link:setLead', linkId: linkIdOf(captioner!), lead: true } })],
  ['booth:take of the booth one holds', ({ extra: [interpreter] }) => ({ actor: interpreter!, command: { type: 'booth:take', language: 'fr' } })],
  ['booth:release of a booth nobody holds', ({ chair }) => ({ actor: chair, command: { type: 'booth:release', language: 'ar' } })],
];

describe('a command that changes nothing is reported unchanged', () => {
  it.each(repeatable)('%s', (_name, make) => {
    const built = meeting();
    const { actor, command } = make(built);
    const first = execute(built.session.meeting, command, { actor, now: built.session.now });
    if (!first.ok) throw new Error(`${command.type} refused: ${first.error.code}`);
    const second = execute(first.value.state, command, { actor, now: built.session.now + MIN });
    expect(second).toMatchObject({ ok: true, value: { unchanged: true, createdId: null } });
    expect(second.ok && second.value.state).toEqual(first.value.state);
  });

  it('the same command with a different value changes the meeting and is reported changed', () => {
    const { session, participants: [amina] } = meeting();
    const result = execute(
      session.meeting,
      { type: 'participant:update', participantId: amina!.id, details: { displayName: 'Amina D.' } },
      { actor: amina!.actor, now: session.now },
    );
    expect(result).toMatchObject({ ok: true, value: { unchanged: false } });
  });

  it('creating something is never unchanged', () => {
    const { session, chair, participants: [amina] } = meeting();
    const result = execute(session.meeting, { type: 'queue:add', participantId: amina!.id, kind: 'intervention' }, { actor: chair, now: session.now });
    expect(result).toMatchObject({ ok: true, value: { unchanged: false, createdId: expect.any(String) } });
  });
});

describe('leaving unchanged commands out of the log loses nothing', () => {
  /** Commands people send, often twice or at once from two consoles, on `meeting()`. */
  const commandArb = (built: Built): fc.Arbitrary<{ actor: Actor; command: MeetingCommand }> => {
    const { chair, moderator, participants, topicIds, extra: [interpreter] } = built;
    const person = fc.constantFrom(...participants);
    return fc.oneof(
      fc.record({ who: person, name: fc.constantFrom('A', 'B'), attendance: fc.constantFrom('room' as const, 'remote' as const) }).map(({ who, name, attendance }) => ({
        actor: who.actor,
        command: { type: 'participant:update' as const, participantId: who.id, details: { displayName: name, attendance } },
      })),
      person.map((who) => ({ actor: who.actor, command: { type: 'queue:request' as const, kind: 'intervention' as const } })),
      fc.constantFrom<MeetingCommand>(
        { type: 'queue:close' },
        { type: 'queue:reopen' },
        { type: 'floor:give' },
        { type: 'floor:end' },
        { type: 'meeting:setSpeakingTime', seconds: 60 },
        { type: 'meeting:setSpeakingTime', seconds: 120 },
        { type: 'booth:release', language: 'fr' },
        ...topicIds.map((topicId): MeetingCommand => ({ type: 'topic:select', topicId })),
      ).chain((command) => fc.constantFrom(chair, moderator).map((actor) => ({ actor, command }))),
      fc.constant({ actor: interpreter!, command: { type: 'booth:take' as const, language: 'fr' as const } }),
    );
  };

  it('a meeting that skips the unchanged commands ends as one that applied them all, and each is equal to the state it found', () => {
    const built = meeting();
    fc.assert(
      fc.property(fc.array(commandArb(built), { maxLength: 40 }), (steps) => {
        let logged: MeetingState = built.session.meeting;
        let everything: MeetingState = built.session.meeting;
        let now = built.session.now;
        for (const { actor, command } of steps) {
          now += MIN;
          const all = execute(everything, command, { actor, now });
          if (all.ok) everything = all.value.state;
          const result = execute(logged, command, { actor, now });
          expect(result.ok).toBe(all.ok);
          if (!result.ok) continue;
          if (result.value.unchanged) expect(result.value.state).toEqual(logged);
          else logged = result.value.state;
        }
        expect(logged).toEqual(everything);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the unchanged test', () => {
  it('says two documents are the same exactly when their patch is empty', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(json, json, fc.boolean(), (a, b, copy) => {
        const after = copy ? structuredClone(a) : b;
        expect(sameJson(a, after)).toBe(diff(a, after).length === 0);
      }),
      { numRuns: 1000 },
    );
  });
});
