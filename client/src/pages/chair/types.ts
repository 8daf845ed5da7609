import type { useCommands } from '../../realtime/useCommands.js';

/** Sends a command; answers the created id, or false when it failed (the console shows why). */
export type Run = ReturnType<typeof useCommands>['run'];
