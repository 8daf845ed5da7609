import { z } from 'zod';
import { CycleRecord } from '../timeline/timeline.js';
import { Interval, RecordedAudio } from './audio.js';
import {
  AttendanceMode,
  BoothLanguage,
  ConsultationInput,
  GroupMeeting,
  Id,
  Language,
  SpeechKind,
  StakeholderGroup,
  Timestamp,
  TopicDescriptions,
  TopicTitles,
} from '../meeting/model.js';

/** Bumped when a field changes meaning or goes away; readers check it before anything else. */
export const ARCHIVE_SCHEMA_VERSION = 2;

export const ArchivedSpeech = z.object({
  id: Id,
  participantId: Id,
  name: z.string(),
  affiliation: z.string(),
  country: z.string(),
  stakeholderGroup: StakeholderGroup,
  attendance: AttendanceMode,
  kind: SpeechKind,
  /** Name of the speaker this speech replied to, for replies. */
  replyTo: z.string().nullable(),
  requestedAt: Timestamp,
  startedAt: Timestamp,
  endedAt: Timestamp,
  /** Speaking time, pauses excluded. */
  durationMs: z.number().int().nonnegative(),
  pauses: z.array(z.object({ startedAt: Timestamp, endedAt: Timestamp })),
  /** The speech's own audio, cut from the floor's recording; null when there is none to publish. */
  audio: RecordedAudio.nullable().default(null),
  /** Marked not for publication by the secretariat: recorded, but its audio is left out. */
  audioWithheld: z.boolean().default(false),
});
export type ArchivedSpeech = z.infer<typeof ArchivedSpeech>;

/** A statement a participant sent in writing for a request to speak, as the meeting received it. */
export const ArchivedStatement = z.object({
  /** The request to speak it was sent for; corrections of the record name it by this. */
  requestId: Id,
  participantId: Id,
  name: z.string(),
  affiliation: z.string(),
  country: z.string(),
  stakeholderGroup: StakeholderGroup,
  submittedAt: Timestamp,
  /** The speech it was read out for; null when the floor never came to its request. */
  speechId: Id.nullable(),
  text: z.string(),
  /** Entered at the chair's table for its author, who sent it another way. */
  enteredByChair: z.boolean().default(false),
});
export type ArchivedStatement = z.infer<typeof ArchivedStatement>;

export const ArchivedTopic = z.object({
  id: Id,
  title: z.string(),
  /** The title in other meeting languages, where the secretariat gave one. */
  titles: TopicTitles,
  description: z.string(),
  /** The description in other meeting languages; records sealed before it existed have none. */
  descriptions: TopicDescriptions.default({}),
  proposedBy: z.string(),
  inputs: z.array(ConsultationInput),
  compilationReportUrl: z.string().nullable(),
  speeches: z.array(ArchivedSpeech),
  /** Statements sent in writing, in the order first sent; records sealed before them have none. */
  statements: z.array(ArchivedStatement).default([]),
  /** The topic's published speeches' audio back to back; its WebVTT per transcript language. */
  audio: RecordedAudio.extend({ captions: z.array(z.object({ language: Language, name: z.string() })) })
    .nullable()
    .default(null),
  /** When each interpretation channel was live while this topic was under discussion. */
  channels: z.array(z.object({ language: BoothLanguage, from: Timestamp, to: Timestamp })).default([]),
});
export type ArchivedTopic = z.infer<typeof ArchivedTopic>;

/** The speeches of a topic read out from a written statement. */
export function writtenSpeeches(topic: ArchivedTopic): Set<string> {
  return new Set(topic.statements.flatMap((statement) => (statement.speechId === null ? [] : [statement.speechId])));
}

export const TranscriptLine = z.object({
  /** The caption lines it is made of: one, or several the secretariat joined. */
  lines: z.array(z.number().int().positive()).min(1),
  startedAt: Timestamp,
  committedAt: Timestamp,
  text: z.string(),
  /** Who said it: a registered participant's name, a captioner's label, or null if unknown. */
  speaker: z.string().nullable(),
  participantId: Id.nullable(),
  topicId: Id.nullable(),
  /** The captioner seat that wrote it. */
  writer: z.string(),
  /** Only a sound tag such as `(Gavel)`: said by no one, printed without a speaker. */
  sound: z.boolean(),
});
export type TranscriptLine = z.infer<typeof TranscriptLine>;

export const Transcript = z.object({ language: Language, lines: z.array(TranscriptLine) });
export type Transcript = z.infer<typeof Transcript>;

export const Attendee = z.object({
  name: z.string(),
  affiliation: z.string(),
  country: z.string(),
  stakeholderGroup: StakeholderGroup,
  attendance: AttendanceMode,
});
export type Attendee = z.infer<typeof Attendee>;

const Tally = z.object({ speeches: z.number().int(), speakingMs: z.number().int() });

export const ArchiveRecord = z.object({
  schemaVersion: z.literal(ARCHIVE_SCHEMA_VERSION),
  meeting: z.object({
    id: Id,
    title: z.string(),
    venue: z.string(),
    timeZone: z.string(),
    languages: z.array(Language),
    scheduledStart: Timestamp,
    scheduledEnd: Timestamp,
    /** When the meeting was first opened: transcript times count from here. */
    openedAt: Timestamp,
    adjournedAt: Timestamp,
    archivedAt: Timestamp,
    groupMeeting: GroupMeeting.nullable(),
    /** The consultation cycle's offsets and dates as the secretariat recorded them. */
    cycle: CycleRecord,
  }),
  topics: z.array(ArchivedTopic),
  transcripts: z.array(Transcript),
  attendance: z.object({
    registered: z.number().int(),
    attended: z.number().int(),
    registeredInRoom: z.number().int(),
    registeredRemote: z.number().int(),
    peakConcurrent: z.number().int(),
    byStakeholderGroup: z.array(z.object({ group: StakeholderGroup, registered: z.number().int(), attended: z.number().int() })),
    /** Attendees who agreed to be named, by name; the others are only counted. */
    named: z.array(Attendee),
    unnamed: z.number().int().nonnegative(),
  }),
  speakingTime: z.object({
    byStakeholderGroup: z.array(Tally.extend({ group: StakeholderGroup })),
    byAttendance: z.array(Tally.extend({ attendance: AttendanceMode })),
  }),
  captioners: z.array(z.object({ id: Id, label: z.string() })),
  /** Whether the floor was recorded, and when the recorder was not running although it should have. */
  recording: z.object({ recorded: z.boolean(), gaps: z.array(Interval) }).default({ recorded: false, gaps: [] }),
  /** How many corrections the secretariat made in review; the raw logs are kept as they were. */
  corrections: z.number().int().nonnegative(),
});
export type ArchiveRecord = z.infer<typeof ArchiveRecord>;

/**
 * What the public index shows of an archived meeting: its details and its topics' titles. Kept
 * apart from the record, so the index never reads (nor parses) whole transcripts.
 */
export const ArchiveIndexCard = z.object({
  meeting: ArchiveRecord.shape.meeting,
  topics: z.array(ArchivedTopic.pick({ id: true, title: true, titles: true })),
});
export type ArchiveIndexCard = z.infer<typeof ArchiveIndexCard>;

export function indexCardOf(record: ArchiveRecord): ArchiveIndexCard {
  return { meeting: record.meeting, topics: record.topics.map(({ id, title, titles }) => ({ id, title, titles })) };
}
