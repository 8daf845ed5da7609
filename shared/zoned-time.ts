import { madeOnce } from './intl.js';

const dateTimeFormat = madeOnce(
  (language: string, timeZone: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone, numberingSystem: 'latn' }),
);

const zoneNameFormat = madeOnce(
  (language: string, timeZone: string) => new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'short', numberingSystem: 'latn' }),
);

/**
 * Dates and times as the meeting's own clock shows them, for pages and e-mails alike. Digits
 * are Western in every language, as on the countdown, so times compare at a glance.
 */
export function formatDateTime(ms: number, timeZone: string, language: string): string {
  return dateTimeFormat(language, timeZone).format(ms);
}

/**
 * What a reader elsewhere needs to place a time: the zone's short name at that instant ("CET",
 * "GMT+1") and the zone itself ("Europe/Zurich"), never a bare time that looks like their own.
 */
export function zoneLabel(ms: number, timeZone: string, language: string): string {
  const short = zoneNameFormat(language, timeZone)
    .formatToParts(ms)
    .find((part) => part.type === 'timeZoneName')?.value;
  return short && short !== timeZone ? `${short}${comma(language)}${timeZone}` : timeZone;
}

/** The list comma of the language's script: Arabic has its own. */
function comma(language: string): string {
  return language.split('-')[0] === 'ar' ? '، ' : ', ';
}

/** A date and time followed by its zone: "3 Feb 2017, 10:00 (CET, Europe/Zurich)". */
export function formatZoned(ms: number, timeZone: string, language: string): string {
  return `${formatDateTime(ms, timeZone, language)} (${zoneLabel(ms, timeZone, language)})`;
}
