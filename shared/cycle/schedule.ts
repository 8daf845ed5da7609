import { addDays, consultationTimeline, daysBetween, localDate, weekday, type CalendarDate } from '../timeline/timeline.js';
import type { CycleDetails, CycleOverview } from './model.js';

const HOUR_MS = 3600 * 1000;

/**
 * The first instant of `date` in `timeZone`: where a day-based deadline starts or ends. Found
 * by bisection over the local date, which holds where midnight itself does not exist (a DST
 * change at midnight starts the day at 01:00) and for any zone offset.
 */
export function startOfDay(date: CalendarDate, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  // Every zone is within 14 hours of UTC: the day starts in this window.
  let before = Date.UTC(year, month - 1, day) - 15 * HOUR_MS;
  let from = Date.UTC(year, month - 1, day) + 15 * HOUR_MS;
  while (from - before > 1) {
    const middle = Math.floor((before + from) / 2);
    if (localDate(middle, timeZone) >= date) from = middle;
    else before = middle;
  }
  return from;
}

/** The cycle's dates: the rules' dates, or those the secretariat fixed. */
export interface CycleSchedule {
  /** Latest launch under the rules; null without the previous group meeting. */
  launchBy: CalendarDate | null;
  /** Planned launch: the fixed date, else the latest the rules allow. */
  launch: CalendarDate | null;
  responsesDue: CalendarDate;
  reportBy: CalendarDate;
  meeting: CalendarDate;
  groupMeeting: CalendarDate;
  physicalWindow: { earliest: CalendarDate; latest: CalendarDate };
  /** Responses are taken until this instant: the end of the due day in the cycle's zone. */
  closesAt: number;
  /** What the rules alone give, to show next to a fixed date. */
  rule: { responsesDue: CalendarDate; reportBy: CalendarDate; meeting: CalendarDate };
}

/**
 * The meeting's day is the cycle's own (set from its meeting when linked), else the rules'
 * preferred day: the cycle's log alone decides when it closes, so replay gives the same result.
 */
export function cycleSchedule(cycle: CycleDetails): CycleSchedule {
  const inputs = [cycle.settings, cycle.nextGroupMeeting, cycle.previousGroupMeeting, cycle.timeZone];
  const known = schedules.get(cycle.dates);
  if (known && known.inputs.every((input, index) => input === inputs[index])) return known.schedule;
  const schedule = workedOut(cycle);
  schedules.set(cycle.dates, { inputs, schedule });
  return schedule;
}

/**
 * The schedule last worked out for a cycle, by its dates (states are never mutated: a command
 * that changes none of the inputs keeps their objects). Working one out finds midnight in the
 * zone by bisection, some 50 readings of a wall clock, and every response is judged against it.
 */
const schedules = new WeakMap<CycleDetails['dates'], { inputs: readonly unknown[]; schedule: CycleSchedule }>();

function workedOut(cycle: CycleDetails): CycleSchedule {
  const { settings, dates } = cycle;
  const ruleTimeline = consultationTimeline(
    { groupMeetingStart: cycle.nextGroupMeeting.startsOn, previousGroupMeetingEnd: cycle.previousGroupMeeting?.endsOn ?? null },
    settings,
  );
  const meeting = dates.meeting ?? ruleTimeline.preferredPhysical;
  const timeline = consultationTimeline(
    {
      groupMeetingStart: cycle.nextGroupMeeting.startsOn,
      previousGroupMeetingEnd: cycle.previousGroupMeeting?.endsOn ?? null,
      physicalMeeting: meeting,
    },
    settings,
  );
  const responsesDue = dates.responsesDue ?? timeline.responsesDue;
  return {
    launchBy: timeline.launchBy,
    launch: dates.launch ?? timeline.launchBy,
    responsesDue,
    reportBy: dates.reportBy ?? timeline.compilationBy,
    meeting,
    groupMeeting: cycle.nextGroupMeeting.startsOn,
    physicalWindow: timeline.physicalWindow,
    closesAt: startOfDay(addDays(responsesDue, 1), cycle.timeZone),
    rule: { responsesDue: timeline.responsesDue, reportBy: timeline.compilationBy, meeting: ruleTimeline.preferredPhysical },
  };
}

export type ConsultationPhase = 'not_launched' | 'open' | 'closed';

/** Open from launch until the end of the response deadline in the cycle's zone; closed before and after. */
export function consultationPhase(cycle: CycleOverview, now: number): ConsultationPhase {
  return phaseBetween(cycle.launchedAt, cycle.launchedAt === null ? 0 : cycleSchedule(cycle).closesAt, now);
}

/** The phase of a consultation launched at `launchedAt` (null: not launched) whose responses close at `closesAt`. */
export function phaseBetween(launchedAt: number | null, closesAt: number, now: number): ConsultationPhase {
  if (launchedAt === null || now < launchedAt) return 'not_launched';
  return now < closesAt ? 'open' : 'closed';
}

