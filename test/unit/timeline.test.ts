import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openingOffSchedule } from '../../shared/meeting/selectors.js';
import {
  addDays,
  consultationTimeline,
  daysBetween,
  localDate,
  timelineWarnings,
  TimelineSettings,
  wallClock,
  weekday,
} from '../../shared/timeline/timeline.js';

const date = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((value) => value.toISOString().slice(0, 10));
const settings = fc.record({
  launchWithinDays: fc.integer({ min: 0, max: 120 }),
  responsesDueDaysBefore: fc.integer({ min: 0, max: 180 }),
  compilationDaysBefore: fc.integer({ min: 0, max: 180 }),
  physicalWithinDaysBefore: fc.integer({ min: 1, max: 30 }),
});

describe('consultation timeline', () => {
  it('matches the published 2017 cycle: responses due 4 Jan, physical meeting 3 Feb, group meeting 6-7 Feb', () => {
    const timeline = consultationTimeline({ groupMeetingStart: '2017-02-06' });
    expect(timeline.physicalWindow).toEqual({ earliest: '2017-02-03', latest: '2017-02-05' });
    expect(timeline.preferredPhysical).toBe('2017-02-03');
    expect(timeline.responsesDue).toBe('2017-01-04');
    expect(timeline.compilationBy).toBe('2017-01-19');
    expect(timelineWarnings({ physicalMeeting: '2017-02-03', groupMeetingStart: '2017-02-06' })).toEqual([]);
  });

  it('prefers the Monday of the window when the group meets later in the week', () => {
    const timeline = consultationTimeline({ groupMeetingStart: '2026-12-02' });
    expect(weekday('2026-12-02')).toBe(3);
    expect(timeline.preferredPhysical).toBe('2026-11-30');
    expect(timelineWarnings({ physicalMeeting: '2026-12-01', groupMeetingStart: '2026-12-02' })).toEqual([
      { rule: 'not_start_of_week', physicalMeeting: '2026-12-01', preferred: '2026-11-30' },
    ]);
  });

  it('launch is due 15 days after the previous group meeting, across a leap day', () => {
    expect(consultationTimeline({ groupMeetingStart: '2024-06-10', previousGroupMeetingEnd: '2024-02-20' }).launchBy).toBe(
      '2024-03-06',
    );
    expect(
      timelineWarnings({
        physicalMeeting: '2024-06-07',
        groupMeetingStart: '2024-06-10',
        previousGroupMeetingEnd: '2024-02-20',
        consultationLaunchedOn: '2024-03-07',
      }),
    ).toEqual([{ rule: 'launch_too_late', launchedOn: '2024-03-07', launchBy: '2024-03-06' }]);
  });

  it('flags a physical meeting after the group meeting or too long before it', () => {
    expect(timelineWarnings({ physicalMeeting: '2017-02-06', groupMeetingStart: '2017-02-06' })[0]!.rule).toBe(
      'physical_after_group_meeting',
    );
    expect(timelineWarnings({ physicalMeeting: '2017-02-01', groupMeetingStart: '2017-02-06' })[0]!.rule).toBe('physical_too_early');
  });

  it('property: every deadline is the set number of days from its anchor, whatever the month or year', () => {
    fc.assert(
      fc.property(date, date, settings, (group, previous, custom) => {
        const parsed = TimelineSettings.parse(custom);
        const timeline = consultationTimeline({ groupMeetingStart: group, previousGroupMeetingEnd: previous }, parsed);
        expect(daysBetween(timeline.physicalMeeting, group)).toBeGreaterThanOrEqual(1);
        expect(daysBetween(timeline.physicalMeeting, group)).toBeLessThanOrEqual(parsed.physicalWithinDaysBefore);
        expect(daysBetween(timeline.responsesDue, timeline.physicalMeeting)).toBe(parsed.responsesDueDaysBefore);
        expect(daysBetween(timeline.compilationBy, timeline.physicalMeeting)).toBe(parsed.compilationDaysBefore);
        expect(daysBetween(previous, timeline.launchBy!)).toBe(parsed.launchWithinDays);
        expect(timeline.launchBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 500 },
    );
  });

  it('property: the window days all lie before the group meeting and a date in it raises no window warning', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 30 }), fc.nat(), (group, within, pick) => {
        const parsed = TimelineSettings.parse({ physicalWithinDaysBefore: within });
        const chosen = addDays(group, -1 - (pick % within));
        const rules = timelineWarnings({ physicalMeeting: chosen, groupMeetingStart: group }, parsed).map((warning) => warning.rule);
        expect(rules).not.toContain('physical_after_group_meeting');
        expect(rules).not.toContain('physical_too_early');
      }),
      { numRuns: 500 },
    );
  });

  it('property: addDays and daysBetween agree across month ends and leap years', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -800, max: 800 }), (start, days) => {
        expect(daysBetween(start, addDays(start, days))).toBe(days);
        expect(addDays(addDays(start, days), -days)).toBe(start);
      }),
      { numRuns: 1000 },
    );
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('property: the local date of an instant depends on the meeting time zone, never the server one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom('Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Zurich', 'America/Sao_Paulo', 'Asia/Kolkata', 'UTC'),
        (instant, zone) => {
          const local = localDate(instant, zone);
          const utc = new Date(instant).toISOString().slice(0, 10);
          // Time zones span UTC-11 to UTC+14: at most one calendar day either way.
          expect(Math.abs(daysBetween(utc, local))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
    // 23:30 UTC on 31 December is already New Year in Geneva and still the 31st in Sao Paulo.
    const instant = Date.UTC(2026, 11, 31, 23, 30);
    expect(localDate(instant, 'Europe/Zurich')).toBe('2027-01-01');
    expect(localDate(instant, 'America/Sao_Paulo')).toBe('2026-12-31');
  });
});

