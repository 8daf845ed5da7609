import type { ArchiveRecord } from '../../../shared/archive/record.js';
import type { Language } from '../../../shared/meeting/model.js';
import { clockTime, cuesOf, localDate, oneLine, timeZoneDescription, type Cue } from './format.js';
import { isRtl, labelsFor, languageNames } from './labels.js';

/**
 * Cue text escaping: `&`, `<` and `>` become `&amp;`, `&lt;`, `&gt;`. Escaping `>` is what keeps
 * `-->` out of every cue (it reads `--&gt;`), and the same escaping makes a voice annotation
 * conforming (an annotation may not hold a raw `&` or `>`).
 */
export const escapeCueText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Comment text is never parsed for escapes: keep it on one line and break up any `-->`. */
const commentLine = (text: string) => oneLine(text).replace(/-->/g, '-- >');

/**
 * The text of one cue: `<v Speaker><lang xx>text</lang></v>`.
 *
 * - The voice span is written only when the speaker is known (an unknown speaker has no
 *   annotation, and `<v>` requires one).
 * - Every cue is wrapped in `<lang xx>` with the transcript's language: a WebVTT file has no
 *   header field for its language (srclang lives on the HTML `<track>`), and the file is
 *   published standalone, so each cue carries it. `<lang>` is the span the W3C parser and
 *   Chromium both accept with an annotation (only `<v>` and `<lang>` may have one).
 * - Arabic cues start with `&rlm;`: WebVTT takes a cue's direction from its first strong
 *   character, and neither `<v>` nor `<lang>` sets direction, so a line opening with a Latin
 *   word or a number would otherwise be laid out left to right.
 */
export function cueText(cue: Pick<Cue, 'text' | 'speaker'>, language: Language): string {
  const body = `<lang ${language}>${isRtl(language) ? '&rlm;' : ''}${escapeCueText(cue.text)}</lang>`;
  return cue.speaker === null ? body : `<v ${escapeCueText(cue.speaker)}>${body}</v>`;
}

/**
 * The transcript in one language as a WebVTT file (W3C WebVTT, UTF-8, LF line ends, no BOM):
 * `WEBVTT`, a blank line, a NOTE with the meeting and the rough-draft disclaimer, then one cue
 * per transcript line, identified by its number (1, 2, …). Times count from the meeting's
 * opening; see `cuesOf` for how they are kept strictly increasing. A language with no
 * transcript gives a valid file with no cues.
 */
export function webVtt(record: ArchiveRecord, language: Language): string {
  const labels = labelsFor(language);
  const { meeting } = record;
  const note = [
    meeting.title,
    [meeting.venue, `${localDate(meeting.openedAt, meeting.timeZone, language)}`, timeZoneDescription(meeting.timeZone, meeting.openedAt)]
      .map(oneLine)
      .filter((part) => part !== '')
      .join(' · '),
    `${labels.language}: ${languageNames[language]} (${language})`,
    labels.disclaimer,
  ]
    .map(commentLine)
    .filter((line) => line !== '');

  const blocks = [`WEBVTT`, ['NOTE', ...note].join('\n')];
  for (const cue of cuesOf(record, language)) {
    blocks.push([String(cue.n), `${clockTime(cue.startMs, '.')} --> ${clockTime(cue.endMs, '.')}`, cueText(cue, language)].join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
