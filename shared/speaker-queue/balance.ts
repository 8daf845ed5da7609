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
  /** People with at least one request waiting: someone with an intervention and a point of order is one person. */
  waiting: number;
  /** Their waiting requests, each counted. */
  requests: number;
}

export interface Balance {
  byGroup: BalanceRow<StakeholderGroup>[];
  byAttendance: BalanceRow<AttendanceMode>[];
  speeches: number;
  speakingMs: number;
  /** People waiting, each once whatever the number of their requests and topics. */
  waiting: number;
  requests: number;
}

/** People waiting on a topic: someone with an intervention and a point of order is one. */
export const peopleWaiting = (topic: Pick<Topic, 'queue'>): number => new Set(topic.queue.map((entry) => entry.participantId)).size;

/**
 * Speeches and speaking time per stakeholder group and per room/remote, so the chair can
 * keep the consultation open to all. The speech in progress counts with its time so far.
 * Waiting counts people, not requests: a delegate who asked for the floor and then raised a
 * point of order is one voice waiting to be heard, and counting her twice would tilt the
 * balance towards whoever asks most.
 */
export function balance(state: MeetingState, topics: readonly Topic[], now: number): Balance {
  const participants = new Map(state.participants.map((participant) => [participant.id, participant]));
  const row = <K extends string>(key: K): BalanceRow<K> => ({ key, speeches: 0, speakingMs: 0, waiting: 0, requests: 0 });
  const byGroup = new Map(stakeholderGroups.map((key) => [key, row(key)]));
  const byAttendance = new Map(attendanceModes.map((key) => [key, row(key)]));
  const requestsOf = new Map<string, number>();
  let speeches = 0;
  let speakingMs = 0;
  for (const topic of topics) {
    for (const speech of topic.floor ? [...topic.history, topic.floor] : topic.history) {
      const participant = participants.get(speech.participantId);
      const duration = elapsedMs(speech, now);
      speeches += 1;
      speakingMs += duration;
      for (const figures of [participant && byGroup.get(participant.stakeholderGroup), byAttendance.get(speech.attendance)]) {
        if (!figures) continue;
        figures.speeches += 1;
        figures.speakingMs += duration;
      }
    }
    for (const entry of topic.queue) {
      if (participants.has(entry.participantId)) requestsOf.set(entry.participantId, (requestsOf.get(entry.participantId) ?? 0) + 1);
    }
  }
  let requests = 0;
  for (const [participantId, count] of requestsOf) {
    const participant = participants.get(participantId)!;
    requests += count;
    for (const figures of [byGroup.get(participant.stakeholderGroup)!, byAttendance.get(participant.attendance)!]) {
      figures.waiting += 1;
      figures.requests += count;
    }
  }
  return {
    byGroup: [...byGroup.values()],
    byAttendance: [...byAttendance.values()],
    speeches,
    speakingMs,
    waiting: requestsOf.size,
    requests,
  };
}
