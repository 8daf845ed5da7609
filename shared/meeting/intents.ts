import type { MeetingCommand } from './commands.js';
import type { MeetingState } from './model.js';
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
      return view.status === 'open' ? { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: seen } : null;
    case 'move': {
      const at = topic.queue.findIndex((entry) => entry.id === intent.entryId);
      return at === -1 ? null : { type: 'queue:move', entryId: intent.entryId, toIndex: intent.toIndex, expectedIndex: at };
    }
    case 'remove':
      return { type: 'queue:withdraw', entryId: intent.entryId };
  }
}
