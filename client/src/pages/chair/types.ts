import type { DialogAction } from '../../components/ConfirmDialog.js';
import type { useCommands } from '../../realtime/useCommands.js';

/** Sends a command; answers the created id, or false when it failed (the console shows why). */
export type Run = ReturnType<typeof useCommands>['run'];

/** A question before a destructive or meeting-wide action, naming its consequence. */
export interface Confirmation {
  heading: string;
  body: string;
  actions: DialogAction[];
}

/** Opens the console's confirmation dialog. */
export type Ask = (confirmation: Confirmation) => void;
