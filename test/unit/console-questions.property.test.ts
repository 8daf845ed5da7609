import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { overtaken, type ConsoleQuestion } from '../../shared/meeting/intents.js';
import type { MeetingState } from '../../shared/meeting/model.js';
import { currentTopic } from '../../shared/meeting/selectors.js';
import { buildMeeting, SEC, type Person } from './fixtures.js';

/**
 * A console asks before some actions (adjourn, resume, close the list, remove a request, set a
 * statement aside, apply a limit to the speech in progress) and the chair answers a moment later.
 * Meanwhile another console may act. While the meeting still poses the question, the answer
 * must go through; once it no longer does, the dialog says what happened instead.
 */

/** The meeting the moderator's console shows: three waiting, one speaking, two statements; adjourned or not. */
function meetingAsked(adjourned: boolean) {
  const built = buildMeeting();
  const { session, chair } = built;
  const people = built.participants as Person[];
  const entries = people.map((person) => session.advance(SEC).run(person.actor, { type: 'queue:request', kind: 'intervention' })!);
  session.advance(SEC).run(people[1]!.actor, { type: 'statement:submit', requestId: entries[1]!, text: 'In writing, from Li Wei.' });
  session.advance(SEC).run(people[2]!.actor, { type: 'statement:submit', requestId: entries[2]!, text: 'In writing, from Olga Petrova.' });
  session.advance(SEC).run(chair, { type: 'floor:give', entryId: entries[0]! });
  if (adjourned) session.advance(SEC).run(chair, { type: 'meeting:transition', to: 'adjourned' });
  return { ...built, people, entries };
}

/** Every question the console can ask in the meeting it shows, with the command answering it sends. */
function questionsIn(view: MeetingState): Array<{ question: ConsoleQuestion; answer: MeetingCommand }> {
  const topic = currentTopic(view)!;
  const floor = topic.floor && { id: topic.floor.id, participantId: topic.floor.participantId };
  const asked: Array<{ question: ConsoleQuestion; answer: MeetingCommand }> = [];
  if (view.status === 'adjourned') asked.push({ question: { about: 'resume' }, answer: { type: 'meeting:transition', to: 'open', expectedSpeechId: null } });
  if (view.status !== 'open') return asked;
  asked.push({ question: { about: 'adjourn', floor }, answer: { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: floor?.id ?? null } });
  if (!topic.listClosed) asked.push({ question: { about: 'closeList', topicId: topic.id }, answer: { type: 'queue:close' } });
  for (const entry of topic.queue) {
    asked.push({ question: { about: 'remove', entryId: entry.id, participantId: entry.participantId }, answer: { type: 'queue:withdraw', entryId: entry.id } });
  }
  for (const statement of topic.statements) {
    asked.push({
      question: { about: 'setAside', requestId: statement.requestId, participantId: statement.participantId, submittedAt: statement.submittedAt },
      answer: { type: 'statement:withdraw', requestId: statement.requestId, expectedSubmittedAt: statement.submittedAt },
    });
  }
  if (floor) {
    asked.push({
      question: { about: 'applyLimit', floor },
      answer: { type: 'topic:setSpeakingTime', topicId: topic.id, seconds: 300, applyToSpeechId: floor.id },
    });
  }
  return asked;
}

type Meanwhile =
  | 'give'
  | 'end'
  | 'withdraw'
  | 'close'
  | 'reopen'
  | 'setAside'
  | 'rewrite'
  | 'adjourn'
  | 'resume'
  | 'nextTopic'
  | 'request';
const meanwhile = fc.array(
  fc.record({
    what: fc.constantFrom<Meanwhile>('give', 'end', 'withdraw', 'close', 'reopen', 'setAside', 'rewrite', 'adjourn', 'resume', 'nextTopic', 'request'),
    pick: fc.nat({ max: 5 }),
  }),
  { maxLength: 6 },
);

