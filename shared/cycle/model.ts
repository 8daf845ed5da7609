import { z } from 'zod';
import { Id, Language, StakeholderGroup, TimeZone, Timestamp } from '../meeting/model.js';
import { TimelineSettings, defaultTimelineSettings } from '../timeline/timeline.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max);
const CalendarDate = z.iso.date();

/** The group meeting a cycle follows: Member States propose topics right after it. */
export const PreviousGroupMeeting = z.object({ name: text(200), endsOn: CalendarDate });
/** The group meeting a cycle precedes: the open consultation meeting is held just before it. */
export const NextGroupMeeting = z.object({ name: text(200), startsOn: CalendarDate });

/**
 * Dates the secretariat fixed instead of the ones the rules give; null keeps the rule's date.
 * A fixed date that breaks a rule is kept and warned about, never refused: the group decides.
 */
export const CycleDates = z.object({
  launch: CalendarDate.nullable().default(null),
  responsesDue: CalendarDate.nullable().default(null),
  reportBy: CalendarDate.nullable().default(null),
  /** The open consultation meeting's day when the cycle has no meeting yet, or differs from it. */
  meeting: CalendarDate.nullable().default(null),
});
export type CycleDates = z.infer<typeof CycleDates>;

/** A topic's text in one language: what the consultation page shows and respondents answer. */
export const TopicText = z.object({
  title: text(300),
  description: optionalText(5000).default(''),
  /** Guiding questions the respondents answer. */
  questions: z.array(text(1000)).max(20).default([]),
});
export type TopicText = z.infer<typeof TopicText>;

export const ProposalDetails = TopicText.extend({
  /** The Member State that proposes it: one proposal each per cycle. */
  memberState: text(120),
  /** The same text in other languages; a language without one shows the original. */
  translations: z.partialRecord(Language, TopicText).default({}),
});
export type ProposalDetails = z.infer<typeof ProposalDetails>;
export const ProposalPatch = z
  .object({
    title: text(300),
    description: optionalText(5000),
    questions: z.array(text(1000)).max(20),
    memberState: text(120),
    translations: z.partialRecord(Language, TopicText),
  })
  .partial();

export const Proposal = ProposalDetails.extend({ id: Id, proposedAt: Timestamp });
export type Proposal = z.infer<typeof Proposal>;

export const documentTypes = ['pdf', 'docx', 'odt'] as const;
export const DocumentType = z.enum(documentTypes);
export type DocumentType = z.infer<typeof DocumentType>;

/** A document attached to an answer: stored once by its SHA-256, named as the respondent named it. */
export const ResponseDocument = z.object({
  name: z.string().min(1).max(200),
  type: DocumentType,
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ResponseDocument = z.infer<typeof ResponseDocument>;

export const MAX_ANSWER_CHARS = 20_000;
export const MAX_DOCUMENTS_PER_ANSWER = 3;

export const Answer = z.object({
  topicId: Id,
  text: optionalText(MAX_ANSWER_CHARS).default(''),
  documents: z.array(ResponseDocument).max(MAX_DOCUMENTS_PER_ANSWER).default([]),
});
export type Answer = z.infer<typeof Answer>;

export const Respondent = z.object({
  name: text(120),
  organisation: optionalText(200).default(''),
  country: optionalText(100).default(''),
  stakeholderGroup: StakeholderGroup,
});
export type Respondent = z.infer<typeof Respondent>;

export const ResponseDetails = z.object({
  respondent: Respondent,
  /** Where the confirmation and the edit link go; kept for the secretariat, never published. */
  email: z.email().max(254),
  /** The language the respondent wrote the page in: their e-mails come in it. */
  language: Language,
  answers: z.array(Answer).min(1).max(50),
  /** The respondent agrees that the response, with their name and organisation, is published. */
  consent: z.literal(true),
});
export type ResponseDetails = z.infer<typeof ResponseDetails>;

export const rejectionReasons = ['spam', 'off_topic', 'other'] as const;
export const RejectionReason = z.enum(rejectionReasons);
export type RejectionReason = z.infer<typeof RejectionReason>;

export const ModerationStatus = z.enum(['pending', 'accepted', 'rejected', 'merged']);
export type ModerationStatus = z.infer<typeof ModerationStatus>;

export const Moderation = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending') }),
  z.object({ status: z.literal('accepted'), at: Timestamp }),
  z.object({ status: z.literal('rejected'), at: Timestamp, reason: RejectionReason, note: optionalText(500) }),
  /** A duplicate: the response it repeats stands for both. */
  z.object({ status: z.literal('merged'), at: Timestamp, into: Id }),
]);
export type Moderation = z.infer<typeof Moderation>;

