import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch, diff } from '../../shared/protocol/patch.js';
import { project, projectionOfRole } from '../../shared/protocol/projection.js';
import type { MeetingState, QueueEntry } from '../../shared/meeting/model.js';
import { buildMeeting, deepFreeze, MIN, type ParticipantSpec } from './fixtures.js';

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('patches', () => {
  it('applying the diff of two documents to the first gives the second, and leaves the first untouched', () => {
    fc.assert(
      fc.property(json, json, (before, after) => {
        const frozen = deepFreeze(structuredClone(before));
        const patch = JSON.parse(JSON.stringify(diff(frozen, after)));
        expect(applyPatch(frozen, patch)).toEqual(after);
        expect(frozen).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('parts the diff did not touch are shared, not copied', () => {
    const before = { a: { deep: [1, 2, 3] }, b: { n: 1 } };
    const after = applyPatch(before, diff(before, { ...before, b: { n: 2 } }));
    expect(after.a).toBe(before.a);
    expect(after.b).toEqual({ n: 2 });
  });

  it('a patch that does not fit the document is refused (the copy differs from the server)', () => {
    expect(() => applyPatch({ a: 1 }, [{ p: ['missing', 'deeper'], v: 1 }])).toThrow();
    expect(() => applyPatch({ list: [] }, [{ p: ['list', 3], v: 1 }])).toThrow();
    expect(() => applyPatch({ a: null }, [{ p: ['a', 'b'], v: 1 }])).toThrow();
    expect(() => applyPatch({ a: { b: 1 } }, [{ p: ['a'], len: 0 }])).toThrow();
    expect(() => applyPatch({ list: [1] }, [{ p: ['list', 'x'], v: 1 }])).toThrow();
    expect(() => applyPatch({ list: [1, 2] }, [{ p: ['list', 0] }])).toThrow();
  });

  it('removing a key removes it: no key is left behind holding undefined', () => {
    const after = applyPatch({ a: 1, b: { c: 2, d: 3 } }, [{ p: ['a'] }, { p: ['b', 'c'] }]);
    expect(Object.keys(after)).toEqual(['b']);
    expect(Object.keys(after.b)).toEqual(['d']);
  });
});

/** An open meeting with `count` registered participants, two of them in the queue and one speaking. */
function meetingWith(count: number) {
  const participants: ParticipantSpec[] = Array.from({ length: count }, (_, index) => ({
    displayName: `Delegate number ${index} of a long delegation name`,
    stakeholderGroup: 'government',
    attendance: index % 2 ? 'remote' : 'room',
    affiliation: `Ministry of Information and Communication Technologies ${index}`,
    country: 'Republic of Somewhere',
  }));
  const built = buildMeeting({ participants, extraRoles: ['captioner', 'screen', 'viewer'] });
  const { session, chair } = built;
  const [speaker, waiting, spoke] = built.participants;
  session.advance(MIN).run(chair, { type: 'queue:add', participantId: spoke!.id, kind: 'intervention' });
  session.advance(MIN).run(chair, { type: 'floor:give' });
  session.advance(MIN).run(chair, { type: 'floor:end' });
  session.advance(MIN).run(chair, { type: 'queue:add', participantId: speaker!.id, kind: 'intervention' });
  session.advance(MIN).run(chair, { type: 'queue:add', participantId: waiting!.id, kind: 'intervention' });
  session.advance(MIN).run(chair, { type: 'floor:give' });
  return { state: session.meeting, speaker: speaker!, waiting: waiting!, spoke: spoke!, all: built.participants };
}

describe('what each role is shown of the meeting', () => {
  const { state, speaker, waiting, spoke, all } = meetingWith(1000);
  const bystander = all[500]!;
  // Projected inside each test, of a copy of the state (projections are cached per state
  // object): a projection made here, outside any test, would escape mutation testing's
  // per-test coverage.
  const views = () => {
    const copy = { ...state };
    return {
      publicView: project(copy, projectionOfRole.viewer),
      participantView: project(copy, projectionOfRole.participant),
      staffView: project(copy, projectionOfRole.chair),
      copy,
    };
  };

  it('a viewer or screen snapshot stays under 8 KB with 1,000 registered participants', () => {
    const { publicView, copy } = views();
    expect(project(copy, projectionOfRole.screen)).toBe(publicView);
    expect(JSON.stringify(state).length).toBeGreaterThan(400_000);
    expect(JSON.stringify(publicView).length).toBeLessThan(8 * 1024);
  });

  it('viewers see the people on the speakers list, with affiliation and country, and nobody else', () => {
    const { publicView } = views();
    const shown = new Map(publicView.participants.map((participant) => [participant.id, participant]));
    expect([...shown.keys()].sort()).toEqual([speaker.id, waiting.id, spoke.id].sort());
    expect(shown.get(speaker.id)!.affiliation).not.toBe('');
    expect(shown.get(waiting.id)!.country).toBe('Republic of Somewhere');
  });

  it('participants see the people on the speakers list as viewers do, nobody else, and every speech: their snapshot does not grow with the registrations', () => {
    const { participantView, publicView } = views();
    expect(participantView.participants).toEqual(publicView.participants);
    expect(participantView.participants.find((participant) => participant.id === bystander.id)).toBeUndefined();
    expect(participantView.participants.find((participant) => participant.id === speaker.id)!.affiliation).not.toBe('');
    expect(participantView.topics).toBe(state.topics);
    expect(JSON.stringify(participantView).length).toBeLessThan(8 * 1024);
  });

  it('nobody but the secretariat sees the links; the staff see the captioner and interpreter seats and the room AV computers, listeners the booths unnamed', () => {
    const { publicView, participantView, staffView } = views();
    expect(publicView.links).toEqual([]);
    expect(participantView.links).toEqual([]);
    expect(staffView.links.map((link) => link.role)).toEqual(['captioner']);
    expect(staffView.participants).toBe(state.participants);
    const seat = state.links.find((link) => link.role === 'captioner')!;
    const withBooth: MeetingState = {
      ...state,
      links: [...state.links, { ...seat, id: 'booth-fr', role: 'interpreter', booth: 'fr' }, { ...seat, id: 'room-av', role: 'venue' }],
    };
    expect(project(withBooth, 'staff').links.map((link) => [link.role, link.booth ?? null])).toEqual([
      ['captioner', null],
      ['interpreter', 'fr'],
      ['venue', null],
    ]);
    // Listeners see the booths they may choose, not who interprets.
    for (const kind of ['participant', 'public'] as const) {
      expect(project(withBooth, kind).links.map((link) => [link.role, link.booth, link.label])).toEqual([['interpreter', 'fr', '']]);
    }
  });

  it('the projection of a state is made once (a reload storm projects it once)', () => {
    const { publicView, copy } = views();
    expect(project(copy, 'public')).toBe(publicView);
  });

  it('a queue change becomes a small patch for viewers, and an empty one when they may not see the change', () => {
    const { publicView } = views();
    const next: MeetingState = { ...state, links: [...state.links, { ...state.links[0]!, id: 'other', label: 'new' }] };
    expect(diff(publicView, project(next, 'public'))).toEqual([]);
    const topic = state.topics.find((candidate) => candidate.id === state.currentTopicId)!;
    const withdrawn: MeetingState = {
      ...state,
      topics: state.topics.map((candidate) => (candidate === topic ? { ...topic, queue: [] } : candidate)),
    };
    const patch = diff(publicView, project(withdrawn, 'public'));
    expect(JSON.stringify(patch).length).toBeLessThan(600);
    expect(applyPatch(publicView, patch)).toEqual(project(withdrawn, 'public'));
  });
});

describe('a viewer projection and the speeches made', () => {
  /** Two delegates taking the floor in turn, `speeches` times, then one asking to reply to the first speech. */
  function afterSpeeches(speeches: number) {
    const built = buildMeeting({ participants: ['Amina', 'Bruno', 'Chen'].map((displayName) => ({ displayName, stakeholderGroup: 'government', attendance: 'room' })), extraRoles: ['viewer'] });
    const { session, chair } = built;
    const [amina, bruno] = built.participants;
    for (let index = 0; index < speeches; index += 1) {
      session.advance(MIN).run(chair, { type: 'queue:add', participantId: (index % 2 ? bruno : amina)!.id, kind: 'intervention' });
      session.advance(MIN).run(chair, { type: 'floor:give' });
      session.advance(MIN).run(chair, { type: 'floor:end' });
    }
    return { state: session.meeting, built };
  }

  it('does not grow with the speeches made: 20 speeches weigh what 3 do', () => {
    const three = JSON.stringify(project(afterSpeeches(3).state, projectionOfRole.viewer)).length;
    const twenty = project(afterSpeeches(20).state, projectionOfRole.viewer);
    // Only the speeches' ids and times are longer numbers.
    expect(JSON.stringify(twenty).length - three).toBeLessThan(64);
    for (const topic of twenty.topics) expect(topic.history.length).toBeLessThanOrEqual(3);
  });

  it('keeps the last speeches, any speech a waiting reply answers, and the names of everyone who spoke', () => {
    const { state, built } = afterSpeeches(6);
    const topic = state.topics.find((candidate) => candidate.id === state.currentTopicId)!;
    const first = topic.history[0]!;
    // A reply asked during the first speech, still waiting (the chair kept it on the list).
    const reply: QueueEntry = { id: 'q-reply', participantId: built.participants[2]!.id, kind: 'reply', requestedAt: first.startedAt, replyTo: first.id };
    const answering: MeetingState = {
      ...state,
      topics: state.topics.map((candidate) => (candidate === topic ? { ...topic, queue: [reply] } : candidate)),
    };
    const shown = project(answering, projectionOfRole.viewer).topics.find((candidate) => candidate.id === topic.id)!;
    expect(shown.history.map((speech) => speech.id)).toEqual([first.id, ...topic.history.slice(-3).map((speech) => speech.id)]);
    const names = project(state, projectionOfRole.viewer).participants.map((participant) => participant.displayName);
    expect(names.sort()).toEqual(['Amina', 'Bruno']);
  });

  it('keeps the speech a reply on the floor answers, however long ago it was made', () => {
    const { state, built } = afterSpeeches(6);
    const topic = state.topics.find((candidate) => candidate.id === state.currentTopicId)!;
    const first = topic.history[0]!;
    const last = topic.history.at(-1)!;
    const replying: MeetingState = {
      ...state,
      topics: state.topics.map((candidate) =>
        candidate === topic
          ? { ...topic, floor: { ...last, id: 's-reply', participantId: built.participants[2]!.id, kind: 'reply', replyTo: first.id, endedAt: null } }
          : candidate,
      ),
    };
    const shown = project(replying, projectionOfRole.viewer).topics.find((candidate) => candidate.id === topic.id)!;
    expect(shown.history.map((speech) => speech.id)).toEqual([first.id, ...topic.history.slice(-3).map((speech) => speech.id)]);
  });
});

describe('people off the speakers list', () => {
  it('who never spoke are not shown to participants at all, whichever of affiliation and country they gave', () => {
    const { state } = buildMeeting({
      participants: [
        { displayName: 'Only a country', stakeholderGroup: 'government', attendance: 'room', country: 'Kenya' },
        { displayName: 'Only an affiliation', stakeholderGroup: 'civil_society', attendance: 'remote', affiliation: 'Open Rights Group' },
      ],
    });
    expect(state.participants).toHaveLength(2);
    expect(project(state, 'participant').participants).toEqual([]);
  });
});

describe('the speakers list as projections count it', () => {
  it('a delegate who spoke before the last three speeches, and waits for nothing, is off the list: participants no longer see their origin', () => {
    const origin = { stakeholderGroup: 'government', attendance: 'room', affiliation: 'Ministry', country: 'Kenya' } as const;
    const built = buildMeeting({ participants: ['Amina', 'Bruno', 'Chen', 'Dara'].map((displayName) => ({ displayName, ...origin })) });
    const { session, chair } = built;
    // Amina speaks first, then Bruno, Chen and Dara: the last three speeches are not hers.
    for (const speaker of built.participants) {
      session.advance(MIN).run(chair, { type: 'queue:add', participantId: speaker.id, kind: 'intervention' });
      session.advance(MIN).run(chair, { type: 'floor:give' });
      session.advance(MIN).run(chair, { type: 'floor:end' });
    }
    const shown = project(session.meeting, 'participant').participants.map((person) => [person.displayName, person.affiliation]);
    expect(shown).toEqual([
      ['Amina', ''],
      ['Bruno', 'Ministry'],
      ['Chen', 'Ministry'],
      ['Dara', 'Ministry'],
    ]);
  });
});

describe('people off the speakers list who gave only part of their origin', () => {
  it('have it withheld from participants, whichever part they gave; one who gave none is shown as registered', () => {
    const built = buildMeeting({
      participants: [
        { displayName: 'Only an affiliation', stakeholderGroup: 'civil_society', attendance: 'remote', affiliation: 'Open Rights Group' },
        { displayName: 'Only a country', stakeholderGroup: 'government', attendance: 'room', country: 'Kenya' },
        { displayName: 'Neither', stakeholderGroup: 'academic_technical', attendance: 'room' },
        ...['Bruno', 'Chen', 'Dara'].map((displayName) => ({ displayName, stakeholderGroup: 'government' as const, attendance: 'room' as const })),
      ],
    });
    const { session, chair } = built;
    // Each speaks once, in order: the first three are then off the list (the last three speeches are others').
    for (const speaker of built.participants) {
      session.advance(MIN).run(chair, { type: 'queue:add', participantId: speaker.id, kind: 'intervention' });
      session.advance(MIN).run(chair, { type: 'floor:give' });
      session.advance(MIN).run(chair, { type: 'floor:end' });
    }
    const shown = project(session.meeting, 'participant').participants.slice(0, 3);
    expect(shown.map((person) => [person.displayName, person.affiliation, person.country])).toEqual([
      ['Only an affiliation', '', ''],
      ['Only a country', '', ''],
      ['Neither', '', ''],
    ]);
    // Nothing to withhold: the registration itself, not a copy of it.
    expect(shown[2]).toBe(session.meeting.participants[2]);
  });
});

describe('a topic with nothing to withhold', () => {
  it('is the meeting’s own topic object in every projection: three speeches and no statement, or statements all read out for delegates', () => {
    const built = buildMeeting({
      participants: ['Amina', 'Bruno', 'Chen'].map((displayName) => ({ displayName, stakeholderGroup: 'government', attendance: 'room' })),
    });
    const { session, chair } = built;
    // As many speeches as screens keep: nothing to trim.
    for (const speaker of built.participants) {
      session.advance(MIN).run(chair, { type: 'queue:add', participantId: speaker.id, kind: 'intervention' });
      session.advance(MIN).run(chair, { type: 'floor:give' });
      session.advance(MIN).run(chair, { type: 'floor:end' });
    }
    const topicOf = (state: MeetingState) => state.topics.find((topic) => topic.id === state.currentTopicId)!;
    for (const kind of ['participant', 'public'] as const) expect(topicOf(project(session.meeting, kind))).toBe(topicOf(session.meeting));
    // Amina's statement, read out with her next speech: delegates have nothing of it to withhold.
    const request = session.advance(MIN).run(built.participants[0]!.actor, { type: 'queue:request', kind: 'intervention' })!;
    session.run(built.participants[0]!.actor, { type: 'statement:submit', requestId: request, text: 'Read out.' });
    session.advance(MIN).run(chair, { type: 'floor:give' });
    expect(topicOf(project(session.meeting, 'participant'))).toBe(topicOf(session.meeting));
    expect(topicOf(project(session.meeting, 'public')).statements).toEqual([expect.objectContaining({ requestId: request, text: '' })]);
  });
});

describe('projections of successive states', () => {
  it('an unchanged participant, topic or booth seat projects to the same object in the next state, so the diff skips it', () => {
    const built = buildMeeting({
      participants: ['Amina', 'Bruno', 'Chen', 'Dara'].map((displayName) => ({ displayName, stakeholderGroup: 'government', attendance: 'room', affiliation: 'Ministry' })),
      extraRoles: ['captioner'],
    });
    const { session, chair } = built;
    // Dara spoke first, long ago: off the list, her origin withheld from participants.
    session.advance(MIN).run(chair, { type: 'queue:add', participantId: built.participants[3]!.id, kind: 'intervention' });
    session.advance(MIN).run(chair, { type: 'floor:give' });
    session.advance(MIN).run(chair, { type: 'floor:end' });
    for (let index = 0; index < 5; index += 1) {
      session.advance(MIN).run(chair, { type: 'queue:add', participantId: built.participants[index % 2]!.id, kind: 'intervention' });
      session.advance(MIN).run(chair, { type: 'floor:give' });
      session.advance(MIN).run(chair, { type: 'floor:end' });
    }
    // A statement read out and one waiting: delegates get one text, screens none.
    const chen = built.participants[2]!;
    const spoken = session.advance(MIN).run(chen.actor, { type: 'queue:request', kind: 'intervention' })!;
    session.run(chen.actor, { type: 'statement:submit', requestId: spoken, text: 'Read out.' });
    session.advance(MIN).run(chair, { type: 'floor:give' });
    const waiting = session.advance(MIN).run(built.participants[0]!.actor, { type: 'queue:request', kind: 'intervention' })!;
    session.run(built.participants[0]!.actor, { type: 'statement:submit', requestId: waiting, text: 'Not yet.' });
    const seat = session.meeting.links.find((link) => link.role === 'captioner')!;
    const before: MeetingState = { ...session.meeting, links: [...session.meeting.links, { ...seat, id: 'booth-fr', role: 'interpreter', booth: 'fr', label: 'Marie' }] };
    // The next state changes something else (a new link), sharing every participant, topic and seat.
    const after: MeetingState = { ...before, links: [...before.links, { ...seat, id: 'other', label: 'new' }] };
    for (const kind of ['participant', 'public'] as const) {
      const [a, b] = [project(before, kind), project(after, kind)];
      expect(b.participants).toHaveLength(a.participants.length);
      b.participants.forEach((participant, index) => expect(participant).toBe(a.participants[index]));
      b.topics.forEach((topic, index) => expect(topic).toBe(a.topics[index]));
      expect(b.links[0]).toBe(a.links[0]);
      expect(diff(a, b)).toEqual([]);
    }
  });
});

describe('the record’s corrections', () => {
  it('are shown to the staff only', () => {
    const { state } = buildMeeting({ participants: [{ displayName: 'Amina', stakeholderGroup: 'government', attendance: 'room' }] });
    const corrected: MeetingState = { ...state, corrections: [{ id: 'c1', at: 0, edit: { kind: 'removeSpeech', speechId: 's1' } }] };
    expect(project(corrected, 'staff').corrections).toEqual(corrected.corrections);
    expect(project(corrected, 'participant').corrections).toEqual([]);
    expect(project(corrected, 'public').corrections).toEqual([]);
  });
});