describe('opening a meeting off its schedule', () => {
  const HOUR = 3600_000;
  const meeting = { startsAt: Date.UTC(2027, 1, 1, 8), endsAt: Date.UTC(2027, 1, 1, 17) };
  it('is early beyond two hours before the start, late after the scheduled end, on time between', () => {
    expect(openingOffSchedule(meeting, meeting.startsAt - 63 * 24 * HOUR)).toEqual({ early: 63 * 24 * HOUR });
    expect(openingOffSchedule(meeting, meeting.startsAt - 2 * HOUR - 1)).toEqual({ early: 2 * HOUR + 1 });
    expect(openingOffSchedule(meeting, meeting.startsAt - 2 * HOUR)).toBeNull();
    expect(openingOffSchedule(meeting, meeting.startsAt + 3 * HOUR)).toBeNull();
    expect(openingOffSchedule(meeting, meeting.endsAt)).toBeNull();
    expect(openingOffSchedule(meeting, meeting.endsAt + 1)).toEqual({ late: 1 });
  });
});

describe('timeline warnings at their edges (from the mutation run)', () => {
  // 2027-02-04 is a Thursday: the window is 1-3 Feb and Monday 1 Feb is preferred.
  const group = '2027-02-04';
  it('a meeting on the preferred Monday gets no start-of-week warning; another day of the window does', () => {
    expect(timelineWarnings({ physicalMeeting: '2027-02-01', groupMeetingStart: group })).toEqual([]);
    expect(timelineWarnings({ physicalMeeting: '2027-02-02', groupMeetingStart: group }).map((warning) => warning.rule)).toEqual([
      'not_start_of_week',
    ]);
  });

  it('a window without a Monday prefers nothing: any day in it is fine', () => {
    // Group meeting on Saturday 2027-02-13: window Wed 10 - Fri 12 Feb, no Monday.
    expect(timelineWarnings({ physicalMeeting: '2027-02-11', groupMeetingStart: '2027-02-13' })).toEqual([]);
  });

  it('the consultation may launch on its last allowed day, not the day after', () => {
    const input = { physicalMeeting: '2027-02-01', groupMeetingStart: group, previousGroupMeetingEnd: '2026-10-02' };
    // 15 days after 2 Oct is 17 Oct.
    expect(timelineWarnings({ ...input, consultationLaunchedOn: '2026-10-16' })).toEqual([]);
    expect(timelineWarnings({ ...input, consultationLaunchedOn: '2026-10-17' })).toEqual([]);
    expect(timelineWarnings({ ...input, consultationLaunchedOn: '2026-10-18' })).toEqual([
      { rule: 'launch_too_late', launchedOn: '2026-10-18', launchBy: '2026-10-17' },
    ]);
  });
});

describe('a wall clock in a zone', () => {
  it('shows every field of the instant as the zone’s clock does, seconds included', () => {
    expect(wallClock(Date.UTC(2017, 1, 3, 8, 4, 5), 'Europe/Zurich')).toEqual({ year: 2017, month: 2, day: 3, hour: 9, minute: 4, second: 5 });
    expect(wallClock(Date.UTC(2016, 11, 31, 23, 59, 59), 'Asia/Kolkata')).toEqual({ year: 2017, month: 1, day: 1, hour: 5, minute: 29, second: 59 });
  });
});
