import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/meeting/model.js';
import { SelectField } from '../Field.js';

interface CaptionLanguageFieldProps {
  label: string;
  /** Another class for the field (for layout), next to "field". */
  fieldClassName: string;
  /** The meeting's languages, to choose from. */
  languages: readonly Language[];
  value: Language | null;
  onChange: (language: Language) => void;
  /** Languages being captioned now, marked as live; a captioner's own choice marks none. */
  live?: readonly Language[];
}

/** Which of the meeting's languages the captions are in: read by a viewer, written by a captioner. */
export function CaptionLanguageField({ label, fieldClassName, languages, value, onChange, live = [] }: CaptionLanguageFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <SelectField
      id={id}
      label={label}
      fieldClassName={fieldClassName}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value as Language)}
    >
      {languages.map((code) => (
        <option key={code} value={code}>
          {live.includes(code) ? t('captions.liveOption', { language: t(`language.${code}`) }) : t(`language.${code}`)}
        </option>
      ))}
    </SelectField>
  );
}
