import type { ConsoleQuestion } from '../../../../shared/meeting/intents.js';
import type { DialogAction } from '../../components/ConfirmDialog.js';
import type { useCommands } from '../../realtime/useCommands.js';

/** Sends a command; answers the created id, or false when it failed (the console shows why). */
export type Run = ReturnType<typeof useCommands>['run'];

/** A question before a destructive or meeting-wide action, naming its consequence. */
export interface Confirmation {
  heading: string;
  body: string;
  actions: DialogAction[];
  /** What it is about, so that the dialog notices when another console made it moot. */
  question?: ConsoleQuestion;
}

/** Opens the console's confirmation dialog. */
export type Ask = (confirmation: Confirmation) => void;
