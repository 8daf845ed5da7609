/**
 * `<input type="datetime-local">` speaks wall-clock time with no zone; meetings are set in
 * their venue's zone. These convert between the two without a date library.
 */

import { wallClock } from '../../../../shared/timeline/timeline.js';

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** How far `timeZone` is ahead of UTC at the instant `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const p = wallClock(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** "2017-02-03T09:30" in `timeZone` to epoch ms; null when the text is not a wall-clock time. */
export function zonedToEpoch(wallClock: string, timeZone: string): number | null {
  const match = WALL_CLOCK.exec(wallClock);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as number[];
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!);
  const first = wall - offsetAt(wall, timeZone);
  // A second pass settles times near a daylight-saving change.
  return wall - offsetAt(first, timeZone);
}

export function epochToZoned(ms: number, timeZone: string): string {
  const p = wallClock(ms, timeZone);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
