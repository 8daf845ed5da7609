import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CycleActor, CycleCommand } from '../../shared/cycle/commands.js';
import { executeCycle, meetingTopicRefusal, replayCycle } from '../../shared/cycle/execute.js';
import { TopicDetails } from '../../shared/meeting/model.js';
import type { CycleDetails, CycleState, ResponseDetails } from '../../shared/cycle/model.js';
import { consultationPhase, cycleSchedule, cycleWarnings, milestones, startOfDay } from '../../shared/cycle/schedule.js';
import { RESPONSES_PAGE_SIZE, responseCounts, responseFilters, responsesPage, ResponsesQuery } from '../../shared/cycle/selectors.js';
import { addDays, localDate } from '../../shared/timeline/timeline.js';
import { cycleDetails, PUBLIC, SECRETARIAT, T0 } from './cycle-fixtures.js';


const zones = [
  'UTC',
  'Europe/Zurich',
  'America/Santiago',
  'America/Havana',
  'Asia/Beirut',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Australia/Lord_Howe',
  'America/St_Johns',
] as const;
const zone = fc.constantFrom(...zones);
const date = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
  .map((value) => value.toISOString().slice(0, 10));
/** Month ends and the days around them, where day arithmetic goes wrong first. */
const monthEnd = fc
  .record({ year: fc.integer({ min: 2000, max: 2060 }), month: fc.integer({ min: 1, max: 12 }), shift: fc.integer({ min: -1, max: 1 }) })
  .map(({ year, month, shift }) => addDays(new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10), shift));

const details = cycleDetails;

function run(state: CycleState | null, command: CycleCommand, actor: CycleActor, now: number) {
  const result = executeCycle(state, command, { actor, now });
  if (!result.ok) throw new Error(`${command.type}: ${result.error.code} ${result.error.detail ?? ''}`);
  return result.value;
}

const response = (topicId: string, overrides: Partial<ResponseDetails> = {}): ResponseDetails => ({
  respondent: { name: 'Amina Diallo', organisation: 'Civic Net', country: 'Senegal', stakeholderGroup: 'civil_society' },
  email: 'amina@example.org',
  language: 'en',
  answers: [{ topicId, text: 'Our view.', documents: [] }],
  consent: true,
  ...overrides,
});

/** A cycle with two proposals, the first chosen and launched at T0. */
function launchedCycle(overrides: Partial<CycleDetails> = {}) {
  let state = run(null, { type: 'cycle:create', cycleId: 'c1', details: details(overrides) }, SECRETARIAT, T0).state;
  state = run(state, { type: 'proposal:add', details: { memberState: 'Brazil', title: 'Public policy on IXPs', description: '', questions: ['Why?'], translations: {} } }, SECRETARIAT, T0).state;
  state = run(state, { type: 'proposal:add', details: { memberState: 'Kenya', title: 'Affordable access', description: '', questions: [], translations: {} } }, SECRETARIAT, T0).state;
  state = run(state, { type: 'topics:choose', proposalIds: ['p1'] }, SECRETARIAT, T0).state;
  return run(state, { type: 'consultation:launch' }, SECRETARIAT, T0).state;
}

