import { z } from 'zod';
import { madeOnce } from '../intl.js';

/**
 * Day offsets of the consultation cycle (Council Resolutions 1336/1344 as revised): settings
 * with these defaults, not constants.
 */
export const TimelineSettings = z.object({
  /** The online consultation opens no later than this many days after the group meeting that chose the topics. */
  launchWithinDays: z.number().int().min(0).max(120).default(15),
  /** Responses are due this many days before the physical meeting. */
  responsesDueDaysBefore: z.number().int().min(0).max(180).default(30),
  /** The compilation report is out no later than this many days before the physical meeting. */
  compilationDaysBefore: z.number().int().min(0).max(180).default(15),
  /** The physical meeting is held within this many days before the group meeting. */
  physicalWithinDaysBefore: z.number().int().min(1).max(30).default(3),
});
export type TimelineSettings = z.infer<typeof TimelineSettings>;
export const defaultTimelineSettings: TimelineSettings = TimelineSettings.parse({});

/**
 * What the secretariat records of the cycle around a meeting: the day offsets in force and the
 * dates this app does not hold itself. Meeting data, kept in the meeting's log and its archive.
 */
export const CycleRecord = z.object({
  settings: TimelineSettings.default(defaultTimelineSettings),
  /** Last day of the group meeting that chose the topics; the online consultation opens after it. */
  previousGroupMeetingEnd: z.iso.date().nullable().default(null),
  consultationLaunchedOn: z.iso.date().nullable().default(null),
});
export type CycleRecord = z.infer<typeof CycleRecord>;
export const emptyCycleRecord: CycleRecord = CycleRecord.parse({});

/** A calendar date, YYYY-MM-DD. Arithmetic on whole days in UTC: no DST or zone shifts. */
export type CalendarDate = string;

const DAY_MS = 24 * 3600 * 1000;

function toDays(date: CalendarDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromDays(days: number): CalendarDate {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDays(toDays(date) + days);
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDays(to) - toDays(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CalendarDate): number {
  return new Date(toDays(date) * DAY_MS).getUTCDay();
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A cycle's every command reads its dates in its zone several times. */
const wallClockFormat = madeOnce(
  (timeZone: string) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
);

/** The calendar fields of an instant as a wall clock in the time zone shows them. */
export function wallClock(epochMs: number, timeZone: string): WallClock {
  const parts = wallClockFormat(timeZone).formatToParts(epochMs);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return {
    year: field('year'),
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
  };
}

/** The calendar date of an instant in a time zone: where the meeting is, not where the server is. */
export function localDate(epochMs: number, timeZone: string): CalendarDate {
  const { year, month, day } = wallClock(epochMs, timeZone);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export interface ConsultationTimeline {
  /** Latest launch of the online consultation; null without the previous group meeting's date. */
  launchBy: CalendarDate | null;
  /** Days on which the physical meeting may be held, the day before the group meeting last. */
  physicalWindow: { earliest: CalendarDate; latest: CalendarDate };
  /** A Monday in the window when there is one ("preferably at the start of the week"), else its first day. */
  preferredPhysical: CalendarDate;
  /** Dates that follow from the physical meeting's date (the chosen one, else the preferred one). */
  physicalMeeting: CalendarDate;
  responsesDue: CalendarDate;
  compilationBy: CalendarDate;
}

export function consultationTimeline(
  input: { groupMeetingStart: CalendarDate; previousGroupMeetingEnd?: CalendarDate | null; physicalMeeting?: CalendarDate | null },
  settings: TimelineSettings = defaultTimelineSettings,
): ConsultationTimeline {
  const earliest = addDays(input.groupMeetingStart, -settings.physicalWithinDaysBefore);
  const latest = addDays(input.groupMeetingStart, -1);
  const window = Array.from({ length: settings.physicalWithinDaysBefore }, (_, index) => addDays(earliest, index));
  const preferredPhysical = window.find((date) => weekday(date) === 1) ?? earliest;
  const physicalMeeting = input.physicalMeeting ?? preferredPhysical;
  return {
    launchBy: input.previousGroupMeetingEnd ? addDays(input.previousGroupMeetingEnd, settings.launchWithinDays) : null,
    physicalWindow: { earliest, latest },
    preferredPhysical,
    physicalMeeting,
    responsesDue: addDays(physicalMeeting, -settings.responsesDueDaysBefore),
    compilationBy: addDays(physicalMeeting, -settings.compilationDaysBefore),
  };
}

export type TimelineWarning =
  | { rule: 'physical_after_group_meeting'; physicalMeeting: CalendarDate; groupMeetingStart: CalendarDate }
  | { rule: 'physical_too_early'; physicalMeeting: CalendarDate; earliest: CalendarDate }
  | { rule: 'launch_too_late'; launchedOn: CalendarDate; launchBy: CalendarDate }
  | { rule: 'not_start_of_week'; physicalMeeting: CalendarDate; preferred: CalendarDate };

/** What is wrong with a meeting's dates under the rules; empty when they all hold. */
export function timelineWarnings(
  input: {
    physicalMeeting: CalendarDate;
    groupMeetingStart: CalendarDate;
    previousGroupMeetingEnd?: CalendarDate | null;
    consultationLaunchedOn?: CalendarDate | null;
  },
  settings: TimelineSettings = defaultTimelineSettings,
): TimelineWarning[] {
  const timeline = consultationTimeline(input, settings);
  const warnings: TimelineWarning[] = [];
  const { physicalMeeting, groupMeetingStart } = input;
  if (daysBetween(physicalMeeting, groupMeetingStart) < 1) {
    warnings.push({ rule: 'physical_after_group_meeting', physicalMeeting, groupMeetingStart });
  } else if (daysBetween(timeline.physicalWindow.earliest, physicalMeeting) < 0) {
    warnings.push({ rule: 'physical_too_early', physicalMeeting, earliest: timeline.physicalWindow.earliest });
  } else if (physicalMeeting !== timeline.preferredPhysical && weekday(timeline.preferredPhysical) === 1) {
    warnings.push({ rule: 'not_start_of_week', physicalMeeting, preferred: timeline.preferredPhysical });
  }
  if (timeline.launchBy && input.consultationLaunchedOn && daysBetween(timeline.launchBy, input.consultationLaunchedOn) > 0) {
    warnings.push({ rule: 'launch_too_late', launchedOn: input.consultationLaunchedOn, launchBy: timeline.launchBy });
  }
  return warnings;
}
