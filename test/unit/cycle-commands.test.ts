import { describe, expect, it } from 'vitest';
import type { CycleActor, CycleCommand } from '../../shared/cycle/commands.js';
import { chosenTopics, executeCycle, meetingTopicRefusal, replayCycle } from '../../shared/cycle/execute.js';
import { MAX_RESPONSES, type CycleDetails, type CycleState, type ResponseDetails } from '../../shared/cycle/model.js';
import { cycleSchedule } from '../../shared/cycle/schedule.js';
import { reportedResponses, responseCounts } from '../../shared/cycle/selectors.js';
import { TopicDetails } from '../../shared/meeting/model.js';
import { cycleDetails, PUBLIC, SECRETARIAT, T0 } from './cycle-fixtures.js';

/**
 * The consultation cycle's commands one rule at a time (the secretariat's proposals and topic
 * choice, the public's responses, moderation, the report), each with what it must refuse.
 * `cycle.test.ts` plays the cycle's dates and its main path.
 */
const respondent = (responseId: string): CycleActor => ({ kind: 'respondent', responseId });

const details = cycleDetails;
const proposal = (memberState: string, title: string) => ({ memberState, title, description: '', questions: [], translations: {} });
const response = (answers: ResponseDetails['answers']): ResponseDetails => ({
  respondent: { name: 'Amina Diallo', organisation: 'Civic Net', country: 'Senegal', stakeholderGroup: 'civil_society' },
  email: 'amina@example.org',
  language: 'en',
  answers,
  consent: true,
});
const answer = (topicId: string, text = 'Our view.', documents: ResponseDetails['answers'][number]['documents'] = []) => ({ topicId, text, documents });

/** The new state, or the refusal's code. */
function attempt(state: CycleState | null, command: CycleCommand, actor: CycleActor = SECRETARIAT, now = T0): CycleState | string {
  const result = executeCycle(state, command, { actor, now });
  return result.ok ? result.value.state : result.error.code;
}
function run(state: CycleState | null, command: CycleCommand, actor: CycleActor = SECRETARIAT, now = T0): CycleState {
  const result = executeCycle(state, command, { actor, now });
  if (!result.ok) throw new Error(`${command.type}: ${result.error.code} ${result.error.detail ?? ''}`);
  return result.value.state;
}

/** Brazil (p1), Kenya (p2) and Egypt (p3) proposed; nothing chosen yet. */
function proposed(overrides: Partial<CycleDetails> = {}): CycleState {
  let state = run(null, { type: 'cycle:create', cycleId: 'c1', details: details(overrides) });
  state = run(state, { type: 'proposal:add', details: proposal('Brazil', 'Public policy on IXPs') });
  state = run(state, { type: 'proposal:add', details: proposal('Kenya', 'Affordable access') });
  return run(state, { type: 'proposal:add', details: proposal('Egypt', 'Internationalized domain names') });
}
/** Brazil's and Egypt's topics chosen, in that order, and the consultation launched at T0. */
const launched = () => run(run(proposed(), { type: 'topics:choose', proposalIds: ['p1', 'p3'] }), { type: 'consultation:launch' });

