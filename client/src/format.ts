import { madeOnce } from '../../shared/intl.js';
import { formatClock } from '../../shared/speaker-queue/timing.js';

const timeFormat = madeOnce(
  (language: string, timeZone: string) => new Intl.DateTimeFormat(language, { timeStyle: 'medium', timeZone, numberingSystem: 'latn' }),
);
const relativeFormat = madeOnce(
  (language: string) => new Intl.RelativeTimeFormat(language, { numeric: 'auto', numberingSystem: 'latn' } as Intl.RelativeTimeFormatOptions),
);
const listFormat = madeOnce((language: string) => new Intl.ListFormat(language, { type: 'conjunction', style: 'long' }));
const numberFormat = madeOnce(
  (language: string) => new Intl.NumberFormat(language, { maximumFractionDigits: 0, numberingSystem: 'latn' } as Intl.NumberFormatOptions),
);
const percentFormat = madeOnce(
  (language: string) => new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0, numberingSystem: 'latn' } as Intl.NumberFormatOptions),
);

/**
 * Times are shown in the meeting's time zone: remote participants read the room's clock.
 * Digits are Western in every language, as on the countdown, so times and clocks compare at a
 * glance: Chinese, French, Russian and Spanish write them anyway, and for Arabic they are what
 * ITU's Arabic documents and the room's own screens use (Arabic-Indic digits would make the
 * clock on a participant's phone differ from the one on the wall).
 */
export function formatTime(ms: number, timeZone: string, language: string): string {
  return timeFormat(language, timeZone).format(ms);
}

export { formatDateTime, formatZoned, zoneLabel } from '../../shared/zoned-time.js';

/** A duration as a clock ("2:05"), counted in whole seconds spoken. */
export function formatDuration(ms: number): string {
  return formatClock(Math.floor(Math.max(0, ms) / 1000) * 1000);
}

/** How far ahead an instant is, in the largest whole unit that fits ("in 63 days", "in 5 hours"). */
export function formatRelative(aheadMs: number, language: string): string {
  const format = relativeFormat(language);
  const hours = Math.round(aheadMs / 3_600_000);
  return Math.abs(hours) >= 48 ? format.format(Math.round(hours / 24), 'day') : format.format(hours, 'hour');
}

/** Whole seconds in a span, never negative (a clock a little ahead of the server's). */
export const wholeSeconds = (ms: number): number => Math.max(0, Math.round(ms / 1000));

/**
 * A share as the language writes it, with Western digits: "20%", "20 %" (French, a narrow
 * space), and in Arabic with the sign kept after the number in a right-to-left line, where
 * "20 %" put it before ("% 20").
 */
export function formatPercent(fraction: number, language: string): string {
  return percentFormat(language).format(fraction);
}

/** A count with the language's grouping and Western digits ("5,000", "5 000", "5.000"). */
export function formatNumber(value: number, language: string): string {
  return numberFormat(language).format(value);
}

/** "A, B and C" in the language's own words and punctuation ("A、B和C", "A، وB"). */
export function formatList(items: readonly string[], language: string): string {
  return listFormat(language).format(items);
}

interface DurationFormatter {
  format(duration: { hours?: number; minutes?: number; seconds?: number }): string;
}
type DurationFormatConstructor = new (locale: string, options: { style: 'long'; numberingSystem: string }) => DurationFormatter;

const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
const durationFormat = madeOnce((language: string) => new DurationFormat!(language, { style: 'long', numberingSystem: 'latn' }));

/**
 * A duration in words for screen readers ("2 minutes, 5 seconds", «2 минуты 5 секунд»), where
 * a clock such as "2:05" would be read as a time of day. Browsers without Intl.DurationFormat
 * get the clock.
 */
export function formatSpokenDuration(ms: number, language: string): string {
  if (!DurationFormat) return formatDuration(ms);
  const total = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor(total / 60) % 60;
  const seconds = total % 60;
  return durationFormat(language).format(
    hours > 0 ? { hours, minutes, seconds } : minutes > 0 ? { minutes, seconds } : { seconds },
  );
}
