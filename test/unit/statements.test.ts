import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { project, projectionOfRole } from '../../shared/protocol/projection.js';
import { changedStatementAuthors, ownSetAside, ownStatements } from '../../shared/speaker-queue/statements.js';
import { buildMeeting, MIN, SEC, type Person } from './fixtures.js';

/** Li Wei (remote) waits to speak on the first topic; Amina Diallo (room) waits behind her. */
function waiting() {
  const built = buildMeeting();
  const [amina, li] = built.participants as [Person, Person];
  const { session } = built;
  const liEntry = session.advance(SEC).run(li.actor, { type: 'queue:request', kind: 'intervention' })!;
  const aminaEntry = session.advance(SEC).run(amina.actor, { type: 'queue:request', kind: 'intervention' })!;
  return { ...built, amina, li, liEntry, aminaEntry };
}

const TEXT = 'The Government of China supports multilingual domain names.';

describe('written statements', () => {
  it('a participant sends one for their own waiting request, and it stays with the speech when the floor is given', () => {
    const { session, chair, li, liEntry } = waiting();
    session.advance(SEC).run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    const sentAt = session.now;
    expect(session.topic.statements).toEqual([{ requestId: liEntry, participantId: li.id, text: TEXT, submittedAt: sentAt, enteredByChair: false }]);
    session.advance(MIN).run(chair, { type: 'floor:give', entryId: liEntry });
    session.advance(MIN).run(chair, { type: 'floor:end' });
    expect(session.topic.history.at(-1)!.id).toBe(liEntry);
    expect(session.topic.statements.map((statement) => statement.requestId)).toEqual([liEntry]);
  });

  it('sending again replaces the text and its time; the same text again changes nothing', () => {
    const { session, li, liEntry } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: 'First draft' });
    session.advance(SEC).run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    expect(session.topic.statements).toEqual([{ requestId: liEntry, participantId: li.id, text: TEXT, submittedAt: session.now, enteredByChair: false }]);
    const result = session.advance(SEC).try(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    expect(result.ok && result.value.unchanged).toBe(true);
  });

  it('correcting one statement leaves the others on the topic as they were', () => {
    const { session, amina, li, liEntry, aminaEntry } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: 'First draft' });
    session.run(amina.actor, { type: 'statement:submit', requestId: aminaEntry, text: 'Amina’s statement' });
    const aminas = session.topic.statements[1];
    session.advance(SEC).run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    expect(session.topic.statements.map((statement) => [statement.requestId, statement.text])).toEqual([
      [liEntry, TEXT],
      [aminaEntry, 'Amina’s statement'],
    ]);
    expect(session.topic.statements[1]).toBe(aminas);
  });

  it('may be sent while holding the floor: the connection failed mid-speech', () => {
    const { session, chair, li, liEntry } = waiting();
    session.run(chair, { type: 'floor:give', entryId: liEntry });
    session.advance(30 * SEC).run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    expect(session.topic.statements[0]!.requestId).toBe(session.topic.floor!.id);
  });

  it('another participant may not write for a request; the chair’s table enters one its author sent another way, and says so', () => {
    const { session, chair, amina, li, liEntry } = waiting();
    expect(session.refuse(amina.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT })).toBe('FORBIDDEN');
    session.run(chair, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    expect(session.topic.statements).toEqual([{ requestId: liEntry, participantId: li.id, text: TEXT, submittedAt: session.now, enteredByChair: true }]);
    // Its author correcting it makes it theirs.
    session.advance(SEC).run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    expect(session.topic.statements[0]!.enteredByChair).toBe(false);
  });

  it('once the speech has ended or the chair has removed the request, the statement can be neither sent nor changed nor withdrawn', () => {
    const { session, chair, li, amina, liEntry, aminaEntry } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    session.run(chair, { type: 'floor:give', entryId: liEntry });
    session.advance(MIN).run(chair, { type: 'floor:end' });
    expect(session.refuse(li.actor, { type: 'statement:submit', requestId: liEntry, text: 'Changed after' })).toBe('STATEMENT_CLOSED');
    expect(session.refuse(li.actor, { type: 'statement:withdraw', requestId: liEntry })).toBe('STATEMENT_CLOSED');
    expect(session.refuse(chair, { type: 'statement:withdraw', requestId: liEntry })).toBe('STATEMENT_CLOSED');

    session.run(amina.actor, { type: 'statement:submit', requestId: aminaEntry, text: 'Senegal, in writing' });
    // The time ran out: the chair removes the request.
    session.run(chair, { type: 'queue:withdraw', entryId: aminaEntry });
    expect(session.refuse(amina.actor, { type: 'statement:submit', requestId: aminaEntry, text: 'Again' })).toBe('STATEMENT_CLOSED');
    // What the meeting received stays: the record has it although the request is gone.
    expect(session.topic.statements.map((statement) => statement.requestId)).toEqual([liEntry, aminaEntry]);
  });

  it('a participant withdrawing their own request takes its statement back with it', () => {
    const { session, li, liEntry } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    session.run(li.actor, { type: 'queue:withdraw', entryId: liEntry });
    expect(session.topic.statements).toEqual([]);
  });

  it('its author withdraws it, or the chair sets it aside, while the request is open; another participant may not', () => {
    const { session, chair, li, amina, liEntry, aminaEntry } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    session.run(amina.actor, { type: 'statement:submit', requestId: aminaEntry, text: 'Senegal, in writing' });
    expect(session.refuse(amina.actor, { type: 'statement:withdraw', requestId: liEntry })).toBe('FORBIDDEN');
    session.run(li.actor, { type: 'statement:withdraw', requestId: liEntry });
    session.run(chair, { type: 'statement:withdraw', requestId: aminaEntry });
    expect(session.topic.statements).toEqual([]);
    expect(session.refuse(li.actor, { type: 'statement:withdraw', requestId: liEntry })).toBe('STATEMENT_NOT_FOUND');
    expect(session.topic.queue.map((entry) => entry.id)).toEqual([liEntry, aminaEntry]);
  });

  it('two consoles setting the same statement aside at once: the later finds done what it asked and changes nothing; a delegate or a second withdrawal of their own is still told it is gone', () => {
    const { session, chair, li, liEntry } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    const seen = session.topic.statements[0]!.submittedAt;
    session.advance(SEC).run(chair, { type: 'statement:withdraw', requestId: liEntry, expectedSubmittedAt: seen });
    const afterFirst = session.meeting;
    const second = session.advance(SEC).try(chair, { type: 'statement:withdraw', requestId: liEntry, expectedSubmittedAt: seen });
    expect(second.ok && second.value.unchanged).toBe(true);
    expect(session.meeting).toEqual(afterFirst);
    expect(session.topic.setAside).toHaveLength(1);
    expect(session.refuse(li.actor, { type: 'statement:withdraw', requestId: liEntry })).toBe('STATEMENT_NOT_FOUND');
    // A new statement after it is not set aside by a console that saw only the old one.
    session.advance(SEC).run(li.actor, { type: 'statement:submit', requestId: liEntry, text: 'A shorter one.' });
    expect(session.refuse(chair, { type: 'statement:withdraw', requestId: liEntry, expectedSubmittedAt: seen })).toBe('STATEMENT_CHANGED');
  });

  it('one the chair sets aside is told to its author only, until they send another; one its author withdraws leaves no such news', () => {
    const { session, chair, li, amina, liEntry, aminaEntry } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    session.run(amina.actor, { type: 'statement:submit', requestId: aminaEntry, text: 'Senegal, in writing' });
    session.run(amina.actor, { type: 'statement:withdraw', requestId: aminaEntry });
    session.advance(SEC).run(chair, { type: 'statement:withdraw', requestId: liEntry });
    const setAsideAt = session.now;
    expect(session.topic.setAside).toEqual([{ requestId: liEntry, participantId: li.id, at: setAsideAt }]);
    expect(ownSetAside(session.meeting, li.id)).toEqual([{ requestId: liEntry, participantId: li.id, at: setAsideAt }]);
    expect(ownSetAside(session.meeting, amina.id)).toEqual([]);
    // Nobody else's page is told, staff aside.
    const topicOf = (kind: keyof typeof projectionOfRole) => project(session.meeting, projectionOfRole[kind]).topics[0]!;
    expect([topicOf('participant').setAside, topicOf('viewer').setAside, topicOf('screen').setAside]).toEqual([[], [], []]);
    expect(topicOf('chair').setAside).toHaveLength(1);
    // Sending another replaces the news.
    session.advance(SEC).run(li.actor, { type: 'statement:submit', requestId: liEntry, text: 'A shorter one.' });
    expect(session.topic.setAside).toEqual([]);
  });

  it('a statement sent or changed after the issuer saw it is neither overwritten nor set aside unread (STATEMENT_CHANGED); the same text again is a resend, whatever was seen', () => {
    const { session, chair, li, liEntry } = waiting();
    // The chair's table and the author's laptop both open the form while there is none.
    session.run(chair, { type: 'statement:submit', requestId: liEntry, text: 'As e-mailed', expectedSubmittedAt: null });
    const entered = session.topic.statements[0]!;
    expect(session.refuse(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT, expectedSubmittedAt: null })).toBe('STATEMENT_CHANGED');
    expect(session.refuse(chair, { type: 'statement:submit', requestId: liEntry, text: 'Another', expectedSubmittedAt: null })).toBe('STATEMENT_CHANGED');
    expect(session.topic.statements).toEqual([entered]);
    // Having read it, the author replaces it deliberately.
    session.advance(SEC).run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT, expectedSubmittedAt: entered.submittedAt });
    const replaced = session.topic.statements[0]!;
    expect([replaced.text, replaced.enteredByChair]).toEqual([TEXT, false]);
    // A resend whose acknowledgement was lost is accepted as it stands.
    const resent = session.advance(SEC).try(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT, expectedSubmittedAt: entered.submittedAt });
    expect(resent.ok && resent.value.unchanged).toBe(true);
    // The chair sets aside only the version they read.
    expect(session.refuse(chair, { type: 'statement:withdraw', requestId: liEntry, expectedSubmittedAt: entered.submittedAt })).toBe('STATEMENT_CHANGED');
    expect(session.topic.statements).toEqual([replaced]);
    session.run(chair, { type: 'statement:withdraw', requestId: liEntry, expectedSubmittedAt: replaced.submittedAt });
    expect(session.topic.statements).toEqual([]);
    // Gone meanwhile: sending against what was seen is refused too, so it is not sent back unawares.
    expect(session.refuse(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT, expectedSubmittedAt: replaced.submittedAt })).toBe('STATEMENT_CHANGED');
  });

  it('a request carried over to the next topic takes its statement with it', () => {
    const { session, chair, li, liEntry, topicIds } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    session.run(chair, { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [liEntry] });
    expect(session.topicById(topicIds[0]!).statements).toEqual([]);
    expect(session.topic.statements.map((statement) => statement.requestId)).toEqual([liEntry]);
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: 'Corrected on the new topic' });
    expect(session.topic.statements[0]!.text).toBe('Corrected on the new topic');
  });

  it('is refused with MEETING_NOT_OPEN once the meeting is adjourned', () => {
    const { session, chair, li, liEntry } = waiting();
    session.run(chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(session.refuse(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT })).toBe('MEETING_NOT_OPEN');
  });

  it('staff read every statement at once; delegates, screens and viewers get only the one of the speech on the floor: delegates its text, screens and viewers a mark', () => {
    const { session, chair, amina, li, liEntry, aminaEntry } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    session.run(amina.actor, { type: 'statement:submit', requestId: aminaEntry, text: 'Amina’s statement' });
    const statementsOf = (kind: 'staff' | 'participant' | 'public') => project(session.meeting, kind).topics[0]!.statements;
    const lis = { requestId: liEntry, participantId: li.id, submittedAt: session.now, enteredByChair: false };
    expect(statementsOf('staff').map((statement) => statement.text)).toEqual([TEXT, 'Amina’s statement']);
    // Waiting: the chair's to read, nobody else's.
    expect(statementsOf('participant')).toEqual([]);
    expect(statementsOf('public')).toEqual([]);
    session.advance(MIN).run(chair, { type: 'floor:give', entryId: liEntry });
    expect(statementsOf('participant')).toEqual([{ ...lis, text: TEXT }]);
    expect(statementsOf('public')).toEqual([{ ...lis, text: '' }]);
    // Read out: in the captions, and then the record; the pages hold no more of it.
    session.advance(MIN).run(chair, { type: 'floor:end' });
    expect(statementsOf('participant')).toEqual([]);
    expect(statementsOf('public')).toEqual([]);
    expect(statementsOf('staff')).toHaveLength(2);
  });
});

