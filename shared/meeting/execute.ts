import { mayIssue, participantIdOf, presides, type Actor } from '../access/actor.js';
import { fail, ok, exhaustive, type Result } from '../result.js';
import * as booths from '../interpretation/booths.js';
import * as queue from '../speaker-queue/queue.js';
import * as statements from '../speaker-queue/statements.js';
import type { MeetingCommand } from './commands.js';
import {
  defaultCaptionDisplay,
  inLanguage,
  MAX_PARTICIPANTS,
  type IssuedLink,
  type Language,
  type MeetingState,
  type MeetingStatus,
  type RecordEdit,
  SIGN_BOOTH,
  type Role,
  type Topic,
  type TranslationChanges,
} from './model.js';
import { currentTopic, followingExpiry, participantById, speakingTimeLimitOf } from './selectors.js';
import { linkProblem } from '../access/links.js';
import { sameJson } from '../protocol/patch.js';

export interface ExecutionContext {
  actor: Actor;
  /** Time of the command as recorded in the log. */
  now: number;
}

export interface Transition {
  state: MeetingState;
  /** Id of what the command created (topic, participant, link, queue entry), if anything. */
  createdId: string | null;
  /**
   * The command asks for what already is (the same details again, a closed list closed): it is
   * acknowledged but neither logged nor broadcast, so repeating a command costs the log nothing.
   */
  unchanged: boolean;
}

type Step = Omit<Transition, 'unchanged'>;

/**
 * Lifecycle: draft -> scheduled -> open -> adjourned -> archived; an adjourned meeting may
 * resume; only the secretariat archives, and an archived meeting never changes again.
 */
export const allowedTransitions: Record<MeetingStatus, readonly MeetingStatus[]> = {
  draft: ['scheduled'],
  scheduled: ['draft', 'open'],
  open: ['adjourned'],
  adjourned: ['open', 'archived'],
  archived: [],
};

const changed = (state: MeetingState, createdId: string | null = null): Result<Step> =>
  ok({ state, createdId });

function takeId(state: MeetingState, prefix: string): [string, MeetingState] {
  return [`${prefix}${state.nextId}`, { ...state, nextId: state.nextId + 1 }];
}

function replaceTopic(state: MeetingState, topic: Topic): MeetingState {
  return { ...state, topics: state.topics.map((candidate) => (candidate.id === topic.id ? topic : candidate)) };
}

function withTopic(
  state: MeetingState,
  topicId: string,
  update: (topic: Topic) => Result<Topic>,
): Result<Step> {
  const topic = state.topics.find((candidate) => candidate.id === topicId);
  if (!topic) return fail('TOPIC_NOT_FOUND');
  const result = update(topic);
  return result.ok ? changed(replaceTopic(state, result.value)) : result;
}

/** A topic with each language's changed title and description set or removed. */
function translated(topic: Topic, changes: TranslationChanges): Topic {
  let { titles, descriptions } = topic;
  for (const [language, change] of Object.entries(changes) as [Language, NonNullable<TranslationChanges[Language]>][]) {
    if (change.title !== undefined) titles = inLanguage(titles, language, change.title);
    if (change.description !== undefined) descriptions = inLanguage(descriptions, language, change.description);
  }
  return { ...topic, titles, descriptions };
}

/** Queue and floor commands act on the current topic of an open meeting. */
function withCurrentTopic(
  state: MeetingState,
  update: (topic: Topic) => Result<Topic>,
  createdId: string | null = null,
): Result<Step> {
  if (state.status !== 'open') return fail('MEETING_NOT_OPEN');
  const topic = currentTopic(state);
  if (!topic) return fail('NO_CURRENT_TOPIC');
  const result = update(topic);
  return result.ok ? changed(replaceTopic(state, result.value), createdId) : result;
}

/** Runs the next step only if the first succeeded. */
function then<T, U>(result: Result<T>, next: (value: T) => Result<U>): Result<U> {
  return result.ok ? next(result.value) : result;
}

