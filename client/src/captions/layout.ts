import type { CaptionLine, CaptionSpeaker, CaptionStream } from '../../../shared/captions/model.js';
import { recentLines, speakerMarkerOf, wrapRows } from '../../../shared/captions/stream.js';
import { languages, type Language } from '../../../shared/meeting/model.js';

/**
 * Roll-up captions: the last `count` rows of the recent committed lines followed by the
 * provisional tail, each line starting a row of its own, wrapped as the broadcast overlay's are.
 */
export function rollUpRows(
  stream: Pick<CaptionStream, 'lines' | 'tail' | 'language'> | null,
  lineLength: number,
  count: number,
): string[] {
  if (!stream || count <= 0) return [];
  return recentLines(stream, count).flatMap((text) => wrapRows(text, lineLength, stream.language)).slice(-count);
}

/** The last `count` caption lines (committed, then the tail), each shown whole. */
export function barLines(stream: Pick<CaptionStream, 'lines' | 'tail'> | null, count: number): string[] {
  return stream && count > 0 ? recentLines(stream, count) : [];
}

export type SpeakerRef =
  | { kind: 'label'; label: string }
  | { kind: 'participant'; participantId: string }
  | { kind: 'unknown' };

export function speakerRefOf(speaker: CaptionSpeaker): SpeakerRef {
  if (speaker.label) return { kind: 'label', label: speaker.label };
  if (speaker.participantId) return { kind: 'participant', participantId: speaker.participantId };
  return { kind: 'unknown' };
}

export function sameSpeaker(a: SpeakerRef, b: SpeakerRef): boolean {
  if (a.kind === 'label' && b.kind === 'label') return a.label === b.label;
  if (a.kind === 'participant' && b.kind === 'participant') return a.participantId === b.participantId;
  return a.kind === 'unknown' && b.kind === 'unknown';
}

export interface TranscriptItem {
  line: CaptionLine;
  speaker: SpeakerRef;
  /**
   * Whether the line names its speaker: at a change of speaker, or where the captioner marked
   * one with `>>`. Depends only on the line and the one before it, so it never changes once
   * the line is shown.
   */
  showSpeaker: boolean;
  /** The text without its speaker marker. */
  text: string;
}

/** The transcript's lines: committed lines only, each with its speaker where it changes. */
export function transcriptItems(lines: readonly CaptionLine[]): TranscriptItem[] {
  return lines.map((line, index) => transcriptItem(line, index > 0 ? lines[index - 1] : undefined));
}

export function transcriptItem(line: CaptionLine, previous: CaptionLine | undefined): TranscriptItem {
  const speaker = speakerRefOf(line.speaker);
  const { marked, rest: text } = speakerMarkerOf(line.text);
  const changed = !previous || !sameSpeaker(speakerRefOf(previous.speaker), speaker);
  // An unnamed speaker is only worth mentioning where the captioner marked the change.
  const showSpeaker = speaker.kind === 'unknown' ? marked : changed || marked;
  return { line, speaker, showSpeaker, text };
}

/**
 * Lines kept across a snapshot, which carries only the most recent ones: earlier lines the
 * page already had stay in its transcript. A snapshot from a shorter stream (the server lost
 * its log) replaces everything.
 */
export function mergeSnapshotLines(previous: readonly CaptionLine[], snapshot: CaptionStream): CaptionLine[] {
  const first = snapshot.lines[0]?.n ?? snapshot.lineCount + 1;
  const last = previous.at(-1);
  if (!last || last.n > snapshot.lineCount) return snapshot.lines;
  return [...previous.filter((line) => line.n < first), ...snapshot.lines];
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The caption languages a screen or viewer link names (`?captions=ar`, `?captions=en,ar`),
 * at most two, those the meeting is captioned in.
 */
export function captionLanguagesOfLink(search: string, available: readonly Language[]): Language[] {
  const params = new URLSearchParams(search);
  // `?lang=` is how screens were pointed at a language before links carried it.
  const named = (params.get('captions') ?? params.get('lang') ?? '').split(',').map((part) => part.trim().toLowerCase());
  return [...new Set(named)].filter((name): name is Language => isLanguage(name) && available.includes(name)).slice(0, 2);
}

/**
 * A reader's caption languages, best first: the one they last chose, those their link names
 * (`?captions=ar`), then the interface's. `chooseCaptionLanguage` takes the first the meeting
 * has, else its first; the viewer page's event stream is opened with the same list.
 */
export function captionCandidates(chosen: Language | null, search: string, available: readonly Language[], interfaceLanguage: string | undefined): (string | null | undefined)[] {
  return [chosen, ...captionLanguagesOfLink(search, available), interfaceLanguage];
}

/** A screen's caption languages: its link's, else the chair's choice, else the meeting's first. */
export function screenCaptionLanguages(
  search: string,
  chosen: readonly Language[],
  available: readonly Language[],
): Language[] {
  const ofLink = captionLanguagesOfLink(search, available);
  if (ofLink.length > 0) return ofLink;
  const ofChair = chosen.filter((language) => available.includes(language));
  return ofChair.length > 0 ? ofChair : available.slice(0, 1);
}

/**
 * The exact address each tool takes, with the seat's token and language written in, so the
 * captioner pastes it and changes nothing else. The seat's `lang` comes first: it wins over
 * the one the software appends.
 */
export function ingestUrls(origin: string, meetingId: string, token: string, language: Language) {
  const base = `${origin}/api/captions`;
  const key = encodeURIComponent(token);
  const seat = `token=${key}&lang=${language}`;
  return {
    /** Zoom's third-party caption API (TypeWell, Text on Top…): the software appends `&seq=N&lang=xx-XX`. */
    zoom: `${base}/closedcaption?${seat}`,
    /** plover2CAT reads `/closedcaption/seq` at the root and posts its whole caption window. */
    plover2cat: `${origin}/closedcaption?${seat}&format=window`,
    /** StreamText's Real-Time Caption Ingestion: the event's caption URL. */
    streamText: `${base}/streamtext?${seat}`,
    /** Microsoft Teams-style CART posts, without seq. */
    teams: `${base}/teams?${seat}`,
    youtube: `${base}/youtube?${seat}`,
    getlivecap: `${base}/getlivecap?${seat}&lines=2&length=32`,
    rss: `${base}/getlivecap?${seat}&lines=2&length=32&format=rss`,
    /** Browser source for OBS or vMix: captions only, on a transparent page. */
    overlay: `${origin}/m/${encodeURIComponent(meetingId)}/overlay?lang=${language}&lines=2#token=${key}`,
  };
}