describe('creating and setting up a cycle', () => {
  it('a cycle starts empty, dated when it was created; a second one under the same log is refused', () => {
    const state = run(null, { type: 'cycle:create', cycleId: 'c1', details: details() }, SECRETARIAT, T0 + 5);
    expect(state).toMatchObject({ id: 'c1', createdAt: T0 + 5, proposals: [], chosen: null, launchedAt: null, responses: [], intros: {}, report: null, nextId: 1 });
    expect(attempt(state, { type: 'cycle:create', cycleId: 'c2', details: details() })).toBe('CYCLE_EXISTS');
  });

  it('nothing but creation applies before the cycle exists', () => {
    expect(attempt(null, { type: 'consultation:launch' })).toBe('CYCLE_NOT_FOUND');
    expect(attempt(null, { type: 'proposal:add', details: proposal('Brazil', 'IXPs') })).toBe('CYCLE_NOT_FOUND');
  });

  it('the secretariat changes the cycle’s details and keeps everything else', () => {
    const state = proposed();
    const updated = run(state, { type: 'cycle:update', details: { title: 'Renamed consultation' } });
    expect(updated).toEqual({ ...state, title: 'Renamed consultation' });
  });

  it('only the secretariat sets up the cycle and moderates; only the public submits; a respondent only their own response', () => {
    const state = launched();
    expect(attempt(state, { type: 'proposal:add', details: proposal('Peru', 'Cables') }, PUBLIC)).toBe('FORBIDDEN');
    expect(attempt(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, SECRETARIAT, T0 + 1)).toBe('FORBIDDEN');
    const submitted = run(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: false }, PUBLIC, T0 + 1);
    expect(attempt(submitted, { type: 'response:accept', responseId: 'r4' }, respondent('r4'))).toBe('FORBIDDEN');
    expect(attempt(submitted, { type: 'response:confirm', responseId: 'r4' }, respondent('r5'))).toBe('FORBIDDEN');
    expect(attempt(submitted, { type: 'response:confirm', responseId: 'r4' }, PUBLIC)).toBe('FORBIDDEN');
  });
});

