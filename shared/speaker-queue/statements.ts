import type { MeetingState, OwnStatement, SetAsideStatement, Topic, WrittenStatement } from '../meeting/model.js';
import { fail, ok, type Result } from '../result.js';

/** Whose request it is, while it waits or holds the floor; a statement can be sent or changed only then. */
export function openRequestOwner(topic: Topic, requestId: string): string | null {
  if (topic.floor?.id === requestId) return topic.floor.participantId;
  return topic.queue.find((entry) => entry.id === requestId)?.participantId ?? null;
}

export function statementFor(topic: Topic, requestId: string): WrittenStatement | undefined {
  return topic.statements.find((statement) => statement.requestId === requestId);
}

/**
 * A participant sends a statement in writing for their own request, waiting or on the floor, or
 * the chair's table enters one its author sent another way; sending again replaces the text (a
 * correction before it is read). Once the speech has ended or the request is gone, the
 * statement is what the meeting received and stays as it is.
 */
export function submitStatement(
  topic: Topic,
  submission: {
    requestId: string;
    text: string;
    by: { participantId: string | null; presides: boolean };
    /** When the statement the issuer saw was sent, null if they saw none; undefined: unchecked. */
    expectedSubmittedAt?: number | null;
  },
  now: number,
): Result<Topic> {
  const { requestId, text, by } = submission;
  const owner = openRequestOwner(topic, requestId);
  if (owner === null) return fail('STATEMENT_CLOSED');
  const ownRequest = owner === by.participantId;
  if (!ownRequest && !by.presides) return fail('FORBIDDEN');
  const previous = statementFor(topic, requestId);
  // The same text again is a resend whose acknowledgement was lost, whatever was seen.
  if (previous?.text === text && previous.enteredByChair === !ownRequest) return ok(topic);
  if (!seenAsItIs(previous, submission.expectedSubmittedAt)) return fail('STATEMENT_CHANGED', requestId);
  const statement: WrittenStatement = { requestId, participantId: owner, text, submittedAt: now, enteredByChair: !ownRequest };
  const statements = previous
    ? topic.statements.map((candidate) => (candidate === previous ? statement : candidate))
    : [...topic.statements, statement];
  // A new statement for the request replaces the news that the last one was set aside.
  const setAside = wasSetAside(topic, requestId) ? topic.setAside.filter((entry) => entry.requestId !== requestId) : topic.setAside;
  return ok({ ...topic, statements, setAside });
}

/** The topic without the statement of a request, if it has one. */
export function dropStatement(topic: Topic, requestId: string): Result<Topic> {
  const statement = statementFor(topic, requestId);
  return ok(statement ? { ...topic, statements: topic.statements.filter((candidate) => candidate !== statement) } : topic);
}

/** Whether the chair set aside the request's last statement (a new one clears this). */
export function wasSetAside(topic: Topic, requestId: string): boolean {
  return topic.setAside.some((entry) => entry.requestId === requestId);
}

/** Whether the statement is the one the issuer saw (`expectedSubmittedAt` undefined: not checked). */
function seenAsItIs(statement: WrittenStatement | undefined, expectedSubmittedAt: number | null | undefined): boolean {
  return expectedSubmittedAt === undefined || (statement?.submittedAt ?? null) === expectedSubmittedAt;
}

/**
 * Its author takes a statement back, or the chair sets one aside, while its request is still
 * open; given `expectedSubmittedAt`, only the version the issuer read.
 */
export function withdrawStatement(
  topic: Topic,
  withdrawal: { requestId: string; by: { participantId: string | null; presides: boolean }; expectedSubmittedAt?: number | undefined },
  now: number,
): Result<Topic> {
  const { requestId, by } = withdrawal;
  const statement = statementFor(topic, requestId);
  // Two consoles setting the same statement aside at once: the later finds done what it asked.
  if (!statement) return by.presides && wasSetAside(topic, requestId) ? ok(topic) : fail('STATEMENT_NOT_FOUND');
  const ownStatement = statement.participantId === by.participantId;
  if (!by.presides && !ownStatement) return fail('FORBIDDEN');
  if (openRequestOwner(topic, requestId) === null) return fail('STATEMENT_CLOSED');
  if (!seenAsItIs(statement, withdrawal.expectedSubmittedAt)) return fail('STATEMENT_CHANGED', requestId);
  const statements = topic.statements.filter((candidate) => candidate !== statement);
  if (ownStatement) return ok({ ...topic, statements });
  return ok({ ...topic, statements, setAside: [...topic.setAside, { requestId, participantId: statement.participantId, at: now }] });
}

/** Every statement a participant sent or had entered for them, on every topic, in the meeting's order. */
export function ownStatements(state: MeetingState, participantId: string): OwnStatement[] {
  const own: OwnStatement[] = [];
  for (const topic of state.topics) {
    for (const statement of topic.statements) {
      if (statement.participantId === participantId) own.push({ ...statement, topicId: topic.id });
    }
  }
  return own;
}

/** The statements of a participant's the chair set aside, on every topic. */
export function ownSetAside(state: MeetingState, participantId: string): SetAsideStatement[] {
  return state.topics.flatMap((topic) => topic.setAside.filter((entry) => entry.participantId === participantId));
}

/**
 * The authors whose statements a change added, replaced, moved or removed. Topics and their
 * statement lists are replaced, never mutated, so what kept its identity did not change.
 */
export function changedStatementAuthors(before: readonly Topic[], after: readonly Topic[]): Set<string> {
  const authors = new Set<string>();
  if (before === after) return authors;
  const earlier = new Map(before.map((topic) => [topic.id, topic.statements]));
  const later = new Map(after.map((topic) => [topic.id, topic.statements]));
  const compare = (from: Map<string, readonly WrittenStatement[]>, to: Map<string, readonly WrittenStatement[]>) => {
    for (const [topicId, statements] of from) {
      const other = to.get(topicId);
      if (other === statements) continue;
      const kept = new Set(other);
      for (const statement of statements) if (!kept.has(statement)) authors.add(statement.participantId);
    }
  };
  compare(earlier, later);
  compare(later, earlier);
  return authors;
}