function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const rest = items.filter((_, index) => index !== from);
  return [...rest.slice(0, to), items[from]!, ...rest.slice(to)];
}

/** Another topic of the meeting proposed by the same Member State, when the rule applies. */
function otherProposal(state: MeetingState, proposedBy: string, exceptTopicId: string | null): Topic | undefined {
  const memberState = proposedBy.trim().toLocaleLowerCase();
  if (!state.oneProposalPerMemberState || !memberState) return undefined;
  return state.topics.find(
    (topic) => topic.id !== exceptTopicId && topic.proposedBy.trim().toLocaleLowerCase() === memberState,
  );
}

/** A link that follows the meeting gets the expiry of the meeting as it now is; others keep theirs. */
function followMeeting(state: MeetingState, link: IssuedLink): IssuedLink {
  if (link.followsMeetingSince === null || link.revokedAt !== null) return link;
  const expiresAt = followingExpiry(state, link.followsMeetingSince);
  return expiresAt === link.expiresAt ? link : { ...link, expiresAt };
}

function unknownLanguage(state: MeetingState, chosen: readonly Language[]): Language | undefined {
  return chosen.find((language) => !state.languages.includes(language));
}

/** Screen links name up to two caption languages, viewer links one (a viewer reads one bar); others none. */
function linkCaptionsRefusal(state: MeetingState, role: Role, captions: readonly Language[]): Result<never> | null {
  const most = role === 'screen' ? 2 : role === 'viewer' ? 1 : 0;
  if (captions.length > most) return fail('BAD_REQUEST', `a ${role} link names at most ${most} caption languages`);
  const unknown = unknownLanguage(state, captions);
  return unknown ? fail('UNKNOWN_LANGUAGE', unknown) : null;
}

/** The countdown turns to its warning colour within the limit, never before the speech begins. */
function warningFits(warningSec: number, limits: readonly (number | null | undefined)[]): Result<null> {
  return limits.every((limit) => limit === null || limit === undefined || warningSec <= limit)
    ? ok(null)
    : fail('WARNING_LONGER_THAN_LIMIT', `${warningSec} s`);
}

/**
 * A changed speaking time limit, applied to the speech in progress too when the chair asks
 * (`applyToSpeechId` names the speech the console showed).
 */
function applyLimit(state: MeetingState, seconds: number | null, applyToSpeechId: string | undefined): Result<MeetingState> {
  const fits = warningFits(state.warningSec, [seconds]);
  if (!fits.ok) return fits;
  if (applyToSpeechId === undefined) return ok(state);
  const topic = currentTopic(state);
  if (!topic) return fail('NO_CURRENT_TOPIC');
  const applied = queue.setSpeechLimit(topic, applyToSpeechId, seconds);
  return applied.ok ? ok(replaceTopic(state, applied.value)) : applied;
}

const linkOf = (state: MeetingState, linkId: string): IssuedLink | undefined => state.links.find((link) => link.id === linkId);

/** A link stops acting the moment it is revoked or expires, including for queued commands. */
function checkLink(state: MeetingState, actor: Actor, now: number): Result<null> {
  if (actor.kind !== 'link') return ok(null);
  const problem = linkProblem(state, actor, now);
  return problem ? fail(problem) : ok(null);
}

/**
 * The meeting's one transition function: pure, deterministic, never mutating its input.
 * The server runs it to accept a command; replaying the log through it rebuilds the state.
 */