describe('consultation cycle dates', () => {
  it('gives the published 2017 cycle: launch by 5 Nov, responses due 4 Jan, report by 19 Jan, meeting 3 Feb', () => {
    const schedule = cycleSchedule(details());
    expect(schedule).toMatchObject({
      launchBy: '2016-11-05',
      responsesDue: '2017-01-04',
      reportBy: '2017-01-19',
      meeting: '2017-02-03',
      physicalWindow: { earliest: '2017-02-03', latest: '2017-02-05' },
    });
  });

  it('starts a day at the first instant whose local date is that day, in every zone and on month ends', () => {
    fc.assert(
      fc.property(fc.oneof(date, monthEnd), zone, (day, timeZone) => {
        const start = startOfDay(day, timeZone);
        expect(localDate(start, timeZone)).toBe(day);
        expect(localDate(start - 1, timeZone) < day).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('starts the day at 01:00 where a DST change skips midnight (Santiago, 2022-09-11)', () => {
    const start = startOfDay('2022-09-11', 'America/Santiago');
    expect(new Date(start).toISOString()).toBe('2022-09-11T04:00:00.000Z');
  });

  it('takes responses until the last millisecond of the due day in the cycle zone, and none after', () => {
    fc.assert(
      fc.property(zone, fc.integer({ min: 0, max: 60 }), (timeZone, dueAfter) => {
        const responsesDue = addDays('2016-10-25', dueAfter);
        const state = launchedCycle({ timeZone, dates: { launch: null, responsesDue, reportBy: null, meeting: null } });
        const closesAt = cycleSchedule(state).closesAt;
        expect(localDate(closesAt - 1, timeZone)).toBe(responsesDue);
        expect(localDate(closesAt, timeZone)).toBe(addDays(responsesDue, 1));
        expect(consultationPhase(state, closesAt - 1)).toBe('open');
        expect(consultationPhase(state, closesAt)).toBe('closed');
        const late = executeCycle(state, { type: 'response:submit', details: response('p1'), confirmed: true }, { actor: PUBLIC, now: closesAt });
        expect(late.ok).toBe(false);
        const inTime = executeCycle(state, { type: 'response:submit', details: response('p1'), confirmed: true }, { actor: PUBLIC, now: closesAt - 1 });
        expect(inTime.ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('is closed before launch, whatever the date', () => {
    let state = run(null, { type: 'cycle:create', cycleId: 'c1', details: details() }, SECRETARIAT, T0).state;
    state = run(state, { type: 'proposal:add', details: { memberState: 'Brazil', title: 'IXPs', description: '', questions: [], translations: {} } }, SECRETARIAT, T0).state;
    state = run(state, { type: 'topics:choose', proposalIds: ['p1'] }, SECRETARIAT, T0).state;
    expect(consultationPhase(state, T0 + 1000)).toBe('not_launched');
    const refused = executeCycle(state, { type: 'response:submit', details: response('p1'), confirmed: true }, { actor: PUBLIC, now: T0 + 1000 });
    expect(refused.ok || refused.error.code).toBe('CONSULTATION_NOT_OPEN');
  });

  it('keeps every fixed date the secretariat enters and warns about each rule it breaks', () => {
    const state = launchedCycle({ dates: { launch: '2016-11-20', responsesDue: '2017-01-10', reportBy: '2017-01-25', meeting: '2017-02-07' } });
    const rules = cycleWarnings({ ...state, launchedAt: null }, '2016-10-24').map((warning) => warning.rule);
    expect(rules).toEqual(expect.arrayContaining(['launch_after_rule', 'responses_due_after_rule', 'report_after_rule', 'meeting_outside_window']));
    expect(cycleSchedule(state).responsesDue).toBe('2017-01-10');
  });

  it('warns while the report is due soon and when it is late, and never once it is published', () => {
    const state = launchedCycle();
    expect(cycleWarnings(state, '2017-01-12').map((w) => w.rule)).toContain('report_due_soon');
    expect(cycleWarnings(state, '2017-01-20').map((w) => w.rule)).toContain('report_late');
    const published = { ...state, report: { version: 1, publishedAt: T0, responseIds: [] } };
    expect(cycleWarnings(published, '2017-01-20').map((w) => w.rule)).not.toContain('report_late');
    expect(cycleWarnings(state, '2017-01-12', '2017-02-04').map((w) => w.rule)).toContain('meeting_day_differs');
  });

  it('warns when the meeting itself is moved out of the days before the group meeting, whatever day the cycle kept', () => {
    const state = launchedCycle();
    // The group meeting starts on Monday 6 February 2017: the meeting is held on the 3rd, 4th or 5th.
    const rules = (meetingDay: string) => cycleWarnings(state, '2016-12-01', meetingDay).map((warning) => warning.rule);
    expect(rules('2017-02-05')).toEqual(['meeting_day_differs']);
    expect(rules('2017-02-06')).toEqual(['meeting_outside_window', 'meeting_day_differs']);
    expect(rules('2017-02-02')).toEqual(['meeting_outside_window', 'meeting_day_differs']);
    expect(cycleWarnings(state, '2016-12-01', '2017-02-06')).toContainEqual({ rule: 'meeting_outside_window', meeting: '2017-02-06', earliest: '2017-02-03', latest: '2017-02-05' });
  });

  it('keeps the order of the cycle for any group meeting date under the default rules', () => {
    fc.assert(
      fc.property(fc.oneof(date, monthEnd), date, zone, (groupStart, previousEnd, timeZone) => {
        const schedule = cycleSchedule(details({ nextGroupMeeting: { name: 'G', startsOn: groupStart }, previousGroupMeeting: { name: 'P', endsOn: previousEnd }, timeZone }));
        expect(schedule.responsesDue < schedule.reportBy).toBe(true);
        expect(schedule.reportBy < schedule.meeting).toBe(true);
        expect(schedule.meeting < schedule.groupMeeting).toBe(true);
        expect(addDays(schedule.responsesDue, 30)).toBe(schedule.meeting);
        // Responses close at the end of their due day, a day long give or take a DST change.
        const length = schedule.closesAt - startOfDay(schedule.responsesDue, timeZone);
        expect(length >= 23 * 3600_000 && length <= 25 * 3600_000).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('follows any day offsets the secretariat sets, and warns about a fixed date only past the date they give', () => {
    const offsets = fc.record({
      launchWithinDays: fc.integer({ min: 0, max: 120 }),
      responsesDueDaysBefore: fc.integer({ min: 0, max: 180 }),
      compilationDaysBefore: fc.integer({ min: 0, max: 180 }),
      physicalWithinDaysBefore: fc.integer({ min: 1, max: 30 }),
    });
    fc.assert(
      fc.property(offsets, fc.oneof(date, monthEnd), fc.oneof(date, monthEnd), fc.integer({ min: 0, max: 40 }), (settings, groupStart, previousEnd, late) => {
        const cycle = details({ settings, nextGroupMeeting: { name: 'G', startsOn: groupStart }, previousGroupMeeting: { name: 'P', endsOn: previousEnd } });
        const schedule = cycleSchedule(cycle);
        expect(schedule.launchBy).toBe(addDays(previousEnd, settings.launchWithinDays));
        expect(addDays(schedule.responsesDue, settings.responsesDueDaysBefore)).toBe(schedule.meeting);
        expect(addDays(schedule.reportBy, settings.compilationDaysBefore)).toBe(schedule.meeting);
        expect(schedule.physicalWindow).toEqual({ earliest: addDays(groupStart, -settings.physicalWithinDaysBefore), latest: addDays(groupStart, -1) });
        const state = { ...launchedCycle(cycle), ...cycle };
        const rulesOf = (dates: Partial<CycleDetails['dates']>) =>
          cycleWarnings({ ...state, dates: { ...state.dates, ...dates } }, '2016-10-24').map((warning) => warning.rule);
        const onTime = rulesOf({ responsesDue: schedule.responsesDue, reportBy: schedule.reportBy });
        expect(onTime).not.toContain('responses_due_after_rule');
        expect(onTime).not.toContain('report_after_rule');
        expect(rulesOf({ responsesDue: addDays(schedule.responsesDue, late) }).includes('responses_due_after_rule')).toBe(late > 0);
        expect(rulesOf({ reportBy: addDays(schedule.reportBy, late) }).includes('report_after_rule')).toBe(late > 0);
      }),
      { numRuns: 100 },
    );
  });

  it('marks the steps done and names the next one', () => {
    const state = launchedCycle();
    expect(milestones(state, '2016-12-01').map((step) => `${step.key}:${step.state}`)).toEqual([
      'proposals:done',
      'launch:done',
      'responsesDue:next',
      'reportBy:later',
      'meeting:later',
      'groupMeeting:later',
    ]);
  });
});

describe('consultation cycle commands', () => {
  it('refuses a second proposal from the same Member State across the cycle, whatever its case and spaces', () => {
    const state = launchedCycle();
    const second = executeCycle(
      { ...state, launchedAt: null },
      { type: 'proposal:add', details: { memberState: '  brazil ', title: 'Another', description: '', questions: [], translations: {} } },
      { actor: SECRETARIAT, now: T0 },
    );
    expect(second.ok || second.error.code).toBe('ONE_PROPOSAL_PER_MEMBER_STATE');
    // Renaming Kenya's proposal to Brazil is the same second proposal.
    const renamed = executeCycle({ ...state, launchedAt: null }, { type: 'proposal:update', proposalId: 'p2', details: { memberState: 'BRAZIL' } }, { actor: SECRETARIAT, now: T0 });
    expect(renamed.ok || renamed.error.code).toBe('ONE_PROPOSAL_PER_MEMBER_STATE');
  });

  it('refuses a topic added to the meeting by hand for a Member State whose proposal was not chosen', () => {
    const state = launchedCycle();
    const add = (proposedBy: string) => meetingTopicRefusal(state, { type: 'topic:add', details: TopicDetails.parse({ title: 'By hand', proposedBy }) });
    const refused = add(' KENYA');
    expect(refused.ok ? null : refused.error.code).toBe('ONE_PROPOSAL_PER_MEMBER_STATE');
    expect(add('Brazil').ok).toBe(true);
    expect(add('Peru').ok).toBe(true);
    expect(add('').ok).toBe(true);
    expect(meetingTopicRefusal({ ...state, oneProposalPerMemberState: false }, { type: 'topic:add', details: TopicDetails.parse({ title: 'x', proposedBy: 'Kenya' }) }).ok).toBe(true);
  });

  it('fixes the topics once launched', () => {
    const state = launchedCycle();
    const chosen = executeCycle(state, { type: 'topics:choose', proposalIds: ['p2'] }, { actor: SECRETARIAT, now: T0 });
    expect(chosen.ok || chosen.error.code).toBe('TOPICS_FIXED');
  });

  it('takes answers only to chosen topics, drops blank ones and refuses an empty response', () => {
    const state = launchedCycle();
    const other = executeCycle(state, { type: 'response:submit', details: response('p2'), confirmed: true }, { actor: PUBLIC, now: T0 + 1 });
    expect(other.ok || other.error.code).toBe('PROPOSAL_NOT_FOUND');
    const empty = executeCycle(state, { type: 'response:submit', details: response('p1', { answers: [{ topicId: 'p1', text: '', documents: [] }] }), confirmed: true }, { actor: PUBLIC, now: T0 + 1 });
    expect(empty.ok || empty.error.code).toBe('RESPONSE_EMPTY');
  });

  it('lets only the respondent edit their response, until the deadline, and moderates it again', () => {
    let state = launchedCycle();
    const submitted = run(state, { type: 'response:submit', details: response('p1'), confirmed: true }, PUBLIC, T0 + 1);
    state = run(submitted.state, { type: 'response:accept', responseId: 'r3' }, SECRETARIAT, T0 + 2).state;
    expect(submitted.createdId).toBe('r3');
    const edit: CycleCommand = { type: 'response:edit', responseId: 'r3', details: response('p1', { answers: [{ topicId: 'p1', text: 'Revised.', documents: [] }] }) };
    const stranger = executeCycle(state, edit, { actor: { kind: 'respondent', responseId: 'r9' }, now: T0 + 3 });
    expect(stranger.ok || stranger.error.code).toBe('FORBIDDEN');
    state = run(state, edit, { kind: 'respondent', responseId: 'r3' }, T0 + 3).state;
    expect(state.responses[0]).toMatchObject({ answers: [{ text: 'Revised.' }], moderation: { status: 'pending' } });
    const late = executeCycle(state, edit, { actor: { kind: 'respondent', responseId: 'r3' }, now: cycleSchedule(state).closesAt });
    expect(late.ok || late.error.code).toBe('CONSULTATION_NOT_OPEN');
  });

  it('accepts only confirmed responses, merges duplicates without chains, and publishes the accepted ones after the deadline', () => {
    let state = launchedCycle();
    state = run(state, { type: 'response:submit', details: response('p1'), confirmed: false }, PUBLIC, T0 + 1).state;
    state = run(state, { type: 'response:submit', details: response('p1'), confirmed: true }, PUBLIC, T0 + 2).state;
    state = run(state, { type: 'response:submit', details: response('p1', { respondent: { name: 'Spam', organisation: '', country: '', stakeholderGroup: 'private_sector' } }), confirmed: true }, PUBLIC, T0 + 3).state;
    const unconfirmed = executeCycle(state, { type: 'response:accept', responseId: 'r3' }, { actor: SECRETARIAT, now: T0 + 4 });
    expect(unconfirmed.ok || unconfirmed.error.code).toBe('RESPONSE_UNCONFIRMED');
    state = run(state, { type: 'response:confirm', responseId: 'r3' }, { kind: 'respondent', responseId: 'r3' }, T0 + 5).state;
    state = run(state, { type: 'response:merge', responseId: 'r3', intoId: 'r4' }, SECRETARIAT, T0 + 6).state;
    const chain = executeCycle(state, { type: 'response:merge', responseId: 'r5', intoId: 'r3' }, { actor: SECRETARIAT, now: T0 + 7 });
    expect(chain.ok).toBe(false);
    state = run(state, { type: 'response:accept', responseId: 'r4' }, SECRETARIAT, T0 + 7).state;
    state = run(state, { type: 'response:reject', responseId: 'r5', reason: 'spam', note: '' }, SECRETARIAT, T0 + 8).state;
    const early = executeCycle(state, { type: 'report:publish' }, { actor: SECRETARIAT, now: T0 + 9 });
    expect(early.ok || early.error.code).toBe('REPORT_BEFORE_DEADLINE');
    state = run(state, { type: 'report:publish' }, SECRETARIAT, cycleSchedule(state).closesAt).state;
    expect(state.report).toMatchObject({ version: 1, responseIds: ['r4'] });
    expect(responseCounts(state)).toMatchObject({ total: 3, byStatus: { accepted: 1, rejected: 1, merged: 1, pending: 0 }, byGroup: { civil_society: 1 } });
  });

  it('counts responses to moderate and accepted by topic and stakeholder group, leaving out rejected and merged ones', () => {
    let state = run(null, { type: 'cycle:create', cycleId: 'c1', details: details() }, SECRETARIAT, T0).state;
    for (const [memberState, title] of [['Brazil', 'IXPs'], ['Kenya', 'Access'], ['Egypt', 'IDNs']]) {
      state = run(state, { type: 'proposal:add', details: { memberState: memberState!, title: title!, description: '', questions: [], translations: {} } }, SECRETARIAT, T0).state;
    }
    state = run(state, { type: 'topics:choose', proposalIds: ['p1', 'p3'] }, SECRETARIAT, T0).state;
    state = run(state, { type: 'consultation:launch' }, SECRETARIAT, T0).state;
    const both = [
      { topicId: 'p1', text: 'On IXPs.', documents: [] },
      { topicId: 'p3', text: 'On IDNs.', documents: [] },
    ];
    const group = (stakeholderGroup: ResponseDetails['respondent']['stakeholderGroup']) => ({ name: 'R', organisation: '', country: '', stakeholderGroup });
    state = run(state, { type: 'response:submit', details: response('p1', { answers: both }), confirmed: true }, PUBLIC, T0 + 1).state;
    state = run(state, { type: 'response:submit', details: response('p3', { respondent: group('government') }), confirmed: true }, PUBLIC, T0 + 2).state;
    state = run(state, { type: 'response:submit', details: response('p3', { respondent: group('government') }), confirmed: false }, PUBLIC, T0 + 3).state;
    state = run(state, { type: 'response:submit', details: response('p1', { respondent: group('private_sector') }), confirmed: true }, PUBLIC, T0 + 4).state;
    state = run(state, { type: 'response:submit', details: response('p1'), confirmed: true }, PUBLIC, T0 + 5).state;
    state = run(state, { type: 'response:accept', responseId: 'r4' }, SECRETARIAT, T0 + 6).state;
    state = run(state, { type: 'response:reject', responseId: 'r7', reason: 'off_topic', note: 'About something else' }, SECRETARIAT, T0 + 6).state;
    state = run(state, { type: 'response:merge', responseId: 'r8', intoId: 'r4' }, SECRETARIAT, T0 + 6).state;
    const counts = responseCounts(state);
    expect(counts.byTopic.p1).toMatchObject({ civil_society: 1, government: 0, private_sector: 0 });
    expect(counts.byTopic.p3).toMatchObject({ civil_society: 1, government: 2, private_sector: 0 });
    expect(Object.keys(counts.byTopic)).toEqual(['p1', 'p3']);
    expect(counts.byGroup).toMatchObject({ civil_society: 1, government: 2, private_sector: 0 });
    expect(counts).toMatchObject({ total: 5, unconfirmed: 1, byStatus: { pending: 2, accepted: 1, rejected: 1, merged: 1 } });
  });

  it('replays a log to the same state, and a forged respondent cannot write to the log', () => {
    const entries: { seq: number; at: number; actor: CycleActor; command: CycleCommand }[] = [];
    let state: CycleState | null = null;
    const log = (command: CycleCommand, actor: CycleActor, at: number) => {
      state = run(state, command, actor, at).state;
      entries.push({ seq: entries.length + 1, at, actor, command });
    };
    log({ type: 'cycle:create', cycleId: 'c1', details: details() }, SECRETARIAT, T0);
    log({ type: 'proposal:add', details: { memberState: 'Brazil', title: 'IXPs', description: '', questions: [], translations: {} } }, SECRETARIAT, T0);
    log({ type: 'topics:choose', proposalIds: ['p1'] }, SECRETARIAT, T0);
    log({ type: 'consultation:launch' }, SECRETARIAT, T0);
    log({ type: 'response:submit', details: response('p1'), confirmed: true }, PUBLIC, T0 + 1);
    expect(replayCycle(entries)).toEqual(state);
    expect(executeCycle(state, { type: 'topics:choose', proposalIds: ['p1'] }, { actor: PUBLIC, now: T0 }).ok).toBe(false);
  });
});

describe('the moderation list, a page at a time', () => {
  const names = ['Amina Diallo', 'Aminata Koné', 'Kone Ibrahim', 'كَرِيم منصور', 'Li Wei', 'Ольга Петрова'];
  const moderations = [
    { status: 'pending' },
    { status: 'accepted', at: T0 },
    { status: 'rejected', at: T0, reason: 'spam', note: '' },
    { status: 'merged', at: T0, into: 'r1' },
  ] as const;
  const arbitraryResponses = fc.array(
    fc.record({ name: fc.constantFrom(...names), moderation: fc.constantFrom(...moderations), confirmed: fc.boolean() }),
    { maxLength: 120 },
  );
  const withResponses = (drawn: { name: string; moderation: (typeof moderations)[number]; confirmed: boolean }[]): CycleState => ({
    ...launchedCycle(),
    responses: drawn.map(({ name, moderation, confirmed }, index) => ({
      ...response('p1', { respondent: { name, organisation: '', country: 'Mali', stakeholderGroup: 'government' }, email: `r${index + 1}@example.org` }),
      id: `r${index + 1}`,
      submittedAt: T0,
      updatedAt: T0,
      confirmedAt: confirmed ? T0 : null,
      moderation,
    })),
  });
  const query = (overrides: Partial<ResponsesQuery> = {}): ResponsesQuery => ({ show: 'all', search: '', page: 1, ...overrides });

  it('pages hold at most a page of responses and, read one after the other, every response the filter shows, once, in the order they came', () => {
    fc.assert(
      fc.property(arbitraryResponses, fc.constantFrom(...responseFilters), (drawn, show) => {
        const state = withResponses(drawn);
        const first = responsesPage(state, query({ show }));
        const read = [];
        for (let page = 1; page <= first.pages; page += 1) {
          const shown = responsesPage(state, query({ show, page }));
          expect(shown.responses.length).toBeLessThanOrEqual(RESPONSES_PAGE_SIZE);
          read.push(...shown.responses);
        }
        const counts = responseCounts(state);
        const expected = state.responses.filter((candidate) =>
          show === 'all' ? true : show === 'unconfirmed' ? candidate.confirmedAt === null : candidate.moderation.status === show,
        );
        expect(read).toEqual(expected);
        expect(first.matching).toBe(show === 'all' ? counts.total : show === 'unconfirmed' ? counts.unconfirmed : counts.byStatus[show]);
      }),
    );
  });

  it('a page past the last gives the last one, so a list that shrank under the secretariat is not left empty', () => {
    const state = withResponses(Array.from({ length: 30 }, () => ({ name: 'Li Wei', moderation: moderations[0], confirmed: true })));
    expect(responsesPage(state, query({ page: 9 }))).toMatchObject({ page: 2, pages: 2, matching: 30 });
    expect(responsesPage(state, query({ page: 9 })).responses.map((shown) => shown.id)).toEqual(['r26', 'r27', 'r28', 'r29', 'r30']);
    expect(responsesPage(withResponses([]), query({ page: 3 }))).toMatchObject({ page: 1, pages: 1, matching: 0, responses: [] });
  });

  it('searches names without regard to case, accents or Arabic short vowels, and finds a response by its number', () => {
    const state = withResponses(names.map((name) => ({ name, moderation: moderations[0], confirmed: true })));
    const found = (search: string) => responsesPage(state, query({ search })).responses.map((shown) => shown.respondent.name);
    expect(found('kone')).toEqual(['Aminata Koné', 'Kone Ibrahim']);
    expect(found('AMINA')).toEqual(['Amina Diallo', 'Aminata Koné']);
    expect(found('كريم')).toEqual(['كَرِيم منصور']);
    expect(found('петрова')).toEqual(['Ольга Петрова']);
    expect(found('#r5')).toEqual(['Li Wei']);
    expect(found('diallo amina')).toEqual(['Amina Diallo']);
    expect(found('r4@example.org')).toEqual(['كَرِيم منصور']);
  });

  it('refuses a query it cannot read rather than guessing', () => {
    expect(ResponsesQuery.safeParse({ page: '0' }).success).toBe(false);
    expect(ResponsesQuery.safeParse({ show: 'everything' }).success).toBe(false);
    expect(ResponsesQuery.safeParse({ sort: 'name' }).success).toBe(false);
    expect(ResponsesQuery.parse({ page: '2' })).toEqual({ show: 'all', search: '', page: 2 });
  });
});
