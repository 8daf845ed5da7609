import type { IssuedLink, MeetingState, Participant, ParticipantDetails, Speech, Topic } from './model.js';

export function currentTopic(state: MeetingState): Topic | null {
  return state.topics.find((topic) => topic.id === state.currentTopicId) ?? null;
}

export function participantById(state: MeetingState, participantId: string): Participant | undefined {
  return state.participants.find((participant) => participant.id === participantId);
}

/**
 * The registrations that are new or changed. A command replaces one registration in place or
 * adds one at the end, so walking both lists side by side finds it without a map of the whole
 * meeting (800 delegates, one map per attendance change); any other reshaping falls back to one.
 */
export function changedRegistrations(before: readonly Participant[], after: readonly Participant[]): Participant[] {
  const changed: Participant[] = [];
  for (const [index, participant] of after.entries()) {
    if (participant === before[index]) continue;
    if (participant.id !== before[index]?.id && index < before.length) {
      const byId = new Map(before.map((earlier) => [earlier.id, earlier]));
      return after.filter((later) => byId.get(later.id) !== later);
    }
    changed.push(participant);
  }
  return changed;
}

/** A topic's own limit overrides the meeting's default. */
export function speakingTimeLimitOf(state: MeetingState, topic: Topic): number | null {
  return topic.speakingTimeLimitSec ?? state.speakingTimeLimitSec;
}

/** The meeting's one speech in progress: only the current topic can hold the floor. */
export function currentFloor(state: MeetingState) {
  return currentTopic(state)?.floor ?? null;
}

const HOUR_MS = 3600 * 1000;

/** The expiry of a link that follows the meeting: its end (or `since`, if later) plus the grace period. */
export function followingExpiry(state: Pick<MeetingState, 'endsAt' | 'linkGraceHours'>, since: number): number {
  return Math.max(state.endsAt, since) + state.linkGraceHours * HOUR_MS;
}

/** A live link that stops working before the meeting is over: the setup page flags it and offers renewal. */
export function expiresBeforeMeetingEnds(state: Pick<MeetingState, 'endsAt'>, link: IssuedLink): boolean {
  return link.revokedAt === null && link.expiresAt < state.endsAt;
}

/** Name and affiliation as people type them, compared whatever the case, Unicode form and spacing. */
export function registrantKey(details: Pick<ParticipantDetails, 'displayName' | 'affiliation'>): string {
  const normal = (text: string) => text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase();
  return `${normal(details.displayName)}\u0000${normal(details.affiliation)}`;
}

/** Participants already registered under the same name and affiliation. */
export function sameRegistrant(
  state: Pick<MeetingState, 'participants'>,
  details: Pick<ParticipantDetails, 'displayName' | 'affiliation'>,
): Participant[] {
  const key = registrantKey(details);
  return state.participants.filter((participant) => registrantKey(participant) === key);
}

/** Ids of participants registered more than once under the same name and affiliation, every copy included. */
export function possibleDuplicates(state: Pick<MeetingState, 'participants'>): Set<string> {
  const byKey = new Map<string, string[]>();
  for (const participant of state.participants) {
    const key = registrantKey(participant);
    byKey.set(key, [...(byKey.get(key) ?? []), participant.id]);
  }
  return new Set([...byKey.values()].filter((ids) => ids.length > 1).flat());
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

/** A topic's description in a language: its own there if given, else the original. */
export function descriptionIn(topic: Pick<Topic, 'description' | 'descriptions'>, language: string): string {
  return topic.descriptions[language as keyof Topic['descriptions']] ?? topic.description;
}

/** Opening a meeting more than this before its scheduled start is most likely a mistake. */
export const OPENING_MARGIN_MS = 2 * 3600 * 1000;

/**
 * How far from its schedule opening the meeting now would be: milliseconds early (before the
 * start, beyond the margin) or late (after the scheduled end); null when it is about time.
 */
export function openingOffSchedule(
  state: Pick<MeetingState, 'startsAt' | 'endsAt'>,
  now: number,
): { early: number } | { late: number } | null {
  if (now < state.startsAt - OPENING_MARGIN_MS) return { early: state.startsAt - now };
  if (now > state.endsAt) return { late: now - state.endsAt };
  return null;
}