describe('proposals and the choice of topics', () => {
  it('each proposal gets the next id and the time it was proposed', () => {
    let state = run(null, { type: 'cycle:create', cycleId: 'c1', details: details() });
    state = run(state, { type: 'proposal:add', details: proposal('Brazil', 'IXPs') }, SECRETARIAT, T0 + 7);
    expect(state.proposals).toEqual([{ ...proposal('Brazil', 'IXPs'), id: 'p1', proposedAt: T0 + 7 }]);
    expect(state.nextId).toBe(2);
  });

  it('a second proposal of one Member State is refused naming the first; a cycle without that rule takes it', () => {
    const result = executeCycle(proposed(), { type: 'proposal:add', details: proposal('KENYA ', 'Another') }, { actor: SECRETARIAT, now: T0 });
    expect(result.ok ? null : result.error).toMatchObject({ code: 'ONE_PROPOSAL_PER_MEMBER_STATE', detail: 'Kenya: “Affordable access”' });
    const free = proposed({ oneProposalPerMemberState: false });
    expect((attempt(free, { type: 'proposal:add', details: proposal('Kenya', 'Another') }) as CycleState).proposals).toHaveLength(4);
  });

  it('a proposal’s text may be corrected after launch, its Member State may not', () => {
    const state = launched();
    const corrected = run(state, { type: 'proposal:update', proposalId: 'p2', details: { title: 'Affordable access for all' } });
    expect(corrected.proposals.map((candidate) => candidate.title)).toEqual(['Public policy on IXPs', 'Affordable access for all', 'Internationalized domain names']);
    expect(attempt(state, { type: 'proposal:update', proposalId: 'p2', details: { memberState: 'Peru' } })).toBe('TOPICS_FIXED');
    // The same Member State written otherwise is no change of who proposed it.
    expect((attempt(state, { type: 'proposal:update', proposalId: 'p2', details: { memberState: ' kenya' } }) as CycleState).proposals[1]!.memberState).toBe(' kenya');
    expect(attempt(state, { type: 'proposal:update', proposalId: 'p9', details: { title: 'x' } })).toBe('PROPOSAL_NOT_FOUND');
  });

  it('translators of two languages saving at once each keep the other’s translation; a null text removes only its own language; only the secretariat translates', () => {
    const state = launched();
    const arabic = { title: 'الوصول الميسور التكلفة', description: '', questions: [] };
    const french = { title: 'Accès abordable', description: '', questions: ['Quels obstacles ?'] };
    // Both pages read the topic with no translation; each saves its own language.
    const both = run(run(state, { type: 'proposal:translate', proposalId: 'p2', language: 'ar', text: arabic }), { type: 'proposal:translate', proposalId: 'p2', language: 'fr', text: french });
    expect(both.proposals[1]!.translations).toEqual({ ar: arabic, fr: french });
    expect(run(both, { type: 'proposal:translate', proposalId: 'p2', language: 'ar', text: null }).proposals[1]!.translations).toEqual({ fr: french });
    expect(attempt(both, { type: 'proposal:translate', proposalId: 'p9', language: 'ar', text: arabic })).toBe('PROPOSAL_NOT_FOUND');
    expect(executeCycle(both, { type: 'proposal:translate', proposalId: 'p2', language: 'ar', text: null }, { actor: { kind: 'public' }, now: T0 }).ok).toBe(false);
  });

  it('before launch a proposal moves to a Member State without one; to one that has one it is refused naming that one', () => {
    const state = proposed();
    expect((attempt(state, { type: 'proposal:update', proposalId: 'p2', details: { memberState: 'Peru' } }) as CycleState).proposals[1]!.memberState).toBe('Peru');
    const result = executeCycle(state, { type: 'proposal:update', proposalId: 'p2', details: { memberState: 'egypt' } }, { actor: SECRETARIAT, now: T0 });
    expect(result.ok ? null : result.error).toMatchObject({ code: 'ONE_PROPOSAL_PER_MEMBER_STATE', detail: 'Egypt: “Internationalized domain names”' });
  });

  it('a proposal removed before launch leaves the choice; removing the last chosen one leaves nothing chosen', () => {
    let state = run(proposed(), { type: 'topics:choose', proposalIds: ['p3', 'p1'] });
    state = run(state, { type: 'proposal:remove', proposalId: 'p1' });
    expect(state.proposals.map((candidate) => candidate.id)).toEqual(['p2', 'p3']);
    expect(state.chosen).toEqual(['p3']);
    state = run(state, { type: 'proposal:remove', proposalId: 'p3' });
    expect(state.chosen).toBeNull();
    expect(run(proposed(), { type: 'proposal:remove', proposalId: 'p2' }).chosen).toBeNull();
    expect(attempt(state, { type: 'proposal:remove', proposalId: 'p1' })).toBe('PROPOSAL_NOT_FOUND');
    expect(attempt(launched(), { type: 'proposal:remove', proposalId: 'p2' })).toBe('TOPICS_FIXED');
  });

  it('the choice of topics is an agenda order of known proposals, each once, fixed at launch', () => {
    const state = proposed();
    const chosen = run(state, { type: 'topics:choose', proposalIds: ['p3', 'p1'] });
    expect(chosenTopics(chosen).map((topic) => topic.memberState)).toEqual(['Egypt', 'Brazil']);
    const unknown = executeCycle(state, { type: 'topics:choose', proposalIds: ['p1', 'p8'] }, { actor: SECRETARIAT, now: T0 });
    expect(unknown.ok ? null : unknown.error).toMatchObject({ code: 'PROPOSAL_NOT_FOUND', detail: 'p8' });
    expect(attempt(state, { type: 'topics:choose', proposalIds: ['p1', 'p1'] })).toBe('BAD_REQUEST');
    expect(attempt(launched(), { type: 'topics:choose', proposalIds: ['p2'] })).toBe('TOPICS_FIXED');
    expect(attempt(launched(), { type: 'proposal:add', details: proposal('Peru', 'Submarine cables') })).toBe('TOPICS_FIXED');
    // Nothing chosen, nothing to count by topic.
    expect(responseCounts(proposed()).byTopic).toEqual({});
  });

  it('the consultation cannot launch without topics; launched twice at once, the first launch stands', () => {
    expect(attempt(proposed(), { type: 'consultation:launch' })).toBe('TOPICS_NOT_CHOSEN');
    const first = launched();
    expect(run(first, { type: 'consultation:launch' }, SECRETARIAT, T0 + 60_000).launchedAt).toBe(T0);
  });

  it("two secretaries choosing at once: a choice or a launch made on a page older than another secretary's choice is refused with CHOICE_CHANGED and changes nothing; the same choice twice stands", () => {
    const state = proposed();
    const first = run(state, { type: 'topics:choose', proposalIds: ['p3', 'p1'], expectedChosen: null });
    // The second page still shows nothing chosen.
    expect(attempt(first, { type: 'topics:choose', proposalIds: ['p2'], expectedChosen: null })).toBe('CHOICE_CHANGED');
    expect(run(first, { type: 'topics:choose', proposalIds: ['p3', 'p1'], expectedChosen: null })).toEqual(first);
    expect(run(first, { type: 'topics:choose', proposalIds: ['p2'], expectedChosen: ['p3', 'p1'] }).chosen).toEqual(['p2']);
    // The order is part of the choice: the agenda follows it.
    expect(attempt(first, { type: 'topics:choose', proposalIds: ['p1'], expectedChosen: ['p1', 'p3'] })).toBe('CHOICE_CHANGED');
    // A launch confirmed on an older choice is refused; on the choice as it stands, it launches.
    expect(attempt(first, { type: 'consultation:launch', expectedChosen: ['p1'] })).toBe('CHOICE_CHANGED');
    expect(run(first, { type: 'consultation:launch', expectedChosen: ['p3', 'p1'] }).launchedAt).toBe(T0);
  });

  it('a topic added to the meeting by hand, or renamed to, for a Member State whose proposal was not chosen is refused naming it', () => {
    const state = launched();
    const renamed = meetingTopicRefusal(state, { type: 'topic:update', topicId: 't1', details: { proposedBy: 'Kenya' } });
    expect(renamed.ok ? null : renamed.error).toMatchObject({ code: 'ONE_PROPOSAL_PER_MEMBER_STATE', detail: 'Kenya: “Affordable access”' });
    expect(meetingTopicRefusal(state, { type: 'topic:update', topicId: 't1', details: { proposedBy: 'Egypt' } }).ok).toBe(true);
    expect(meetingTopicRefusal(undefined, { type: 'topic:add', details: TopicDetails.parse({ title: 'x', proposedBy: 'Kenya' }) }).ok).toBe(true);
    expect(meetingTopicRefusal(state, { type: 'topic:remove', topicId: 't1' }).ok).toBe(true);
    // A change that leaves who proposed it alone is no second proposal.
    expect(meetingTopicRefusal(state, { type: 'topic:update', topicId: 't1', details: { title: 'Renamed' } }).ok).toBe(true);
  });
});

