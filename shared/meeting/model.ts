import { z } from 'zod';
import { CycleRecord, emptyCycleRecord } from '../timeline/timeline.js';

/** The six UN/ITU languages; Arabic is right-to-left. */
export const languages = ['en', 'ar', 'zh', 'fr', 'ru', 'es'] as const;
export const Language = z.enum(languages);
export type Language = z.infer<typeof Language>;

/**
 * The sign-language booth (ISO 639-2 `sgn`, "sign languages"): its interpreter is seen, not
 * heard, on a camera of their own, for the deaf participants in the room and online. It works
 * as a spoken booth does (one interpreter on air, a colleague takes over, the chair frees it,
 * the archive says when it was live) and any meeting may have one, whatever its languages.
 */
export const SIGN_BOOTH = 'sgn' as const;
/** A booth's language: one of the meeting's spoken languages, or sign language. */
export const BoothLanguage = z.union([Language, z.literal(SIGN_BOOTH)]);
export type BoothLanguage = z.infer<typeof BoothLanguage>;

/** Tunis Agenda para. 35-36 stakeholder groups, as used by CWG-Internet consultations. */
export const stakeholderGroups = [
  'government',
  'private_sector',
  'civil_society',
  'academic_technical',
  'intergovernmental',
  'international',
] as const;
export const StakeholderGroup = z.enum(stakeholderGroups);
export type StakeholderGroup = z.infer<typeof StakeholderGroup>;

export const attendanceModes = ['room', 'remote'] as const;
export const AttendanceMode = z.enum(attendanceModes);
export type AttendanceMode = z.infer<typeof AttendanceMode>;

/** `venue` is the room's AV computer: it sends the room to remote participants and plays them into the room. */
export const roles = ['chair', 'moderator', 'captioner', 'participant', 'screen', 'venue', 'viewer', 'interpreter'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/** `archived` seals the meeting: its record is final and every change is refused. */
export const meetingStatuses = ['draft', 'scheduled', 'open', 'adjourned', 'archived'] as const;
export const MeetingStatus = z.enum(meetingStatuses);
export type MeetingStatus = z.infer<typeof MeetingStatus>;

export const speechKinds = ['intervention', 'reply', 'point_of_order'] as const;
export const SpeechKind = z.enum(speechKinds);
export type SpeechKind = z.infer<typeof SpeechKind>;

/** Epoch milliseconds. */
export const Timestamp = z.number().int().nonnegative();
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max);
export const WebLink = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'must be an http(s) URL')
  // The URL parser drops tabs and line breaks silently; a link with them is not the one shown.
  .refine((value) => !/[\u0000-\u001F\u007F-\u009F\s]/.test(value), 'must not contain spaces or control characters');

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Zurich');

/** Speaking time limit in seconds; null means no limit. */
export const SpeakingTimeLimit = z.number().int().min(10).max(3600).nullable();

export const ConsultationInput = z.object({
  title: text(300),
  author: text(200),
  stakeholderGroup: StakeholderGroup,
  url: WebLink,
});
export type ConsultationInput = z.infer<typeof ConsultationInput>;

/** A topic's title in other meeting languages; a language without one shows the original title. */
export const TopicTitles = z.partialRecord(Language, text(300));
export type TopicTitles = z.infer<typeof TopicTitles>;

/** A topic's description in other meeting languages; a language without one shows the original. */
export const TopicDescriptions = z.partialRecord(Language, text(5000));
export type TopicDescriptions = z.infer<typeof TopicDescriptions>;

const topicFields = {
  title: text(300),
  titles: TopicTitles,
  description: optionalText(5000),
  descriptions: TopicDescriptions,
  proposedBy: optionalText(120),
  inputs: z.array(ConsultationInput).max(500),
  compilationReportUrl: WebLink.nullable(),
  speakingTimeLimitSec: SpeakingTimeLimit,
};
export const TopicDetails = z.object({
  ...topicFields,
  titles: topicFields.titles.default({}),
  description: topicFields.description.default(''),
  descriptions: topicFields.descriptions.default({}),
  proposedBy: topicFields.proposedBy.default(''),
  inputs: topicFields.inputs.default([]),
  compilationReportUrl: topicFields.compilationReportUrl.default(null),
  speakingTimeLimitSec: topicFields.speakingTimeLimitSec.default(null),
});
/** A change to some fields; unlike TopicDetails it fills in no defaults. */
export const TopicPatch = z.object(topicFields).partial();
export type TopicDetails = z.infer<typeof TopicDetails>;

