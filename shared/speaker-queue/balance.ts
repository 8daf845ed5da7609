import {
  attendanceModes,
  stakeholderGroups,
  type AttendanceMode,
  type MeetingState,
  type StakeholderGroup,
  type Topic,
} from '../meeting/model.js';
import { elapsedMs } from './timing.js';

export interface BalanceRow<K extends string> {
  key: K;
  speeches: number;
  speakingMs: number;
  waiting: number;
}

export interface Balance {
  byGroup: BalanceRow<StakeholderGroup>[];
  byAttendance: BalanceRow<AttendanceMode>[];
  speeches: number;
  speakingMs: number;
}

/**
 * Speeches and speaking time per stakeholder group and per room/remote, so the chair can
 * keep the consultation open to all. The speech in progress counts with its time so far.
 */
export function balance(state: MeetingState, topics: readonly Topic[], now: number): Balance {
  const participants = new Map(state.participants.map((participant) => [participant.id, participant]));
  const byGroup = new Map(stakeholderGroups.map((key) => [key, { key, speeches: 0, speakingMs: 0, waiting: 0 }]));
  const byAttendance = new Map(attendanceModes.map((key) => [key, { key, speeches: 0, speakingMs: 0, waiting: 0 }]));
  let speeches = 0;
  let speakingMs = 0;
  for (const topic of topics) {
    for (const speech of topic.floor ? [...topic.history, topic.floor] : topic.history) {
      const participant = participants.get(speech.participantId);
      const duration = elapsedMs(speech, now);
      speeches += 1;
      speakingMs += duration;
      for (const row of [participant && byGroup.get(participant.stakeholderGroup), byAttendance.get(speech.attendance)]) {
        if (!row) continue;
        row.speeches += 1;
        row.speakingMs += duration;
      }
    }
    for (const entry of topic.queue) {
      const participant = participants.get(entry.participantId);
      if (!participant) continue;
      byGroup.get(participant.stakeholderGroup)!.waiting += 1;
      byAttendance.get(participant.attendance)!.waiting += 1;
    }
  }
  return { byGroup: [...byGroup.values()], byAttendance: [...byAttendance.values()], speeches, speakingMs };
}
