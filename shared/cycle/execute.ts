import { exhaustive, fail, ok, type Result } from '../result.js';
import type { MeetingCommand } from '../meeting/commands.js';
import { inLanguage } from '../meeting/model.js';
import type { CycleActor, CycleCommand } from './commands.js';
import {
  MAX_RESPONSES,
  type ConsultationResponse,
  type CycleState,
  type Moderation,
  type ModerationStatus,
  type Proposal,
  type ResponseDetails,
} from './model.js';
import { consultationPhase } from './schedule.js';

export interface CycleTransition {
  state: CycleState;
  /** Id of what the command created (proposal, response), if anything. */
  createdId: string | null;
}

const changed = (state: CycleState, createdId: string | null = null): Result<CycleTransition> => ok({ state, createdId });

function takeId(state: CycleState, prefix: string): [string, CycleState] {
  return [`${prefix}${state.nextId}`, { ...state, nextId: state.nextId + 1 }];
}

/** Member States are named by hand: case and surrounding spaces do not make another one. */
export const sameMemberState = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** The proposal another command would make a second one of this Member State's in the cycle. */
export function otherProposalOf(state: CycleState, memberState: string, exceptId: string | null): Proposal | undefined {
  if (!state.oneProposalPerMemberState) return undefined;
  return state.proposals.find((proposal) => proposal.id !== exceptId && sameMemberState(proposal.memberState, memberState));
}

/**
 * One proposal per Member State per cycle reaches the cycle's meeting: a topic added to the
 * meeting by hand for a Member State whose proposal the group did not choose is that Member
 * State's second proposal. (A chosen one is on the agenda already, where the meeting's own
 * rule refuses a second topic.)
 */
export function meetingTopicRefusal(cycle: CycleState | undefined, command: MeetingCommand): Result<null> {
  if (command.type !== 'topic:add' && command.type !== 'topic:update') return ok(null);
  const proposedBy = command.details.proposedBy?.trim();
  if (!proposedBy || !cycle || !cycle.oneProposalPerMemberState) return ok(null);
  const proposal = cycle.proposals.find((candidate) => sameMemberState(candidate.memberState, proposedBy));
  if (proposal && !(cycle.chosen ?? []).includes(proposal.id)) {
    return fail('ONE_PROPOSAL_PER_MEMBER_STATE', `${proposal.memberState}: “${proposal.title}”`);
  }
  return ok(null);
}

/** The chosen topics' proposals, in agenda order. */
export function chosenTopics(state: Pick<CycleState, 'chosen' | 'proposals'>): Proposal[] {
  return (state.chosen ?? []).flatMap((id) => state.proposals.find((proposal) => proposal.id === id) ?? []);
}

function checkAnswers(state: CycleState, details: ResponseDetails): Result<null> {
  const chosen = new Set(state.chosen ?? []);
  const seen = new Set<string>();
  for (const answer of details.answers) {
    if (!chosen.has(answer.topicId)) return fail('PROPOSAL_NOT_FOUND', answer.topicId);
    if (seen.has(answer.topicId)) return fail('BAD_REQUEST', `two answers to ${answer.topicId}`);
    seen.add(answer.topicId);
  }
  // Topics left blank are dropped; a response with nothing in it is no response.
  const answered = details.answers.filter((answer) => answer.text !== '' || answer.documents.length > 0);
  return answered.length > 0 ? ok(null) : fail('RESPONSE_EMPTY');
}

/** The same response without the answers left blank. */
const withoutBlank = (details: ResponseDetails): ResponseDetails => ({
  ...details,
  answers: details.answers.filter((answer) => answer.text !== '' || answer.documents.length > 0),
});

function withResponse(
  state: CycleState,
  responseId: string,
  update: (response: ConsultationResponse) => Result<ConsultationResponse>,
): Result<CycleTransition> {
  const response = state.responses.find((candidate) => candidate.id === responseId);
  if (!response) return fail('RESPONSE_NOT_FOUND');
  const updated = update(response);
  if (!updated.ok) return updated;
  return changed({ ...state, responses: state.responses.map((candidate) => (candidate === response ? updated.value : candidate)) });
}

function withProposal(state: CycleState, proposalId: string, update: (proposal: Proposal) => Result<Proposal>): Result<CycleTransition> {
  const proposal = state.proposals.find((candidate) => candidate.id === proposalId);
  if (!proposal) return fail('PROPOSAL_NOT_FOUND');
  const updated = update(proposal);
  if (!updated.ok) return updated;
  return changed({ ...state, proposals: state.proposals.map((candidate) => (candidate === proposal ? updated.value : candidate)) });
}

/** The same ids in the same order (a choice of topics, the responses of a report). */
const sameIds = (a: readonly string[] | null, b: readonly string[] | null) => JSON.stringify(a) === JSON.stringify(b);

/** Whether the choice of topics differs from the one the issuer saw (nothing seen: the command predates the check). */
const choiceChanged = (state: CycleState, seen: readonly string[] | null | undefined) => seen !== undefined && !sameIds(state.chosen, seen);

