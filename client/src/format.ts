import { formatClock } from '../../shared/speaker-queue/timing.js';

/**
 * Times are shown in the meeting's time zone: remote participants read the room's clock.
 * Digits are Western in every language, as on the countdown, so times and clocks compare at a glance.
 */
export function formatTime(ms: number, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'medium', timeZone, numberingSystem: 'latn' }).format(ms);
}

export { formatDateTime, formatZoned, zoneLabel } from '../../shared/zoned-time.js';

/** A duration as a clock ("2:05"), counted in whole seconds spoken. */
export function formatDuration(ms: number): string {
  return formatClock(Math.floor(Math.max(0, ms) / 1000) * 1000);
}

/** How far ahead an instant is, in the largest whole unit that fits ("in 63 days", "in 5 hours"). */
export function formatRelative(aheadMs: number, language: string): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', numberingSystem: 'latn' } as Intl.RelativeTimeFormatOptions);
  const hours = Math.round(aheadMs / 3_600_000);
  return Math.abs(hours) >= 48 ? format.format(Math.round(hours / 24), 'day') : format.format(hours, 'hour');
}

/** Whole seconds in a span, never negative (a clock a little ahead of the server's). */
export const wholeSeconds = (ms: number): number => Math.max(0, Math.round(ms / 1000));