export function execute(state: MeetingState | null, command: MeetingCommand, ctx: ExecutionContext): Result<Transition> {
  if (!mayIssue(ctx.actor, command.type)) return fail('FORBIDDEN');
  if (command.type === 'meeting:create') {
    if (state) return fail('MEETING_EXISTS');
    const { details } = command;
    if (details.endsAt <= details.startsAt) return fail('BAD_REQUEST', 'endsAt must be after startsAt');
    const fits = warningFits(details.warningSec, [details.speakingTimeLimitSec]);
    if (!fits.ok) return fits;
    return ok({
      unchanged: false,
      createdId: null,
      state: {
        ...details,
        id: command.meetingId,
        status: 'draft',
        createdAt: ctx.now,
        topics: [],
        currentTopicId: null,
        participants: [],
        links: [],
        corrections: [],
        booths: [],
        channelLog: [],
        nextId: 1,
        captionDisplay: defaultCaptionDisplay,
        statusHistory: [{ status: 'draft', at: ctx.now }],
      },
    });
  }
  if (!state) return fail('MEETING_NOT_FOUND');
  if (state.status === 'archived') return fail('MEETING_ARCHIVED');
  const link = checkLink(state, ctx.actor, ctx.now);
  if (!link.ok) return link;
  const step = executeOnMeeting(state, command, ctx);
  if (!step.ok) return step;
  // One rule for every command, present and future: the state it leads to equals the one it
  // started from (compared by identity first, so the unchanged parts cost nothing).
  return ok({ ...step.value, unchanged: sameJson(state, step.value.state) });
}