describe('what delegates, screens and viewers load', () => {
  it('does not grow with the statements read out: twenty of 2,000 characters weigh nothing once read', () => {
    const played = (withStatements: boolean) => {
      const { session, chair, participants } = buildMeeting();
      for (let speech = 0; speech < 20; speech += 1) {
        const speaker = participants[speech % participants.length]!;
        const requestId = session.advance(MIN).run(chair, { type: 'queue:add', participantId: speaker.id, kind: 'intervention' })!;
        if (withStatements) session.run(chair, { type: 'statement:submit', requestId, text: `${speech} `.padEnd(2000, 'x') });
        session.advance(MIN).run(chair, { type: 'floor:give', entryId: requestId });
        session.advance(MIN).run(chair, { type: 'floor:end' });
      }
      return session.meeting;
    };
    const [read, none] = [played(true), played(false)];
    for (const kind of ['participant', 'public'] as const) {
      expect(JSON.stringify(project(read, kind)).length, kind).toBe(JSON.stringify(project(none, kind)).length);
    }
    expect(JSON.stringify(project(read, 'staff')).length).toBeGreaterThan(JSON.stringify(project(none, 'staff')).length + 40_000);
  });
});

describe("a participant's own statements (what their page is sent beside its projection)", () => {
  it('are every statement sent or entered for them, on every topic, with the topic it belongs to', () => {
    const { session, chair, li, amina, liEntry, aminaEntry, topicIds } = waiting();
    session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: TEXT });
    session.run(chair, { type: 'statement:submit', requestId: aminaEntry, text: 'Received by e-mail.' });
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    session.run(chair, { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [liEntry] });
    expect(ownStatements(session.meeting, li.id)).toEqual([expect.objectContaining({ requestId: liEntry, text: TEXT, topicId: topicIds[1] })]);
    expect(ownStatements(session.meeting, amina.id)).toEqual([
      expect.objectContaining({ requestId: aminaEntry, text: 'Received by e-mail.', enteredByChair: true, topicId: topicIds[0] }),
    ]);
    expect(ownStatements(session.meeting, 'nobody')).toEqual([]);
  });

  it('are told again to exactly the participants whose own statements a command changed', () => {
    const { session, chair, li, amina, liEntry, aminaEntry, topicIds } = waiting();
    const people = [li, amina];
    const entries = [liEntry, aminaEntry];
    const step = fc.oneof(
      fc.record({ who: fc.constantFrom(0, 1, 'chair' as const), entry: fc.constantFrom(0, 1), text: fc.constantFrom('A', 'B', TEXT) }).map(
        ({ who, entry, text }) => ({ actor: who === 'chair' ? chair : people[who]!.actor, command: { type: 'statement:submit', requestId: entries[entry]!, text } }),
      ),
      fc.record({ who: fc.constantFrom(0, 1, 'chair' as const), entry: fc.constantFrom(0, 1) }).map(({ who, entry }) => ({
        actor: who === 'chair' ? chair : people[who]!.actor,
        command: { type: 'statement:withdraw', requestId: entries[entry]! },
      })),
      fc.constantFrom(0, 1).map((who) => ({ actor: people[who]!.actor, command: { type: 'queue:withdraw', entryId: entries[who]! } })),
      fc.constantFrom(0, 1).map((entry) => ({ actor: chair, command: { type: 'floor:give', entryId: entries[entry]! } })),
      fc.constant({ actor: chair, command: { type: 'floor:end' } }),
      fc.constantFrom(0, 1).map((topic) => ({ actor: chair, command: { type: 'topic:select', topicId: topicIds[topic]! } })),
      fc.constantFrom(0, 1).map((from) => ({ actor: chair, command: { type: 'queue:carryOver', fromTopicId: topicIds[from]!, entryIds: entries } })),
    );
    const start = session.meeting;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        session.state = start;
        for (const { actor, command } of steps) {
          const before = session.meeting;
          session.advance(SEC).try(actor, command as MeetingCommand);
          const after = session.meeting;
          const changedTheSlowWay = people
            .filter((person) => JSON.stringify(ownStatements(before, person.id)) !== JSON.stringify(ownStatements(after, person.id)))
            .map((person) => person.id);
          expect([...changedStatementAuthors(before.topics, after.topics)].sort()).toEqual(changedTheSlowWay.sort());
        }
      }),
      { numRuns: 200 },
    );
  });
});
