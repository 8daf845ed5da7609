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
 * when the console does not offer the control in that state.
 */
export function consoleCommand(view: MeetingState, intent: ConsoleIntent): MeetingCommand | null {
  const topic = currentTopic(view);
  if (!topic) return null;
  switch (intent.action) {
    case 'next':
      return topic.queue.length > 0 ? { type: 'floor:give' } : null;
    case 'give':
      return { type: 'floor:give', entryId: intent.entryId };
    case 'end':
      return topic.floor ? { type: 'floor:end' } : null;
    case 'pause':
      return topic.floor ? { type: 'floor:pause' } : null;
    case 'resume':
      return topic.floor ? { type: 'floor:resume' } : null;
    case 'readdLast':
      return topic.history.length > 0 ? { type: 'queue:readdLast' } : null;
    case 'adjourn':
      return view.status === 'open' ? { type: 'meeting:transition', to: 'adjourned' } : null;
    case 'move':
      return { type: 'queue:move', entryId: intent.entryId, toIndex: intent.toIndex };
    case 'remove':
      return { type: 'queue:withdraw', entryId: intent.entryId };
  }
}