describe('responses', () => {
  it('one form sent twice makes one response: the second finds it made, creates nothing, and stands even past the deadline', () => {
    const state = launched();
    const command: CycleCommand = { type: 'response:submit', details: response([answer('p1')]), confirmed: true, submission: 'form-0123456789abcdef' };
    const first = executeCycle(state, command, { actor: PUBLIC, now: T0 + 1 });
    expect(first.ok && first.value.createdId).toBe('r4');
    const once = first.ok ? first.value.state : null;
    expect(once!.responses.map((made) => [made.id, made.submission])).toEqual([['r4', 'form-0123456789abcdef']]);
    const again = executeCycle(once, command, { actor: PUBLIC, now: cycleSchedule(once!).closesAt + 1 });
    expect(again.ok && again.value).toEqual({ state: once, createdId: null });
    // Another page's form is another response.
    expect(run(once, { ...command, submission: 'form-fedcba9876543210' }, PUBLIC, T0 + 2).responses).toHaveLength(2);
  });

  it('none before launch; a response is numbered on, dated, confirmed or not, and waits for moderation', () => {
    expect(attempt(run(proposed(), { type: 'topics:choose', proposalIds: ['p1'] }), { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + 1)).toBe('CONSULTATION_NOT_OPEN');
    let state = launched();
    state = run(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + 1);
    state = run(state, { type: 'response:submit', details: response([answer('p3')]), confirmed: false }, PUBLIC, T0 + 2);
    expect(state.responses.map(({ id, submittedAt, updatedAt, confirmedAt, moderation }) => ({ id, submittedAt, updatedAt, confirmedAt, moderation }))).toEqual([
      { id: 'r4', submittedAt: T0 + 1, updatedAt: T0 + 1, confirmedAt: T0 + 1, moderation: { status: 'pending' } },
      { id: 'r5', submittedAt: T0 + 2, updatedAt: T0 + 2, confirmedAt: null, moderation: { status: 'pending' } },
    ]);
  });

  it('an answer of documents only counts and is kept; blank answers are dropped; two answers to one topic are refused', () => {
    const document = { name: 'position.pdf', type: 'pdf' as const, bytes: 1000, sha256: 'a'.repeat(64) };
    const state = run(launched(), { type: 'response:submit', details: response([answer('p1', '', [document]), answer('p3', '')]), confirmed: true }, PUBLIC, T0 + 1);
    expect(state.responses[0]!.answers).toEqual([answer('p1', '', [document])]);
    expect(attempt(launched(), { type: 'response:submit', details: response([answer('p1'), answer('p1', 'Again.')]), confirmed: true }, PUBLIC, T0 + 1)).toBe('BAD_REQUEST');
  });

  it('a consultation takes at most its maximum of responses', () => {
    const withOne = run(launched(), { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + 1);
    const crowded = { ...withOne, responses: Array.from({ length: MAX_RESPONSES }, () => withOne.responses[0]!) };
    expect(attempt(crowded, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + 2)).toBe('TOO_MANY_RESPONSES');
    const below = { ...withOne, responses: crowded.responses.slice(1) };
    expect(typeof attempt(below, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + 2)).toBe('object');
  });

  it('an edit keeps the first confirmation, or confirms at the edit; confirming again keeps the first time', () => {
    let state = launched();
    state = run(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + 1);
    state = run(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: false }, PUBLIC, T0 + 2);
    state = run(state, { type: 'response:edit', responseId: 'r4', details: response([answer('p1', 'Revised.')]) }, respondent('r4'), T0 + 3);
    state = run(state, { type: 'response:edit', responseId: 'r5', details: response([answer('p3', 'Revised.')]) }, respondent('r5'), T0 + 4);
    state = run(state, { type: 'response:confirm', responseId: 'r5' }, respondent('r5'), T0 + 5);
    expect(state.responses.map(({ confirmedAt, updatedAt }) => ({ confirmedAt, updatedAt }))).toEqual([
      { confirmedAt: T0 + 1, updatedAt: T0 + 3 },
      { confirmedAt: T0 + 4, updatedAt: T0 + 4 },
    ]);
    expect(attempt(state, { type: 'response:confirm', responseId: 'r9' }, respondent('r9'))).toBe('RESPONSE_NOT_FOUND');
    expect(attempt(state, { type: 'response:edit', responseId: 'r4', details: response([answer('p2')]) }, respondent('r4'), T0 + 6)).toBe('PROPOSAL_NOT_FOUND');
  });

  it('a moderated response can be reopened for moderation', () => {
    let state = run(launched(), { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + 1);
    state = run(state, { type: 'response:reject', responseId: 'r4', reason: 'spam', note: '' }, SECRETARIAT, T0 + 2);
    state = run(state, { type: 'response:reopen', responseId: 'r4' }, SECRETARIAT, T0 + 3);
    expect(state.responses[0]!.moderation).toEqual({ status: 'pending' });
    expect(attempt(state, { type: 'response:reopen', responseId: 'r7' })).toBe('RESPONSE_NOT_FOUND');
  });

  it('a duplicate is merged into another response, never into itself, an unknown one, or one merged itself; one others are merged into stays', () => {
    let state = launched();
    for (const at of [1, 2, 3]) state = run(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + at);
    expect(attempt(state, { type: 'response:merge', responseId: 'r4', intoId: 'r4' })).toBe('BAD_REQUEST');
    const unknown = executeCycle(state, { type: 'response:merge', responseId: 'r4', intoId: 'r9' }, { actor: SECRETARIAT, now: T0 });
    expect(unknown.ok ? null : unknown.error).toMatchObject({ code: 'RESPONSE_NOT_FOUND', detail: 'r9' });
    state = run(state, { type: 'response:merge', responseId: 'r4', intoId: 'r5' }, SECRETARIAT, T0 + 4);
    expect(state.responses[0]!.moderation).toEqual({ status: 'merged', at: T0 + 4, into: 'r5' });
    expect(attempt(state, { type: 'response:merge', responseId: 'r6', intoId: 'r4' })).toBe('BAD_REQUEST');
    expect(attempt(state, { type: 'response:merge', responseId: 'r5', intoId: 'r6' })).toBe('BAD_REQUEST');
    // A response merged into one other than this one does not hold this one back.
    expect(typeof attempt(state, { type: 'response:merge', responseId: 'r6', intoId: 'r5' })).toBe('object');
    expect(attempt(state, { type: 'response:merge', responseId: 'r8', intoId: 'r5' })).toBe('RESPONSE_NOT_FOUND');
  });
});

describe('two secretaries moderating at once', () => {
  it('a decision on a response that changed since the issuer saw it is refused with RESPONSE_CHANGED, and changes nothing', () => {
    let state = run(launched(), { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + 1);
    state = run(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + 2);
    // The first secretary accepts r4; the second, whose list still shows it waiting, rejects, reopens or merges it.
    state = run(state, { type: 'response:accept', responseId: 'r4', expectedStatus: 'pending' }, SECRETARIAT, T0 + 3);
    for (const stale of [
      { type: 'response:reject', responseId: 'r4', reason: 'spam', note: '', expectedStatus: 'pending' },
      { type: 'response:merge', responseId: 'r4', intoId: 'r5', expectedStatus: 'pending' },
      { type: 'response:reopen', responseId: 'r4', expectedStatus: 'rejected' },
    ] as const) {
      const refused = executeCycle(state, stale, { actor: SECRETARIAT, now: T0 + 4 });
      expect(refused.ok ? null : refused.error).toMatchObject({ code: 'RESPONSE_CHANGED', detail: 'r4' });
    }
    expect(state.responses[0]!.moderation).toEqual({ status: 'accepted', at: T0 + 3 });
  });

  it('the same decision pressed twice stands (a rejection only for the same reason), and a decision on what one saw still applies', () => {
    let state = launched();
    for (const at of [1, 2, 3]) state = run(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + at);
    state = run(state, { type: 'response:accept', responseId: 'r4', expectedStatus: 'pending' }, SECRETARIAT, T0 + 3);
    state = run(state, { type: 'response:accept', responseId: 'r4', expectedStatus: 'pending' }, SECRETARIAT, T0 + 4);
    expect(state.responses[0]!.moderation.status).toBe('accepted');
    state = run(state, { type: 'response:merge', responseId: 'r5', intoId: 'r4', expectedStatus: 'pending' }, SECRETARIAT, T0 + 5);
    state = run(state, { type: 'response:merge', responseId: 'r5', intoId: 'r4', expectedStatus: 'pending' }, SECRETARIAT, T0 + 6);
    // Merged into another response than the one asked: not the same decision.
    expect(attempt(state, { type: 'response:merge', responseId: 'r5', intoId: 'r6', expectedStatus: 'pending' })).toBe('RESPONSE_CHANGED');
    state = run(state, { type: 'response:reopen', responseId: 'r4', expectedStatus: 'accepted' }, SECRETARIAT, T0 + 7);
    expect(state.responses[0]!.moderation).toEqual({ status: 'pending' });
    // Rejected by one as spam, by the other as off topic: two decisions, the second refused.
    state = run(state, { type: 'response:reject', responseId: 'r6', reason: 'spam', note: '', expectedStatus: 'pending' }, SECRETARIAT, T0 + 8);
    expect(attempt(state, { type: 'response:reject', responseId: 'r6', reason: 'off_topic', note: '', expectedStatus: 'pending' })).toBe('RESPONSE_CHANGED');
    state = run(state, { type: 'response:reject', responseId: 'r6', reason: 'spam', note: 'Twice.', expectedStatus: 'pending' }, SECRETARIAT, T0 + 9);
    expect(state.responses[2]!.moderation).toMatchObject({ status: 'rejected', reason: 'spam' });
  });
});

describe('the report', () => {
  it('an introduction per chosen topic and language; an empty text removes that language’s only', () => {
    let state = launched();
    state = run(state, { type: 'report:setIntro', topicId: 'p1', language: 'en', text: 'Responses on IXPs.' });
    state = run(state, { type: 'report:setIntro', topicId: 'p1', language: 'ar', text: 'الردود' });
    state = run(state, { type: 'report:setIntro', topicId: 'p3', language: 'en', text: 'On IDNs.' });
    expect(state.intros).toEqual({ p1: { en: 'Responses on IXPs.', ar: 'الردود' }, p3: { en: 'On IDNs.' } });
    state = run(state, { type: 'report:setIntro', topicId: 'p1', language: 'en', text: '' });
    expect(state.intros).toEqual({ p1: { ar: 'الردود' }, p3: { en: 'On IDNs.' } });
    expect(attempt(state, { type: 'report:setIntro', topicId: 'p2', language: 'en', text: 'Not chosen' })).toBe('PROPOSAL_NOT_FOUND');
    expect(attempt(state, { type: 'report:setIntro', topicId: 'p1', language: 'fr', text: 'Pas une langue du cycle' })).toBe('UNKNOWN_LANGUAGE');
    expect(attempt(proposed(), { type: 'report:setIntro', topicId: 'p1', language: 'en', text: 'Nothing chosen' })).toBe('PROPOSAL_NOT_FOUND');
  });

  it('published again, the report is a new version with the responses accepted by then', () => {
    let state = launched();
    for (const at of [1, 2]) state = run(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + at);
    state = run(state, { type: 'response:accept', responseId: 'r4' }, SECRETARIAT, T0 + 3);
    const closed = cycleSchedule(state).closesAt;
    state = run(state, { type: 'report:publish' }, SECRETARIAT, closed);
    expect(state.report).toEqual({ version: 1, publishedAt: closed, responseIds: ['r4'] });
    expect(reportedResponses(state).map((reported) => reported.id)).toEqual(['r4']);
    expect(reportedResponses({ ...state, report: null })).toEqual([]);
    state = run(state, { type: 'response:accept', responseId: 'r5' }, SECRETARIAT, closed + 1);
    state = run(state, { type: 'report:publish' }, SECRETARIAT, closed + 2);
    expect(state.report).toEqual({ version: 2, publishedAt: closed + 2, responseIds: ['r4', 'r5'] });
  });

  it('two secretaries publishing at once: the second finds the same report out and it stands, no second version; a report published meanwhile with other responses is refused with REPORT_CHANGED and changes nothing', () => {
    let state = launched();
    for (const at of [1, 2]) state = run(state, { type: 'response:submit', details: response([answer('p1')]), confirmed: true }, PUBLIC, T0 + at);
    state = run(state, { type: 'response:accept', responseId: 'r4' }, SECRETARIAT, T0 + 3);
    const closed = cycleSchedule(state).closesAt;
    const first = run(state, { type: 'report:publish', expectedVersion: 0 }, SECRETARIAT, closed);
    expect(first.report).toEqual({ version: 1, publishedAt: closed, responseIds: ['r4'] });
    // The second page still showed nothing published.
    expect(run(first, { type: 'report:publish', expectedVersion: 0 }, SECRETARIAT, closed + 1)).toEqual(first);
    // Meanwhile another response was accepted: publishing on the old page would put out a report nobody saw.
    const accepted = run(first, { type: 'response:accept', responseId: 'r5' }, SECRETARIAT, closed + 2);
    expect(attempt(accepted, { type: 'report:publish', expectedVersion: 0 }, SECRETARIAT, closed + 3)).toBe('REPORT_CHANGED');
    // On the page that shows version 1, publishing again is a new version.
    expect(run(accepted, { type: 'report:publish', expectedVersion: 1 }, SECRETARIAT, closed + 3).report).toEqual({ version: 2, publishedAt: closed + 3, responseIds: ['r4', 'r5'] });
  });
});

describe('the cycle’s log', () => {
  it('an entry that no longer applies stops the replay, naming its seq, its command and why', () => {
    const entries = [
      { seq: 1, at: T0, actor: SECRETARIAT, command: { type: 'cycle:create', cycleId: 'c1', details: details() } as CycleCommand },
      { seq: 2, at: T0, actor: SECRETARIAT, command: { type: 'consultation:launch' } as CycleCommand },
    ];
    expect(() => replayCycle(entries)).toThrow('Cycle log entry 2 (consultation:launch) does not apply: TOPICS_NOT_CHOSEN');
    expect(replayCycle([])).toBeNull();
  });
});
