import type { ArchiveRecord } from '../../../shared/archive/record.js';
import type { Language } from '../../../shared/meeting/model.js';
import { clockTime, cuesOf, RLM } from './format.js';
import { isRtl } from './labels.js';

/**
 * Caption First's convention for a change of speaker: `>> NAME: ` before the text, a bare `>> `
 * when the new speaker is unknown. Names are printed as registered (not upper-cased: case
 * carries meaning in names, and upper-casing does nothing for Arabic or Chinese).
 */
export const speakerLabel = (speaker: string | null): string => (speaker === null ? '>> ' : `>> ${speaker}: `);

/**
 * The transcript in one language as SubRip: cues numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`,
 * one text line per cue, a blank line between cues; LF line ends, UTF-8 without BOM (what the
 * WebVTT file uses too; every current player and srt-parser-2 read LF).
 *
 * SubRip has no markup and no escapes, so text is written as is; the speaker label goes on the
 * first cue and on every cue where the speaker changes (players show cues one at a time, and a
 * label on each cue would crowd the screen). Arabic cues start with U+200F so a Latin name at
 * the start does not turn the line left-to-right. Times are the WebVTT file's, cue for cue.
 */
export function srt(record: ArchiveRecord, language: Language): string {
  const blocks: string[] = [];
  let previous: string | null | undefined;
  for (const cue of cuesOf(record, language)) {
    // A sound is said by no one, and does not interrupt the speaker's turn around it.
    const label = cue.sound ? '' : cue.n === 1 || cue.speaker !== previous ? speakerLabel(cue.speaker) : '';
    if (!cue.sound) previous = cue.speaker;
    blocks.push(
      [
        String(cue.n),
        `${clockTime(cue.startMs, ',')} --> ${clockTime(cue.endMs, ',')}`,
        // SubRip has no escapes: an arrow in the text could pass for a timing line in a lax reader.
        `${isRtl(language) ? RLM : ''}${label}${cue.text}`.replace(/-->/g, '-- >'),
      ].join('\n'),
    );
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}