export type CycleWarning =
  | { rule: 'launch_after_rule'; launch: CalendarDate; launchBy: CalendarDate }
  | { rule: 'launch_late'; launchBy: CalendarDate }
  | { rule: 'responses_due_after_rule'; responsesDue: CalendarDate; ruleDate: CalendarDate }
  | { rule: 'responses_due_before_launch'; responsesDue: CalendarDate; launch: CalendarDate }
  | { rule: 'report_after_rule'; reportBy: CalendarDate; ruleDate: CalendarDate }
  | { rule: 'report_before_responses'; reportBy: CalendarDate; responsesDue: CalendarDate }
  | { rule: 'report_due_soon'; reportBy: CalendarDate; days: number }
  | { rule: 'report_late'; reportBy: CalendarDate }
  | { rule: 'meeting_outside_window'; meeting: CalendarDate; earliest: CalendarDate; latest: CalendarDate }
  | { rule: 'meeting_not_start_of_week'; meeting: CalendarDate; preferred: CalendarDate }
  | { rule: 'meeting_day_differs'; meeting: CalendarDate; meetingDay: CalendarDate };

/** A report not out this many days before its date is warned about while there is time. */
export const REPORT_WARNING_DAYS = 7;

/**
 * What breaks, or is about to break, a rule of the cycle today (`today` in the cycle's zone;
 * `meetingDay`: the linked meeting's day as the meeting now has it).
 * Dates the secretariat fixed are checked against the rules; live checks (a launch or a
 * report still missing) against today.
 */
export function cycleWarnings(cycle: CycleOverview, today: CalendarDate, meetingDay: CalendarDate | null = null): CycleWarning[] {
  const schedule = cycleSchedule(cycle);
  const warnings: CycleWarning[] = [];
  const { launch, launchBy, responsesDue, reportBy, meeting, physicalWindow } = schedule;
  const launchedOn = cycle.launchedAt === null ? null : localDate(cycle.launchedAt, cycle.timeZone);
  const launchDate = launchedOn ?? launch;
  if (launchBy && launchDate && daysBetween(launchBy, launchDate) > 0) {
    warnings.push({ rule: 'launch_after_rule', launch: launchDate, launchBy });
  } else if (launchBy && launchedOn === null && daysBetween(launchBy, today) > 0) {
    warnings.push({ rule: 'launch_late', launchBy });
  }
  if (daysBetween(schedule.rule.responsesDue, responsesDue) > 0) {
    warnings.push({ rule: 'responses_due_after_rule', responsesDue, ruleDate: schedule.rule.responsesDue });
  }
  if (launchDate && daysBetween(launchDate, responsesDue) < 0) {
    warnings.push({ rule: 'responses_due_before_launch', responsesDue, launch: launchDate });
  }
  if (daysBetween(schedule.rule.reportBy, reportBy) > 0) {
    warnings.push({ rule: 'report_after_rule', reportBy, ruleDate: schedule.rule.reportBy });
  }
  if (daysBetween(responsesDue, reportBy) <= 0) warnings.push({ rule: 'report_before_responses', reportBy, responsesDue });
  if (cycle.report === null) {
    const left = daysBetween(today, reportBy);
    if (left < 0) warnings.push({ rule: 'report_late', reportBy });
    else if (left <= REPORT_WARNING_DAYS) warnings.push({ rule: 'report_due_soon', reportBy, days: left });
  }
  // The window is a rule about the meeting as it is held: its own day once it has one.
  const held = meetingDay ?? meeting;
  if (daysBetween(physicalWindow.earliest, held) < 0 || daysBetween(held, physicalWindow.latest) < 0) {
    warnings.push({ rule: 'meeting_outside_window', meeting: held, ...physicalWindow });
  } else {
    const preferred = consultationTimeline({ groupMeetingStart: schedule.groupMeeting }, cycle.settings).preferredPhysical;
    if (held !== preferred && weekday(preferred) === 1) warnings.push({ rule: 'meeting_not_start_of_week', meeting: held, preferred });
  }
  // The meeting was moved after the cycle took its day: the deadlines follow the cycle's day.
  if (meetingDay !== null && meetingDay !== meeting) warnings.push({ rule: 'meeting_day_differs', meeting, meetingDay });
  return warnings;
}

export const milestoneKeys = ['proposals', 'launch', 'responsesDue', 'reportBy', 'meeting', 'groupMeeting'] as const;
export type MilestoneKey = (typeof milestoneKeys)[number];

export interface Milestone {
  key: MilestoneKey;
  date: CalendarDate | null;
  /** Done: the step happened (topics chosen, launched, report published) or its day passed. */
  state: 'done' | 'next' | 'later';
}

/** The cycle's steps in order, with which are done and which comes next. */
export function milestones(cycle: CycleOverview, today: CalendarDate): Milestone[] {
  const schedule = cycleSchedule(cycle);
  const passed = (date: CalendarDate | null) => date !== null && daysBetween(date, today) > 0;
  const steps: { key: MilestoneKey; date: CalendarDate | null; done: boolean }[] = [
    { key: 'proposals', date: cycle.previousGroupMeeting?.endsOn ?? null, done: cycle.chosen !== null },
    {
      key: 'launch',
      date: cycle.launchedAt === null ? schedule.launch : localDate(cycle.launchedAt, cycle.timeZone),
      done: cycle.launchedAt !== null,
    },
    { key: 'responsesDue', date: schedule.responsesDue, done: passed(schedule.responsesDue) },
    { key: 'reportBy', date: schedule.reportBy, done: cycle.report !== null },
    { key: 'meeting', date: schedule.meeting, done: passed(schedule.meeting) },
    { key: 'groupMeeting', date: schedule.groupMeeting, done: passed(schedule.groupMeeting) },
  ];
  const next = steps.findIndex((step) => !step.done);
  return steps.map((step, index) => ({
    key: step.key,
    date: step.date,
    state: step.done ? 'done' : index === next ? 'next' : 'later',
  }));
}
