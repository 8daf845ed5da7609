import { describe, expect, it } from 'vitest';
import { consoleCommand, type ConsoleIntent } from '../../shared/meeting/intents.js';
import { buildMeeting, SEC, type Person } from './fixtures.js';

/**
 * What each control of the chair's console sends, built from the meeting as that console shows
 * it: the command carries what the chair saw (the speech in progress, the entry's place, the
 * last speech) so that the server refuses it when another console acted first; a control the
 * console does not offer in that state sends nothing.
 */
const all: ConsoleIntent[] = [
  { action: 'next' },
  { action: 'give', entryId: 'e1' },
  { action: 'end' },
  { action: 'pause' },
  { action: 'resume' },
  { action: 'readdLast' },
  { action: 'adjourn' },
  { action: 'move', entryId: 'e1', toIndex: 0 },
  { action: 'remove', entryId: 'e1' },
];

function meeting() {
  const built = buildMeeting();
  const [a, b] = built.participants as [Person, Person];
  return { ...built, a, b };
}

describe('the chair console’s controls as commands', () => {
  it('with nobody speaking and nobody waiting: no next, end, pause, resume or re-add; giving, adjourning and removing name no speech', () => {
    const { session } = meeting();
    const view = session.meeting;
    expect(consoleCommand(view, { action: 'next' })).toBeNull();
    expect(consoleCommand(view, { action: 'end' })).toBeNull();
    expect(consoleCommand(view, { action: 'pause' })).toBeNull();
    expect(consoleCommand(view, { action: 'resume' })).toBeNull();
    expect(consoleCommand(view, { action: 'readdLast' })).toBeNull();
    expect(consoleCommand(view, { action: 'move', entryId: 'e9', toIndex: 0 })).toBeNull();
    expect(consoleCommand(view, { action: 'give', entryId: 'e9' })).toEqual({ type: 'floor:give', entryId: 'e9', expectedSpeechId: null });
    expect(consoleCommand(view, { action: 'adjourn' })).toEqual({ type: 'meeting:transition', to: 'adjourned', expectedSpeechId: null, expectedStatus: 'open' });
    expect(consoleCommand(view, { action: 'remove', entryId: 'e9' })).toEqual({ type: 'queue:withdraw', entryId: 'e9' });
  });

  it('next gives the floor to the first in the list; a move names the place the entry was seen at', () => {
    const { session, a, b } = meeting();
    const first = session.advance(SEC).run(a.actor, { type: 'queue:request', kind: 'intervention' })!;
    const second = session.advance(SEC).run(b.actor, { type: 'queue:request', kind: 'intervention' })!;
    const view = session.meeting;
    expect(consoleCommand(view, { action: 'next' })).toEqual({ type: 'floor:give', entryId: first, expectedSpeechId: null });
    expect(consoleCommand(view, { action: 'move', entryId: second, toIndex: 0 })).toEqual({ type: 'queue:move', entryId: second, toIndex: 0, expectedIndex: 1 });
    expect(consoleCommand(view, { action: 'move', entryId: first, toIndex: 1 })).toEqual({ type: 'queue:move', entryId: first, toIndex: 1, expectedIndex: 0 });
  });

  it('while someone speaks, every floor control names that speech; after it, re-adding names the last speech', () => {
    const { session, chair, a, b } = meeting();
    session.advance(SEC).run(a.actor, { type: 'queue:request', kind: 'intervention' });
    const waiting = session.advance(SEC).run(b.actor, { type: 'queue:request', kind: 'intervention' })!;
    session.advance(SEC).run(chair, { type: 'floor:give' });
    const speech = session.topic.floor!.id;
    const view = session.meeting;
    expect(consoleCommand(view, { action: 'end' })).toEqual({ type: 'floor:end', expectedSpeechId: speech });
    expect(consoleCommand(view, { action: 'pause' })).toEqual({ type: 'floor:pause', expectedSpeechId: speech });
    expect(consoleCommand(view, { action: 'resume' })).toEqual({ type: 'floor:resume', expectedSpeechId: speech });
    expect(consoleCommand(view, { action: 'next' })).toEqual({ type: 'floor:give', entryId: waiting, expectedSpeechId: speech });
    expect(consoleCommand(view, { action: 'give', entryId: waiting })).toEqual({ type: 'floor:give', entryId: waiting, expectedSpeechId: speech });
    expect(consoleCommand(view, { action: 'adjourn' })).toEqual({ type: 'meeting:transition', to: 'adjourned', expectedSpeechId: speech, expectedStatus: 'open' });
    session.advance(SEC).run(chair, { type: 'floor:end' });
    expect(session.topic.history.at(-1)!.id).toBe(speech);
    expect(consoleCommand(session.meeting, { action: 'readdLast' })).toEqual({ type: 'queue:readdLast', expectedSpeechId: speech });
  });

  it('a meeting no longer open cannot be adjourned again; with no topic taken up, no control sends anything', () => {
    const { session, chair } = meeting();
    session.advance(SEC).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(consoleCommand(session.meeting, { action: 'adjourn' })).toBeNull();
    const noTopic = { ...session.meeting, currentTopicId: null };
    for (const intent of all) expect(consoleCommand(noTopic, intent), intent.action).toBeNull();
  });
});