/**
 * A moderation decision, judged on the status the secretary saw when making it: if another
 * decision came in between, this one is refused rather than silently replacing it, unless the
 * other was this same decision (both pressed the same button).
 */
function moderate(
  state: CycleState,
  command: { responseId: string; expectedStatus?: ModerationStatus | undefined },
  isThisDecision: (moderation: Moderation) => boolean,
  update: (response: ConsultationResponse) => Result<ConsultationResponse>,
): Result<CycleTransition> {
  return withResponse(state, command.responseId, (response) =>
    command.expectedStatus !== undefined && response.moderation.status !== command.expectedStatus && !isThisDecision(response.moderation)
      ? fail('RESPONSE_CHANGED', response.id)
      : update(response),
  );
}

function mayIssue(actor: CycleActor, command: CycleCommand): boolean {
  switch (command.type) {
    case 'response:submit':
      return actor.kind === 'public';
    case 'response:edit':
    case 'response:confirm':
      return actor.kind === 'respondent' && actor.responseId === command.responseId;
    default:
      return actor.kind === 'secretariat';
  }
}

/**
 * The cycle's one transition function: pure, never mutating its input. Time rules (open,
 * closed) are judged at the command's logged time, so replay gives the same answers.
 */
export function executeCycle(
  state: CycleState | null,
  command: CycleCommand,
  { actor, now }: { actor: CycleActor; now: number },
): Result<CycleTransition> {
  if (!mayIssue(actor, command)) return fail('FORBIDDEN');
  if (command.type === 'cycle:create') {
    if (state) return fail('CYCLE_EXISTS');
    return changed({
      ...command.details,
      id: command.cycleId,
      createdAt: now,
      proposals: [],
      chosen: null,
      launchedAt: null,
      responses: [],
      intros: {},
      report: null,
      nextId: 1,
    });
  }
  if (!state) return fail('CYCLE_NOT_FOUND');
  const launched = state.launchedAt !== null;
  switch (command.type) {
    case 'cycle:update':
      return changed({ ...state, ...command.details });
    case 'proposal:add': {
      if (launched) return fail('TOPICS_FIXED');
      const other = otherProposalOf(state, command.details.memberState, null);
      if (other) return fail('ONE_PROPOSAL_PER_MEMBER_STATE', `${other.memberState}: “${other.title}”`);
      const [proposalId, next] = takeId(state, 'p');
      return changed({ ...next, proposals: [...next.proposals, { ...command.details, id: proposalId, proposedAt: now }] }, proposalId);
    }
    case 'proposal:update':
      return withProposal(state, command.proposalId, (proposal) => {
        // Text may be corrected after launch (a typo, a translation); who proposed it may not.
        const { memberState } = command.details;
        if (memberState !== undefined && !sameMemberState(memberState, proposal.memberState)) {
          if (launched) return fail('TOPICS_FIXED');
          const other = otherProposalOf(state, memberState, proposal.id);
          if (other) return fail('ONE_PROPOSAL_PER_MEMBER_STATE', `${other.memberState}: “${other.title}”`);
        }
        return ok({ ...proposal, ...command.details });
      });
    case 'proposal:translate':
      return withProposal(state, command.proposalId, (proposal) => ok({ ...proposal, translations: inLanguage(proposal.translations, command.language, command.text) }));
    case 'proposal:remove': {
      if (!state.proposals.some((candidate) => candidate.id === command.proposalId)) return fail('PROPOSAL_NOT_FOUND');
      if (launched) return fail('TOPICS_FIXED');
      const chosen = state.chosen?.filter((id) => id !== command.proposalId) ?? null;
      return changed({
        ...state,
        proposals: state.proposals.filter((candidate) => candidate.id !== command.proposalId),
        chosen: chosen && chosen.length > 0 ? chosen : null,
      });
    }
    case 'topics:choose': {
      if (launched) return fail('TOPICS_FIXED');
      // Two secretaries making the same choice: the second finds it made, and it stands.
      if (choiceChanged(state, command.expectedChosen)) return sameIds(state.chosen, command.proposalIds) ? changed(state) : fail('CHOICE_CHANGED');
      const unknown = command.proposalIds.find((id) => !state.proposals.some((proposal) => proposal.id === id));
      if (unknown) return fail('PROPOSAL_NOT_FOUND', unknown);
      if (new Set(command.proposalIds).size !== command.proposalIds.length) return fail('BAD_REQUEST', 'a topic is chosen twice');
      return changed({ ...state, chosen: command.proposalIds });
    }
    case 'consultation:launch':
      if (state.chosen === null) return fail('TOPICS_NOT_CHOSEN');
      // Two secretaries launching at once: the first launch stands.
      if (launched) return changed(state);
      // Launched on the topics the secretary confirmed, not on a choice made since.
      return choiceChanged(state, command.expectedChosen) ? fail('CHOICE_CHANGED') : changed({ ...state, launchedAt: now });
    case 'response:submit': {
      if (command.submission !== undefined && state.responses.some((response) => response.submission === command.submission)) return changed(state);
      if (consultationPhase(state, now) !== 'open') return fail('CONSULTATION_NOT_OPEN');
      if (state.responses.length >= MAX_RESPONSES) return fail('TOO_MANY_RESPONSES');
      const checked = checkAnswers(state, command.details);
      if (!checked.ok) return checked;
      const [responseId, next] = takeId(state, 'r');
      const response: ConsultationResponse = {
        ...withoutBlank(command.details),
        id: responseId,
        ...(command.submission === undefined ? {} : { submission: command.submission }),
        submittedAt: now,
        updatedAt: now,
        confirmedAt: command.confirmed ? now : null,
        moderation: { status: 'pending' },
      };
      return changed({ ...next, responses: [...next.responses, response] }, responseId);
    }
    case 'response:edit': {
      if (consultationPhase(state, now) !== 'open') return fail('CONSULTATION_NOT_OPEN');
      const checked = checkAnswers(state, command.details);
      if (!checked.ok) return checked;
      // An edited response is moderated again: what was accepted is not what it now says.
      return withResponse(state, command.responseId, (response) =>
        ok({
          ...response,
          ...withoutBlank(command.details),
          updatedAt: now,
          confirmedAt: response.confirmedAt ?? now,
          moderation: { status: 'pending' },
        }),
      );
    }
    case 'response:confirm':
      return withResponse(state, command.responseId, (response) => ok({ ...response, confirmedAt: response.confirmedAt ?? now }));
    case 'response:accept':
      return moderate(state, command, (moderation) => moderation.status === 'accepted', (response) =>
        response.confirmedAt === null ? fail('RESPONSE_UNCONFIRMED') : ok({ ...response, moderation: { status: 'accepted', at: now } }),
      );
    case 'response:reject':
      return moderate(state, command, (moderation) => moderation.status === 'rejected' && moderation.reason === command.reason, (response) =>
        ok({ ...response, moderation: { status: 'rejected', at: now, reason: command.reason, note: command.note } }),
      );
    case 'response:reopen':
      return moderate(state, command, (moderation) => moderation.status === 'pending', (response) => ok({ ...response, moderation: { status: 'pending' } }));
    case 'response:merge': {
      if (command.responseId === command.intoId) return fail('BAD_REQUEST', 'a response cannot be merged into itself');
      const into = state.responses.find((candidate) => candidate.id === command.intoId);
      if (!into) return fail('RESPONSE_NOT_FOUND', command.intoId);
      // Chains would hide a response behind one that is itself hidden.
      if (into.moderation.status === 'merged') return fail('BAD_REQUEST', `${into.id} is itself merged into another response`);
      if (state.responses.some((candidate) => candidate.moderation.status === 'merged' && candidate.moderation.into === command.responseId)) {
        return fail('BAD_REQUEST', `other responses are merged into ${command.responseId}`);
      }
      return moderate(state, command, (moderation) => moderation.status === 'merged' && moderation.into === into.id, (response) =>
        ok({ ...response, moderation: { status: 'merged', at: now, into: into.id } }),
      );
    }
    case 'report:setIntro': {
      if (!(state.chosen ?? []).includes(command.topicId)) return fail('PROPOSAL_NOT_FOUND');
      if (!state.languages.includes(command.language)) return fail('UNKNOWN_LANGUAGE', command.language);
      const intro = inLanguage(state.intros[command.topicId] ?? {}, command.language, command.text === '' ? null : command.text);
      return changed({ ...state, intros: { ...state.intros, [command.topicId]: intro } });
    }
    case 'report:publish': {
      if (consultationPhase(state, now) !== 'closed') return fail('REPORT_BEFORE_DEADLINE');
      const responseIds = state.responses.filter((response) => response.moderation.status === 'accepted').map((response) => response.id);
      const published = state.report?.version ?? 0;
      if (command.expectedVersion !== undefined && command.expectedVersion !== published) {
        // The same report already out (a colleague pressed Publish too): it stands.
        return state.report !== null && sameIds(state.report.responseIds, responseIds) ? changed(state) : fail('REPORT_CHANGED', `version ${published}`);
      }
      return changed({ ...state, report: { version: published + 1, publishedAt: now, responseIds } });
    }
    default:
      return exhaustive(command);
  }
}

/** Rebuilds a cycle from its log (the entries after `from`, its snapshot); an entry that no longer applies is a corrupt log. */
export function replayCycle(
  entries: Iterable<{ seq: number; at: number; actor: CycleActor; command: CycleCommand }>,
  from: CycleState | null = null,
): CycleState | null {
  let state = from;
  for (const entry of entries) {
    const result = executeCycle(state, entry.command, { actor: entry.actor, now: entry.at });
    if (!result.ok) throw new Error(`Cycle log entry ${entry.seq} (${entry.command.type}) does not apply: ${result.error.code}`);
    state = result.value.state;
  }
  return state;
}
