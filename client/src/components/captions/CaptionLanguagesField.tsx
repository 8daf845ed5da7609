import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/meeting/model.js';
import { SelectField } from '../Field.js';

interface CaptionLanguagesFieldProps {
  label: string;
  /** The meeting's languages, to choose from. */
  languages: readonly Language[];
  value: readonly Language[];
  onChange: (languages: Language[]) => void;
  /** 2 offers pairs shown together on a room screen; 1 offers single languages. */
  most: 1 | 2;
  /** What choosing none means here; without it, one language must be chosen. */
  none?: string;
}

/** The caption languages a room screen or a viewer's link shows: one, or a pair of the meeting's. */
export function CaptionLanguagesField({ label, languages, value, onChange, most, none }: CaptionLanguagesFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const name = (language: Language) => t(`language.${language}`);
  // Ordered: the first is shown at the start (or on top).
  const pairs =
    most === 2
      ? languages.flatMap((first) => languages.filter((second) => second !== first).map((second) => [first, second]))
      : [];
  const options = [...languages.map((language) => [language]), ...pairs];
  return (
    <SelectField
      id={id}
      label={label}
      value={value.join(',')}
      onChange={(event) => onChange(event.target.value ? (event.target.value.split(',') as Language[]) : [])}
    >
      {none !== undefined && <option value="">{none}</option>}
      {options.map((option) => (
        <option key={option.join(',')} value={option.join(',')}>
          {option.length === 2
            ? t('captionLanguages.pair', { first: name(option[0]!), second: name(option[1]!) })
            : name(option[0]!)}
        </option>
      ))}
    </SelectField>
  );
}