/**
 * Per language, what an edit changed of a topic's translation: a text set, null removed, absent
 * left as it is. The other languages stay as they are, whoever translated them meanwhile.
 */
export const TranslationChanges = z.partialRecord(
  Language,
  z.strictObject({ title: topicFields.title.nullable().optional(), description: text(5000).nullable().optional() }),
);
export type TranslationChanges = z.infer<typeof TranslationChanges>;

/** A text kept per language, with one language's set, or removed when there is none. */
export function inLanguage<T>(texts: Partial<Record<Language, T>>, language: Language, text: T | null): Partial<Record<Language, T>> {
  const { [language]: _replaced, ...others } = texts;
  return text === null ? others : { ...others, [language]: text };
}

export const QueueEntry = z.object({
  id: Id,
  participantId: Id,
  kind: SpeechKind,
  requestedAt: Timestamp,
  /** For a reply: the speech being replied to. */
  replyTo: Id.nullable(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

export const Pause = z.object({ startedAt: Timestamp, endedAt: Timestamp.nullable() });
export type Pause = z.infer<typeof Pause>;

export const Speech = z.object({
  id: Id,
  participantId: Id,
  kind: SpeechKind,
  replyTo: Id.nullable(),
  requestedAt: Timestamp,
  startedAt: Timestamp,
  /** null while the speech is going on. */
  endedAt: Timestamp.nullable(),
  pauses: z.array(Pause),
  /** The limit in force when the floor was given, or as the chair changed it for this speech. */
  timeLimitSec: SpeakingTimeLimit,
  /** Time the chair gave on top of the limit (add time, restart); absent when none. */
  addedMs: z.number().int().nonnegative().optional(),
  /** Where the speaker was when given the floor: people move between room and remote. */
  attendance: AttendanceMode,
});
export type Speech = z.infer<typeof Speech>;

/** The longest written statement: about five minutes read aloud, beyond any speaking time limit. */
export const STATEMENT_MAX_CHARS = 5000;

/**
 * What a participant sent in writing for a request to speak: read out by the chair or the
 * secretariat when they cannot be heard (a remote connection that failed) or prefer not to
 * speak, and kept in the record with the speech.
 */
export const WrittenStatement = z.object({
  /** The request it stands for: the queue entry, and then the speech, which shares its id. */
  requestId: Id,
  participantId: Id,
  /** Empty where a projection withholds it (room screens and viewers are told only that it exists). */
  text: z.string().max(STATEMENT_MAX_CHARS),
  /** When it was sent, or last changed. */
  submittedAt: Timestamp,
  /**
   * Entered at the chair's table for its author, who sent it another way (by e-mail to the
   * secretariat when their connection failed); the record says so.
   */
  enteredByChair: z.boolean().default(false),
});
export type WrittenStatement = z.infer<typeof WrittenStatement>;

/** A participant's own statement, text included, with the topic it belongs to (their page is sent these whatever its projection withholds). */
export const OwnStatement = WrittenStatement.extend({ topicId: Id });
export type OwnStatement = z.infer<typeof OwnStatement>;

/**
 * That the chair set aside a participant's statement for a request still open (not to be read
 * out, and not for the record), kept so that its author's page can say so rather than the
 * statement silently disappearing; gone once they send another for that request.
 */
export const SetAsideStatement = z.object({ requestId: Id, participantId: Id, at: Timestamp });
export type SetAsideStatement = z.infer<typeof SetAsideStatement>;

export const Topic = TopicDetails.extend({
  id: Id,
  listClosed: z.boolean(),
  queue: z.array(QueueEntry),
  /** The speech in progress, if any (its endedAt is null). */
  floor: Speech.nullable(),
  /** Finished speeches, oldest first. */
  history: z.array(Speech),
  /** Written statements, in the order they were first sent; logs from before them replay with none. */
  statements: z.array(WrittenStatement).default([]),
  /** Statements the chair set aside, for their authors' pages only. */
  setAside: z.array(SetAsideStatement).default([]),
});
export type Topic = z.infer<typeof Topic>;

const participantFields = {
  displayName: text(120),
  affiliation: optionalText(200),
  country: optionalText(100),
  stakeholderGroup: StakeholderGroup,
  attendance: AttendanceMode,
  /** Consent to be named in the archive's published attendee list (speakers are named anyway). */
  publishName: z.boolean(),
};
export const ParticipantDetails = z.object({
  ...participantFields,
  affiliation: participantFields.affiliation.default(''),
  country: participantFields.country.default(''),
  // Consent is never assumed: registrations logged before the question existed stay unnamed.
  publishName: participantFields.publishName.default(false),
});
export const ParticipantPatch = z.object(participantFields).partial();
export type ParticipantDetails = z.infer<typeof ParticipantDetails>;

/** Where a registration stands: pending ones wait for the secretariat (meetings with registration approval). */
export const RegistrationStatus = z.enum(['pending', 'approved', 'declined']);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

export const Participant = ParticipantDetails.extend({
  id: Id,
  role: Role,
  registeredAt: Timestamp,
  // Registrations from before approval existed were all admitted.
  registration: RegistrationStatus.default('approved'),
});
export type Participant = z.infer<typeof Participant>;

/** At most two caption languages, none repeated (a room screen shows two side by side or stacked). */
export const CaptionLanguages = z
  .array(Language)
  .max(2)
  .refine((chosen) => new Set(chosen).size === chosen.length, 'must not repeat a language');

/** An invite link the secretariat issued; the token itself is derived by the server. */
export const IssuedLink = z.object({
  id: Id,
  role: Role,
  label: optionalText(120),
  /**
   * Screen and viewer links: the caption languages their address names (`?captions=ar`), so a
   * screen needs no setting by hand. None: the chair's choice for screens, the viewer's own.
   */
  captions: CaptionLanguages,
  /** Interpreter links: the language of the booth they interpret into. */
  booth: BoothLanguage.nullable().default(null),
  /** Set for personal links. */
  participantId: Id.nullable(),
  issuedAt: Timestamp,
  expiresAt: Timestamp,
  /**
   * Set when the expiry follows the meeting: it is then the meeting's end (or this time, if
   * later) plus the meeting's link grace period, and moves when either changes. Null for a
   * date the secretariat chose.
   */
  followsMeetingSince: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  /**
   * Captioner links only: the lead captioner, who (like the chair) switches the caption
   * provider, takes a stream over and sets the StreamText pulls; other seats only write.
   */
  lead: z.boolean().default(false),
});
export type IssuedLink = z.infer<typeof IssuedLink>;

export const GroupMeeting = z.object({
  name: text(200),
  /** ISO date (YYYY-MM-DD) of the group meeting this consultation precedes. */
  startsOn: z.iso.date(),
});
export type GroupMeeting = z.infer<typeof GroupMeeting>;

/**
 * Thirty days: participants come back after the meeting for its record. Meetings created
 * before the grace period was a setting replay with this value, as their personal links had it.
 */
export const DEFAULT_LINK_GRACE_HOURS = 30 * 24;
export const MAX_LINK_GRACE_HOURS = 365 * 24;

/** The most participants any meeting holds; a meeting may set a lower cap of its own. */
export const MAX_PARTICIPANTS = 5000;

const meetingFields = {
  title: text(300),
  venue: optionalText(300),
  timeZone: TimeZone,
  startsAt: Timestamp,
  endsAt: Timestamp,
  languages: z.array(Language).min(1).max(6),
  groupMeeting: GroupMeeting.nullable(),
  speakingTimeLimitSec: SpeakingTimeLimit,
  /** The countdown turns to its warning colour this many seconds before the limit. */
  warningSec: z.number().int().min(0).max(600),
  /** Whether a remote speaker may turn on their camera while holding the floor. */
  allowRemoteCamera: z.boolean(),
  /** Each member of the group may propose only one topic per cycle (Resolution 1344 as revised). */
  oneProposalPerMemberState: z.boolean(),
  /** Links that follow the meeting stay valid this many hours after its end. */
  linkGraceHours: z.number().int().min(0).max(MAX_LINK_GRACE_HOURS),
  /** The consultation cycle's offsets and dates, checked against the meeting's own date. */
  cycle: CycleRecord,
  /**
   * Record the floor (issue 16): while the meeting is open, a recorder keeps the venue's room
   * audio and each remote speaker's microphone, and the archive gives every speech its audio.
   * Off unless the secretariat turns it on: people must have been told before they speak.
   */
  recordFloor: z.boolean(),
  /** Besides OGG/Opus, an MP3 copy of every archived audio file, for players without Opus. */
  playableAudioCopy: z.boolean(),
  /** Public registrations wait, pending, until the secretariat approves or declines each one. */
  registrationApproval: z.boolean(),
  /** How many may register publicly (declined registrations do not count); null: up to MAX_PARTICIPANTS. */
  maxParticipants: z.number().int().min(1).max(MAX_PARTICIPANTS).nullable(),
};
export const MeetingDetails = z.object({
  ...meetingFields,
  venue: meetingFields.venue.default(''),
  timeZone: meetingFields.timeZone.default('UTC'),
  languages: meetingFields.languages.default(['en']),
  groupMeeting: meetingFields.groupMeeting.default(null),
  speakingTimeLimitSec: meetingFields.speakingTimeLimitSec.default(180),
  warningSec: meetingFields.warningSec.default(30),
  allowRemoteCamera: meetingFields.allowRemoteCamera.default(false),
  oneProposalPerMemberState: meetingFields.oneProposalPerMemberState.default(true),
  linkGraceHours: meetingFields.linkGraceHours.default(DEFAULT_LINK_GRACE_HOURS),
  cycle: meetingFields.cycle.default(emptyCycleRecord),
  // Logs from before recording existed replay as meetings that were not recorded.
  recordFloor: meetingFields.recordFloor.default(false),
  playableAudioCopy: meetingFields.playableAudioCopy.default(false),
  registrationApproval: meetingFields.registrationApproval.default(false),
  maxParticipants: meetingFields.maxParticipants.default(null),
});
export const MeetingPatch = z.object(meetingFields).partial();
export type MeetingDetails = z.infer<typeof MeetingDetails>;

export const captionThemes = ['high-contrast', 'white-on-black', 'yellow-on-black'] as const;
/** Two caption languages on one screen: in two columns, or one above the other. */
export const captionArrangements = ['side-by-side', 'stacked'] as const;

/** How the room screen shows captions; the chair sets it for the projector at hand. */
export const CaptionDisplay = z.object({
  /** Roll-up lines on the room screen. */
  lines: z.number().int().min(3).max(8),
  /** Characters per line: 32 by default for Latin and Cyrillic scripts, 37 or 42 on wide screens. */
  lineLength: z.number().int().min(15).max(60),
  theme: z.enum(captionThemes),
  /**
   * Caption languages of room screens whose link names none: one, or two shown together.
   * None means the meeting's first language. The defaults below let logs from before these
   * fields replay.
   */
  screenLanguages: CaptionLanguages.default([]),
  /** How a screen shows two caption languages. */
  arrangement: z.enum(captionArrangements).default('side-by-side'),
  /** Finished speeches the room screen lists, the latest first. */
  recentSpeakers: z.number().int().min(0).max(3).default(1),
  /**
   * Room screens show the sign-language interpreter (where the meeting has the booth), in the
   * place of the recent speakers: the deaf participants in the hall watch the screen.
   */
  signer: z.boolean().default(false),
});
export type CaptionDisplay = z.infer<typeof CaptionDisplay>;

export const defaultCaptionDisplay: CaptionDisplay = {
  lines: 4,
  lineLength: 32,
  theme: 'high-contrast',
  screenLanguages: [],
  arrangement: 'side-by-side',
  recentSpeakers: 1,
  signer: false,
};

/** Two languages stacked share the caption region: each keeps at most this many lines. */
export const STACKED_LINES_MAX = 4;

/**
 * One correction of the record under review. The raw log and caption streams stay as they
 * were; the archive builder applies these over them. Caption lines are named by their
 * language and 1-based position, which never change once committed.
 */
export const RecordEdit = z.discriminatedUnion('kind', [
  /** Leave a speech out of the record (a rehearsal, a sound check, a floor given by mistake). */
  z.strictObject({ kind: z.literal('removeSpeech'), speechId: Id }),
  /** The speaker's stakeholder group as the record gives it, for all their speeches and attendance. */
  z.strictObject({ kind: z.literal('setGroup'), participantId: Id, stakeholderGroup: StakeholderGroup }),
  /**
   * Join a transcript line to the line after it (one sentence split by a quiet-period commit).
   * `next`: the first caption line of the line after it as the issuer saw it, so that two
   * secretaries joining the same two lines at once do not join a third; absent in corrections
   * logged before it existed.
   */
  z.strictObject({ kind: z.literal('mergeLines'), language: Language, line: z.number().int().positive(), next: z.number().int().positive().optional() }),
  /** Who said a transcript line: a participant, a name, or no one (a sound or an unknown speaker). */
  z.strictObject({
    kind: z.literal('setSpeaker'),
    language: Language,
    line: z.number().int().positive(),
    participantId: Id.nullable(),
    label: z.string().trim().min(1).max(120).nullable(),
  }),
  /** Leave a written statement out of the record (off the topic, or abusive); its request is named by the statement's. */
  z.strictObject({ kind: z.literal('removeStatement'), requestId: Id }),
  /** Not for publication: the speech stays in the record, its audio is left out of it. */
  z.strictObject({ kind: z.literal('withholdAudio'), speechId: Id }),
]);
export type RecordEdit = z.infer<typeof RecordEdit>;

export const RecordCorrection = z.object({ id: Id, at: Timestamp, edit: RecordEdit });
export type RecordCorrection = z.infer<typeof RecordCorrection>;

export const StatusChange = z.object({ status: MeetingStatus, at: Timestamp });

/**
 * An interpretation channel on air: the booth of one target language and the interpreter
 * (link) holding it. Several interpreters share a booth; one holds it at a time and a
 * colleague takes it over, as at a console with one live microphone per booth.
 */
export const Booth = z.object({ language: BoothLanguage, linkId: Id, since: Timestamp });
export type Booth = z.infer<typeof Booth>;

/** When a channel was live, under which topic (null: outside every topic). `to` null: still live. */
export const ChannelSpan = z.object({
  language: BoothLanguage,
  topicId: Id.nullable(),
  from: Timestamp,
  to: Timestamp.nullable(),
});
export type ChannelSpan = z.infer<typeof ChannelSpan>;

export const MeetingState = MeetingDetails.extend({
  captionDisplay: CaptionDisplay,
  /** Every status the meeting went through, oldest first: the archive dates the sitting by it. */
  statusHistory: z.array(StatusChange),
  id: Id,
  status: MeetingStatus,
  createdAt: Timestamp,
  topics: z.array(Topic),
  currentTopicId: Id.nullable(),
  participants: z.array(Participant),
  links: z.array(IssuedLink),
  /** The secretariat's corrections to the record, made while reviewing it before sealing. */
  corrections: z.array(RecordCorrection),
  /** Interpretation booths on air now; logs from before interpretation replay with none. */
  booths: z.array(Booth).default([]),
  /** Every time a channel was live, per topic, for the archive. */
  channelLog: z.array(ChannelSpan).default([]),
  /** Source of the next generated id: ids stay deterministic when the log is replayed. */
  nextId: z.number().int().positive(),
});
export type MeetingState = z.infer<typeof MeetingState>;

