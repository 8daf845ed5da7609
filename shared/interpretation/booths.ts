import type { BoothLanguage, MeetingState } from '../meeting/model.js';

/**
 * Interpretation booths, pure: who holds each channel, and the log of when each channel was
 * live under which topic. A channel is live from the moment an interpreter takes an empty booth
 * until the booth is left empty; a hand-over between colleagues keeps it live.
 */

/** The interpreter (link) takes the booth: a colleague holding it hands it over. */
export function take(state: MeetingState, language: BoothLanguage, linkId: string, now: number): MeetingState {
  const held = state.booths.find((booth) => booth.language === language);
  if (held?.linkId === linkId) return state;
  const others = state.booths.filter((booth) => booth.language !== language);
  return {
    ...state,
    booths: [...others, { language, linkId, since: now }],
    channelLog: held ? state.channelLog : [...state.channelLog, { language, topicId: state.currentTopicId, from: now, to: null }],
  };
}

/** The booths of these languages go off the air. */
export function release(state: MeetingState, languages: readonly BoothLanguage[], now: number): MeetingState {
  const leaving = state.booths.filter((booth) => languages.includes(booth.language));
  if (leaving.length === 0) return state;
  return {
    ...state,
    booths: state.booths.filter((booth) => !languages.includes(booth.language)),
    channelLog: state.channelLog.map((span) => (span.to === null && languages.includes(span.language) ? { ...span, to: now } : span)),
  };
}

/** The chair took up another topic (already set as current): live channels now count under it. */
export function changeTopic(state: MeetingState, now: number): MeetingState {
  if (state.booths.length === 0) return state;
  const closed = state.channelLog.map((span) => (span.to === null ? { ...span, to: now } : span));
  const opened = state.booths.map((booth) => ({ language: booth.language, topicId: state.currentTopicId, from: now, to: null }));
  return { ...state, channelLog: [...closed, ...opened] };
}

/** The languages whose channel is live now. */
export const liveChannels = (state: Pick<MeetingState, 'booths'>): BoothLanguage[] => state.booths.map((booth) => booth.language);
