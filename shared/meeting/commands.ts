import { z } from 'zod';
import {
  BoothLanguage,
  CaptionDisplay,
  CaptionLanguages,
  Id,
  MeetingDetails,
  MeetingPatch,
  MeetingStatus,
  ParticipantDetails,
  ParticipantPatch,
  RecordEdit,
  RegistrationStatus,
  Role,
  SpeakingTimeLimit,
  SpeechKind,
  STATEMENT_MAX_CHARS,
  Timestamp,
  TopicDetails,
  TopicPatch,
  TranslationChanges,
} from './model.js';

/**
 * The speech in progress as the issuer saw it (null: nobody speaking). Commands that act on
 * the floor carry it so that a console acting on an out-of-date view is refused instead of
 * ending a speech it never showed; absent in commands logged before it existed, and then
 * nothing is checked.
 */
const SeenSpeech = Id.nullable().optional();

const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

/**
 * Every change to a meeting is one of these commands. Accepted commands are the meeting's
 * event log: replaying them through `execute` rebuilds the state, on the server after a
 * restart and on every client after each broadcast.
 */
export const commandSchemas = {
  // Set-up by the secretariat.
  'meeting:create': command('meeting:create', { meetingId: Id, details: MeetingDetails }),
  'meeting:update': command('meeting:update', { details: MeetingPatch }),
  // `expectedStatus`: the status the issuer's console showed, so that archiving a meeting another
  // console has just resumed is refused as overtaken (MEETING_STATUS_CHANGED), not as a move the
  // issuer never asked for.
  'meeting:transition': command('meeting:transition', { to: MeetingStatus, expectedSpeechId: SeenSpeech, expectedStatus: MeetingStatus.optional() }),
  'meeting:setSpeakingTime': command('meeting:setSpeakingTime', {
    seconds: SpeakingTimeLimit,
    applyToSpeechId: Id.optional(),
  }),
  'meeting:setCaptionDisplay': command('meeting:setCaptionDisplay', { display: CaptionDisplay }),
  'topic:add': command('topic:add', { details: TopicDetails }),
  /**
   * `translated`: the translations changed, language by language, applied after `details`. A
   * form sends these rather than whole `titles` and `descriptions`, so translators working in
   * different languages at once do not undo each other.
   */
  'topic:update': command('topic:update', { topicId: Id, details: TopicPatch, translated: TranslationChanges.optional() }),
  'topic:remove': command('topic:remove', { topicId: Id }),
  // `expectedIndex`: where the issuer saw the topic; a move made on an agenda another secretary has since reordered is refused.
  'topic:move': command('topic:move', { topicId: Id, toIndex: z.number().int().min(0), expectedIndex: z.number().int().min(0).optional() }),
  // `expectedTopicId`: the topic under discussion the console showed (null: none), so that two consoles taking up two topics at once do not switch the meeting twice.
  'topic:select': command('topic:select', { topicId: Id, expectedTopicId: Id.nullable().optional() }),
  'topic:setSpeakingTime': command('topic:setSpeakingTime', {
    topicId: Id,
    seconds: SpeakingTimeLimit,
    applyToSpeechId: Id.optional(),
  }),
  'link:issue': command('link:issue', {
    role: Role.exclude(['participant']),
    label: z.string().trim().max(120).default(''),
    /** A date the secretariat chose; without it the link follows the meeting (end plus grace). */
    expiresAt: Timestamp.optional(),
    /** Screen and viewer links only; left out, none. */
    captions: CaptionLanguages.optional(),
    /** Captioner links only: the seat of the lead captioner. */
    lead: z.boolean().optional(),
    /** Interpreter links only, and required for them: the booth's target language (or sign language). */
    booth: BoothLanguage.optional(),
  }),
  'link:revoke': command('link:revoke', { linkId: Id }),
  /** A captioner seat becomes, or stops being, the lead captioner's. */
  'link:setLead': command('link:setLead', { linkId: Id, lead: z.boolean() }),
  /** The link follows the meeting again from now on: same address, expiry end plus grace. */
  'link:renew': command('link:renew', { linkId: Id }),
  // People.
  'participant:register': command('participant:register', { details: ParticipantDetails }),
  /** The secretariat admits or declines a pending registration (or reverses its decision). */
  'participant:review': command('participant:review', {
    participantId: Id,
    decision: RegistrationStatus.exclude(['pending']),
    /** The status the secretary saw: another secretary's decision since then refuses this one. Absent in commands logged before it existed. */
    expectedStatus: RegistrationStatus.optional(),
  }),
  'participant:update': command('participant:update', {
    participantId: Id,
    details: ParticipantPatch,
  }),
  // The speaker queue of the current topic.
  'queue:request': command('queue:request', { kind: SpeechKind }),
  'queue:add': command('queue:add', { participantId: Id, kind: SpeechKind }),
  'queue:withdraw': command('queue:withdraw', { entryId: Id }),
  'queue:move': command('queue:move', {
    entryId: Id,
    toIndex: z.number().int().min(0),
    /** Where the issuer saw the entry; absent in commands logged before it existed. */
    expectedIndex: z.number().int().min(0).optional(),
  }),
  'queue:close': command('queue:close', {}),
  'queue:reopen': command('queue:reopen', {}),
  /** expectedSpeechId: the finished speech whose speaker the issuer means to re-add. */
  'queue:readdLast': command('queue:readdLast', { expectedSpeechId: Id.optional() }),
  'floor:give': command('floor:give', { entryId: Id.optional(), expectedSpeechId: SeenSpeech }),
  'floor:end': command('floor:end', { expectedSpeechId: Id.optional() }),
  'floor:pause': command('floor:pause', { expectedSpeechId: Id.optional() }),
  'floor:resume': command('floor:resume', { expectedSpeechId: Id.optional() }),
  // The chair at speed: moving requests between topics, and the time of the speech in progress.
  'queue:carryOver': command('queue:carryOver', { fromTopicId: Id, entryIds: z.array(Id).min(1).max(500) }),
  // `expectedAddedMs`: the time already added that the console showed, so that two consoles granting
  // "one more minute" at once grant it once.
  'floor:addTime': command('floor:addTime', { speechId: Id, seconds: z.number().int().min(1).max(3600), expectedAddedMs: z.number().int().nonnegative().optional() }),
  // `expectedAddedMs` as for `floor:addTime`: a countdown restarted twice takes time from the speaker.
  'floor:restart': command('floor:restart', { speechId: Id, expectedAddedMs: z.number().int().nonnegative().optional() }),
  // A statement in writing for one's own request, when one cannot be heard or would rather not
  // speak; or entered by the chair's table for a speaker who sent it another way.
  // `expectedSubmittedAt`: when the statement the issuer saw was sent (null: they saw none), so
  // that one sent meanwhile from another console or device is not overwritten or set aside unread.
  'statement:submit': command('statement:submit', {
    requestId: Id,
    text: z.string().trim().min(1).max(STATEMENT_MAX_CHARS),
    expectedSubmittedAt: Timestamp.nullable().optional(),
  }),
  'statement:withdraw': command('statement:withdraw', { requestId: Id, expectedSubmittedAt: Timestamp.optional() }),
  // Interpretation: an interpreter takes their booth's channel (from a colleague: the hand-over) or leaves it.
  // `expectedHolder`: the colleague on air the console showed (null: nobody), so that nobody is taken off the air unseen.
  'booth:take': command('booth:take', { language: BoothLanguage, expectedHolder: Id.nullable().optional() }),
  'booth:release': command('booth:release', { language: BoothLanguage }),
  // Review of the record by the secretariat, between adjourning and archiving.
  'record:correct': command('record:correct', { edit: RecordEdit }),
  'record:revert': command('record:revert', { correctionId: Id }),
} as const;

