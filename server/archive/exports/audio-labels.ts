import { catalogues } from '../../../shared/i18n/catalogue.js';
import { languages, type Language } from '../../../shared/meeting/model.js';

/**
 * The words around the floor's audio in the record (issue 16): the `recordAudio` section of the
 * shared catalogue, with `{{name}}` placeholders as everywhere else.
 */
export interface AudioLabels {
  /** Under the record's details: the floor was recorded. */
  recorded: string;
  /** Heading of the list of times nothing was recorded. */
  gaps: string;
  /** A span with no recording: `{{from}}` and `{{to}}` are times. */
  gap: string;
  /** Before a speech's player: `{{name}}` spoke at `{{time}}` for `{{duration}}`. */
  speechAudio: string;
  topicAudio: string;
  topicAudioNote: string;
  /** Marked not for publication by the secretariat (after the speech's caption). */
  withheld: string;
  /** Part of a speech was not recorded: silence in its audio. */
  speechGap: string;
  /** Inside a player for browsers that cannot play it. */
  cannotPlay: string;
  downloadOpus: string;
  downloadMp3: string;
}

const audioLabels = Object.fromEntries(languages.map((language) => [language, catalogues[language].recordAudio])) as Readonly<
  Record<Language, AudioLabels>
>;

export const audioLabelsFor = (language: Language): AudioLabels => audioLabels[language];

/**
 * Fills `{{name}}` placeholders for HTML: the template's own text is escaped, each value is
 * escaped and isolated in `<bdi>`, so a Latin name or a time keeps its order in Arabic.
 */
export function fillHtml(template: string, values: Record<string, string>, escape: (text: string) => string): string {
  return template
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
      return name !== undefined && name in values ? `<bdi>${escape(values[name]!)}</bdi>` : escape(part);
    })
    .join('');
}