function executeOnMeeting(
  state: MeetingState,
  command: Exclude<MeetingCommand, { type: 'meeting:create' }>,
  { actor, now }: ExecutionContext,
): Result<Step> {
  switch (command.type) {
    case 'meeting:update': {
      const next = { ...state, ...command.details };
      if (next.endsAt <= next.startsAt) return fail('BAD_REQUEST', 'endsAt must be after startsAt');
      const { warningSec, speakingTimeLimitSec } = command.details;
      if (warningSec !== undefined || speakingTimeLimitSec !== undefined) {
        const fits = warningFits(next.warningSec, [next.speakingTimeLimitSec, ...next.topics.map((topic) => topic.speakingTimeLimitSec)]);
        if (!fits.ok) return fits;
      }
      return changed({ ...next, links: next.links.map((link) => followMeeting(next, link)) });
    }
    case 'meeting:transition': {
      if (command.to === state.status) return changed(state);
      if (command.expectedStatus !== undefined && command.expectedStatus !== state.status) return fail('MEETING_STATUS_CHANGED', state.status);
      if (!allowedTransitions[state.status].includes(command.to)) return fail('INVALID_TRANSITION');
      if (command.to === 'archived' && actor.kind !== 'secretariat') return fail('FORBIDDEN');
      // Adjourning ends a speech still in progress rather than leaving it open forever.
      const topic = currentTopic(state);
      if (command.expectedSpeechId !== undefined && (topic?.floor?.id ?? null) !== command.expectedSpeechId) {
        return fail('FLOOR_CHANGED', topic?.floor?.participantId ?? '');
      }
      const settled = command.to === 'adjourned' && topic?.floor ? queue.endFloor(topic, now) : null;
      const floorSettled = settled?.ok ? replaceTopic(state, settled.value) : state;
      // Interpretation stops with the sitting: every channel goes off the air.
      const next =
        command.to === 'open' ? floorSettled : booths.release(floorSettled, floorSettled.booths.map((booth) => booth.language), now);
      return changed({ ...next, status: command.to, statusHistory: [...next.statusHistory, { status: command.to, at: now }] });
    }
    case 'meeting:setSpeakingTime': {
      const applied = applyLimit(state, command.seconds, command.applyToSpeechId);
      return applied.ok ? changed({ ...applied.value, speakingTimeLimitSec: command.seconds }) : applied;
    }
    case 'meeting:setCaptionDisplay': {
      const unknown = unknownLanguage(state, command.display.screenLanguages);
      if (unknown) return fail('UNKNOWN_LANGUAGE', unknown);
      return changed({ ...state, captionDisplay: command.display });
    }
    case 'topic:add': {
      const fits = warningFits(state.warningSec, [command.details.speakingTimeLimitSec]);
      if (!fits.ok) return fits;
      const duplicate = otherProposal(state, command.details.proposedBy, null);
      if (duplicate) return fail('ONE_PROPOSAL_PER_MEMBER_STATE', `${command.details.proposedBy}: “${duplicate.title}”`);
      const [topicId, next] = takeId(state, 't');
      const topic: Topic = { ...command.details, id: topicId, listClosed: false, queue: [], floor: null, history: [], statements: [], setAside: [] };
      return changed(
        { ...next, topics: [...next.topics, topic], currentTopicId: next.currentTopicId ?? topicId },
        topicId,
      );
    }
    case 'topic:update': {
      const fits = warningFits(state.warningSec, [command.details.speakingTimeLimitSec]);
      if (!fits.ok) return fits;
      const duplicate = command.details.proposedBy ? otherProposal(state, command.details.proposedBy, command.topicId) : null;
      if (duplicate) return fail('ONE_PROPOSAL_PER_MEMBER_STATE', `${command.details.proposedBy}: “${duplicate.title}”`);
      const unknown = unknownLanguage(state, Object.keys(command.translated ?? {}) as Language[]);
      if (unknown) return fail('UNKNOWN_LANGUAGE', unknown);
      return withTopic(state, command.topicId, (topic) => ok(translated({ ...topic, ...command.details }, command.translated ?? {})));
    }
    case 'topic:setSpeakingTime': {
      if (!state.topics.some((topic) => topic.id === command.topicId)) return fail('TOPIC_NOT_FOUND');
      // A topic without a limit of its own falls back to the meeting's, for the speech too.
      const applied = applyLimit(state, command.seconds ?? state.speakingTimeLimitSec, command.applyToSpeechId);
      if (!applied.ok) return applied;
      return withTopic(applied.value, command.topicId, (topic) => ok({ ...topic, speakingTimeLimitSec: command.seconds }));
    }
    case 'topic:remove': {
      const topic = state.topics.find((candidate) => candidate.id === command.topicId);
      if (!topic) return fail('TOPIC_NOT_FOUND');
      if (topic.floor || topic.history.length > 0) return fail('TOPIC_HAS_SPEECHES');
      const topics = state.topics.filter((candidate) => candidate.id !== topic.id);
      const currentTopicId = state.currentTopicId === topic.id ? (topics[0]?.id ?? null) : state.currentTopicId;
      return changed({ ...state, topics, currentTopicId });
    }
    case 'topic:move': {
      const from = state.topics.findIndex((candidate) => candidate.id === command.topicId);
      if (from === -1) return fail('TOPIC_NOT_FOUND');
      const to = Math.min(command.toIndex, state.topics.length - 1);
      // Two secretaries pressing the same move: the second finds it made, and it stands.
      if (command.expectedIndex !== undefined && from !== command.expectedIndex) return from === to ? changed(state) : fail('TOPICS_CHANGED', command.topicId);
      return changed({ ...state, topics: moveItem(state.topics, from, to) });
    }
    case 'topic:select': {
      if (!state.topics.some((topic) => topic.id === command.topicId)) return fail('TOPIC_NOT_FOUND');
      if (state.currentTopicId === command.topicId) return changed(state);
      if (command.expectedTopicId !== undefined && command.expectedTopicId !== state.currentTopicId) return fail('CURRENT_TOPIC_CHANGED');
      if (currentTopic(state)?.floor) return fail('FLOOR_IN_USE');
      return changed(booths.changeTopic({ ...state, currentTopicId: command.topicId }, now));
    }
    case 'link:issue': {
      if (command.expiresAt !== undefined && command.expiresAt <= now) {
        return fail('BAD_REQUEST', 'expiresAt must be in the future');
      }
      const captions = command.captions ?? [];
      const captionsRefused = linkCaptionsRefusal(state, command.role, captions);
      if (captionsRefused) return captionsRefused;
      if (command.lead && command.role !== 'captioner') return fail('BAD_REQUEST', 'only a captioner link can be the lead captioner');
      const booth = command.booth ?? null;
      if ((command.role === 'interpreter') !== (booth !== null)) {
        return fail('BAD_REQUEST', 'an interpreter link names its booth, and only an interpreter link does');
      }
      if (booth !== null && booth !== SIGN_BOOTH && !state.languages.includes(booth)) return fail('UNKNOWN_LANGUAGE', booth);
      const [linkId, next] = takeId(state, 'l');
      const issued: IssuedLink = {
        id: linkId,
        role: command.role,
        label: command.label,
        participantId: null,
        issuedAt: now,
        expiresAt: command.expiresAt ?? followingExpiry(state, now),
        followsMeetingSince: command.expiresAt === undefined ? now : null,
        revokedAt: null,
        captions,
        lead: command.lead ?? false,
        booth,
      };
      return changed({ ...next, links: [...next.links, issued] }, linkId);
    }
    case 'link:renew': {
      const target = state.links.find((candidate) => candidate.id === command.linkId);
      if (!target) return fail('LINK_NOT_FOUND');
      if (target.revokedAt !== null) return fail('LINK_REVOKED');
      const renewed = followMeeting(state, { ...target, followsMeetingSince: now });
      return changed({ ...state, links: state.links.map((candidate) => (candidate === target ? renewed : candidate)) });
    }
    case 'link:setLead': {
      const target = state.links.find((candidate) => candidate.id === command.linkId);
      if (!target) return fail('LINK_NOT_FOUND');
      if (target.role !== 'captioner') return fail('BAD_REQUEST', 'only a captioner link can be the lead captioner');
      if (target.lead === command.lead) return changed(state);
      return changed({ ...state, links: state.links.map((candidate) => (candidate === target ? { ...target, lead: command.lead } : candidate)) });
    }
    case 'link:revoke': {
      const target = state.links.find((candidate) => candidate.id === command.linkId);
      if (!target) return fail('LINK_NOT_FOUND');
      if (target.revokedAt !== null) return changed(state);
      // A revoked interpreter's channel goes off the air with their link.
      const held = state.booths.filter((booth) => booth.linkId === target.id).map((booth) => booth.language);
      return changed({
        ...booths.release(state, held, now),
        links: state.links.map((candidate) => (candidate === target ? { ...candidate, revokedAt: now } : candidate)),
      });
    }
    case 'participant:register': {
      if (actor.kind === 'registrant' && state.status !== 'scheduled' && state.status !== 'open') {
        return fail('REGISTRATION_CLOSED');
      }
      if (state.participants.length >= MAX_PARTICIPANTS) return fail('TOO_MANY_PARTICIPANTS');
      const publicly = actor.kind === 'registrant';
      // The meeting's own cap bounds public registration; declined registrations free their place.
      if (publicly && state.maxParticipants !== null && state.participants.filter((p) => p.registration !== 'declined').length >= state.maxParticipants) {
        return fail('TOO_MANY_PARTICIPANTS');
      }
      const [participantId, withParticipantId] = takeId(state, 'p');
      const [linkId, next] = takeId(withParticipantId, 'l');
      // Whom the chair or the secretariat registers is admitted: approval is for the public form.
      const registration = publicly && state.registrationApproval ? ('pending' as const) : ('approved' as const);
      const participant = { ...command.details, id: participantId, role: 'participant' as const, registeredAt: now, registration };
      const personalLink: IssuedLink = {
        id: linkId,
        role: 'participant',
        label: command.details.displayName,
        booth: null,
        participantId,
        issuedAt: now,
        expiresAt: followingExpiry(state, now),
        followsMeetingSince: now,
        revokedAt: null,
        captions: [],
        lead: false,
      };
      return changed(
        { ...next, participants: [...next.participants, participant], links: [...next.links, personalLink] },
        participantId,
      );
    }
    case 'participant:review': {
      const target = participantById(state, command.participantId);
      if (!target) return fail('PARTICIPANT_NOT_FOUND');
      if (target.registration === command.decision) return changed(state);
      if (command.expectedStatus !== undefined && target.registration !== command.expectedStatus) return fail('REGISTRATION_CHANGED', target.id);
      if (command.decision === 'approved' && target.registration === 'declined' && state.maxParticipants !== null &&
        state.participants.filter((p) => p.registration !== 'declined').length >= state.maxParticipants) {
        return fail('TOO_MANY_PARTICIPANTS');
      }
      return changed({
        ...state,
        participants: state.participants.map((participant) =>
          participant === target ? { ...participant, registration: command.decision } : participant,
        ),
      });
    }
    case 'participant:update': {
      if (!presides(actor) && participantIdOf(actor) !== command.participantId) return fail('FORBIDDEN');
      if (!participantById(state, command.participantId)) return fail('PARTICIPANT_NOT_FOUND');
      return changed({
        ...state,
        participants: state.participants.map((participant) =>
          participant.id === command.participantId ? { ...participant, ...command.details } : participant,
        ),
      });
    }
    case 'queue:request':
    case 'queue:add': {
      const participantId = command.type === 'queue:add' ? command.participantId : participantIdOf(actor);
      if (participantId === null || !participantById(state, participantId)) return fail('PARTICIPANT_NOT_FOUND');
      const [entryId, next] = takeId(state, 'e');
      const request = { participantId, kind: command.kind, byChair: command.type === 'queue:add' };
      return withCurrentTopic(next, (topic) => queue.enqueue(topic, request, { now, newId: entryId }), entryId);
    }
    case 'queue:withdraw': {
      if (state.status !== 'open') return fail('MEETING_NOT_OPEN');
      const topic = state.topics.find((candidate) => candidate.queue.some((entry) => entry.id === command.entryId));
      const entry = topic?.queue.find((candidate) => candidate.id === command.entryId);
      if (!topic || !entry) {
        const speech = state.topics.find((candidate) => candidate.floor?.id === command.entryId)?.floor;
        // Given the floor before the withdrawal arrived: whoever withdrew it is told that, not "no longer in the queue".
        if (speech && (presides(actor) || speech.participantId === participantIdOf(actor))) return fail('REQUEST_GIVEN_FLOOR', speech.participantId);
        return fail('ENTRY_NOT_FOUND');
      }
      if (!presides(actor) && entry.participantId !== participantIdOf(actor)) return fail('FORBIDDEN');
      // Its author takes back what they asked, statement included; a request the chair removes
      // (the time ran out) leaves its statement with the meeting, for the record.
      const byAuthor = participantIdOf(actor) === entry.participantId;
      return withTopic(state, topic.id, (owner) =>
        then(queue.withdraw(owner, entry.id), (left) => (byAuthor ? statements.dropStatement(left, entry.id) : ok(left))),
      );
    }
    case 'queue:move':
      return withCurrentTopic(state, (topic) => queue.move(topic, command.entryId, command.toIndex, command.expectedIndex));
    case 'queue:close':
      return withCurrentTopic(state, (topic) => ok(queue.setListClosed(topic, true)));
    case 'queue:reopen':
      return withCurrentTopic(state, (topic) => ok(queue.setListClosed(topic, false)));
    case 'queue:readdLast': {
      const [entryId, next] = takeId(state, 'e');
      return withCurrentTopic(
        next,
        (topic) => queue.readdLast(topic, { now, newId: entryId }, command.expectedSpeechId),
        entryId,
      );
    }
    case 'floor:give':
      return withCurrentTopic(state, (topic) =>
        then(queue.expectFloor(topic, command.expectedSpeechId), (seen) =>
          queue.giveFloor(
            seen,
            command.entryId,
            {
              timeLimitSec: speakingTimeLimitOf(state, topic),
              attendanceOf: (participantId) => participantById(state, participantId)?.attendance ?? 'room',
            },
            now,
          ),
        ),
      );
    case 'floor:end':
      return withCurrentTopic(state, (topic) =>
        then(queue.expectFloor(topic, command.expectedSpeechId), (seen) => queue.endFloor(seen, now)),
      );
    case 'floor:pause':
      return withCurrentTopic(state, (topic) =>
        then(queue.expectFloor(topic, command.expectedSpeechId), (seen) => queue.pauseFloor(seen, now)),
      );
    case 'floor:resume':
      return withCurrentTopic(state, (topic) =>
        then(queue.expectFloor(topic, command.expectedSpeechId), (seen) => queue.resumeFloor(seen, now)),
      );
    case 'queue:carryOver': {
      if (state.status !== 'open') return fail('MEETING_NOT_OPEN');
      const to = currentTopic(state);
      if (!to) return fail('NO_CURRENT_TOPIC');
      const from = state.topics.find((topic) => topic.id === command.fromTopicId);
      if (!from) return fail('TOPIC_NOT_FOUND');
      if (from.id === to.id) return fail('BAD_REQUEST', 'the requests are already on the current topic');
      const carried = queue.carryOver(from, to, command.entryIds);
      return carried.ok ? changed(replaceTopic(replaceTopic(state, carried.value.from), carried.value.to)) : carried;
    }
    case 'floor:addTime':
      return withCurrentTopic(state, (topic) => queue.addTime(topic, command.speechId, command.seconds, command.expectedAddedMs));
    case 'floor:restart':
      return withCurrentTopic(state, (topic) => queue.restart(topic, command.speechId, now, command.expectedAddedMs));
    case 'statement:submit': {
      if (state.status !== 'open') return fail('MEETING_NOT_OPEN');
      const topic = state.topics.find((candidate) => statements.openRequestOwner(candidate, command.requestId) !== null);
      if (!topic) return fail('STATEMENT_CLOSED');
      const by = { participantId: participantIdOf(actor), presides: presides(actor) };
      return withTopic(state, topic.id, (owner) => statements.submitStatement(owner, { requestId: command.requestId, text: command.text, by, expectedSubmittedAt: command.expectedSubmittedAt }, now));
    }
    case 'statement:withdraw': {
      if (state.status !== 'open') return fail('MEETING_NOT_OPEN');
      const topic = state.topics.find(
        (candidate) => statements.statementFor(candidate, command.requestId) || statements.wasSetAside(candidate, command.requestId),
      );
      if (!topic) return fail('STATEMENT_NOT_FOUND');
      return withTopic(state, topic.id, (owner) =>
        statements.withdrawStatement(
          owner,
          { requestId: command.requestId, by: { participantId: participantIdOf(actor), presides: presides(actor) }, expectedSubmittedAt: command.expectedSubmittedAt },
          now,
        ),
      );
    }
    case 'booth:take': {
      if (state.status !== 'open') return fail('MEETING_NOT_OPEN');
      if (actor.kind !== 'link' || linkOf(state, actor.linkId)?.booth !== command.language) return fail('NOT_YOUR_BOOTH');
      const holder = state.booths.find((booth) => booth.language === command.language)?.linkId;
      // A hand-over takes off the air only the colleague the console showed; a free booth is taken whoever left it.
      if (command.expectedHolder !== undefined && holder !== undefined && holder !== actor.linkId && holder !== command.expectedHolder) {
        return fail('BOOTH_CHANGED', holder);
      }
      return changed(booths.take(state, command.language, actor.linkId, now));
    }
    case 'booth:release': {
      const holder = state.booths.find((booth) => booth.language === command.language);
      if (!holder) return changed(state);
      if (!presides(actor) && !(actor.kind === 'link' && actor.linkId === holder.linkId)) return fail('BOOTH_NOT_HELD');
      return changed(booths.release(state, [command.language], now));
    }
    case 'record:correct': {
      if (state.status !== 'adjourned') return fail('RECORD_NOT_IN_REVIEW');
      const checked = checkEdit(state, command.edit);
      if (!checked.ok) return checked;
      const [correctionId, next] = takeId(state, 'c');
      // A second correction of the same thing replaces the first: the count says what was changed.
      const target = editTarget(command.edit);
      const kept = target === null ? next.corrections : next.corrections.filter((correction) => editTarget(correction.edit) !== target);
      return changed({ ...next, corrections: [...kept, { id: correctionId, at: now, edit: command.edit }] }, correctionId);
    }
    case 'record:revert': {
      if (state.status !== 'adjourned') return fail('RECORD_NOT_IN_REVIEW');
      if (!state.corrections.some((correction) => correction.id === command.correctionId)) return fail('CORRECTION_NOT_FOUND');
      return changed({ ...state, corrections: state.corrections.filter((correction) => correction.id !== command.correctionId) });
    }
    default:
      return exhaustive(command);
  }
}

