import { languages, type AttendanceMode, type BoothLanguage, type Language, type SpeechKind, type StakeholderGroup } from '../../../shared/meeting/model.js';
import { catalogues, type Catalogue } from '../../../shared/i18n/catalogue.js';

export { dirOf, isRtl, languageNames } from '../../../shared/i18n/catalogue.js';

/**
 * The words the archive exports print around the meeting's own data: the `record` section of
 * the shared catalogue, with the stakeholder groups, kinds of speech and attendance modes the
 * pages use, so the archive says exactly what the consoles said. Plain text (the HTML writer
 * escapes it like any other string).
 */
export type ExportLabels = Catalogue['record'] & {
  attendanceModes: Record<AttendanceMode, string>;
  stakeholderGroups: Record<StakeholderGroup, string>;
  speechKinds: Record<SpeechKind, string>;
  /** Language names in the page's language (French: "anglais"), for the interpretation channels (sign language one of them). */
  languages: Record<BoothLanguage, string>;
};

function labelsOf(catalogue: Catalogue): ExportLabels {
  return {
    ...catalogue.record,
    attendanceModes: catalogue.attendance,
    stakeholderGroups: catalogue.stakeholderGroup,
    speechKinds: catalogue.speechKind,
    languages: catalogue.language,
  };
}

export const exportLabels = Object.fromEntries(
  languages.map((language) => [language, labelsOf(catalogues[language])]),
) as Readonly<Record<Language, ExportLabels>>;

export const labelsFor = (language: Language): ExportLabels => exportLabels[language];
