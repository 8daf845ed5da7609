import type { Speech } from '../meeting/model.js';

export function pausedMs(speech: Speech, now: number): number {
  return speech.pauses.reduce((total, pause) => total + ((pause.endedAt ?? now) - pause.startedAt), 0);
}

/** Speaking time so far, pauses excluded. */
export function elapsedMs(speech: Speech, now: number): number {
  return Math.max(0, (speech.endedAt ?? now) - speech.startedAt - pausedMs(speech, now));
}

export type CountdownPhase = 'unlimited' | 'running' | 'warning' | 'overtime';

export interface Countdown {
  phase: CountdownPhase;
  /** Negative once over time; null without a limit. */
  remainingMs: number | null;
  elapsedMs: number;
  paused: boolean;
}

export function countdown(speech: Speech, now: number, warningSec: number): Countdown {
  const elapsed = elapsedMs(speech, now);
  const paused = speech.pauses.at(-1)?.endedAt === null;
  if (speech.timeLimitSec === null) return { phase: 'unlimited', remainingMs: null, elapsedMs: elapsed, paused };
  const remaining = speech.timeLimitSec * 1000 + (speech.addedMs ?? 0) - elapsed;
  const phase: CountdownPhase = remaining < 0 ? 'overtime' : remaining <= warningSec * 1000 ? 'warning' : 'running';
  return { phase, remainingMs: remaining, elapsedMs: elapsed, paused };
}

/**
 * What a speaker is told when their countdown changes phase: that their time is nearly up (it
 * entered the warning, also again after the chair added time), or up (it ran out). Nothing on
 * the first look at a speech: a page opened mid-speech does not sound an alarm already past.
 */
export function timeSignal(previous: CountdownPhase | null, phase: CountdownPhase): 'nearlyUp' | 'up' | null {
  if (previous === null || previous === phase) return null;
  if (phase === 'overtime') return 'up';
  return phase === 'warning' && previous === 'running' ? 'nearlyUp' : null;
}

/** "2:05", "-0:07", "1:02:03": minutes and seconds, rounded towards the limit. */
export function formatClock(ms: number): string {
  const negative = ms < 0;
  const totalSeconds = negative ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  const body = hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
  return negative && totalSeconds > 0 ? `-${body}` : body;
}