/**
 * What the meeting itself can check of a record correction. Caption lines live in their own
 * logs, so whether a line exists is checked by the adapter (see shared/archive/corrections.ts).
 */
function checkEdit(state: MeetingState, edit: RecordEdit): Result<null> {
  switch (edit.kind) {
    case 'removeSpeech':
    case 'withholdAudio':
      return speechEditable(state, edit.kind, edit.speechId);
    case 'setGroup':
      return participantById(state, edit.participantId) ? ok(null) : fail('PARTICIPANT_NOT_FOUND');
    case 'removeStatement': {
      const exists = state.topics.some((topic) => statements.statementFor(topic, edit.requestId));
      const done = state.corrections.some((correction) => correction.edit.kind === 'removeStatement' && correction.edit.requestId === edit.requestId);
      return exists && !done ? ok(null) : fail('STATEMENT_NOT_FOUND');
    }
    case 'mergeLines':
      return state.languages.includes(edit.language) ? ok(null) : fail('UNKNOWN_LANGUAGE');
    case 'setSpeaker':
      if (!state.languages.includes(edit.language)) return fail('UNKNOWN_LANGUAGE');
      if (edit.participantId !== null && edit.label !== null) return fail('BAD_REQUEST', 'name a participant or give a label, not both');
      if (edit.participantId !== null && !participantById(state, edit.participantId)) return fail('PARTICIPANT_NOT_FOUND');
      return ok(null);
    default:
      return exhaustive(edit);
  }
}