/**
 * What one public form page sends its response as: drawn at random when the page is served and
 * sent back with the form, so the form sent twice (pressed twice, or again from the browser's
 * history) makes one response.
 */
export const SubmissionKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

export const ConsultationResponse = ResponseDetails.extend({
  id: Id,
  /** The submission of the public form it came from (none from older logs). */
  submission: SubmissionKey.optional(),
  submittedAt: Timestamp,
  updatedAt: Timestamp,
  /** When the respondent opened the link sent to their address; null until then. */
  confirmedAt: Timestamp.nullable(),
  moderation: Moderation,
});
export type ConsultationResponse = z.infer<typeof ConsultationResponse>;

/** What a published compilation report holds: the responses in it, fixed at publication. */
export const PublishedReport = z.object({
  version: z.number().int().positive(),
  publishedAt: Timestamp,
  responseIds: z.array(Id),
});
export type PublishedReport = z.infer<typeof PublishedReport>;

export const CycleDetails = z.object({
  title: text(300),
  previousGroupMeeting: PreviousGroupMeeting.nullable().default(null),
  nextGroupMeeting: NextGroupMeeting,
  /** The open consultation meeting of this cycle, once it exists. */
  meetingId: Id.nullable().default(null),
  /** Deadlines fall at midnight here: the meeting's zone. */
  timeZone: TimeZone.default('UTC'),
  /** Languages of the compilation report (the meeting's); the public page offers all six. */
  languages: z.array(Language).min(1).max(6).default(['en']),
  settings: TimelineSettings.default(defaultTimelineSettings),
  dates: CycleDates.default(CycleDates.parse({})),
  /** Each member of the group may propose only one topic per cycle (Resolution 1344 as revised). */
  oneProposalPerMemberState: z.boolean().default(true),
});
export type CycleDetails = z.infer<typeof CycleDetails>;
export const CyclePatch = z
  .object({
    title: text(300),
    previousGroupMeeting: PreviousGroupMeeting.nullable(),
    nextGroupMeeting: NextGroupMeeting,
    meetingId: Id.nullable(),
    timeZone: TimeZone,
    languages: z.array(Language).min(1).max(6),
    settings: TimelineSettings,
    dates: CycleDates,
    oneProposalPerMemberState: z.boolean(),
  })
  .partial();
export type CyclePatch = z.infer<typeof CyclePatch>;

export const CycleState = CycleDetails.extend({
  id: Id,
  createdAt: Timestamp,
  proposals: z.array(Proposal),
  /** The topics the group chose, in agenda order; null until it chose. */
  chosen: z.array(Id).nullable(),
  launchedAt: Timestamp.nullable(),
  responses: z.array(ConsultationResponse),
  /** The secretariat's introduction per topic and language. */
  intros: z.record(Id, z.partialRecord(Language, text(5000))),
  report: PublishedReport.nullable(),
  nextId: z.number().int().positive(),
});
export type CycleState = z.infer<typeof CycleState>;
/** A cycle without its responses, which are read a page at a time (`responsesPage`). */
export type CycleOverview = Omit<CycleState, 'responses'>;

export const MAX_RESPONSES = 20_000;
