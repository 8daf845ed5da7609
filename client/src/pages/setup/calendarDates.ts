import { madeOnce } from '../../../../shared/intl.js';
import { daysBetween, type CalendarDate } from '../../../../shared/timeline/timeline.js';

/**
 * Calendar dates (YYYY-MM-DD, no time of day) in the interface language. They are formatted
 * as UTC midnights, so no time zone can move them to the day before or after. Digits are
 * Western in every language, as elsewhere on these pages.
 */

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) return false;
  return !Number.isNaN(utcMidnight(value)) && new Date(utcMidnight(value)).toISOString().startsWith(value);
}

function utcMidnight(date: CalendarDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

const long: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const short: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };

const formatter = madeOnce(
  (language: string, style: 'long' | 'short') =>
    new Intl.DateTimeFormat(language, { ...(style === 'long' ? long : short), timeZone: 'UTC', numberingSystem: 'latn' }),
);
const relativeFormat = madeOnce((language: string) => new Intl.RelativeTimeFormat(`${language}-u-nu-latn`, { numeric: 'auto' }));

/** "Friday 3 February 2017" (long) or "Fri 3 Feb 2017" (short), in the language's own order. */
export function formatCalendarDate(date: CalendarDate, language: string, style: 'long' | 'short' = 'long'): string {
  return formatter(language, style).format(utcMidnight(date));
}

export function formatCalendarRange(from: CalendarDate, to: CalendarDate, language: string): string {
  if (from === to) return formatCalendarDate(from, language);
  return formatter(language, 'long').formatRange(utcMidnight(from), utcMidnight(to));
}

/** "in 12 days", "yesterday", "today"; months or years when the date is far off. */
export function formatFromToday(date: CalendarDate, today: CalendarDate, language: string): string {
  const format = relativeFormat(language);
  const days = daysBetween(today, date);
  if (Math.abs(days) <= 60) return format.format(days, 'day');
  const months = Math.round(days / 30.44);
  return Math.abs(months) < 24 ? format.format(months, 'month') : format.format(Math.round(days / 365.25), 'year');
}
