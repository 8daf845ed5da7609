import { madeOnce } from '../../../shared/intl.js';
import type { Language } from '../../../shared/meeting/model.js';
import { speakerMarkerOf } from '../../../shared/captions/stream.js';
import type { ArchiveRecord, ArchivedTopic, Transcript, TranscriptLine } from '../../../shared/archive/record.js';

/** U+200F RIGHT-TO-LEFT MARK: starts Arabic lines so a leading Latin name or number does not turn the line LTR. */
export const RLM = '\u200F';

/** Shortest time a cue stays up, and the least gap between two cue starts. */
export const MIN_CUE_MS = 1000;

// C0/C1 controls other than tab and line breaks, and the Unicode non-characters a text file must not carry.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const LINE_BREAKS = /[\r\n\u2028\u2029\u0085]+/;
// Embedding, override and isolate controls: left in a line of a text file, an unbalanced one
// reorders everything after it (a name could make a whole transcript line read backwards).
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * One line of text: controls removed, every run of white space (line breaks included) made a
 * single space, bidi embedding/override/isolate controls removed. A transcript line is one line by construction (it commits on a newline); this
 * keeps every format free of blank lines inside a cue whatever was stored.
 */
export function oneLine(text: string): string {
  return text.replace(CONTROLS, '').replace(BIDI_CONTROLS, '').split(LINE_BREAKS).join(' ').replace(/\s+/g, ' ').trim();
}

/** A speaker's name as printed, or null when unknown (null, or nothing left but white space). */
export function speakerName(speaker: string | null): string | null {
  if (speaker === null) return null;
  const name = oneLine(speaker);
  return name === '' ? null : name;
}

export function transcriptOf(record: ArchiveRecord, language: Language): Transcript | undefined {
  return record.transcripts.find((transcript) => transcript.language === language);
}

/** A transcript line ready to print: text and speaker normalised, times relative to the opening. */
export interface Cue {
  /** 1-based, consecutive: the SRT number and the WebVTT cue identifier. */
  n: number;
  line: TranscriptLine;
  text: string;
  speaker: string | null;
  /** Only a sound tag such as `(Gavel)`: printed on its own, without a speaker. */
  sound: boolean;
  startMs: number;
  endMs: number;
}

/**
 * The cues of one transcript, in stream order. Lines whose text is blank are left out.
 *
 * Timing: start = startedAt − openedAt (clamped at 0), end = committedAt − openedAt. Then, so
 * that every player and both parsers accept the file and cues never stack on screen:
 * - starts never go backwards, and each start is at least MIN_CUE_MS after the previous one
 *   (a burst of lines committed at once is spread a second apart);
 * - every cue lasts at least MIN_CUE_MS;
 * - a cue ends no later than the next one starts (end may equal the next start).
 * Together: start < end ≤ next start, always.
 */
export function cuesOf(record: ArchiveRecord, language: Language): Cue[] {
  const transcript = transcriptOf(record, language);
  if (!transcript) return [];
  const openedAt = record.meeting.openedAt;
  const kept = transcript.lines
    .map((line) => ({ line, text: speakerMarkerOf(oneLine(line.text)).rest, speaker: speakerName(line.speaker) }))
    .filter((entry) => entry.text !== '');

  const starts: number[] = [];
  for (const [i, entry] of kept.entries()) {
    const raw = Math.max(0, entry.line.startedAt - openedAt);
    const previous = starts[i - 1];
    starts.push(previous === undefined ? raw : Math.max(raw, previous + MIN_CUE_MS));
  }
  return kept.map((entry, i) => {
    const startMs = starts[i] ?? 0;
    let endMs = Math.max(entry.line.committedAt - openedAt, startMs + MIN_CUE_MS);
    const next = starts[i + 1];
    if (next !== undefined) endMs = Math.min(endMs, next);
    return { n: i + 1, line: entry.line, text: entry.text, speaker: entry.speaker, sound: entry.line.sound, startMs, endMs };
  });
}

/**
 * Whether a cue opens a new speaker turn in a topic's part of the transcript: the first one,
 * a change of speaker, or a cue that does not follow the previous one in the stream (the
 * section resumes after other business, e.g. the chair's opening and closing words). A sound
 * stands on its own, and the words after it open a turn again.
 */
