import type { MeetingCommand } from './commands.js';
import type { MeetingState, MeetingStatus } from './model.js';
import { openRequestOwner } from '../speaker-queue/statements.js';
import { currentTopic } from './selectors.js';

/** A control of the chair's console, as the person pressing it understands it. */
export type ConsoleIntent =
  | { action: 'next' }
  | { action: 'give'; entryId: string }
  | { action: 'end' }
  | { action: 'pause' }
  | { action: 'resume' }
  | { action: 'readdLast' }
  | { action: 'adjourn' }
  | { action: 'move'; entryId: string; toIndex: number }
  | { action: 'remove'; entryId: string };

/**
 * The command a console control sends, built from the meeting as that console shows it; null
 * when the console does not offer the control in that state. Each command carries what the
 * console showed (the speech in progress, the entry's place, the last speech), so that when
 * another console acted first the server refuses it rather than act on something nobody saw.
 */
export function consoleCommand(view: MeetingState, intent: ConsoleIntent): MeetingCommand | null {
  const topic = currentTopic(view);
  if (!topic) return null;
  const seen = topic.floor?.id ?? null;
  switch (intent.action) {
    case 'next': {
      const first = topic.queue[0];
      return first ? { type: 'floor:give', entryId: first.id, expectedSpeechId: seen } : null;
    }
    case 'give':
      return { type: 'floor:give', entryId: intent.entryId, expectedSpeechId: seen };
    case 'end':
      return seen === null ? null : { type: 'floor:end', expectedSpeechId: seen };
    case 'pause':
      return seen === null ? null : { type: 'floor:pause', expectedSpeechId: seen };
    case 'resume':
      return seen === null ? null : { type: 'floor:resume', expectedSpeechId: seen };
    case 'readdLast': {
      const last = topic.history.at(-1);
      return last ? { type: 'queue:readdLast', expectedSpeechId: last.id } : null;
    }
    case 'adjourn':
      return view.status === 'open' ? { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: seen, expectedStatus: 'open' } : null;
    case 'move': {
      const at = topic.queue.findIndex((entry) => entry.id === intent.entryId);
      return at === -1 ? null : { type: 'queue:move', entryId: intent.entryId, toIndex: intent.toIndex, expectedIndex: at };
    }
    case 'remove':
      return { type: 'queue:withdraw', entryId: intent.entryId };
  }
}

/**
 * What a question the console asks before acting is about, as it was when asked: the chair
 * answers it a moment later, and another console may have acted meanwhile.
 */
export type ConsoleQuestion =
  /** `floor`: the speech in progress when asked. */
  | { about: 'adjourn'; floor: SpeechSeen | null }
  | { about: 'resume' }
  | { about: 'closeList'; topicId: string }
  | { about: 'remove'; entryId: string; participantId: string }
  | { about: 'setAside'; requestId: string; participantId: string; submittedAt: number }
  | { about: 'applyLimit'; floor: SpeechSeen };

interface SpeechSeen {
  id: string;
  participantId: string;
}

/** What made a question moot: the console then says so instead of offering to act. */
export type Overtaken =
  | { by: 'status'; status: MeetingStatus }
  | { by: 'topic'; topicId: string }
  /** Someone else holds the floor now. */
  | { by: 'floorTaken'; holder: string }
  /** The speech the question named ended, and nobody holds the floor. */
  | { by: 'speechEnded'; participantId: string }
  | { by: 'listClosed' }
  | { by: 'given'; participantId: string }
  | { by: 'leftList'; participantId: string }
  | { by: 'setAside'; participantId: string; at: number }
  | { by: 'statementChanged'; participantId: string }
  /** Its request is no longer waiting or speaking. */
  | { by: 'requestClosed'; participantId: string }
  | { by: 'statementGone'; participantId: string };

/** Whether the meeting as it is now still poses the question; null while it does. */
export function overtaken(now: MeetingState, question: ConsoleQuestion): Overtaken | null {
  const topic = currentTopic(now);
  const floorMoved = (seen: SpeechSeen | null): Overtaken | null => {
    const floor = topic?.floor ?? null;
    if (floor?.id === seen?.id) return null;
    // Not the same speech, so one of the two is a speech.
    return floor ? { by: 'floorTaken', holder: floor.participantId } : { by: 'speechEnded', participantId: seen!.participantId };
  };
  if (question.about === 'resume') return now.status !== 'adjourned' ? { by: 'status', status: now.status } : null;
  // The others are asked, and answered, in an open meeting only.
  if (now.status !== 'open') return { by: 'status', status: now.status };
  switch (question.about) {
    case 'adjourn':
      return floorMoved(question.floor);
    case 'closeList':
      if (!topic || topic.id !== question.topicId) return { by: 'topic', topicId: now.currentTopicId ?? question.topicId };
      return topic.listClosed ? { by: 'listClosed' } : null;
    case 'remove':
      if (now.topics.some((candidate) => candidate.queue.some((entry) => entry.id === question.entryId))) return null;
      return topic?.floor?.id === question.entryId
        ? { by: 'given', participantId: question.participantId }
        : { by: 'leftList', participantId: question.participantId };
    case 'setAside': {
      const { requestId, participantId } = question;
      const setAside = now.topics.flatMap((candidate) => candidate.setAside).find((entry) => entry.requestId === requestId);
      if (setAside) return { by: 'setAside', participantId, at: setAside.at };
      const statement = now.topics.flatMap((candidate) => candidate.statements).find((candidate) => candidate.requestId === requestId);
      if (!statement) return { by: 'statementGone', participantId };
      // Once its request has left the list and the floor, a statement stays as the meeting received it.
      if (!now.topics.some((candidate) => openRequestOwner(candidate, requestId) !== null)) return { by: 'requestClosed', participantId };
      return statement.submittedAt === question.submittedAt ? null : { by: 'statementChanged', participantId };
    }
    case 'applyLimit':
      return floorMoved(question.floor);
  }
}
