import { describe, expect, it } from 'vitest';
import type { CycleCommand } from '../../shared/cycle/commands.js';
import { executeCycle } from '../../shared/cycle/execute.js';
import type { CycleDetails, CycleState } from '../../shared/cycle/model.js';
import { consultationPhase, cycleSchedule, cycleWarnings, milestones, startOfDay } from '../../shared/cycle/schedule.js';
import { addDays } from '../../shared/timeline/timeline.js';
import { cycleDetails, SECRETARIAT, T0 } from './cycle-fixtures.js';

/**
 * The cycle's live checks at their edges: a day early, on the day, a day late. The published
 * 2017 cycle: previous group meeting ended 21 October 2016, the next starts Monday 6 February
 * 2017; launch by 5 November, responses due 4 January, report by 19 January, meeting on 3 February.
 */
const details = (overrides: Partial<CycleDetails> = {}) => cycleDetails({ languages: ['en'], ...overrides });
function run(state: CycleState | null, command: CycleCommand, now = T0): CycleState {
  const result = executeCycle(state, command, { actor: SECRETARIAT, now });
  if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
  return result.value.state;
}
/** Topics chosen, not launched. */
function chosen(overrides: Partial<CycleDetails> = {}): CycleState {
  let state = run(null, { type: 'cycle:create', cycleId: 'c1', details: details(overrides) });
  state = run(state, { type: 'proposal:add', details: { memberState: 'Brazil', title: 'IXPs', description: '', questions: [], translations: {} } });
  return run(state, { type: 'topics:choose', proposalIds: ['p1'] });
}
const rules = (state: CycleState, today: string, meetingDay: string | null = null) => cycleWarnings(state, today, meetingDay).map((warning) => warning.rule);

describe('a day is its first instant in the cycle’s zone', () => {
  it('midnight in Geneva is 23:00 UTC the day before in winter; in Kolkata 18:30 UTC', () => {
    expect(startOfDay('2017-01-04', 'Europe/Zurich')).toBe(Date.UTC(2017, 0, 3, 23));
    expect(startOfDay('2017-07-04', 'Europe/Zurich')).toBe(Date.UTC(2017, 6, 3, 22));
    expect(startOfDay('2017-03-15', 'Asia/Kolkata')).toBe(Date.UTC(2017, 2, 14, 18, 30));
    expect(startOfDay('2016-12-31', 'UTC')).toBe(Date.UTC(2016, 11, 31));
  });
});

describe('the launch', () => {
  it('not launched: late from the day after the latest launch, not on it', () => {
    const state = chosen();
    expect(cycleSchedule(state).launchBy).toBe('2016-11-05');
    expect(rules(state, '2016-11-05')).not.toContain('launch_late');
    expect(cycleWarnings(state, '2016-11-06')).toContainEqual({ rule: 'launch_late', launchBy: '2016-11-05' });
  });

  it('launched: after the rule’s day is warned, with the day it was launched; on it is not', () => {
    const onTime = run(chosen(), { type: 'consultation:launch' }, Date.UTC(2016, 10, 5, 12));
    expect(rules(onTime, '2016-11-20')).not.toContain('launch_after_rule');
    expect(rules(onTime, '2016-11-20')).not.toContain('launch_late');
    const late = run(chosen(), { type: 'consultation:launch' }, Date.UTC(2016, 10, 7, 12));
    expect(cycleWarnings(late, '2016-11-20')).toContainEqual({ rule: 'launch_after_rule', launch: '2016-11-07', launchBy: '2016-11-05' });
  });

  it('a cycle with no previous group meeting has no latest launch, so no launch warning', () => {
    const state = chosen({ previousGroupMeeting: null });
    expect(cycleSchedule(state).launchBy).toBeNull();
    expect(rules(state, '2017-01-01').filter((rule) => rule.startsWith('launch'))).toEqual([]);
    expect(milestones(state, '2016-12-01')[0]).toEqual({ key: 'proposals', date: null, state: 'done' });
  });
});

