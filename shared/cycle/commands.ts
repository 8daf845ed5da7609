import { z } from 'zod';
import { Id, Language } from '../meeting/model.js';
import { CycleDetails, CyclePatch, ModerationStatus, ProposalDetails, ProposalPatch, RejectionReason, ResponseDetails, SubmissionKey, TopicText } from './model.js';

const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

/**
 * The moderation status the secretary saw when deciding: another secretary's decision since
 * then refuses this one instead of silently replacing it. Absent in commands logged before it
 * existed, and in scripts that mean to overrule whatever is there.
 */
const expectedStatus = ModerationStatus.optional();

/** The chosen topics the secretary saw, in agenda order (null: none chosen yet). */
const SeenChoice = z.array(Id).max(50).nullable().optional();

/**
 * Every change to a consultation cycle. Accepted commands are the cycle's log, replayed
 * through `executeCycle` on restart, like a meeting's.
 */
export const cycleCommandSchemas = {
  'cycle:create': command('cycle:create', { cycleId: Id, details: CycleDetails }),
  'cycle:update': command('cycle:update', { details: CyclePatch }),
  'proposal:add': command('proposal:add', { details: ProposalDetails }),
  'proposal:update': command('proposal:update', { proposalId: Id, details: ProposalPatch }),
  /**
   * One language's text of a topic; null removes it. Translators of different languages work at
   * once: each saves only their own language, never a copy of the others' as their page last read them.
   */
  'proposal:translate': command('proposal:translate', { proposalId: Id, language: Language, text: TopicText.nullable() }),
  'proposal:remove': command('proposal:remove', { proposalId: Id }),
  /** The group's choice, in agenda order; may change until the consultation is launched. */
  // `expectedChosen`: another secretary's choice made since the issuer's page showed it refuses these (CHOICE_CHANGED).
  'topics:choose': command('topics:choose', { proposalIds: z.array(Id).min(1).max(50), expectedChosen: SeenChoice }),
  'consultation:launch': command('consultation:launch', { expectedChosen: SeenChoice }),
  'response:submit': command('response:submit', {
    details: ResponseDetails,
    /** Set by the server when it sends no e-mail to confirm by: the response counts at once. */
    confirmed: z.boolean().default(false),
    /** The form's submission: sent again, it creates nothing (no `createdId`) and the response it made stands. */
    submission: SubmissionKey.optional(),
  }),
  /** The respondent, through their link, until the deadline. */
  'response:edit': command('response:edit', { responseId: Id, details: ResponseDetails }),
  'response:confirm': command('response:confirm', { responseId: Id }),
  'response:accept': command('response:accept', { responseId: Id, expectedStatus }),
  'response:reject': command('response:reject', {
    responseId: Id,
    reason: RejectionReason,
    note: z.string().trim().max(500).default(''),
    expectedStatus,
  }),
  /** Back to pending: a moderation decision undone. */
  'response:reopen': command('response:reopen', { responseId: Id, expectedStatus }),
  'response:merge': command('response:merge', { responseId: Id, intoId: Id, expectedStatus }),
  'report:setIntro': command('report:setIntro', {
    topicId: Id,
    language: Language,
    /** Empty removes it. */
    text: z.string().trim().max(5000),
  }),
  /**
   * `expectedVersion`: the version the issuer's page showed (0: none). Two secretaries publishing
   * at once make one version, not two; a report published meanwhile with other responses is
   * refused rather than replaced by one the issuer never saw.
   */
  'report:publish': command('report:publish', { expectedVersion: z.number().int().min(0).optional() }),
} as const;

type Schemas = typeof cycleCommandSchemas;
export type CycleCommandType = keyof Schemas;
const schemaList = Object.values(cycleCommandSchemas) as [Schemas[CycleCommandType], ...Schemas[CycleCommandType][]];
export const CycleCommand = z.discriminatedUnion('type', schemaList);
export type CycleCommand = z.infer<typeof CycleCommand>;

/** Who issued a cycle command; stored with each entry so replay applies the same checks. */
export const CycleActor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('secretariat') }),
  /** Anyone on the public consultation page. */
  z.object({ kind: z.literal('public') }),
  /** A respondent through the link sent to them: only their own response. */
  z.object({ kind: z.literal('respondent'), responseId: Id }),
]);
export type CycleActor = z.infer<typeof CycleActor>;

export const CycleLogEntry = z.object({
  seq: z.number().int().positive(),
  at: z.number().int().nonnegative(),
  actor: CycleActor,
  command: CycleCommand,
});
export type CycleLogEntry = z.infer<typeof CycleLogEntry>;