describe('a question the console asked before acting', () => {
  it('is not overtaken while nothing changed, and its answer is then accepted', () => {
    for (const adjourned of [false, true]) {
      // Each question is answered on a meeting of its own, as it was when asked.
      for (const index of questionsIn(meetingAsked(adjourned).session.meeting).keys()) {
        const { session, moderator } = meetingAsked(adjourned);
        const { question, answer } = questionsIn(session.meeting)[index]!;
        expect(overtaken(session.meeting, question)).toBeNull();
        const result = session.try(moderator, answer);
        expect(result.ok, `${question.about} answered`).toBe(true);
      }
    }
  });

  it('whatever another console did meanwhile, a question the meeting still poses has its answer accepted', () => {
    fc.assert(
      fc.property(fc.boolean(), meanwhile, fc.nat(), (adjourned, steps, choice) => {
        const { session, chair, people, topicIds } = meetingAsked(adjourned);
        const asked = questionsIn(session.meeting);
        for (const { what, pick } of steps) {
          const topic = currentTopic(session.meeting)!;
          const entry = topic.queue.length ? topic.queue[pick % topic.queue.length]! : null;
          const statement = topic.statements.length ? topic.statements[pick % topic.statements.length]! : null;
          const person = people[pick % people.length]!;
          const tried: Record<Meanwhile, () => unknown> = {
            give: () => entry && session.try(chair, { type: 'floor:give', entryId: entry.id }),
            end: () => session.try(chair, { type: 'floor:end' }),
            withdraw: () => entry && session.try(chair, { type: 'queue:withdraw', entryId: entry.id }),
            close: () => session.try(chair, { type: 'queue:close' }),
            reopen: () => session.try(chair, { type: 'queue:reopen' }),
            setAside: () => statement && session.try(chair, { type: 'statement:withdraw', requestId: statement.requestId }),
            rewrite: () =>
              entry && session.try(people.find((candidate) => candidate.id === entry.participantId)!.actor, { type: 'statement:submit', requestId: entry.id, text: `Rewritten ${pick}` }),
            adjourn: () => session.try(chair, { type: 'meeting:transition', to: 'adjourned' }),
            resume: () => session.try(chair, { type: 'meeting:transition', to: 'open' }),
            nextTopic: () => session.try(chair, { type: 'topic:select', topicId: topicIds[(topicIds.indexOf(topic.id) + 1) % topicIds.length]! }),
            request: () => session.try(person.actor, { type: 'queue:request', kind: 'intervention' }),
          };
          session.advance(SEC);
          tried[what]();
        }
        if (asked.length === 0) return;
        const { question, answer } = asked[choice % asked.length]!;
        if (overtaken(session.meeting, question) !== null) return;
        const result = session.advance(SEC).try(chair, answer);
        expect(result.ok ? 'accepted' : result.error.code, `${question.about} after ${steps.map((step) => step.what).join(', ')}`).toBe('accepted');
      }),
      { numRuns: 400 },
    );
  });

  it('says what overtook it: the speech it named ended or another holds the floor, the request was given the floor or left, the statement was set aside, changed or closed with its request, the meeting moved on or resumed', () => {
    const { session, chair, people, entries, topicIds } = meetingAsked(false);
    const view = session.meeting;
    const asked = (about: ConsoleQuestion['about'], index = 0) => questionsIn(view).filter((candidate) => candidate.question.about === about)[index]!.question;
    session.advance(SEC).run(chair, { type: 'floor:end' });
    expect(overtaken(session.meeting, asked('applyLimit'))).toEqual({ by: 'speechEnded', participantId: people[0]!.id });
    session.advance(SEC).run(chair, { type: 'floor:give', entryId: entries[1]! });
    expect(overtaken(session.meeting, asked('adjourn'))).toEqual({ by: 'floorTaken', holder: people[1]!.id });
    expect(overtaken(session.meeting, asked('remove', 0))).toEqual({ by: 'given', participantId: people[1]!.id });
    session.advance(SEC).run(chair, { type: 'queue:withdraw', entryId: entries[3]! });
    expect(overtaken(session.meeting, asked('remove', 2))).toEqual({ by: 'leftList', participantId: people[3]!.id });
    session.advance(SEC).run(chair, { type: 'statement:withdraw', requestId: entries[2]! });
    expect(overtaken(session.meeting, asked('setAside', 1))).toEqual({ by: 'setAside', participantId: people[2]!.id, at: session.now });
    expect(overtaken(session.meeting, asked('setAside', 0)), 'another request’s statement set aside overtakes nothing').toBeNull();
    session.advance(SEC).run(people[2]!.actor, { type: 'statement:submit', requestId: entries[2]!, text: 'Again' });
    expect(overtaken(session.meeting, asked('setAside', 1))).toEqual({ by: 'statementChanged', participantId: people[2]!.id });
    session.advance(SEC).run(people[2]!.actor, { type: 'queue:withdraw', entryId: entries[2]! });
    expect(overtaken(session.meeting, asked('setAside', 1))).toEqual({ by: 'statementGone', participantId: people[2]!.id });
    session.advance(SEC).run(chair, { type: 'queue:close' });
    expect(overtaken(session.meeting, asked('closeList'))).toEqual({ by: 'listClosed' });
    // The speech ends: its statement stays as received, and can no longer be set aside.
    expect(overtaken(session.meeting, asked('setAside', 0))).toBeNull();
    session.advance(SEC).run(chair, { type: 'floor:end' });
    expect(overtaken(session.meeting, asked('setAside', 0))).toEqual({ by: 'requestClosed', participantId: people[1]!.id });
    session.advance(SEC).run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    expect(overtaken(session.meeting, asked('closeList'))).toEqual({ by: 'topic', topicId: topicIds[1]! });
    session.advance(SEC).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(overtaken(session.meeting, asked('adjourn'))).toEqual({ by: 'status', status: 'adjourned' });
    const resume = questionsIn(session.meeting).find((candidate) => candidate.question.about === 'resume')!.question;
    expect(overtaken(session.meeting, resume)).toBeNull();
    session.advance(SEC).run(chair, { type: 'meeting:transition', to: 'open' });
    expect(overtaken(session.meeting, resume)).toEqual({ by: 'status', status: 'open' });
  });
});
