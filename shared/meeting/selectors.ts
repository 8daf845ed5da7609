import type { MeetingState, Participant, Speech, Topic } from './model.js';

export function currentTopic(state: MeetingState): Topic | null {
  return state.topics.find((topic) => topic.id === state.currentTopicId) ?? null;
}

export function participantById(state: MeetingState, participantId: string): Participant | undefined {
  return state.participants.find((participant) => participant.id === participantId);
}

/** A topic's own limit overrides the meeting's default. */
export function speakingTimeLimitOf(state: MeetingState, topic: Topic): number | null {
  return topic.speakingTimeLimitSec ?? state.speakingTimeLimitSec;
}

/** The meeting's one speech in progress: only the current topic can hold the floor. */
export function currentFloor(state: MeetingState) {
  return currentTopic(state)?.floor ?? null;
}

/**
 * The speech the last adjournment cut short, if the meeting is adjourned and one was in
 * progress: resuming offers to give its speaker the floor back.
 */
export function interruptedSpeech(state: MeetingState): Speech | null {
  const adjourned = state.statusHistory.at(-1);
  if (state.status !== 'adjourned' || adjourned?.status !== 'adjourned') return null;
  const last = currentTopic(state)?.history.at(-1);
  return last && last.endedAt === adjourned.at ? last : null;
}

/** A topic's title in a language: its own title there if given, else the original. */
export function titleIn(topic: Pick<Topic, 'title' | 'titles'>, language: string): string {
  return topic.titles[language as keyof Topic['titles']] ?? topic.title;
}