/** What an edit changes; null for a merge, as two merges of one line chain rather than repeat. */
function editTarget(edit: RecordEdit): string | null {
  switch (edit.kind) {
    case 'removeSpeech':
      return `speech:${edit.speechId}`;
    case 'setGroup':
      return `group:${edit.participantId}`;
    case 'setSpeaker':
      return `speaker:${edit.language}:${edit.line}`;
    case 'withholdAudio':
      return `audio:${edit.speechId}`;
    case 'removeStatement':
      return `statement:${edit.requestId}`;
    case 'mergeLines':
      return null;
    default:
      return exhaustive(edit);
  }
}

/**
 * A speech edit applies to a speech of the record that the same kind of edit has not already
 * hit (removed, or its audio withheld: issue 16's "not for publication").
 */
function speechEditable(state: MeetingState, kind: 'removeSpeech' | 'withholdAudio', speechId: string): Result<null> {
  const exists = state.topics.some((topic) => topic.history.some((speech) => speech.id === speechId));
  const done = state.corrections.some((correction) => correction.edit.kind === kind && correction.edit.speechId === speechId);
  return exists && !done ? ok(null) : fail('SPEECH_NOT_FOUND');
}

/** Rebuilds a meeting from its log. A log entry that no longer applies is a corrupt log. */
export function replay(
  entries: Iterable<{ seq: number; at: number; actor: Actor; command: MeetingCommand }>,
): MeetingState | null {
  let state: MeetingState | null = null;
  for (const entry of entries) {
    const result = execute(state, entry.command, { actor: entry.actor, now: entry.at });
    if (!result.ok) throw new Error(`Log entry ${entry.seq} (${entry.command.type}) does not apply: ${result.error.code}`);
    state = result.value.state;
  }
  return state;
}
