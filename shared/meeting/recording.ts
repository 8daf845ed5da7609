import type { MeetingState } from './model.js';

/**
 * Whether the floor is being recorded now (issue 16): the meeting is open and its setup says
 * so. The recorder runs exactly then, and every page that shows the meeting says it.
 */
export const isFloorRecorded = (state: Pick<MeetingState, 'status' | 'recordFloor'>): boolean =>
  state.status === 'open' && state.recordFloor;