export function startsTurn(cue: Cue, previous: Cue | undefined): boolean {
  return (
    previous === undefined ||
    cue.sound ||
    previous.sound ||
    cue.speaker !== previous.speaker ||
    cue.n !== previous.n + 1
  );
}

/** `hh:mm:ss.ttt` (WebVTT, separator '.') or `HH:MM:SS,mmm` (SRT, separator ','). */
export function clockTime(ms: number, separator: '.' | ','): string {
  const total = Math.max(0, Math.round(ms));
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor(total / 60_000) % 60;
  const seconds = Math.floor(total / 1000) % 60;
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(total % 1000, 3)}`;
}

/** A duration as `m:ss`, or `h:mm:ss` from an hour: the same in every language. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor(total / 60) % 60;
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export const isoInstant = (timestamp: number): string => new Date(timestamp).toISOString();

// Western digits and a 24-hour clock in every language, as in ITU meeting documents.
const locale = (language: Language) => `${language}-u-nu-latn`;

const styles = {
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  date: { dateStyle: 'long' },
  year: { year: 'numeric' },
  day: { year: 'numeric', month: '2-digit', day: '2-digit' },
  offset: { timeZoneName: 'longOffset' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatter = madeOnce(
  (language: Language, timeZone: string, style: keyof typeof styles) =>
    new Intl.DateTimeFormat(locale(language), { ...styles[style], timeZone }),
);

/** Wall-clock time in the meeting's time zone: `10:05:07`. */
export function localTime(timestamp: number, timeZone: string, language: Language): string {
  return formatter(language, timeZone, 'time').format(
    timestamp,
  );
}

/** The date in the meeting's time zone, spelled in the language: `3 février 2017`. */
export function localDate(timestamp: number, timeZone: string, language: Language): string {
  return formatter(language, timeZone, 'date').format(timestamp);
}

/** The calendar year of an instant in the time zone, as written in `language` and as digits (for ids). */
export function localYear(timestamp: number, timeZone: string, language: Language): { text: string; digits: string } {
  return { text: formatter(language, timeZone, 'year').format(timestamp), digits: formatter('en', timeZone, 'year').format(timestamp) };
}

/** Date and wall-clock time in the meeting's time zone. */
export function localDateTime(timestamp: number, timeZone: string, language: Language): string {
  return `${localDate(timestamp, timeZone, language)} ${localTime(timestamp, timeZone, language)}`;
}

/** Whether two instants fall on the same calendar day in the time zone. */
export function sameLocalDay(a: number, b: number, timeZone: string): boolean {
  const day = formatter('en', timeZone, 'day');
  return day.format(a) === day.format(b);
}

/** `Europe/Zurich (UTC+01:00)`, the offset as it was at `at`. */
export function timeZoneDescription(timeZone: string, at: number): string {
  const part = formatter('en', timeZone, 'offset')
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const offset = !part || part === 'GMT' ? 'UTC' : part.replace(/^GMT/, 'UTC');
  return `${timeZone} (${offset})`;
}

export { wallClock } from '../../../shared/timeline/timeline.js';

/** A topic's part of the transcript; `topic` is null for the lines spoken outside every topic. */
export interface TopicSection<T> {
  topic: ArchivedTopic | null;
  items: T[];
}

/**
 * Cues grouped by topic, in the record's topic order (a topic revisited later keeps all its
 * lines together); the lines under no topic, or under a topic the record does not list, come
 * last. Topics with no lines get an empty section so every topic is listed.
 */
export function sectionsByTopic<T extends { line: TranscriptLine }>(record: ArchiveRecord, items: readonly T[]): TopicSection<T>[] {
  const known = new Set(record.topics.map((topic) => topic.id));
  const sections: TopicSection<T>[] = record.topics.map((topic) => ({
    topic,
    items: items.filter((item) => item.line.topicId === topic.id),
  }));
  const outside = items.filter((item) => item.line.topicId === null || !known.has(item.line.topicId));
  if (outside.length > 0) sections.push({ topic: null, items: outside });
  return sections;
}