describe('fixed dates out of order', () => {
  it('responses due before the launch are warned; on the launch day they are not', () => {
    const before = chosen({ dates: { launch: '2016-11-01', responsesDue: '2016-10-31', reportBy: null, meeting: null } });
    expect(cycleWarnings(before, '2016-10-24')).toContainEqual({ rule: 'responses_due_before_launch', responsesDue: '2016-10-31', launch: '2016-11-01' });
    const same = chosen({ dates: { launch: '2016-11-01', responsesDue: '2016-11-01', reportBy: null, meeting: null } });
    expect(rules(same, '2016-10-24')).not.toContain('responses_due_before_launch');
  });

  it('a report due on or before the responses’ day is warned; a day after is not', () => {
    const sameDay = chosen({ dates: { launch: null, responsesDue: '2017-01-04', reportBy: '2017-01-04', meeting: null } });
    expect(cycleWarnings(sameDay, '2016-10-24')).toContainEqual({ rule: 'report_before_responses', reportBy: '2017-01-04', responsesDue: '2017-01-04' });
    const dayAfter = chosen({ dates: { launch: null, responsesDue: '2017-01-04', reportBy: '2017-01-05', meeting: null } });
    expect(rules(dayAfter, '2016-10-24')).not.toContain('report_before_responses');
  });
});

describe('the report', () => {
  it('due soon from seven days before its day, counting down to 0 on the day; late the day after', () => {
    const state = run(chosen(), { type: 'consultation:launch' });
    const reportBy = cycleSchedule(state).reportBy;
    expect(reportBy).toBe('2017-01-19');
    expect(rules(state, addDays(reportBy, -8))).not.toContain('report_due_soon');
    expect(cycleWarnings(state, addDays(reportBy, -7))).toContainEqual({ rule: 'report_due_soon', reportBy, days: 7 });
    expect(cycleWarnings(state, reportBy)).toContainEqual({ rule: 'report_due_soon', reportBy, days: 0 });
    expect(rules(state, reportBy)).not.toContain('report_late');
    expect(cycleWarnings(state, addDays(reportBy, 1))).toContainEqual({ rule: 'report_late', reportBy });
  });
});

describe('the meeting day', () => {
  it('the window’s first day is inside it; the cycle’s own day, given again, differs from nothing', () => {
    const state = run(chosen(), { type: 'consultation:launch' });
    expect(cycleSchedule(state).meeting).toBe('2017-02-03');
    expect(rules(state, '2016-12-01', '2017-02-03')).toEqual([]);
    expect(rules(state, '2016-12-01')).toEqual([]);
  });

  it('where the window has a Monday, a meeting on another of its days is warned as not at the start of the week', () => {
    // A group meeting from Thursday 9 February: the window is Monday 6 to Wednesday 8.
    const state = chosen({ nextGroupMeeting: { name: 'CWG-Internet', startsOn: '2017-02-09' } });
    expect(cycleSchedule(state).meeting).toBe('2017-02-06');
    expect(rules(state, '2016-10-24', '2017-02-06')).not.toContain('meeting_not_start_of_week');
    expect(cycleWarnings(state, '2016-10-24', '2017-02-07')).toContainEqual({ rule: 'meeting_not_start_of_week', meeting: '2017-02-07', preferred: '2017-02-06' });
  });
});

describe('the consultation’s phase and the steps', () => {
  it('open from the instant of launch to the last millisecond of the due day; not launched before that instant', () => {
    const launchedAt = T0 + 5_000;
    const state = run(chosen(), { type: 'consultation:launch' }, launchedAt);
    const { closesAt } = cycleSchedule(state);
    expect(consultationPhase(state, launchedAt - 1)).toBe('not_launched');
    expect(consultationPhase(state, launchedAt)).toBe('open');
    expect(consultationPhase(state, closesAt - 1)).toBe('open');
    expect(consultationPhase(state, closesAt)).toBe('closed');
  });

  it('before topics are chosen, choosing them is next; a day is done only once it has passed', () => {
    const created = run(null, { type: 'cycle:create', cycleId: 'c1', details: details() });
    expect(milestones(created, '2016-10-24').map((step) => step.state)).toEqual(['next', 'later', 'later', 'later', 'later', 'later']);
    const launched = run(chosen(), { type: 'consultation:launch' });
    expect(milestones(launched, '2017-01-04').find((step) => step.key === 'responsesDue')!.state).toBe('next');
    expect(milestones(launched, '2017-01-05').find((step) => step.key === 'responsesDue')!.state).toBe('done');
    expect(milestones(launched, '2017-01-05').find((step) => step.key === 'launch')!.date).toBe('2016-10-24');
    expect(milestones(chosen(), '2016-10-24').find((step) => step.key === 'launch')!).toEqual({ key: 'launch', date: '2016-11-05', state: 'next' });
    const published = { ...launched, report: { version: 1, publishedAt: T0, responseIds: [] } };
    expect(milestones(published, '2016-11-01').find((step) => step.key === 'reportBy')!.state).toBe('done');
    expect(milestones(launched, '2016-11-01').find((step) => step.key === 'reportBy')!.state).toBe('later');
  });
});