type Schemas = typeof commandSchemas;
export type CommandType = keyof Schemas;
export type CommandOf<T extends CommandType> = z.infer<Schemas[T]>;

const schemaList = Object.values(commandSchemas) as [Schemas[CommandType], ...Schemas[CommandType][]];
export const MeetingCommand = z.discriminatedUnion('type', schemaList);
export type MeetingCommand = z.infer<typeof MeetingCommand>;

export const commandTypes = Object.keys(commandSchemas) as CommandType[];

export function isCommandType(value: unknown): value is CommandType {
  return typeof value === 'string' && Object.hasOwn(commandSchemas, value);
}

/** Commands a client may send over the socket; set-up commands go through the HTTP API. */
export const socketCommandTypes = [
  'meeting:transition',
  'meeting:setSpeakingTime',
  'meeting:setCaptionDisplay',
  'topic:select',
  'topic:setSpeakingTime',
  'participant:register',
  'participant:update',
  'queue:request',
  'queue:add',
  'queue:withdraw',
  'queue:move',
  'queue:close',
  'queue:reopen',
  'queue:readdLast',
  'floor:give',
  'floor:end',
  'floor:pause',
  'floor:resume',
  'queue:carryOver',
  'floor:addTime',
  'floor:restart',
  'statement:submit',
  'statement:withdraw',
  'booth:take',
  'booth:release',
] as const satisfies readonly CommandType[];
export type SocketCommandType = (typeof socketCommandTypes)[number];
